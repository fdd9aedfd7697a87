// Who is who on the server, so that people read names where the API sends user ids.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace tandem::cli {

class Remote;

class People {
public:
    // Asks the server who the caller is and who has an account.
    explicit People(Remote& remote);

    // "you", the user's name, "user 7" for an id the server did not list, or `nobody` for none.
    std::string Name(std::optional<std::int64_t> id, const std::string& nobody) const;

private:
    std::int64_t m_me = 0;
    std::map<std::int64_t, std::string> m_names;
};

}  // namespace tandem::cli
