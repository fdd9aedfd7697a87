// The two decisions the web client's file server makes from names and headers alone: which
// content coding a client accepts (RFC 9110 12.5.3) and which names carry a content hash.
#include <doctest/doctest.h>

#include "http/static_files.h"

using tandem::http::EncodingQuality;
using tandem::http::IsContentHashed;

TEST_CASE("a coding listed without a q-value is accepted with q=1") {
    CHECK(EncodingQuality("gzip, deflate, br", "br") == 1);
    CHECK(EncodingQuality("gzip, deflate, br", "gzip") == 1);
    CHECK(EncodingQuality("br", "gzip") == 0);
}

TEST_CASE("q=0 refuses a coding, other q-values rank it") {
    CHECK(EncodingQuality("br;q=0, gzip", "br") == 0);
    CHECK(EncodingQuality("br;q=0, gzip", "gzip") == 1);
    CHECK(EncodingQuality("br;q=0.5, gzip;q=0.8", "br") == 0.5);
    CHECK(EncodingQuality("br ; Q=0.25 ,gzip", "br") == 0.25);
    CHECK(EncodingQuality("br;q=0.000", "br") == 0);
}

TEST_CASE("a malformed q-value refuses the coding") {
    CHECK(EncodingQuality("br;q=high", "br") == 0);
    CHECK(EncodingQuality("br;q=2", "br") == 0);
    CHECK(EncodingQuality("br;q=-1", "br") == 0);
    CHECK(EncodingQuality("br;q=", "br") == 0);
}

TEST_CASE("a coding not listed takes the q-value of *, or is refused") {
    CHECK(EncodingQuality("*", "br") == 1);
    CHECK(EncodingQuality("gzip;q=1, *;q=0.1", "br") == 0.1);
    CHECK(EncodingQuality("*;q=0, gzip", "br") == 0);
    CHECK(EncodingQuality("*;q=0, gzip", "gzip") == 1);
    CHECK(EncodingQuality("br;q=0, *", "br") == 0);
    CHECK(EncodingQuality("", "gzip") == 0);
    CHECK(EncodingQuality("identity", "gzip") == 0);
}

TEST_CASE("codings compare without case, x-gzip is gzip, a longer name is another coding") {
    CHECK(EncodingQuality("BR, GZip", "br") == 1);
    CHECK(EncodingQuality("BR, GZip", "gzip") == 1);
    CHECK(EncodingQuality("x-gzip", "gzip") == 1);
    CHECK(EncodingQuality("brotli, gzipped", "br") == 0);
    CHECK(EncodingQuality("brotli, gzipped", "gzip") == 0);
}

TEST_CASE("hashed names have a dot, at least 8 lowercase hex digits and a dot or the end") {
    CHECK(IsContentHashed("app.0123abcd.js"));
    CHECK(IsContentHashed("app.0123abcd4567.wasm"));
    CHECK(IsContentHashed("app.0123abcd.js.br"));
    CHECK(IsContentHashed("Inter-Regular.89abcdef0123.otf"));
    CHECK(IsContentHashed("LICENSE.0123abcd"));
    CHECK_FALSE(IsContentHashed("index.html"));
    CHECK_FALSE(IsContentHashed("app.js"));
    CHECK_FALSE(IsContentHashed("app.0123abc.js"));      // 7 digits
    CHECK_FALSE(IsContentHashed("app.0123ABCD.js"));     // the build writes lowercase
    CHECK_FALSE(IsContentHashed("app.0123abcdx.js"));    // not all hex
    CHECK_FALSE(IsContentHashed("0123abcd.js"));         // no dot before
}
