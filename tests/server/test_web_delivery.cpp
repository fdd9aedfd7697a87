// Delivery of the web bundle: the build's brotli and gzip siblings chosen by Accept-Encoding and
// sent byte for byte, year-long immutable caching for content-hashed names, index.html revalidated,
// and an ETag per encoding. The siblings are made here with the brotli and gzip command-line tools,
// and the answers decoded with them, not with the server's code.
#include <cstdio>
#include <doctest/doctest.h>
#include <fstream>
#include <httplib.h>
#include <map>
#include <sstream>

#include "real_parts.h"
#include "server_process.h"

using tandem::test::NginxProxy;
using tandem::test::RawExchange;
using tandem::test::ServerProcess;
using tandem::test::TempDir;

namespace {

constexpr const char* kImmutable = "public, max-age=31536000, immutable";

void WriteFile(const std::filesystem::path& path, const std::string& contents) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << contents;
}

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

// Runs a shell command and returns its standard output; fails the test if it does not succeed.
std::string Run(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    std::string out;
    char buffer[4096];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
    REQUIRE_MESSAGE(pclose(pipe) == 0, command);
    return out;
}

std::string Quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// FILE.br and FILE.gz beside FILE, as the bundle step writes them.
void Precompress(const std::filesystem::path& file) {
    Run("brotli -q 11 -f -k " + Quoted(file));
    Run("gzip -9 -n -f -k " + Quoted(file));
}

// Decodes with the command-line tools: what a browser would see.
std::string Decode(const TempDir& dir, const std::string& body, const std::string& tool) {
    std::filesystem::path encoded = dir / "received.bin";
    WriteFile(encoded, body);
    return Run(tool + " -d -c " + Quoted(encoded));
}

// Text that compresses well, distinct per seed.
std::string Sample(const std::string& seed, int lines) {
    std::string text;
    for (int i = 0; i < lines; ++i) text += seed + " line " + std::to_string(i) + ": var value = compute(" + seed + ");\n";
    return text;
}

// A bundle as the build leaves it: index.html and a hashed script with siblings, a hashed font
// without (the server gzips it itself), and an unhashed file.
struct WebRoot {
    std::filesystem::path path;
    std::string index = "<!doctype html><title>Tandem</title>\n" + Sample("index", 60);
    std::string script = Sample("script", 400);
    std::string font = Sample("font", 200);

    explicit WebRoot(const TempDir& dir) : path(dir / "web") {
        WriteFile(path / "index.html", index);
        WriteFile(path / "app.0123abcd.js", script);
        WriteFile(path / "fonts/Inter.89abcdef.otf", font);
        WriteFile(path / "notes.txt", "not from the build");
        Precompress(path / "index.html");
        Precompress(path / "app.0123abcd.js");
    }
};

httplib::Result Get(httplib::Client& client, const std::string& target, const std::string& accept_encoding,
                    const std::string& if_none_match = {}) {
    httplib::Headers headers{{"Accept-Encoding", accept_encoding}};
    if (!if_none_match.empty()) headers.emplace("If-None-Match", if_none_match);
    return client.Get(target, headers);
}

}  // namespace

TEST_CASE("a precompressed sibling is chosen by Accept-Encoding and sent byte for byte") {
    TempDir dir;
    WebRoot web(dir);
    ServerProcess server(dir.Path(), {"--web", web.path.string()});
    httplib::Client client("127.0.0.1", server.Port());
    client.set_decompress(false);
    const std::string br = ReadFile(web.path / "app.0123abcd.js.br");
    const std::string gz = ReadFile(web.path / "app.0123abcd.js.gz");
    REQUIRE(br.size() < web.script.size());
    REQUIRE(gz.size() < web.script.size());
    REQUIRE(br != gz);

    struct Case {
        std::string accept_encoding;
        std::string encoding;   // expected Content-Encoding, empty for none
    };
    for (const Case& c : {Case{"br", "br"}, Case{"gzip, deflate, br", "br"}, Case{"*", "br"}, Case{"BR", "br"},
                          Case{"gzip", "gzip"}, Case{"br;q=0, gzip", "gzip"}, Case{"gzip;q=1, br;q=0.5", "gzip"},
                          Case{"x-gzip", "gzip"}, Case{"", ""}, Case{"identity", ""}, Case{"deflate", ""},
                          Case{"br;q=0, gzip;q=0", ""}}) {
        CAPTURE(c.accept_encoding);
        auto res = Get(client, "/app.0123abcd.js", c.accept_encoding);
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
        CHECK(res->get_header_value("Vary") == "Accept-Encoding");
        CHECK(res->get_header_value("Content-Encoding") == c.encoding);
        CHECK(res->get_header_value("Content-Length") == std::to_string(res->body.size()));
        if (c.encoding == "br") CHECK(res->body == br);
        if (c.encoding == "gzip") CHECK(res->body == gz);
        if (c.encoding.empty()) CHECK(res->body == web.script);
    }

    auto br_res = Get(client, "/app.0123abcd.js", "br");
    REQUIRE(br_res);
    CHECK(Decode(dir, br_res->body, "brotli") == web.script);
    auto gz_res = Get(client, "/app.0123abcd.js", "gzip");
    REQUIRE(gz_res);
    CHECK(Decode(dir, gz_res->body, "gzip") == web.script);
    auto index = Get(client, "/", "gzip, deflate, br");
    REQUIRE(index);
    CHECK(index->get_header_value("Content-Encoding") == "br");
    CHECK(index->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(Decode(dir, index->body, "brotli") == web.index);

    // No Accept-Encoding at all (httplib's client would add one): the file as it is.
    std::string raw = RawExchange(server.Port(), "GET /app.0123abcd.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    std::size_t header_end = raw.find("\r\n\r\n");
    REQUIRE(header_end != std::string::npos);
    CHECK(raw.starts_with("HTTP/1.1 200"));
    CHECK(raw.substr(0, header_end).find("Content-Encoding") == std::string::npos);
    CHECK(raw.substr(0, header_end).find("Vary: Accept-Encoding") != std::string::npos);
    CHECK(raw.substr(header_end + 4) == web.script);

    // HEAD tells the size of what GET would send.
    auto head = client.Head("/app.0123abcd.js", {{"Accept-Encoding", "br"}});
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->get_header_value("Content-Encoding") == "br");
    CHECK(head->get_header_value("Content-Length") == std::to_string(br.size()));
    CHECK(head->body.empty());
}

TEST_CASE("a file without a precompressed sibling is gzipped by the server or sent as it is") {
    TempDir dir;
    WebRoot web(dir);
    ServerProcess server(dir.Path(), {"--web", web.path.string()});
    httplib::Client client("127.0.0.1", server.Port());
    client.set_decompress(false);

    auto gzipped = Get(client, "/fonts/Inter.89abcdef.otf", "gzip, deflate, br");
    REQUIRE(gzipped);
    CHECK(gzipped->status == 200);
    CHECK(gzipped->get_header_value("Content-Type") == "font/otf");
    CHECK(gzipped->get_header_value("Content-Encoding") == "gzip");
    CHECK(gzipped->body.size() < web.font.size());
    CHECK(Decode(dir, gzipped->body, "gzip") == web.font);

    auto plain = Get(client, "/fonts/Inter.89abcdef.otf", "br");
    REQUIRE(plain);
    CHECK(plain->get_header_value("Content-Encoding") == "");
    CHECK(plain->body == web.font);
}

TEST_CASE("hashed names are cached for a year as immutable, index.html and other names revalidate") {
    TempDir dir;
    WebRoot web(dir);
    ServerProcess server(dir.Path(), {"--web", web.path.string()});
    httplib::Client client("127.0.0.1", server.Port());
    client.set_decompress(false);

    for (const char* accept_encoding : {"br", "gzip", ""}) {
        CAPTURE(accept_encoding);
        for (const char* target : {"/app.0123abcd.js", "/fonts/Inter.89abcdef.otf", "/app.0123abcd.js.br"}) {
            auto res = Get(client, target, accept_encoding);
            REQUIRE(res);
            CHECK_MESSAGE(res->get_header_value("Cache-Control") == kImmutable, target);
        }
        for (const char* target : {"/", "/index.html", "/notes.txt"}) {
            auto res = Get(client, target, accept_encoding);
            REQUIRE(res);
            CHECK(res->status == 200);
            CHECK_MESSAGE(res->get_header_value("Cache-Control") == "no-cache", target);
        }
    }
}

TEST_CASE("each encoding has its own ETag, and revalidating with it answers 304") {
    TempDir dir;
    WebRoot web(dir);
    ServerProcess server(dir.Path(), {"--web", web.path.string()});
    httplib::Client client("127.0.0.1", server.Port());
    client.set_decompress(false);

    for (const char* target : {"/index.html", "/app.0123abcd.js", "/fonts/Inter.89abcdef.otf"}) {
        CAPTURE(target);
        std::map<std::string, std::string> etags;   // Accept-Encoding -> ETag
        for (const char* accept_encoding : {"br", "gzip", ""}) {
            auto res = Get(client, target, accept_encoding);
            REQUIRE(res);
            etags[accept_encoding] = res->get_header_value("ETag");
            CHECK(etags[accept_encoding].starts_with("\""));
            CHECK(etags[accept_encoding].ends_with("\""));
        }
        // The font has no .br, so a br-only client gets the plain file and its ETag.
        if (std::string(target).starts_with("/fonts/")) {
            CHECK(etags["br"] == etags[""]);
        } else {
            CHECK(etags["br"] != etags[""]);
            CHECK(etags["br"] != etags["gzip"]);
        }
        CHECK(etags["gzip"] != etags[""]);

        for (const auto& [accept_encoding, etag] : etags) {
            CAPTURE(accept_encoding);
            for (const std::string& if_none_match : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
                auto res = Get(client, target, accept_encoding, if_none_match);
                REQUIRE(res);
                CHECK(res->status == 304);
                CHECK(res->body.empty());
                CHECK(res->get_header_value("ETag") == etag);
                CHECK(res->get_header_value("Vary") == "Accept-Encoding");
                CHECK(res->get_header_value("Cache-Control") ==
                      (std::string(target) == "/index.html" ? "no-cache" : kImmutable));
            }
        }
        // Another encoding's ETag does not match: the full answer in this encoding.
        auto crossed = Get(client, target, "gzip", etags[""]);
        REQUIRE(crossed);
        CHECK(crossed->status == 200);
        CHECK(crossed->get_header_value("Content-Encoding") == "gzip");
        CHECK(crossed->get_header_value("ETag") == etags["gzip"]);
    }
}

TEST_CASE("a rebuilt index.html and its siblings are served at once, with new ETags") {
    TempDir dir;
    WebRoot web(dir);
    ServerProcess server(dir.Path(), {"--web", web.path.string()});
    httplib::Client client("127.0.0.1", server.Port());
    client.set_decompress(false);
    auto before_br = Get(client, "/", "br");
    auto before_gz = Get(client, "/", "gzip");
    REQUIRE(before_br);
    REQUIRE(before_gz);

    std::string rebuilt = "<!doctype html><title>Tandem</title>\n" + Sample("rebuilt index", 80);
    WriteFile(web.path / "index.html", rebuilt);
    Precompress(web.path / "index.html");
    struct Case {
        const char* accept_encoding;
        const httplib::Result& before;
        const char* sibling;
        const char* tool;
    };
    for (const Case& c : {Case{"br", before_br, "index.html.br", "brotli"}, Case{"gzip", before_gz, "index.html.gz", "gzip"}}) {
        CAPTURE(c.accept_encoding);
        auto res = Get(client, "/", c.accept_encoding, c.before->get_header_value("ETag"));
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("ETag") != c.before->get_header_value("ETag"));
        CHECK(res->body == ReadFile(web.path / c.sibling));
        CHECK(Decode(dir, res->body, c.tool) == rebuilt);
    }
}

TEST_CASE("behind nginx configured as docs/operations.md shows, the files arrive as Tandem sends them") {
    TempDir dir;
    WebRoot web(dir);
    ServerProcess server(dir.Path(), {"--web", web.path.string()});
    NginxProxy nginx(dir.Path() / "nginx", server.Port(), nullptr);
    httplib::Client direct("127.0.0.1", server.Port());
    httplib::Client proxied("127.0.0.1", nginx.Port());
    direct.set_decompress(false);
    proxied.set_decompress(false);

    for (const char* accept_encoding : {"br", "gzip", ""}) {
        CAPTURE(accept_encoding);
        for (const char* target : {"/", "/app.0123abcd.js"}) {
            CAPTURE(target);
            auto expected = Get(direct, target, accept_encoding);
            auto res = Get(proxied, target, accept_encoding);
            REQUIRE(expected);
            REQUIRE(res);
            INFO(nginx.ErrorLog());
            CHECK(res->status == 200);
            CHECK(res->body == expected->body);
            for (const char* header : {"Content-Encoding", "ETag", "Cache-Control", "Vary", "Content-Type"})
                CHECK_MESSAGE(res->get_header_value(header) == expected->get_header_value(header), header);
            auto revalidated = Get(proxied, target, accept_encoding, expected->get_header_value("ETag"));
            REQUIRE(revalidated);
            CHECK(revalidated->status == 304);
        }
    }
}
