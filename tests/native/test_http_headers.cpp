// The header values conditional requests carry (RFC 9110 5.6.7, 8.8.3, 13.1): entity-tag lists
// compared weakly, and HTTP dates both ways.
#include <doctest/doctest.h>

#include "http/headers.h"

using tandem::http::HttpDate;
using tandem::http::MatchesAnyETag;
using tandem::http::ParseHttpDate;

TEST_CASE("If-None-Match matches a tag weakly, in a list, or as *") {
    CHECK(MatchesAnyETag("\"abc\"", "\"abc\""));
    CHECK(MatchesAnyETag("W/\"abc\"", "\"abc\""));
    CHECK(MatchesAnyETag("\"x\", W/\"abc\" ,\"y\"", "\"abc\""));
    CHECK(MatchesAnyETag(" * ", "\"abc\""));
    CHECK_FALSE(MatchesAnyETag("\"abcd\"", "\"abc\""));
    CHECK_FALSE(MatchesAnyETag("abc", "\"abc\""));
    CHECK_FALSE(MatchesAnyETag("", "\"abc\""));
}

TEST_CASE("an HTTP date is the IMF-fixdate of RFC 9110's example, both ways") {
    // 1994-11-06T08:49:37Z: 784,111,777 seconds after the epoch, a Sunday.
    CHECK(HttpDate(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
    CHECK(HttpDate(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(HttpDate(1803859199) == "Sun, 28 Feb 2027 23:59:59 GMT");
    CHECK(ParseHttpDate("Sun, 28 Feb 2027 23:59:59 GMT") == 1803859199);
    CHECK(HttpDate(1709164800) == "Thu, 29 Feb 2024 00:00:00 GMT");
}

TEST_CASE("a date in another form, or no date at all, is not read") {
    CHECK_FALSE(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));   // RFC 850
    CHECK_FALSE(ParseHttpDate("Sun Nov  6 08:49:37 1994"));         // asctime
    CHECK_FALSE(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 UTC"));
    CHECK_FALSE(ParseHttpDate("Sun, 31 Feb 1994 08:49:37 GMT"));
    CHECK_FALSE(ParseHttpDate("Sun, 06 Xyz 1994 08:49:37 GMT"));
    CHECK_FALSE(ParseHttpDate("Sun, 06 Nov 1994 24:49:37 GMT"));
    CHECK_FALSE(ParseHttpDate("Sun, 0x Nov 1994 08:49:37 GMT"));
    CHECK_FALSE(ParseHttpDate(""));
}
