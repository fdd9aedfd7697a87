// `tandem feedback add` and `tandem feedback list`: log and read feedback on a Tandem server from
// any machine, over the same REST API the dashboard uses. The input is checked with the server's
// own rules first, so a typo is caught before anything is sent.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/people.h"
#include "cli/remote.h"
#include "tandem/codec.h"
#include "tandem/feedback.h"

namespace tandem::cli {

namespace {

constexpr OptionSpec kFeedbackOwnOptions[] = {
    {"kind", "KIND", "rejection, objection, question, content_request, win_story or general (required to add)"},
    {"lead", "ID", "the lead it is about (required for a rejection)"},
    {"campaign", "ID", "add: the campaign it is about"},
    {"reason", "CODE", "add: a rejection's reason: no_budget, no_authority, no_need, no_timeline, bad_fit, duplicate, "
                       "unreachable or other"},
    {"text", "TEXT", "add: what you heard (required unless it is a rejection)"},
    {"tags", "TAGS", "add: comma-separated tags, e.g. pricing,competitor"},
    {"json", "", "list: print the server's JSON (every page in one answer)"},
    {"help", "", "show this help"},
};
constexpr auto kFeedbackOptions = WithRemoteOptions(kFeedbackOwnOptions);

constexpr const char* kUsage =
    "usage: tandem feedback add --kind KIND [--lead ID] [--campaign ID] [--reason CODE] [--text TEXT] [--tags TAGS]\n"
    "       tandem feedback list [--lead ID] [--kind KIND] [--json]\n"
    "\n"
    "add logs feedback and prints its id; a rejection is the lead's rejection, as from the inbox. list\n"
    "shows feedback, newest first, about a lead or of a kind.\n\n";

// The flag a field of the feedback JSON comes from, for errors found before sending.
std::string FlagOf(const std::string& field) {
    if (field == "lead_id") return "--lead";
    if (field == "campaign_id") return "--campaign";
    if (field.starts_with("tags")) return "--tags";
    return "--" + field;
}

std::vector<std::string> SplitTags(const std::string& text) {
    std::vector<std::string> tags;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        std::string tag = Trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!tag.empty()) tags.push_back(tag);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return tags;
}

// The request body from the flags, checked with the same rules the server applies.
nlohmann::json FeedbackBody(const Args& args) {
    nlohmann::json body = nlohmann::json::object();
    std::optional<std::string> kind = args.Get("kind");
    if (!kind || kind->empty()) throw UsageError("--kind is required (" + EnumChoices<FeedbackKind>() + ")");
    body["kind"] = *kind;
    if (args.Has("lead")) body["lead_id"] = args.GetInt("lead", 0, 1, kMaxSafeInteger);
    if (args.Has("campaign")) body["campaign_id"] = args.GetInt("campaign", 0, 1, kMaxSafeInteger);
    if (std::optional<std::string> reason = args.Get("reason")) body["reason"] = *reason;
    if (std::optional<std::string> text = args.Get("text")) body["text"] = *text;
    if (std::optional<std::string> tags = args.Get("tags")) body["tags"] = SplitTags(*tags);
    try {
        FeedbackFromJson(body);
    } catch (const DecodeError& e) {
        throw UsageError(FlagOf(e.Field()) + ": " + e.Problem());
    }
    return body;
}

// For the server's errors: a missing lead or campaign is the common case, and the server names it
// ("no lead 42").
std::string FlagOfServerField(const std::string& field) {
    return field == "lead_id" || field == "campaign_id" ? "" : FlagOf(field);
}

int Add(const Args& args, const nlohmann::json& body) {
    Remote remote(RemoteOptionsFrom(args));
    Feedback created = remote.Decoded(remote.Call("POST", "/api/feedback", body, FlagOfServerField),
                                      FeedbackFromServerJson, "feedback");
    std::printf("%lld\n", static_cast<long long>(created.id));
    std::string about = created.lead_id ? " about lead " + std::to_string(*created.lead_id) : "";
    std::fprintf(stderr, "logged %s %lld%s\n", std::string(ToString(created.kind)).c_str(),
                 static_cast<long long>(created.id), about.c_str());
    return 0;
}

// GET /api/feedback's filters from the flags, checked before anything is sent.
std::string ListPath(const Args& args) {
    std::string query;
    if (args.Has("lead")) query += "&lead=" + std::to_string(args.GetInt("lead", 0, 1, kMaxSafeInteger));
    if (std::optional<std::string> kind = args.Get("kind")) {
        if (!ParseEnum<FeedbackKind>(*kind))
            throw UsageError("--kind: unknown kind '" + *kind + "' (one of: " + EnumChoices<FeedbackKind>() + ")");
        query += "&kind=" + *kind;
    }
    return query.empty() ? "/api/feedback" : "/api/feedback?" + query.substr(1);
}

// A rejection's reason or a content request's status: what the row is waiting on or why.
std::string Detail(const Feedback& feedback) {
    if (feedback.reason) return std::string(ToString(*feedback.reason));
    if (feedback.status) return std::string(ToString(*feedback.status));
    return "";
}

int List(const Args& args, const std::string& path) {
    Remote remote(RemoteOptionsFrom(args));
    nlohmann::json json = remote.List(path);
    if (args.Has("json")) {
        PrintJson(json);
        return 0;
    }
    if (json["items"].empty()) {
        std::printf("no feedback\n");
        return 0;
    }
    People people(remote);
    Columns table({"ID", "DATE", "KIND", "LEAD", "BY", "DETAIL", "TAGS", "TEXT"});
    for (const nlohmann::json& item : json["items"]) {
        Feedback feedback = remote.Decoded(item, FeedbackFromServerJson, "feedback");
        std::string tags;
        for (const std::string& tag : feedback.tags) tags += (tags.empty() ? "" : ",") + tag;
        table.Add({std::to_string(feedback.id), LocalTime(feedback.at), std::string(ToString(feedback.kind)),
                   feedback.lead_id ? std::to_string(*feedback.lead_id) : "", people.Name(feedback.author_id, ""),
                   Detail(feedback), tags, OneLine(feedback.text)});
    }
    std::printf("%s", table.Text().c_str());
    return 0;
}

}  // namespace

int RunFeedback(std::span<char* const> argv) {
    Args args(kFeedbackOptions, argv);
    if (args.Has("help") || args.Positionals().empty()) {
        std::printf("%s%s\n%s", kUsage, FormatOptions(kFeedbackOptions).c_str(), kExitStatusHelp);
        return args.Has("help") ? 0 : 2;
    }
    if (args.Positionals() == std::vector<std::string>{"add"}) {
        if (args.Has("json")) throw UsageError("--json is not an option of feedback add");
        nlohmann::json body = FeedbackBody(args);
        return RunRemoteCommand([&] { return Add(args, body); });
    }
    if (args.Positionals() == std::vector<std::string>{"list"}) {
        for (const char* flag : {"campaign", "reason", "text", "tags"})
            if (args.Has(flag)) throw UsageError("--" + std::string(flag) + " is not an option of feedback list");
        std::string path = ListPath(args);
        return RunRemoteCommand([&] { return List(args, path); });
    }
    throw UsageError("feedback takes the action 'add' or 'list'");
}

}  // namespace tandem::cli
