// Static file serving for the web client.
#include "http/static_files.h"

#include <fstream>
#include <httplib.h>
#include <sstream>
#include <zlib.h>

namespace tandem::http {

namespace {

std::string ContentType(const std::filesystem::path& path) {
    static const std::unordered_map<std::string, std::string> kTypes = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".wasm", "application/wasm"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".data", "application/octet-stream"},
    };
    auto it = kTypes.find(path.extension().string());
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

std::shared_ptr<const std::string> Gzip(const std::string& data) {
    z_stream stream{};
    // 15 window bits + 16 selects the gzip wrapper; level 9 since it runs once per file version.
    if (deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return nullptr;
    std::string out(deflateBound(&stream, data.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (rc != Z_STREAM_END || out.size() >= data.size()) return nullptr;
    return std::make_shared<const std::string>(std::move(out));
}

bool AcceptsGzip(const httplib::Request& req) {
    // Good enough for browsers; a "gzip;q=0" client is not one we serve.
    return req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
}

}  // namespace

bool StaticFiles::Available() const {
    std::error_code error;
    return std::filesystem::is_regular_file(m_root / "index.html", error);
}

std::shared_ptr<const StaticFiles::File> StaticFiles::Load(const std::filesystem::path& path) {
    std::error_code error;
    auto mtime = std::filesystem::last_write_time(path, error);
    if (error) return nullptr;
    auto size = std::filesystem::file_size(path, error);
    if (error) return nullptr;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_cache.find(path.string());
        if (it != m_cache.end() && it->second->mtime == mtime && it->second->size == size) return it->second;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream contents;
    contents << in.rdbuf();
    auto file = std::make_shared<File>();
    file->mtime = mtime;
    file->size = size;
    file->plain = std::make_shared<const std::string>(contents.str());
    file->gzipped = Gzip(*file->plain);
    file->content_type = ContentType(path);
    std::ostringstream etag;
    etag << '"' << std::hex << size << '-' << mtime.time_since_epoch().count() << '"';
    file->etag = etag.str();
    std::lock_guard lock(m_mutex);
    m_cache[path.string()] = file;
    return file;
}

bool StaticFiles::Serve(const httplib::Request& req, httplib::Response& res) {
    std::string relative = req.path == "/" ? "index.html" : req.path.substr(1);
    // Only plain names below the root: no "..", no hidden files, no absolute paths.
    for (std::size_t start = 0; start <= relative.size();) {
        std::size_t end = relative.find('/', start);
        if (end == std::string::npos) end = relative.size();
        std::string_view part(relative.data() + start, end - start);
        if (part.empty() || part.front() == '.') return false;
        start = end + 1;
    }
    std::filesystem::path path = m_root / relative;
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) return false;
    std::shared_ptr<const File> file = Load(path);
    if (!file) return false;

    res.set_header("ETag", file->etag);
    // Names are not content-hashed, so every load revalidates; unchanged files cost a 304.
    res.set_header("Cache-Control", "no-cache");
    res.set_header("Vary", "Accept-Encoding");
    if (req.get_header_value("If-None-Match") == file->etag) {
        res.status = 304;
        return true;
    }
    std::shared_ptr<const std::string> body = file->plain;
    if (file->gzipped && AcceptsGzip(req)) {
        body = file->gzipped;
        res.set_header("Content-Encoding", "gzip");
    }
    // A sized content provider keeps httplib from compressing the body a second time.
    res.set_content_provider(body->size(), file->content_type,
                             [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                 return sink.write(body->data() + offset, length);
                             });
    return true;
}

}  // namespace tandem::http
