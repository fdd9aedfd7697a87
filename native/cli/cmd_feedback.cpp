// `tandem feedback add`: log feedback on a Tandem server from any machine, with an API token, over
// the same REST API the dashboard uses. The input is checked with the server's own rules first, so
// a typo is caught before anything is sent; the server's answers become short, plain errors.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/remote.h"
#include "tandem/codec.h"
#include "tandem/feedback.h"

namespace tandem::cli {

namespace {

constexpr OptionSpec kFeedbackOptions[] = {
    {"server", "URL", "the Tandem server, e.g. https://tandem.example.com", "TANDEM_SERVER"},
    {"token", "TOKEN", "your API token; `tandem token create` makes one (prefer the environment variable)",
     "TANDEM_TOKEN"},
    {"ca-file", "FILE", "trust this PEM CA bundle for the server's certificate (default: the system's)",
     "TANDEM_CA_FILE"},
    {"kind", "KIND", "rejection, objection, question, content_request, win_story or general (required)"},
    {"lead", "ID", "the lead it is about (required for a rejection)"},
    {"campaign", "ID", "the campaign it is about"},
    {"reason", "CODE", "a rejection's reason: no_budget, no_authority, no_need, no_timeline, bad_fit, duplicate, "
                       "unreachable or other"},
    {"text", "TEXT", "what you heard (required unless it is a rejection)"},
    {"tags", "TAGS", "comma-separated tags, e.g. pricing,competitor"},
    {"help", "", "show this help"},
};

constexpr const char* kUsage = "tandem feedback add --server URL --token TOKEN --kind KIND [options]";

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

// The server's error as a sentence; nothing if the body is not Tandem's error shape.
struct ServerError {
    std::string message;
    std::string field;
};

std::optional<ServerError> ErrorOf(const std::string& body) {
    nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_object() || !json.contains("error") || !json["error"].is_object()) return std::nullopt;
    const nlohmann::json& error = json["error"];
    ServerError out;
    if (error.contains("message") && error["message"].is_string()) out.message = error["message"];
    if (error.contains("field") && error["field"].is_string()) out.field = error["field"];
    return out;
}

int Fail(const std::string& message) {
    std::fprintf(stderr, "tandem: %s\n", message.c_str());
    return 1;
}

int Add(const Args& args) {
    nlohmann::json body = FeedbackBody(args);
    Remote remote(RemoteOptionsFrom(args));
    std::string display = remote.Display();
    Answer response;
    try {
        response = remote.Send("POST", "/api/feedback", body.dump(), "application/json");
    } catch (const RemoteError& e) {
        return Fail(e.what());
    }
    std::optional<ServerError> error = ErrorOf(response.body);
    if (response.status == 201) {
        nlohmann::json created = nlohmann::json::parse(response.body, nullptr, false);
        if (!created.is_object() || !created.contains("id") || !created["id"].is_number_integer())
            return Fail("the server at " + display + " answered 201 but not with Tandem feedback");
        std::int64_t id = created["id"];
        std::printf("%lld\n", static_cast<long long>(id));
        std::string about = body.contains("lead_id") ? " about lead " + std::to_string(body["lead_id"].get<std::int64_t>()) : "";
        std::fprintf(stderr, "logged %s %lld%s\n", body["kind"].get<std::string>().c_str(), static_cast<long long>(id),
                     about.c_str());
        return 0;
    }
    if (!error) {
        return Fail("the server at " + display + " does not answer like Tandem (HTTP " +
                    std::to_string(response.status) + "); check --server");
    }
    switch (response.status) {
    case 401: return Fail("the token was refused (wrong or revoked)");
    case 403: return Fail("the server refused: " + error->message);
    case 404: return Fail("no Tandem API at " + display + " (" + error->message + "); check --server");
    case 422:
        // A missing lead or campaign is the common case; the server names it ("no lead 42").
        if (error->field == "lead_id" || error->field == "campaign_id") return Fail(error->message);
        return Fail(FlagOf(error->field) + ": " + error->message);
    default: break;
    }
    std::string field = error->field.empty() ? "" : " (" + FlagOf(error->field) + ")";
    return Fail("the server answered " + std::to_string(response.status) + ": " + error->message + field);
}

}  // namespace

int RunFeedback(std::span<char* const> argv) {
    Args args(kFeedbackOptions, argv);
    if (args.Has("help") || args.Positionals().empty()) {
        std::printf("usage: %s\n\nLogs feedback on a Tandem server with your API token and prints its id.\n\n%s", kUsage,
                    FormatOptions(kFeedbackOptions).c_str());
        return args.Has("help") ? 0 : 2;
    }
    if (args.Positionals() != std::vector<std::string>{"add"}) throw UsageError("feedback takes the action 'add'");
    return Add(args);
}

}  // namespace tandem::cli
