// Time zones from the system's tz database (Debian tzdata): offsets, and wall-clock times to UTC
// across daylight-saving changes.
#include <doctest/doctest.h>

#include <stdexcept>

#include "service/zoneinfo.h"

using tandem::service::LoadTimeZone;

namespace {

constexpr std::int64_t kMar10_2024 = 1710028800;   // 2024-03-10T00:00:00Z
constexpr std::int64_t kNov3_2024 = 1730592000;    // 2024-11-03T00:00:00Z

}  // namespace

TEST_CASE("a zone's offsets follow its daylight-saving rules") {
    tandem::TimeZone paris = LoadTimeZone("Europe/Paris");
    CHECK(paris.Name() == "Europe/Paris");
    CHECK(paris.OffsetAt(1704067200) == 3600);       // 2024-01-01: CET
    CHECK(paris.OffsetAt(1719792000) == 7200);       // 2024-07-01: CEST
    CHECK(paris.FromLocal(1711375500) == 1711375500 - 3600);   // 2024-03-25 14:05 CET
    tandem::TimeZone utc = LoadTimeZone("UTC");
    CHECK(utc.Name() == "UTC");
    CHECK(utc.FromLocal(1711375500) == 1711375500);
    CHECK(LoadTimeZone("").OffsetAt(0) == 0);
}

TEST_CASE("a wall-clock time that occurs twice is the first; one that is skipped keeps the earlier offset") {
    tandem::TimeZone new_york = LoadTimeZone("America/New_York");
    // 2024-03-10 02:30 does not exist in New York (02:00 EST -> 03:00 EDT): read as EST.
    CHECK(new_york.FromLocal(kMar10_2024 + 2 * 3600 + 1800) == kMar10_2024 + 7 * 3600 + 1800);
    // 03:30 that day is EDT.
    CHECK(new_york.FromLocal(kMar10_2024 + 3 * 3600 + 1800) == kMar10_2024 + 7 * 3600 + 1800);
    // 2024-11-03 01:30 happens twice: the EDT one comes first.
    CHECK(new_york.FromLocal(kNov3_2024 + 3600 + 1800) == kNov3_2024 + 5 * 3600 + 1800);
    // 2024-11-03 02:30 is EST only.
    CHECK(new_york.FromLocal(kNov3_2024 + 2 * 3600 + 1800) == kNov3_2024 + 7 * 3600 + 1800);
}

TEST_CASE("an unknown or implausible zone name is refused with its name") {
    auto problem = [](const std::string& name) {
        try {
            LoadTimeZone(name);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(problem("Mars/Olympus_Mons") == "unknown time zone 'Mars/Olympus_Mons' (expected an IANA name such as Europe/Paris)");
    CHECK(problem("../../etc/passwd") == "not a time zone name: '../../etc/passwd'");
    CHECK(problem("/etc/passwd") == "not a time zone name: '/etc/passwd'");
    CHECK(problem("zone.tab") == "not a time zone name: 'zone.tab'");
    // A readable file that is not TZif (tzdata's leap-second table).
    CHECK(problem("leapseconds") == "unknown time zone 'leapseconds': not a TZif file");
}

TEST_CASE("a TZif file cut short or of another format is refused") {
    CHECK_THROWS_AS(tandem::TimeZone::FromTzif("x", "TZif2"), std::invalid_argument);
    CHECK_THROWS_AS(tandem::TimeZone::FromTzif("x", "not a zone file at all, really"), std::invalid_argument);
}
