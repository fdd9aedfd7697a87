// Feedback: loading the feed, insights, content requests, wins and notifications the route needs,
// logging feedback (with the leads its form offers for what is typed) and moving content requests,
// and refreshing after pushed changes.
#include "app/feedback.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "app/api_client.h"
#include "app/state.h"
#include "tandem/codec.h"
#include "tandem/lead.h"

namespace tandem {

namespace {

// Pushed changes come in bursts (a busy morning, an import); refresh at most this often. The feed
// is what people watch for new entries, so it refreshes soonest.
constexpr double kFeedRefreshSeconds = 0.2;
constexpr double kRefreshSeconds = 1.0;
constexpr double kFreshSeconds = 4.0;
constexpr int kFeedPage = 50;
constexpr int kNotificationCount = 20;

// [SECTION] The route

std::string QueryValue(const Route& route, const char* key) {
    auto it = route.query.find(key);
    return it == route.query.end() ? std::string() : it->second;
}

std::optional<std::int64_t> QueryId(const Route& route, const char* key) {
    std::string text = QueryValue(route, key);
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 1 || value > kMaxSafeInteger)
        return std::nullopt;
    return value;
}

int QueryChoice(const Route& route, const char* key, std::initializer_list<int> choices, int fallback) {
    std::optional<std::int64_t> value = QueryId(route, key);
    for (int choice : choices)
        if (value && *value == choice) return choice;
    return fallback;
}

constexpr std::pair<FeedbackTab, std::string_view> kTabs[] = {
    {FeedbackTab::Feed, "feed"}, {FeedbackTab::Insights, "insights"}, {FeedbackTab::Requests, "requests"},
    {FeedbackTab::Wins, "wins"}};

// [SECTION] Decoding

FeedbackPage PageFromJson(const std::string& body) {
    nlohmann::json page = nlohmann::json::parse(body);
    FeedbackPage out;
    for (const nlohmann::json& item : page.at("items")) out.items.push_back(FeedbackFromServerJson(item));
    if (!page.at("next_cursor").is_null()) out.next_cursor = page.at("next_cursor").get<std::int64_t>();
    return out;
}

// Only the names: the campaign list's shape belongs to the calendar, which may add to it.
std::vector<CampaignName> CampaignNamesFromJson(const std::string& body) {
    nlohmann::json page = nlohmann::json::parse(body);
    std::vector<CampaignName> names;
    for (const nlohmann::json& item : page.at("items")) {
        const nlohmann::json& campaign = item.contains("campaign") && item["campaign"].is_object() ? item["campaign"] : item;
        names.push_back({campaign.at("id").get<std::int64_t>(), campaign.at("name").get<std::string>()});
    }
    return names;
}

// The body for a new piece of feedback: its writable members, as FeedbackFromJson reads them.
nlohmann::json WritableJson(const Feedback& feedback) {
    nlohmann::json body = ToJson(feedback);
    for (std::string_view key : FeedbackReadOnlyFields()) body.erase(std::string(key));
    return body;
}

// [SECTION] Lead suggestions

LeadChoice ChoiceOf(const nlohmann::json& item) {
    Lead lead = LeadFromServerJson(item);
    return {lead.id, lead.name, lead.email, lead.company};
}

// Asks for the leads to offer for `text` (trimmed, not empty): those holding it in their name, email
// or company and, for a number, the lead with that id, found as the newest lead below the next id
// (a 200 either way, where GET /api/leads/{id} would answer an unknown number with a 404).
void SuggestLeads(AppState& state, ApiClient& api, const std::string& text) {
    LeadSuggestions& suggestions = state.feedback.lead_suggestions;
    int serial = suggestions.serial + 1;
    suggestions = LeadSuggestions{};
    suggestions.text = text;
    suggestions.serial = serial;
    auto answer = [serial](AppState& s, const ApiResult& result, auto apply) {
        LeadSuggestions& target = s.feedback.lead_suggestions;
        if (target.serial != serial) return;   // typed on since: a newer question is out
        --target.in_flight;
        if (!result.Ok()) {
            target.error = result.ErrorMessage();
            return;
        }
        try {
            apply(target, nlohmann::json::parse(result.body).at("items"));
        } catch (const std::exception& e) {
            target.error = std::string("unreadable leads: ") + e.what();
        }
    };
    ++suggestions.in_flight;
    api.Get("/api/leads?limit=" + std::to_string(LeadSuggestions::kLimit) + "&q=" + PercentEncode(text),
            [answer](AppState& s, const ApiResult& result) {
                answer(s, result, [](LeadSuggestions& target, const nlohmann::json& items) {
                    for (const nlohmann::json& item : items) target.matches.push_back(ChoiceOf(item));
                });
            });
    std::int64_t id = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size() || id < 1 || id >= kMaxSafeInteger) return;
    ++suggestions.in_flight;
    api.Get("/api/leads?limit=1&cursor=" + std::to_string(id + 1), [answer, id](AppState& s, const ApiResult& result) {
        answer(s, result, [id](LeadSuggestions& target, const nlohmann::json& items) {
            if (!items.empty() && items[0].at("id").get<std::int64_t>() == id) target.numbered = ChoiceOf(items[0]);
        });
    });
}

// [SECTION] Loading

// Starts the remote `select` picks loading `path`, unless it holds it already or was refreshed less
// than `min_refresh` seconds ago.
template <class T, class Decode>
void Load(AppState& state, ApiClient& api, Remote<T>& (*select)(AppState&), const std::string& path, double min_refresh,
          Decode decode) {
    Remote<T>& remote = select(state);
    if (!remote.Wants(path)) return;
    if (remote.stale && remote.key == path && state.now - remote.requested_at < min_refresh) return;
    remote.Begin(path, state.now);
    api.Get(path, [path, decode, select](AppState& s, const ApiResult& result) {
        Remote<T>& target = select(s);
        if (target.key != path) return;   // the route moved on; a newer request is coming
        if (!result.Ok()) return target.Fail(result.ErrorMessage());
        try {
            target.Succeed(decode(result.body));
        } catch (const std::exception& e) {
            target.Fail(std::string("unreadable answer: ") + e.what());
        }
    });
}

std::string FeedPath(const FeedFilter& filter) {
    std::string path = "/api/feedback?limit=" + std::to_string(kFeedPage);
    if (filter.kind) path += "&kind=" + std::string(ToString(*filter.kind));
    if (filter.lead_id) path += "&lead=" + std::to_string(*filter.lead_id);
    if (filter.campaign_id) path += "&campaign=" + std::to_string(*filter.campaign_id);
    if (filter.author_id) path += "&author=" + std::to_string(*filter.author_id);
    if (!filter.tag.empty()) path += "&tag=" + PercentEncode(filter.tag);
    return path;
}

void SyncFeed(AppState& state, ApiClient& api, const FeedFilter& filter) {
    FeedbackState& f = state.feedback;
    std::string path = FeedPath(filter);
    if (!f.feed.Wants(path)) return;
    if (f.feed.stale && f.feed.key == path && state.now - f.feed.requested_at < kFeedRefreshSeconds) return;
    bool refresh = f.feed.key == path && f.feed.value;
    f.feed.Begin(path, state.now);
    api.Get(path, [path, refresh](AppState& s, const ApiResult& result) {
        FeedbackState& fs = s.feedback;
        if (fs.feed.key != path) return;
        if (!result.Ok()) return fs.feed.Fail(result.ErrorMessage());
        try {
            FeedbackPage page = PageFromJson(result.body);
            for (const Feedback& item : page.items) {
                // What was not there before, on a refresh of the same list, just arrived.
                if (refresh && !fs.known.count(item.id)) fs.fresh[item.id] = s.now + kFreshSeconds;
                fs.known.insert(item.id);
            }
            // A refresh replaces the first page; pages loaded after it stay if they still follow on.
            if (refresh && fs.feed.value && page.next_cursor && fs.feed.value->items.size() > page.items.size()) {
                for (const Feedback& item : fs.feed.value->items)
                    if (item.id < page.items.back().id) page.items.push_back(item);
                page.next_cursor = fs.feed.value->next_cursor;
            }
            fs.feed.Succeed(std::move(page));
        } catch (const std::exception& e) {
            fs.feed.Fail(std::string("unreadable feedback: ") + e.what());
        }
    });
}

Date Today(const AppState& state) { return DateOf(static_cast<Timestamp>(state.wall_now)); }

}  // namespace

// [SECTION] Route

FeedbackQuery FeedbackQueryFrom(const Route& route) {
    FeedbackQuery query;
    std::string tab = QueryValue(route, "tab");
    for (const auto& [value, name] : kTabs)
        if (name == tab) query.tab = value;
    query.filter.kind = ParseEnum<FeedbackKind>(QueryValue(route, "kind"));
    query.filter.lead_id = QueryId(route, "lead");
    query.filter.campaign_id = QueryId(route, "campaign");
    query.filter.author_id = QueryId(route, "author");
    query.filter.tag = ToLower(Trim(QueryValue(route, "tag")));
    query.insight_weeks = QueryChoice(route, "weeks", {4, 13, 26, 52}, 13);
    query.win_days = QueryChoice(route, "days", {30, 90, 365}, 30);
    query.request = QueryId(route, "request");
    return query;
}

Route FeedbackRoute(const FeedbackQuery& query) {
    Route route;
    route.view = View::Feedback;
    for (const auto& [value, name] : kTabs)
        if (value == query.tab && value != FeedbackTab::Feed) route.query["tab"] = std::string(name);
    const FeedFilter& filter = query.filter;
    if (query.tab == FeedbackTab::Feed) {
        if (filter.kind) route.query["kind"] = std::string(ToString(*filter.kind));
        if (filter.lead_id) route.query["lead"] = std::to_string(*filter.lead_id);
        if (filter.campaign_id) route.query["campaign"] = std::to_string(*filter.campaign_id);
        if (filter.author_id) route.query["author"] = std::to_string(*filter.author_id);
        if (!filter.tag.empty()) route.query["tag"] = filter.tag;
    }
    if (query.tab == FeedbackTab::Insights && query.insight_weeks != 13) route.query["weeks"] = std::to_string(query.insight_weeks);
    if (query.tab == FeedbackTab::Wins && query.win_days != 30) route.query["days"] = std::to_string(query.win_days);
    if (query.tab == FeedbackTab::Requests && query.request) route.query["request"] = std::to_string(*query.request);
    return route;
}

std::string CampaignLabel(const FeedbackState& state, std::int64_t id) {
    if (state.campaigns.value)
        for (const CampaignName& campaign : *state.campaigns.value)
            if (campaign.id == id) return campaign.name;
    return "Campaign " + std::to_string(id);
}

std::vector<LeadChoice> LeadSuggestions::Choices() const {
    std::vector<LeadChoice> choices;
    if (numbered) choices.push_back(*numbered);
    for (const LeadChoice& match : matches) {
        if (choices.size() >= static_cast<std::size_t>(kLimit)) break;
        if (!numbered || match.id != numbered->id) choices.push_back(match);
    }
    return choices;
}

// [SECTION] Sync, carry, events

void SyncFeedback(AppState& state, ApiClient& api) {
    Load<NotificationList>(state, api, [](AppState& s) -> Remote<NotificationList>& { return s.feedback.notifications; },
                           "/api/notifications?limit=" + std::to_string(kNotificationCount), 0.2,
                           [](const std::string& body) { return NotificationListFromJson(nlohmann::json::parse(body)); });
    if (state.route.view != View::Feedback) return;
    Load<std::vector<CampaignName>>(state, api, [](AppState& s) -> Remote<std::vector<CampaignName>>& { return s.feedback.campaigns; },
                                    "/api/campaigns", kRefreshSeconds, CampaignNamesFromJson);
    FeedbackQuery query = FeedbackQueryFrom(state.route);
    Date today = Today(state);
    switch (query.tab) {
    case FeedbackTab::Feed: SyncFeed(state, api, query.filter); break;
    case FeedbackTab::Insights: {
        Date from = WeekStart(today) - 7 * (query.insight_weeks - 1);
        std::string path = "/api/feedback/insights?from=" + FormatDate(from) + "&to=" + FormatDate(today + 1);
        Load<FeedbackInsights>(state, api, [](AppState& s) -> Remote<FeedbackInsights>& { return s.feedback.insights; }, path,
                               kRefreshSeconds,
                               [](const std::string& body) { return FeedbackInsightsFromJson(nlohmann::json::parse(body)); });
        break;
    }
    case FeedbackTab::Requests: {
        // Open and in-progress requests are all shown; of the done ones, the latest.
        static constexpr const char* kPaths[kContentStatusCount] = {
            "/api/feedback?kind=content_request&status=open&limit=500",
            "/api/feedback?kind=content_request&status=in_progress&limit=500",
            "/api/feedback?kind=content_request&status=done&limit=30",
        };
        Load<FeedbackPage>(state, api, [](AppState& s) -> Remote<FeedbackPage>& { return s.feedback.requests[0]; }, kPaths[0],
                           kRefreshSeconds / 4, PageFromJson);
        Load<FeedbackPage>(state, api, [](AppState& s) -> Remote<FeedbackPage>& { return s.feedback.requests[1]; }, kPaths[1],
                           kRefreshSeconds / 4, PageFromJson);
        Load<FeedbackPage>(state, api, [](AppState& s) -> Remote<FeedbackPage>& { return s.feedback.requests[2]; }, kPaths[2],
                           kRefreshSeconds / 4, PageFromJson);
        break;
    }
    case FeedbackTab::Wins: {
        std::string path = "/api/feedback/wins?from=" + FormatDate(today + 1 - query.win_days) + "&to=" + FormatDate(today + 1);
        Load<WinsDigest>(state, api, [](AppState& s) -> Remote<WinsDigest>& { return s.feedback.wins; }, path, kRefreshSeconds,
                         [](const std::string& body) { return WinsDigestFromJson(nlohmann::json::parse(body)); });
        break;
    }
    }
}

void CarryFeedback(AppState& state, ApiClient& api, const FeedbackIntents& intents) {
    FeedbackState& f = state.feedback;
    if (intents.refresh) {
        f.feed.stale = f.insights.stale = f.wins.stale = true;
        for (auto& list : f.requests) list.stale = true;
    }
    if (intents.create && !f.create.in_flight) {
        f.create.in_flight = true;
        f.create.error.clear();
        f.create.error_field.clear();
        api.Send("POST", "/api/feedback", WritableJson(*intents.create), [](AppState& s, const ApiResult& result) {
            Submission& create = s.feedback.create;
            create.in_flight = false;
            if (!result.Ok()) {
                create.error = result.ErrorMessage();
                nlohmann::json body = nlohmann::json::parse(result.body, nullptr, false);
                if (body.is_object() && body.contains("error") && body["error"].contains("field") && body["error"]["field"].is_string())
                    create.error_field = body["error"]["field"].get<std::string>();
                return;
            }
            nlohmann::json created = nlohmann::json::parse(result.body, nullptr, false);
            create.last_id = created.is_object() && created.contains("id") ? created["id"].get<std::int64_t>() : 0;
            ++create.succeeded;
            s.feedback.feed.stale = true;
        });
    }
    if (intents.suggest_leads) {
        std::string text = Trim(*intents.suggest_leads);
        LeadSuggestions& suggestions = f.lead_suggestions;
        if (text.empty()) suggestions = LeadSuggestions{.serial = suggestions.serial + 1};
        else if (text != suggestions.text || !suggestions.error.empty()) SuggestLeads(state, api, text);
    }
    if (intents.move_request && !f.moving.count(intents.move_request->first)) {
        const std::int64_t id = intents.move_request->first;
        const ContentStatus status = intents.move_request->second;
        f.moving.insert(id);
        f.move_error.clear();
        api.Send("PATCH", "/api/feedback/" + std::to_string(id), {{"status", std::string(ToString(status))}},
                 [id](AppState& s, const ApiResult& result) {
                     s.feedback.moving.erase(id);
                     if (!result.Ok()) s.feedback.move_error = result.ErrorMessage();
                     for (auto& list : s.feedback.requests) list.stale = true;
                 });
    }
    if (intents.load_more && !f.loading_more && f.feed.value && f.feed.value->next_cursor) {
        f.loading_more = true;
        std::string key = f.feed.key;
        api.Get(key + "&cursor=" + std::to_string(*f.feed.value->next_cursor), [key](AppState& s, const ApiResult& result) {
            FeedbackState& fs = s.feedback;
            fs.loading_more = false;
            if (fs.feed.key != key || !fs.feed.value) return;
            if (!result.Ok()) return fs.feed.Fail(result.ErrorMessage());
            try {
                FeedbackPage more = PageFromJson(result.body);
                for (Feedback& item : more.items) {
                    fs.known.insert(item.id);
                    fs.feed.value->items.push_back(std::move(item));
                }
                fs.feed.value->next_cursor = more.next_cursor;
            } catch (const std::exception& e) {
                fs.feed.Fail(std::string("unreadable feedback: ") + e.what());
            }
        });
    }
    auto mark_read = [&](std::int64_t id) {
        api.Send("POST", "/api/notifications/" + std::to_string(id) + "/read", nlohmann::json::object(),
                 [](AppState& s, const ApiResult&) { s.feedback.notifications.stale = true; });
    };
    if (intents.read_notification) mark_read(*intents.read_notification);
    if (intents.read_all_notifications && f.notifications.value)
        for (const Notification& notification : f.notifications.value->items)
            if (!notification.read_at) mark_read(notification.id);
    // Highlights fade on their own.
    for (auto it = f.fresh.begin(); it != f.fresh.end();) it = it->second < state.now ? f.fresh.erase(it) : std::next(it);
}

void OnFeedbackEvent(AppState& state, std::string_view type, std::string_view data) {
    FeedbackState& f = state.feedback;
    auto all = [&] {
        f.feed.stale = f.insights.stale = f.wins.stale = f.campaigns.stale = f.notifications.stale = true;
        for (auto& list : f.requests) list.stale = true;
    };
    if (type == "hello" || type == "reset") {
        all();
    } else if (type == "feedback") {
        f.feed.stale = f.insights.stale = f.wins.stale = true;
        for (auto& list : f.requests) list.stale = true;
    } else if (type == "lead" || type == "leads") {
        // A lead won or moved: the wins digest and the rejections' sources may have changed.
        f.wins.stale = f.insights.stale = true;
    } else if (type == "campaign") {
        f.campaigns.stale = f.insights.stale = true;
    } else if (type == "notification") {
        nlohmann::json event = nlohmann::json::parse(data, nullptr, false);
        bool mine = state.session.me && event.is_object() && event.contains("user_id") &&
                    event["user_id"].is_number_integer() && event["user_id"].get<std::int64_t>() == state.session.me->id;
        if (mine) f.notifications.stale = true;
    }
}

}  // namespace tandem
