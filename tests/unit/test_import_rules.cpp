// Reading other tools' cells: dates in each order, employee ranges, CRM stages, delimiters and
// report footers (tandem/import_rules.h).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tandem/codec.h"
#include "tandem/import_rules.h"

using tandem::CellDateTime;
using tandem::DateOrder;
using tandem::ParseCellDateTime;
using tandem::Stage;

namespace {

constexpr std::int64_t kMar5 = 1709596800;    // 2024-03-05T00:00:00Z
constexpr std::int64_t kMar25 = 1711324800;   // 2024-03-25T00:00:00Z

std::optional<std::int64_t> Local(std::string_view text, DateOrder order) {
    std::optional<CellDateTime> time = ParseCellDateTime(text, order);
    if (!time || time->zoned) return std::nullopt;
    return time->seconds;
}

}  // namespace

TEST_CASE("a year-last date reads month first under mdy and day first under dmy") {
    CHECK(Local("05/03/2024", DateOrder::Mdy) == 1714694400);   // May 3
    CHECK(Local("05/03/2024", DateOrder::Dmy) == kMar5);
    CHECK(Local("25/03/2024", DateOrder::Dmy) == kMar25);
    CHECK(Local("25.03.2024", DateOrder::Dmy) == kMar25);
    CHECK(Local("25-03-2024", DateOrder::Dmy) == kMar25);
    CHECK(Local("3/25/2024", DateOrder::Mdy) == kMar25);
    CHECK(Local("25/03/2024", DateOrder::Mdy) == std::nullopt);   // no 25th month
    CHECK(Local("3/25/2024", DateOrder::Dmy) == std::nullopt);
    CHECK(Local("25/03.2024", DateOrder::Dmy) == std::nullopt);   // mixed separators
}

TEST_CASE("a year-first date is year-month-day under every order, and ymd reads nothing else") {
    for (DateOrder order : {DateOrder::Mdy, DateOrder::Dmy, DateOrder::Ymd}) {
        CHECK(Local("2024-03-25", order) == kMar25);
        CHECK(Local("2024/03/25", order) == kMar25);
        CHECK(Local("2024.3.5", order) == kMar5);
    }
    CHECK(Local("25/03/2024", DateOrder::Ymd) == std::nullopt);
    CHECK(Local("2024-02-30", DateOrder::Ymd) == std::nullopt);
}

TEST_CASE("times after a date: 24-hour, AM/PM, seconds and fractions; an offset makes them UTC") {
    CHECK(Local("25/03/2024 14:05", DateOrder::Dmy) == kMar25 + 14 * 3600 + 5 * 60);
    CHECK(Local("3/25/2024 2:05 PM", DateOrder::Mdy) == kMar25 + 14 * 3600 + 5 * 60);
    CHECK(Local("3/25/2024, 12:05:09 AM", DateOrder::Mdy) == kMar25 + 5 * 60 + 9);
    CHECK(Local("2024-03-25T14:05:09.123", DateOrder::Mdy) == kMar25 + 14 * 3600 + 5 * 60 + 9);
    std::optional<CellDateTime> utc = ParseCellDateTime("2024-03-25T14:05:09.000Z", DateOrder::Mdy);
    REQUIRE(utc);
    CHECK(utc->zoned);
    CHECK(utc->seconds == kMar25 + 14 * 3600 + 5 * 60 + 9);
    std::optional<CellDateTime> paris = ParseCellDateTime("2024-03-25 15:05:09 +01:00", DateOrder::Mdy);
    REQUIRE(paris);
    CHECK(paris->zoned);
    CHECK(paris->seconds == kMar25 + 14 * 3600 + 5 * 60 + 9);
    std::optional<CellDateTime> compact = ParseCellDateTime("2024-03-25T09:05:09-0500", DateOrder::Mdy);
    REQUIRE(compact);
    CHECK(compact->seconds == kMar25 + 14 * 3600 + 5 * 60 + 9);
    for (std::string_view bad : {"2024-03-25 24:00", "3/25/2024 13:00 PM", "3/25/2024 0:30 AM", "2024-03-25 14",
                                 "2024-03-25 14:05 XM", "2024-03-25x14:05", "yesterday", "", "2024-03-25 14:05 +25:00"}) {
        CAPTURE(bad);
        CHECK_FALSE(ParseCellDateTime(bad, DateOrder::Mdy));
    }
}

TEST_CASE("a date proves its order only with a part over 12") {
    CHECK(tandem::DateOrderEvidence("25/03/2024") == DateOrder::Dmy);
    CHECK(tandem::DateOrderEvidence("25.03.2024 14:05") == DateOrder::Dmy);
    CHECK(tandem::DateOrderEvidence("3/25/2024") == DateOrder::Mdy);
    CHECK(tandem::DateOrderEvidence("05/03/2024") == std::nullopt);
    CHECK(tandem::DateOrderEvidence("2024-03-25") == std::nullopt);
    CHECK(tandem::DateOrderEvidence("13/13/2024") == std::nullopt);
    CHECK(tandem::ParseDateOrder("dmy") == DateOrder::Dmy);
    CHECK(tandem::ParseDateOrder("DMY") == std::nullopt);
}

TEST_CASE("employee counts: exact numbers, closed ranges and open ranges") {
    auto size = [](std::string_view text) { return tandem::ParseCompanySize(text); };
    REQUIRE(size("1,200"));
    CHECK(size("1,200")->lower == 1200);
    CHECK_FALSE(size("1,200")->range);
    REQUIRE(size("100-500"));
    CHECK(size("100-500")->lower == 100);
    CHECK(size("100-500")->upper == 500);
    CHECK(size("100-500")->range);
    CHECK(size("100 - 500")->upper == 500);
    CHECK(size("501\xE2\x80\x93" "1,000")->upper == 1000);   // an en dash
    CHECK(size("201 to 500")->lower == 201);
    REQUIRE(size("1000+"));
    CHECK(size("1000+")->lower == 1000);
    CHECK(size("1000+")->upper == std::nullopt);
    CHECK(size("1000+")->range);
    CHECK(size("10,001+")->lower == 10001);
    for (std::string_view bad : {"", "many", "500-100", "1,20", "100-", "-5", "100-500 people", "1.5"}) {
        CAPTURE(bad);
        CHECK_FALSE(size(bad));
    }
}

TEST_CASE("the default stage map reads each CRM's statuses and our stage names") {
    const tandem::StageMap map;
    CHECK(map.Find("Closed - Converted") == Stage::Opportunity);
    CHECK(map.Find("Closed - Not Converted") == Stage::Disqualified);
    CHECK(map.Find("Working - Contacted") == Stage::Sql);
    CHECK(map.Find("Open - Not Contacted") == Stage::New);
    CHECK(map.Find("customer") == Stage::Won);
    CHECK(map.Find("marketingqualifiedlead") == Stage::Mql);
    CHECK(map.Find("Sales Qualified Lead") == Stage::Sql);
    CHECK(map.Find("Junk Lead") == Stage::Disqualified);
    CHECK(map.Find("Lost Lead") == Stage::Lost);
    CHECK(map.Find("Hot") == Stage::SalesReady);
    CHECK(map.Find("sales_ready") == Stage::SalesReady);
    CHECK(map.Find("Closed Won") == std::nullopt);
    // Every documented default is found as written.
    for (const tandem::DefaultStage& entry : tandem::DefaultStages()) {
        CAPTURE(entry.value);
        CHECK(map.Find(entry.value) == entry.stage);
    }
}

TEST_CASE("a stage map given with an import wins over the defaults") {
    tandem::StageMap map = tandem::StageMap::Parse("Closed - Converted=won, Working=sql,,Evangelist = new");
    CHECK(map.Find("Closed - Converted") == Stage::Won);
    CHECK(map.Find("closed-converted") == Stage::Won);
    CHECK(map.Find("Working") == Stage::Sql);
    CHECK(map.Find("evangelist") == Stage::New);
    CHECK(map.Find("Closed - Not Converted") == Stage::Disqualified);
    CHECK(map.Overrides().size() == 3);
    auto problem = [](std::string_view spec) {
        try {
            tandem::StageMap::Parse(spec);
        } catch (const tandem::DecodeError& e) {
            return e.Field() + ": " + e.Problem();
        }
        return std::string("no error");
    };
    CHECK(problem("Closed - Converted") == "stage_map: expected VALUE=STAGE, got 'Closed - Converted'");
    CHECK(problem("Closed=finished") == "stage_map: unknown stage 'finished' for 'Closed'");
    CHECK(problem("=won") == "stage_map: empty value before '=won'");
}

TEST_CASE("the delimiter is the most frequent of comma, semicolon and tab in the first line, outside quotes") {
    CHECK(tandem::DetectDelimiter("Email,Name,Company\r\na;b;c;d;e\r\n") == ',');
    CHECK(tandem::DetectDelimiter("Email;Name;\"Company, Inc\"\r\n") == ';');
    CHECK(tandem::DetectDelimiter("Email\tName\tCompany\n") == '\t');
    CHECK(tandem::DetectDelimiter("\"a;b;c\",d\n") == ',');
    CHECK(tandem::DetectDelimiter("Email\n") == ',');
    CHECK(tandem::DetectDelimiter("") == ',');
    CHECK(tandem::ParseDelimiter("semicolon") == ';');
    CHECK(tandem::ParseDelimiter("tab") == '\t');
    CHECK(tandem::ParseDelimiter(";") == ';');
    CHECK(tandem::ParseDelimiter("colon") == std::nullopt);
}

TEST_CASE("a Salesforce report footer is recognised by its first line; the rest are single cells") {
    using Fields = std::vector<std::string>;
    CHECK(tandem::StartsReportFooter(Fields{"Grand Totals (4 records)"}));
    CHECK(tandem::StartsReportFooter(Fields{"Grand Totals (1 record)", "", ""}));
    CHECK(tandem::StartsReportFooter(Fields{"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."}));
    CHECK(tandem::StartsReportFooter(Fields{"Confidential Information - Do Not Distribute"}));
    CHECK(tandem::StartsReportFooter(Fields{"Generated By:  Alex Admin  25/03/2024 10:12"}));
    CHECK_FALSE(tandem::StartsReportFooter(Fields{"Grand Totals (4 records)", "x@y.com"}));
    CHECK_FALSE(tandem::StartsReportFooter(Fields{"Tandem Demo Ltd"}));
    CHECK_FALSE(tandem::StartsReportFooter(Fields{}));
    CHECK(tandem::HasAtMostOneCell(Fields{"Tandem Demo Ltd", "", " "}));
    CHECK(tandem::HasAtMostOneCell(Fields{""}));
    CHECK_FALSE(tandem::HasAtMostOneCell(Fields{"a", "b"}));
}
