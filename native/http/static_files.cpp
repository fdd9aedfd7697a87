// Static file serving for the web client.
#include "http/static_files.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <httplib.h>
#include <optional>
#include <sstream>
#include <sys/stat.h>
#include <zlib.h>

#include "http/headers.h"

namespace tandem::http {

namespace {

// What the bundle's hashed names are worth keeping: a year, never revalidated (RFC 8246).
constexpr const char* kImmutable = "public, max-age=31536000, immutable";

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
        {".ttf", "font/ttf"},
        {".otf", "font/otf"},
        {".woff2", "font/woff2"},
        {".data", "application/octet-stream"},
    };
    auto it = kTypes.find(path.extension().string());
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

struct FileStat {
    std::uintmax_t size = 0;
    std::int64_t mtime_ns = 0;
};

// One stat() call per file and request: size, modification time, and whether it is a regular file.
std::optional<FileStat> StatRegularFile(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
    return FileStat{static_cast<std::uintmax_t>(info.st_size),
                    static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec};
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

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

// The q parameter of one Accept-Encoding element ("br;q=0.5"): 1 without one, 0 if malformed.
double Quality(std::string_view parameters) {
    double quality = 1;
    while (!parameters.empty()) {
        std::size_t semicolon = parameters.find(';');
        std::string_view parameter = TrimHeaderSpace(parameters.substr(0, semicolon));
        std::size_t equals = parameter.find('=');
        if (equals != std::string_view::npos && EqualsIgnoringCase(TrimHeaderSpace(parameter.substr(0, equals)), "q")) {
            std::string_view value = TrimHeaderSpace(parameter.substr(equals + 1));
            auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), quality);
            if (error != std::errc() || end != value.data() + value.size() || quality < 0 || quality > 1) return 0;
        }
        if (semicolon == std::string_view::npos) break;
        parameters.remove_prefix(semicolon + 1);
    }
    return quality;
}

// One way to send a file: its bytes, their ETag, and the Content-Encoding (empty for none).
struct Variant {
    std::shared_ptr<const std::string> body;
    std::string etag;
    std::string encoding;
};

}  // namespace

double EncodingQuality(std::string_view accept_encoding, std::string_view coding) {
    double named = -1;
    double any = -1;
    ForEachListElement(accept_encoding, [&](std::string_view element) {
        std::size_t semicolon = element.find(';');
        std::string_view name = TrimHeaderSpace(element.substr(0, semicolon));
        double quality = semicolon == std::string_view::npos ? 1 : Quality(element.substr(semicolon + 1));
        if (EqualsIgnoringCase(name, coding) || (coding == "gzip" && EqualsIgnoringCase(name, "x-gzip"))) {
            named = std::max(named, quality);
        } else if (name == "*") {
            any = std::max(any, quality);
        }
    });
    return named >= 0 ? named : any >= 0 ? any : 0;
}

bool IsContentHashed(std::string_view name) {
    for (std::size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', dot + 1)) {
        std::size_t end = dot + 1;
        while (end < name.size() && std::isxdigit(static_cast<unsigned char>(name[end])) &&
               !std::isupper(static_cast<unsigned char>(name[end])))
            ++end;
        if (end - dot - 1 >= 8 && (end == name.size() || name[end] == '.')) return true;
    }
    return false;
}

bool StaticFiles::Available() const {
    std::error_code error;
    return std::filesystem::is_regular_file(m_root / "index.html", error);
}

std::shared_ptr<const StaticFiles::File> StaticFiles::Load(const std::filesystem::path& path, bool gzip_at_runtime) {
    std::optional<FileStat> found = StatRegularFile(path);
    if (!found) return nullptr;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_cache.find(path.string());
        if (it != m_cache.end() && it->second->mtime_ns == found->mtime_ns && it->second->size == found->size)
            return it->second;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream contents;
    contents << in.rdbuf();
    auto file = std::make_shared<File>();
    file->mtime_ns = found->mtime_ns;
    file->size = found->size;
    file->body = std::make_shared<const std::string>(contents.str());
    if (gzip_at_runtime) file->gzipped = Gzip(*file->body);
    file->content_type = ContentType(path);
    std::ostringstream version;
    version << std::hex << found->size << '-' << found->mtime_ns;
    file->version = version.str();

    std::lock_guard lock(m_mutex);
    // Each build leaves new hashed names behind the old ones: forget the files that are gone. This
    // runs once per new file version, over a few dozen entries.
    std::erase_if(m_cache, [](const auto& entry) { return !StatRegularFile(entry.first); });
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
    std::filesystem::path br_path = path.string() + ".br";
    std::filesystem::path gz_path = path.string() + ".gz";
    std::shared_ptr<const File> file = Load(path, !StatRegularFile(gz_path));
    if (!file) return false;

    // The build's siblings first, brotli before gzip unless the client prefers gzip; gzip made
    // here for files the build did not compress; else the file as it is.
    std::string accept = req.get_header_value("Accept-Encoding");
    double br_quality = EncodingQuality(accept, "br");
    double gzip_quality = EncodingQuality(accept, "gzip");
    auto brotli = [&]() -> std::optional<Variant> {
        if (br_quality <= 0) return std::nullopt;
        auto sibling = Load(br_path, false);
        if (!sibling) return std::nullopt;
        return Variant{sibling->body, '"' + sibling->version + "-br\"", "br"};
    };
    auto gzip = [&]() -> std::optional<Variant> {
        if (gzip_quality <= 0) return std::nullopt;
        if (auto sibling = Load(gz_path, false)) return Variant{sibling->body, '"' + sibling->version + "-gz\"", "gzip"};
        if (file->gzipped) return Variant{file->gzipped, '"' + file->version + "-gz\"", "gzip"};
        return std::nullopt;
    };
    std::optional<Variant> chosen = gzip_quality > br_quality ? gzip() : brotli();
    if (!chosen) chosen = gzip_quality > br_quality ? brotli() : gzip();
    if (!chosen) chosen = Variant{file->body, '"' + file->version + '"', ""};

    // Each encoding has its own ETag, so a cache never answers a gzip client with brotli bytes.
    res.set_header("ETag", chosen->etag);
    // A hashed name never changes its content; index.html, which names them, is revalidated.
    res.set_header("Cache-Control", IsContentHashed(path.filename().string()) ? kImmutable : "no-cache");
    res.set_header("Vary", "Accept-Encoding");
    if (MatchesAnyETag(req.get_header_value("If-None-Match"), chosen->etag)) {
        res.status = 304;
        return true;
    }
    if (!chosen->encoding.empty()) res.set_header("Content-Encoding", chosen->encoding);
    // A sized content provider keeps httplib from compressing the body a second time.
    std::shared_ptr<const std::string> body = chosen->body;
    res.set_content_provider(body->size(), file->content_type,
                             [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                 return sink.write(body->data() + offset, length);
                             });
    return true;
}

}  // namespace tandem::http
