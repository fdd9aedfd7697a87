// The feedback form and feed, and marketing's views of it (reasons, objections, content requests, wins).
// The feature's data and intents live here; the view draws from FeedbackState and fills FeedbackIntents,
// and the app calls SyncFeedback every frame, CarryFeedback after drawing, and OnFeedbackEvent for each
// pushed event. The in-app notifications (the top bar's bell) live here too: today they all come from
// content requests.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/remote.h"
#include "tandem/feedback.h"
#include "tandem/feedback_insights.h"
#include "tandem/notification.h"
#include "tandem/route.h"

namespace tandem {

struct AppState;
class ApiClient;

// [SECTION] What the route asks for

enum class FeedbackTab { Feed, Insights, Requests, Wins };

// The feed's filters, kept in the URL: #/feedback?kind=objection&lead=42&campaign=3&author=5&tag=pricing
struct FeedFilter {
    std::optional<FeedbackKind> kind;
    std::optional<std::int64_t> lead_id;
    std::optional<std::int64_t> campaign_id;
    std::optional<std::int64_t> author_id;
    std::string tag;

    bool Any() const { return kind || lead_id || campaign_id || author_id || !tag.empty(); }
};

struct FeedbackQuery {
    FeedbackTab tab = FeedbackTab::Feed;
    FeedFilter filter;
    int insight_weeks = 13;                 // ?weeks=4|13|26|52
    int win_days = 30;                      // ?days=30|90|365
    std::optional<std::int64_t> request;    // ?request=12: the content request to point at
};

// Reads a #/feedback route (unknown or malformed values fall back to the defaults).
FeedbackQuery FeedbackQueryFrom(const Route& route);
// The canonical route for a query.
Route FeedbackRoute(const FeedbackQuery& query);

// [SECTION] Data

struct FeedbackPage {
    std::vector<Feedback> items;            // newest first
    std::optional<std::int64_t> next_cursor;
};

struct CampaignName {
    std::int64_t id = 0;
    std::string name;
};

// A write and how it went, for the view to show: in flight, the error (with the field the server
// blamed), and a counter that moves on each success so a form knows to close.
struct Submission {
    bool in_flight = false;
    std::string error;
    std::string error_field;
    int succeeded = 0;
    std::int64_t last_id = 0;
};

inline constexpr std::size_t kContentStatusCount = 3;

// A lead as the form's lead field offers it.
struct LeadChoice {
    std::int64_t id = 0;
    std::string name;
    std::string email;
    std::string company;
};

// The leads the form's lead field offers for what was typed: those whose name, email or company
// hold the text, newest first, after the lead with that number when the text is one. Each new text
// gets a new serial, and answers carrying an older one are dropped: typing outruns the server.
struct LeadSuggestions {
    static constexpr int kLimit = 8;
    std::string text;                       // what they are for (trimmed); "" none asked
    int serial = 0;
    int in_flight = 0;                      // requests for `text` not answered yet
    std::vector<LeadChoice> matches;
    std::optional<LeadChoice> numbered;     // a number typed: the lead with that id, if any
    std::string error;

    // Answered in full for `typed`.
    bool ReadyFor(const std::string& typed) const { return text == typed && in_flight == 0; }
    // What to offer: the numbered lead first, then the matches without it, kLimit at most.
    std::vector<LeadChoice> Choices() const;
};

struct FeedbackState {
    Remote<FeedbackPage> feed;              // the first page for the route's filters, plus any loaded after it
    bool loading_more = false;
    Remote<FeedbackInsights> insights;
    Remote<WinsDigest> wins;
    std::array<Remote<FeedbackPage>, kContentStatusCount> requests;   // by ContentStatus
    Remote<std::vector<CampaignName>> campaigns;                      // for names, filters and the form
    Remote<NotificationList> notifications;

    Submission create;
    LeadSuggestions lead_suggestions;       // for the form's lead field
    std::set<std::int64_t> moving;          // content requests whose status change is in flight
    std::string move_error;
    // Feedback that arrived while the feed was open, highlighted for a few seconds.
    std::map<std::int64_t, double> fresh;   // id -> until (AppState::now)
    std::set<std::int64_t> known;           // ids the feed has shown, to tell which are new
};

// The name of a campaign id, or "Campaign 7" while the list is not loaded.
std::string CampaignLabel(const FeedbackState& state, std::int64_t id);

// [SECTION] Intents

struct FeedbackIntents {
    std::optional<Feedback> create;         // writable fields, already checked with FeedbackFromJson
    std::optional<std::string> suggest_leads;   // the form's lead field: the text typed, once typing paused
    std::optional<std::pair<std::int64_t, ContentStatus>> move_request;
    bool load_more = false;
    bool refresh = false;
    std::optional<std::int64_t> read_notification;
    bool read_all_notifications = false;
};

void SyncFeedback(AppState& state, ApiClient& api);
void CarryFeedback(AppState& state, ApiClient& api, const FeedbackIntents& intents);
void OnFeedbackEvent(AppState& state, std::string_view type, std::string_view data);

}  // namespace tandem
