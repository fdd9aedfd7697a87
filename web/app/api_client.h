// Requests to the Tandem API. Responses are not applied when they arrive but queued, and the
// frame applies them to the state at its start, so views always see one consistent state.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tandem {

struct AppState;

struct ApiResult {
    int status = 0;               // 0: the server could not be reached
    std::string body;
    bool Ok() const { return status >= 200 && status < 300; }
    // The server's error message, or a description of the transport failure.
    std::string ErrorMessage() const;
    // The request field the server's error names ("url"), or "".
    std::string ErrorField() const;
};

class ApiClient {
public:
    using Apply = std::function<void(AppState&, const ApiResult&)>;

    void Get(std::string_view path, Apply apply);
    // `headers` go with it besides the JSON ones, e.g. {{"If-Match", tag}}.
    void Send(std::string_view method, std::string_view path, const nlohmann::json& body, Apply apply,
              const std::vector<std::pair<std::string, std::string>>& headers = {});
    // Applies every response that arrived since the last call.
    void ApplyFinished(AppState& state);

private:
    void Request(std::string_view method, std::string_view path, std::string body, Apply apply,
                 const std::vector<std::pair<std::string, std::string>>& headers = {});
    std::vector<std::pair<Apply, ApiResult>> m_finished;
};

}  // namespace tandem
