// Serves the built web client (index.html, app.js, app.wasm) from a folder, with the right MIME
// types, ETag revalidation and a gzipped copy kept in memory for clients that accept it.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace httplib {
struct Request;
struct Response;
}

namespace tandem::http {

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root) : m_root(std::move(root)) {}

    bool Available() const;
    // Answers GET/HEAD for a file under the root; false if there is no such file.
    bool Serve(const httplib::Request& req, httplib::Response& res);

private:
    struct File {
        std::filesystem::file_time_type mtime;
        std::uintmax_t size = 0;
        std::string etag;
        std::string content_type;
        std::shared_ptr<const std::string> plain;
        std::shared_ptr<const std::string> gzipped;   // null when gzip would not help
    };
    std::shared_ptr<const File> Load(const std::filesystem::path& path);

    std::filesystem::path m_root;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::shared_ptr<const File>> m_cache;
};

}  // namespace tandem::http
