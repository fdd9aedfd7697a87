// Serves the built web client from a folder: MIME types, the build's precompressed siblings
// (FILE.br, FILE.gz) chosen by Accept-Encoding, year-long caching for content-hashed names and
// ETag revalidation for the rest (index.html).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace httplib {
struct Request;
struct Response;
}

namespace tandem::http {

// The q-value (0 refused .. 1) an Accept-Encoding value gives a content coding such as "br" or
// "gzip": its own entry, else that of "*", else 0. Codings compare case-insensitively, "x-gzip"
// counts as "gzip", and a malformed q-value refuses.
double EncodingQuality(std::string_view accept_encoding, std::string_view coding);

// Whether a file name carries a content hash as the bundle step writes them ("app.0123abcd.js",
// and its sibling "app.0123abcd.js.br"): a dot, at least 8 lowercase hex digits, a dot or the end.
bool IsContentHashed(std::string_view name);

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root) : m_root(std::move(root)) {}

    bool Available() const;
    // Answers GET/HEAD for a file under the root; false if there is no such file.
    bool Serve(const httplib::Request& req, httplib::Response& res);

private:
    // One file on disk as last read, kept while its mtime and size stay the same. The precompressed
    // siblings are files of their own here.
    struct File {
        std::int64_t mtime_ns = 0;
        std::uintmax_t size = 0;
        std::string version;          // size and mtime in hex, the ETag's core
        std::string content_type;
        std::shared_ptr<const std::string> body;
        std::shared_ptr<const std::string> gzipped;   // null when asked not to or when gzip would not help
    };
    std::shared_ptr<const File> Load(const std::filesystem::path& path, bool gzip_at_runtime);

    std::filesystem::path m_root;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::shared_ptr<const File>> m_cache;
};

}  // namespace tandem::http
