// The credentials file: where it lives, and writing it so that the token is never readable by others.
#include "cli/credentials.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "cli/remote.h"

namespace tandem::cli {

namespace {

std::string Problem(const std::string& what, const std::filesystem::path& path) {
    return "cannot " + what + " " + path.string() + ": " + std::strerror(errno);
}

bool WriteAll(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

std::string TextMember(const nlohmann::json& json, const char* name) {
    auto it = json.find(name);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::optional<std::filesystem::path> CredentialsPath() {
    // The XDG base directory specification ignores a relative $XDG_CONFIG_HOME.
    const char* config = std::getenv("XDG_CONFIG_HOME");
    if (config && config[0] == '/') return std::filesystem::path(config) / "tandem" / "credentials";
    const char* home = std::getenv("HOME");
    if (home && home[0] != '\0') return std::filesystem::path(home) / ".config" / "tandem" / "credentials";
    return std::nullopt;
}

std::optional<Credentials> LoadCredentials() {
    std::optional<std::filesystem::path> path = CredentialsPath();
    if (!path || !std::filesystem::exists(*path)) return std::nullopt;
    std::ifstream file(*path, std::ios::binary);
    if (!file) throw RemoteError(Problem("read", *path), kExitNotSignedIn);
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    Credentials credentials;
    if (json.is_object()) {
        credentials.server = TextMember(json, "server");
        credentials.token = TextMember(json, "token");
        credentials.user = TextMember(json, "user");
        credentials.ca_file = TextMember(json, "ca_file");
        if (json.contains("token_id") && json["token_id"].is_number_integer()) credentials.token_id = json["token_id"];
    }
    if (credentials.server.empty() || credentials.token.empty())
        throw RemoteError(path->string() + " is damaged; run `tandem login` again", kExitNotSignedIn);
    return credentials;
}

std::filesystem::path PrepareCredentialsFolder() {
    std::optional<std::filesystem::path> path = CredentialsPath();
    if (!path) throw std::runtime_error("cannot tell where to keep credentials: set HOME or XDG_CONFIG_HOME");
    // Top down, each missing folder private to its owner (as the XDG specification asks).
    std::vector<std::filesystem::path> missing;
    for (std::filesystem::path folder = path->parent_path(); !folder.empty() && !std::filesystem::exists(folder);
         folder = folder.parent_path())
        missing.push_back(folder);
    for (auto it = missing.rbegin(); it != missing.rend(); ++it)
        if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST) throw std::runtime_error(Problem("create", *it));
    return *path;
}

void SaveCredentials(const Credentials& credentials) {
    std::filesystem::path path = PrepareCredentialsFolder();
    nlohmann::json json = {{"server", credentials.server}, {"token", credentials.token},
                           {"token_id", credentials.token_id}, {"user", credentials.user}};
    if (!credentials.ca_file.empty()) json["ca_file"] = credentials.ca_file;
    std::string text = json.dump(2) + "\n";
    std::string temporary = (path.parent_path() / "credentials.XXXXXX").string();
    // mkstemp creates the file exclusively with mode 0600: the token is never readable by others,
    // not even for a moment. fchmod sets exactly 0600 whatever the umask took away.
    int fd = ::mkstemp(temporary.data());
    if (fd < 0) throw std::runtime_error(Problem("write", path));
    bool written = ::fchmod(fd, 0600) == 0 && WriteAll(fd, text) && ::fsync(fd) == 0;
    written = ::close(fd) == 0 && written;
    if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
        std::string problem = Problem("write", path);
        ::unlink(temporary.c_str());
        throw std::runtime_error(problem);
    }
}

bool RemoveCredentials() {
    std::optional<std::filesystem::path> path = CredentialsPath();
    if (!path) return false;
    if (::unlink(path->c_str()) == 0) return true;
    if (errno == ENOENT) return false;
    throw std::runtime_error(Problem("remove", *path));
}

bool SameServer(const std::string& a, const std::string& b) {
    auto bare = [](std::string url) {
        while (!url.empty() && url.back() == '/') url.pop_back();
        return url;
    };
    return bare(a) == bare(b);
}

}  // namespace tandem::cli
