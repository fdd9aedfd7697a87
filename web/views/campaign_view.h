// The campaign calendar view's pieces, one file each: the route it keeps in the URL and the small
// drawing helpers (campaign_view_parts.cpp), the header and filters (campaign_header.cpp), the month
// grid, the timeline and the list (campaign_month/timeline/list.cpp), the details panel with the
// launches list and the cancel confirmation (campaign_details.cpp), the campaign form
// (campaign_form.cpp) and the feed's subscribe panel (campaign_subscribe.cpp). The page that puts
// them together is view_campaigns.cpp. Like every view, they draw from the state and fill intents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app/state.h"
#include "tandem/calendar.h"
#include "views/form_guard.h"

namespace tandem::campaign_view {

// ---------------------------------------------------------------------------------------------
// [SECTION] The route: month, view, filters and selection (campaign_view_parts.cpp)
// ---------------------------------------------------------------------------------------------

enum class Mode { Month, Timeline, List };
inline constexpr const char* kModeNames[] = {"month", "timeline", "list"};
inline constexpr const char* kModeLabels[] = {"Month", "Timeline", "List"};

// What #/campaigns/31?month=2026-12&view=timeline&type=webinar&status=...&owner=...&segment=...&q=...
// says.
struct CalendarRoute {
    Period month;
    Mode mode = Mode::Month;
    CalendarFilter filter;
    std::optional<std::int64_t> selected;
};

std::optional<std::int64_t> PositiveId(const std::string& text);
// A campaign opened by a link without a month (from the scorecard) shows the month it starts in.
CalendarRoute ReadRoute(const Route& route, Date today, const CampaignPlan* plan);
Route WriteRoute(const CalendarRoute& calendar);
Route WithSelection(CalendarRoute calendar, std::optional<std::int64_t> id);
// Opening a campaign keeps the month unless the campaign does not run in it.
Route Opening(CalendarRoute calendar, const Campaign& campaign);

// ---------------------------------------------------------------------------------------------
// [SECTION] Colours and small drawing helpers (campaign_view_parts.cpp)
// ---------------------------------------------------------------------------------------------

// One colour per type: the theme's four named hues, and four more in the same spirit.
ImVec4 TypeColour(CampaignType type);
// Text on a filled bar: white on the light theme's deep hues, near-black on the dark theme's.
ImU32 TextOn(const ImVec4& fill);
// Done campaigns fade, cancelled ones fade more.
float StatusAlpha(CampaignStatus status);
// `text` cut to `width` with an ellipsis, never inside a UTF-8 character.
std::string Ellipsize(const std::string& text, float width);
std::string ShortDay(Date date);                 // "Dec 3"
std::string Weekday(Date date);                  // "Mon"
int DayOfMonth(Date date);
std::string Plural(std::int64_t count, const char* one, const char* many);   // "1 campaign", "3 campaigns"
// "Starts in 4 days", "Running: day 3 of 10", "Ended 12 days ago".
std::string WhenText(const Campaign& campaign, Date today);
std::string Ago(Timestamp then, Timestamp now);  // "just now", "5 minutes ago"
std::string OwnerName(const AppState& state, const std::optional<std::int64_t>& owner);
bool CanWrite(const AppState& state);
// A small square of the type's colour, centred on the text line.
void TypeSwatch(CampaignType type, float alpha = 1.0f);
// A campaign's bar: filled in its type's colour (faded when done, pale and struck through when
// cancelled), square where it continues beyond what is shown, outlined red when it clashes.
void DrawBar(ImDrawList* draw, ImVec2 min, ImVec2 max, const Campaign& campaign, bool clashes, bool selected,
             bool hovered, bool open_left, bool open_right, const std::string& label);
void BarTooltip(const AppState& state, const CampaignView& view);
// A drop-down whose options are mirrored while it is open (the browser tests pick from it), named
// `name` for screen readers when no FieldLabel comes before it. Returns the index clicked, or -1.
int Choice(const char* id, const std::vector<std::string>& labels, const std::vector<std::string>& keys, int selected,
           float width, std::string_view name = {});

// ---------------------------------------------------------------------------------------------
// [SECTION] Header and filters (campaign_header.cpp)
// ---------------------------------------------------------------------------------------------

struct HeaderActions {
    bool create = false;
    bool subscribe = false;
};
// `right_width` is the right-hand group's width in the previous frame, so it can be right-aligned.
HeaderActions DrawHeader(const AppState& state, const CalendarRoute& calendar, bool loading, Date today, Intents& intents,
                         float& right_width);

// The search field filters as one types; the URL (a history entry) follows once typing pauses.
struct SearchBox {
    char text[128] = {};
    bool dirty = false;                // typed but not yet in the URL
    double edited_at = 0;
};
// `calendar` is the route read from the URL; while the search is being typed, its text is the
// field's.
void DrawFilters(const AppState& state, CalendarRoute& calendar, const CampaignPlan& plan, SearchBox& search,
                 Intents& intents);

// ---------------------------------------------------------------------------------------------
// [SECTION] Month grid, timeline, list (campaign_month.cpp, campaign_timeline.cpp, campaign_list.cpp)
// ---------------------------------------------------------------------------------------------

// `shown` indexes the plan's campaigns that the filters keep.
class MonthGridView {
public:
    void Draw(const AppState& state, const CalendarRoute& calendar, const CampaignPlan& plan,
              const std::vector<std::size_t>& shown, Date today, ImVec2 size, Intents& intents);

private:
    void DrawDayPopup(const CalendarRoute& calendar, const CampaignPlan& plan, const std::vector<std::size_t>& shown,
                      Intents& intents);

    Date m_day = 0;                    // the day whose "+N more" popup is open
};

// `fit`: on a page that scrolls (stacked on a narrow screen), no taller than its rows need.
void DrawTimeline(const AppState& state, const CalendarRoute& calendar, const CampaignPlan& plan,
                  const std::vector<std::size_t>& shown, Date today, ImVec2 size, bool fit, Intents& intents);
void DrawList(const AppState& state, const CalendarRoute& calendar, const CampaignPlan& plan,
              const std::vector<std::size_t>& shown, ImVec2 size, Intents& intents);

// ---------------------------------------------------------------------------------------------
// [SECTION] Details panel, launches, cancelling (campaign_details.cpp)
// ---------------------------------------------------------------------------------------------

struct DetailsActions {
    bool edit = false;
    bool cancel = false;
};
DetailsActions DrawDetails(const AppState& state, const CalendarRoute& calendar, const CampaignPlan& plan,
                           const CampaignView& view, Date today, ImVec2 size, Intents& intents);
// "Launching in the next 14 days", with the colour key below.
void DrawLaunches(const CalendarRoute& calendar, const CampaignPlan& plan, Date today, ImVec2 size, Intents& intents);

// Cancelling asks once: it changes what sales and every subscribed calendar see.
class CancelConfirm {
public:
    void Open(const Campaign& campaign);
    void Draw(const AppState& state, Intents& intents);

private:
    Campaign m_campaign;
    bool m_open_requested = false;
    int m_serial = 0;
    int m_count = 0;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] The campaign form (campaign_form.cpp)
// ---------------------------------------------------------------------------------------------

class CampaignForm {
public:
    void OpenNew(const AppState& state, Date first_day);
    void OpenEdit(const Campaign& campaign);
    // Draws the modal while it is open; fills the intents to save.
    void Draw(const AppState& state, const CalendarRoute& calendar, const CampaignPlan& plan, Intents& intents);

private:
    static int NextSerial();
    void Reset();
    void Fill(const Campaign& campaign);
    // The form as the JSON a client would send; CampaignFromJson is the judge.
    nlohmann::json FormJson() const;

    bool m_open_requested = false;
    bool m_focus_name = false;
    bool m_editing = false;
    FormGuard m_guard;
    nlohmann::json m_opened_with;      // FormJson() when opened: anything else is unsaved work
    Campaign m_campaign;               // type, status, and for edits id and revision
    std::optional<std::int64_t> m_owner;
    int m_serial = 0;
    char m_name[256] = {};
    char m_offer[256] = {};
    char m_goal[24] = {};
    char m_start[16] = {};
    char m_end[16] = {};
    char m_industries[1024] = {};
    char m_titles[1024] = {};
    char m_regions[1024] = {};
    char m_size_min[24] = {};
    char m_size_max[24] = {};
    char m_notes[10001] = {};
    char m_description[10001] = {};
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Subscribe (campaign_subscribe.cpp)
// ---------------------------------------------------------------------------------------------

// The private feed URL: created (or replaced) and shown once, copied, revoked.
class SubscribePanel {
public:
    void Open() { m_open_requested = true; }
    void Draw(const AppState& state, Intents& intents);

private:
    bool m_open_requested = false;
    bool m_copied = false;
    char m_url[512] = {};
};

}  // namespace tandem::campaign_view
