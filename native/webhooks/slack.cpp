// What Tandem posts to a Slack incoming webhook (api.slack.com/messaging/webhooks).
#include "webhooks/slack.h"

#include <nlohmann/json.hpp>

#include "tandem/route.h"

namespace tandem::webhooks {

namespace {

constexpr std::size_t kQuoteBytes = 120;

// Slack's mrkdwn treats &, < and > as control characters.
std::string Escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else out += c;
    }
    return out;
}

std::string Shorten(const std::string& text) {
    if (text.size() <= kQuoteBytes) return text;
    std::size_t end = kQuoteBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end) + "…";
}

std::string Str(const nlohmann::json& object, const char* key) {
    return object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : std::string();
}

std::string Id(const nlohmann::json& object, const char* key) {
    return object.contains(key) && object[key].is_number_integer() ? std::to_string(object[key].get<std::int64_t>()) : "";
}

struct Summary {
    std::string text;   // the plain line (Slack's notification text)
    std::string mrkdwn; // the section's text; empty: the plain line alone is sent
    Route link;
};

Summary Summarise(const std::string& type, const nlohmann::json& data) {
    Summary summary;
    if (type == "sla.breached") {
        const nlohmann::json& lead = data["lead"];
        std::string who = Str(lead, "name").empty() ? "Lead " + Id(lead, "id") : Str(lead, "name");
        std::string company = Str(lead, "company").empty() ? "" : " (" + Str(lead, "company") + ")";
        std::string hours = Id(data, "sla_hours");
        summary.text = "SLA breached: " + who + company + " has waited more than " + hours +
                       " h for a first response since " + Str(data, "entered_at");
        summary.mrkdwn = ":rotating_light: *SLA breached*: *" + Escape(who) + "*" + Escape(company) +
                         " has waited more than " + hours + " h for a first response since " +
                         Escape(Str(data, "entered_at"));
        summary.link = {.view = View::Leads, .id = lead.value("id", std::int64_t{0})};
    } else if (type == "content_request.done") {
        std::string quote = "\u201c" + Shorten(Str(data, "text")) + "\u201d";
        summary.text = "Content request done: " + quote;
        summary.mrkdwn = ":white_check_mark: *Content request done*: " + Escape(quote);
        summary.link = {.view = View::Feedback, .query = {{"tab", "requests"}, {"request", Id(data, "id")}}};
    } else if (type == "definition.activated") {
        std::string what = "Lead definition v" + Id(data, "version") + " is active";
        std::string detail = Str(data, "summary").empty() ? "" : ": " + Str(data, "summary");
        summary.text = what + detail;
        summary.mrkdwn = ":white_check_mark: *" + what + "*" + Escape(detail);
        summary.link = {.view = View::Definition};
    } else {
        std::string id = Id(data, "id");
        if (id.empty()) id = Id(data, "version");
        summary.text = "Tandem: " + type + (id.empty() ? "" : " #" + id);
    }
    return summary;
}

}  // namespace

std::string SlackBody(const std::string& envelope, const std::string& dashboard) {
    nlohmann::json message = nlohmann::json::parse(envelope);
    Summary summary = Summarise(message.value("type", ""), message["data"]);
    nlohmann::json body = {{"text", summary.text}};
    if (summary.mrkdwn.empty()) return body.dump();
    nlohmann::json blocks = {{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", summary.mrkdwn}}}}};
    if (!dashboard.empty()) {
        std::string url = dashboard + "/" + FormatRoute(summary.link);
        blocks.push_back({{"type", "context"},
                          {"elements", {{{"type", "mrkdwn"}, {"text", "<" + url + "|Open in Tandem>"}}}}});
    }
    body["blocks"] = blocks;
    return body.dump();
}

}  // namespace tandem::webhooks
