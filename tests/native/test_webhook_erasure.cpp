// Erasing a person from webhook payloads, done in C++ so that every engine writes the same text:
// it must write exactly what SQLite's json_set wrote before, and only to the messages it touched.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_connection.h"
#include "webhooks/webhook_repo.h"

using namespace tandem;

namespace {

constexpr const char* kErasedEmail = "erased-7@invalid";
constexpr const char* kErasedText = "[erased]";

// The UPDATEs EraseLeadFromMessages ran before it moved to C++, as one SELECT of what each
// payload would have become.
constexpr const char* kJsonSetSql =
    "SELECT id, CASE "
    "WHEN event_type LIKE 'lead.%' AND json_extract(payload, '$.data.id') = ?1 THEN "
    "  json_set(payload, '$.data.email', ?2, '$.data.name', '', '$.data.phone', '') "
    "WHEN event_type = 'sla.breached' AND json_extract(payload, '$.data.lead.id') = ?1 THEN "
    "  json_set(payload, '$.data.lead.email', ?2, '$.data.lead.name', '', '$.data.lead.phone', '') "
    "WHEN event_type IN ('feedback.created', 'content_request.done') AND json_extract(payload, '$.data.lead_id') = ?1 "
    "  AND json_extract(payload, '$.data.text') <> '' THEN json_set(payload, '$.data.text', ?3) "
    "ELSE payload END FROM webhook_messages ORDER BY id";

using Rows = std::vector<std::pair<std::int64_t, std::string>>;

Rows Read(store::Statement& s) {
    Rows rows;
    while (s.Step()) rows.emplace_back(s.Int(0), s.Text(1));
    return rows;
}

Rows Payloads(store::Database& db) {
    store::Statement s = db.Prepare("SELECT id, payload FROM webhook_messages ORDER BY id");
    return Read(s);
}

Rows JsonSetPayloads(store::Database& db) {
    store::Statement s = db.Prepare(kJsonSetSql);
    s.Bind(1, std::int64_t{7}).Bind(2, std::string_view(kErasedEmail)).Bind(3, std::string_view(kErasedText));
    return Read(s);
}

nlohmann::json Person(std::int64_t id, const std::string& name) {
    // Keys as a lead's JSON has them; a score and a non-ASCII name show numbers and text are kept.
    return {{"id", id}, {"email", name + "@example.com"}, {"name", name + " Müller"}, {"phone", "+49 30 1234"},
            {"score", 0.1 + 0.2}, {"tags", {"a\tb", "\"q\""}}};
}

}  // namespace

TEST_CASE("erasing a lead from webhook messages writes what SQLite's json_set wrote, and only there") {
    std::filesystem::path folder =
        std::filesystem::temp_directory_path() / ("tandem-erasure-" + std::to_string(std::random_device{}()));
    {
        store::Database db = store::OpenSqlite((folder / "tandem.db").string());
        webhooks::Endpoint endpoint;
        endpoint.url = "http://127.0.0.1:1/hook";
        endpoint.events = {"lead.handed_over"};
        endpoint.secret = "whsec_test";
        endpoint.id = webhooks::InsertEndpoint(db, endpoint);
        CHECK(endpoint.id == 1);
        auto enqueue = [&](const std::string& type, const nlohmann::json& data) {
            webhooks::EnqueueTo(db, endpoint, type, data, 1'790'000'000);
        };
        enqueue("lead.handed_over", Person(7, "Ann"));
        enqueue("lead.handed_over", Person(8, "Bob"));
        enqueue("sla.breached", {{"lead", Person(7, "Ann")}, {"sla_hours", 24}});
        enqueue("sla.breached", {{"lead", Person(8, "Bob")}, {"sla_hours", 24}});
        enqueue("feedback.created", {{"id", 3}, {"lead_id", 7}, {"text", "Ann said no"}});
        enqueue("feedback.created", {{"id", 4}, {"lead_id", 7}, {"text", ""}});
        enqueue("content_request.done", {{"id", 5}, {"lead_id", 8}, {"text", "Bob's deck"}});

        Rows before = Payloads(db);
        Rows expected = JsonSetPayloads(db);
        webhooks::EraseLeadFromMessages(db, 7, kErasedEmail, kErasedText);
        Rows after = Payloads(db);

        REQUIRE(after.size() == 7);
        CHECK(after == expected);
        // The first, third and fifth are about lead 7 and say something of it; the rest stay as they were.
        CHECK(after[1] == before[1]);
        CHECK(after[3] == before[3]);
        CHECK(after[5] == before[5]);
        CHECK(after[6] == before[6]);
        CHECK(after[0] != before[0]);
        nlohmann::json lead = nlohmann::json::parse(after[0].second)["data"];
        CHECK(lead["email"] == kErasedEmail);
        CHECK(lead["name"] == "");
        CHECK(lead["phone"] == "");
        CHECK(lead["score"] == 0.1 + 0.2);
        CHECK(nlohmann::json::parse(after[2].second)["data"]["lead"]["email"] == kErasedEmail);
        CHECK(nlohmann::json::parse(after[4].second)["data"]["text"] == kErasedText);
    }
    std::filesystem::remove_all(folder);
}
