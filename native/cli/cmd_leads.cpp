// `tandem inbox` and `tandem lead show|accept|reject`: a rep's hand-off work from the shell, over
// the routes the dashboard's inbox uses (GET /api/inbox, POST /api/leads/{id}/transitions).
#include <charconv>
#include <cmath>
#include <cstdio>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/people.h"
#include "cli/remote.h"
#include "tandem/format.h"
#include "tandem/handoff.h"
#include "tandem/lead.h"
#include "tandem/stage_machine.h"

namespace tandem::cli {

namespace {

constexpr OptionSpec kInboxOwnOptions[] = {
    {"json", "", "print the server's JSON (every page in one answer)"},
    {"help", "", "show this help"},
};
constexpr auto kInboxOptions = WithRemoteOptions(kInboxOwnOptions);

constexpr const char* kInboxHelp =
    "usage: tandem inbox [--json]\n"
    "\n"
    "The sales-ready leads waiting for an answer, the most urgent first, with their response SLA:\n"
    "a rep's own and the unassigned pool; every rep's for a sales leader.\n\n";

constexpr OptionSpec kLeadOwnOptions[] = {
    {"json", "", "show: print the server's JSON"},
    {"reason", "REASON", "reject: no_budget, no_authority, no_need, no_timeline, bad_fit, duplicate, unreachable or "
                         "other (required)"},
    {"text", "TEXT", "reject: what you heard, for marketing"},
    {"help", "", "show this help"},
};
constexpr auto kLeadOptions = WithRemoteOptions(kLeadOwnOptions);

constexpr const char* kLeadHelp =
    "usage: tandem lead show ID [--json]\n"
    "       tandem lead accept ID\n"
    "       tandem lead reject ID --reason REASON [--text TEXT]\n"
    "\n"
    "accept makes a sales-ready lead an SQL (and yours, if it was unassigned); reject sends it back to\n"
    "marketing as recycled with the reason, which marketing sees as feedback at once. A rep acts on\n"
    "their own leads and unassigned ones.\n\n";

// The flags of the lead actions, for the server's errors about the transition's fields.
std::string FlagOfTransition(const std::string& field) {
    if (field == "reason") return "--reason";
    if (field == "note") return "--text";
    return "";
}

std::int64_t LeadId(const Args& args, const std::string& action) {
    if (args.Positionals().size() != 2) throw UsageError("lead " + action + " takes one lead ID");
    const std::string& text = args.Positionals()[1];
    std::int64_t id = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || id < 1 || id > kMaxSafeInteger)
        throw UsageError("lead " + action + ": expected a lead ID (a whole number from 1), got '" + text + "'");
    return id;
}

// Flags given to an action they do not belong to are mistakes, not something to ignore.
void RefuseFlags(const Args& args, std::initializer_list<const char*> flags, const std::string& action) {
    for (const char* flag : flags)
        if (args.Has(flag)) throw UsageError("--" + std::string(flag) + " is not an option of " + action);
}

std::string Score(double value) { return std::to_string(std::llround(value)); }

std::string Or(const std::string& text) { return text.empty() ? std::string(kNoData) : text; }

std::string SlaState(const InboxItem& item, Timestamp now) {
    if (item.breached) return "overdue";
    if (item.answered_at) return "answered";
    return "due in " + FormatHours(static_cast<double>(item.due_at - now) / 3600.0);
}

int ListInbox(const Args& args) {
    Remote remote(RemoteOptionsFrom(args));
    nlohmann::json json = remote.List("/api/inbox");
    if (args.Has("json")) {
        PrintJson(json);
        return 0;
    }
    Inbox inbox = remote.Decoded(json, InboxFromServerJson, "an inbox");
    if (inbox.items.empty()) {
        std::printf("no leads waiting; %lld unassigned in the pool\n", static_cast<long long>(inbox.unassigned));
        return 0;
    }
    People people(remote);
    Columns table({"LEAD", "NAME", "COMPANY", "SCORE", "OWNER", "DUE", "SLA"});
    for (const InboxItem& item : inbox.items) {
        table.Add({std::to_string(item.lead.id), Or(item.lead.name), Or(item.lead.company), Score(item.lead.score.total),
                   people.Name(item.lead.owner_id, "unassigned"), LocalTime(item.due_at), SlaState(item, inbox.now)});
    }
    std::printf("%s\n%zu leads, %lld overdue; %lld unassigned in the pool; the SLA is %d h\n", table.Text().c_str(),
                inbox.items.size(), static_cast<long long>(inbox.breached), static_cast<long long>(inbox.unassigned),
                inbox.sla_hours);
    return 0;
}

std::string CompanyLine(const Lead& lead) {
    std::string line = Or(lead.company);
    std::string more = lead.industry;
    if (lead.company_size) more += (more.empty() ? "" : ", ") + FormatCount(*lead.company_size) + " people";
    return more.empty() ? line : line + " (" + more + ")";
}

int Show(const Args& args, std::int64_t id) {
    Remote remote(RemoteOptionsFrom(args));
    nlohmann::json json = remote.Call("GET", "/api/leads/" + std::to_string(id));
    if (args.Has("json")) {
        PrintJson(json);
        return 0;
    }
    Lead lead = remote.Decoded(json, LeadFromServerJson, "a lead");
    People people(remote);
    std::string source(ToString(lead.source));
    if (lead.campaign_id) source += " (campaign " + std::to_string(*lead.campaign_id) + ")";
    std::string score = Score(lead.score.total) + " (fit " + Score(lead.score.fit) + ", engagement " +
                        Score(lead.score.engagement) + ")";
    if (lead.score.definition_version != 0)
        score += "; level " + std::string(ToString(lead.score.level)) + " under definition v" +
                 std::to_string(lead.score.definition_version);
    Columns table;
    table.Add({"lead", std::to_string(lead.id) + "  " + Or(lead.name) + " <" + lead.email + ">"});
    table.Add({"stage", std::string(ToString(lead.stage))});
    table.Add({"owner", people.Name(lead.owner_id, "unassigned")});
    table.Add({"company", CompanyLine(lead)});
    table.Add({"title", Or(lead.title)});
    table.Add({"country", Or(lead.country)});
    table.Add({"phone", Or(lead.phone)});
    table.Add({"source", source});
    table.Add({"score", score});
    table.Add({"budget", FormatMoneyOr(lead.budget_usd ? std::optional<double>(*lead.budget_usd) : std::nullopt)});
    table.Add({"authority", std::string(ToString(lead.authority))});
    table.Add({"need", std::string(ToString(lead.need))});
    table.Add({"timeline", lead.timeline_months ? std::to_string(*lead.timeline_months) +
                                                      (*lead.timeline_months == 1 ? " month" : " months")
                                                : kNoData});
    if (lead.deal_value) table.Add({"deal", FormatMoney(static_cast<double>(*lead.deal_value))});
    table.Add({"last active", lead.last_activity_at ? LocalTime(*lead.last_activity_at) : kNoData});
    table.Add({"created", LocalTime(lead.created_at)});
    table.Add({"updated", LocalTime(lead.updated_at)});
    std::printf("%s", table.Text().c_str());
    return 0;
}

// Sends a move the dashboard's inbox makes and says where the lead is now.
int Move(const Args& args, std::int64_t id, const nlohmann::json& body, const std::string& done) {
    Remote remote(RemoteOptionsFrom(args));
    nlohmann::json result = remote.Call("POST", "/api/leads/" + std::to_string(id) + "/transitions", body, FlagOfTransition);
    Lead lead = remote.Decoded(result.is_object() ? result.value("lead", nlohmann::json()) : result, LeadFromServerJson,
                               "a lead");
    std::printf("%s lead %lld (%s): it is %s now\n", done.c_str(), static_cast<long long>(lead.id), Or(lead.name).c_str(),
                std::string(ToString(lead.stage)).c_str());
    return 0;
}

// The rejection as the server will check it, so that a typo is caught before anything is sent.
nlohmann::json Rejection(const Args& args) {
    std::string reason = args.Get("reason", "");
    if (reason.empty()) throw UsageError("--reason is required (one of: " + EnumChoices<RejectReason>() + ")");
    if (!ParseEnum<RejectReason>(reason))
        throw UsageError("--reason: unknown reason '" + reason + "' (one of: " + EnumChoices<RejectReason>() + ")");
    nlohmann::json body = {{"to", std::string(ToString(Stage::Recycled))}, {"reason", reason}};
    if (std::optional<std::string> text = args.Get("text")) body["note"] = *text;
    try {
        TransitionFromJson(body);
    } catch (const DecodeError& e) {
        throw UsageError(FlagOfTransition(e.Field()) + ": " + e.Problem());
    }
    return body;
}

}  // namespace

int RunInbox(std::span<char* const> argv) {
    Args args(kInboxOptions, argv);
    if (args.Has("help")) {
        std::printf("%s%s\n%s", kInboxHelp, FormatOptions(kInboxOptions).c_str(), kExitStatusHelp);
        return 0;
    }
    if (!args.Positionals().empty()) throw UsageError("inbox takes no arguments, got '" + args.Positionals()[0] + "'");
    return RunRemoteCommand([&] { return ListInbox(args); });
}

int RunLead(std::span<char* const> argv) {
    Args args(kLeadOptions, argv);
    if (args.Has("help") || args.Positionals().empty()) {
        std::printf("%s%s\n%s", kLeadHelp, FormatOptions(kLeadOptions).c_str(), kExitStatusHelp);
        return args.Has("help") ? 0 : 2;
    }
    const std::string& action = args.Positionals()[0];
    if (action == "show") {
        std::int64_t id = LeadId(args, action);
        RefuseFlags(args, {"reason", "text"}, "lead show");
        return RunRemoteCommand([&] { return Show(args, id); });
    }
    if (action == "accept") {
        std::int64_t id = LeadId(args, action);
        RefuseFlags(args, {"json", "reason", "text"}, "lead accept");
        return RunRemoteCommand([&] { return Move(args, id, {{"to", std::string(ToString(Stage::Sql))}}, "accepted"); });
    }
    if (action == "reject") {
        std::int64_t id = LeadId(args, action);
        RefuseFlags(args, {"json"}, "lead reject");
        nlohmann::json body = Rejection(args);
        return RunRemoteCommand([&] { return Move(args, id, body, "rejected"); });
    }
    throw UsageError("lead takes the action 'show', 'accept' or 'reject'");
}

}  // namespace tandem::cli
