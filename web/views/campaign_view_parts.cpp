// The campaign calendar's route (month, view, filters and the open campaign, all in the URL) and the
// colours and small drawing helpers its pieces share.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "tandem/codec.h"
#include "tandem/format.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/campaign_view.h"

namespace tandem::campaign_view {

// ---------------------------------------------------------------------------------------------
// [SECTION] The route: month, view, filters and selection
// ---------------------------------------------------------------------------------------------

namespace {

std::string QueryValue(const Route& route, const char* key) {
    auto it = route.query.find(key);
    return it == route.query.end() ? std::string() : it->second;
}

}  // namespace

std::optional<std::int64_t> PositiveId(const std::string& text) {
    if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    std::int64_t value = std::stoll(text);
    return value > 0 ? std::optional<std::int64_t>(value) : std::nullopt;
}

CalendarRoute ReadRoute(const Route& route, Date today, const CampaignPlan* plan) {
    CalendarRoute out;
    out.selected = route.id;
    std::optional<Period> month = ParseMonth(QueryValue(route, "month"));
    if (!month && out.selected && plan)
        if (const CampaignView* view = plan->Find(*out.selected)) month = CurrentPeriod(PeriodKind::Month, view->campaign.start);
    out.month = month.value_or(CurrentPeriod(PeriodKind::Month, today));
    std::string mode = QueryValue(route, "view");
    for (int i = 0; i < 3; ++i)
        if (mode == kModeNames[i]) out.mode = static_cast<Mode>(i);
    out.filter.type = ParseEnum<CampaignType>(QueryValue(route, "type"));
    out.filter.status = ParseEnum<CampaignStatus>(QueryValue(route, "status"));
    out.filter.owner_id = PositiveId(QueryValue(route, "owner"));
    out.filter.segment = ParseSegmentTerm(QueryValue(route, "segment"));
    out.filter.text = QueryValue(route, "q");
    return out;
}

Route WriteRoute(const CalendarRoute& calendar) {
    Route route;
    route.view = View::Campaigns;
    route.id = calendar.selected;
    route.query["month"] = FormatMonth(calendar.month);
    if (calendar.mode != Mode::Month) route.query["view"] = kModeNames[static_cast<int>(calendar.mode)];
    const CalendarFilter& filter = calendar.filter;
    if (filter.type) route.query["type"] = std::string(ToString(*filter.type));
    if (filter.status) route.query["status"] = std::string(ToString(*filter.status));
    if (filter.owner_id) route.query["owner"] = std::to_string(*filter.owner_id);
    if (filter.segment) route.query["segment"] = FormatSegmentTerm(*filter.segment);
    if (!filter.text.empty()) route.query["q"] = filter.text;
    return route;
}

Route WithSelection(CalendarRoute calendar, std::optional<std::int64_t> id) {
    calendar.selected = id;
    return WriteRoute(calendar);
}

Route Opening(CalendarRoute calendar, const Campaign& campaign) {
    if (campaign.end < calendar.month.from || campaign.start >= calendar.month.to)
        calendar.month = CurrentPeriod(PeriodKind::Month, campaign.start);
    return WithSelection(calendar, campaign.id);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Colours and small drawing helpers
// ---------------------------------------------------------------------------------------------

namespace {

constexpr ImVec4 Hex(unsigned rgb) {
    return ImVec4(((rgb >> 16) & 0xff) / 255.0f, ((rgb >> 8) & 0xff) / 255.0f, (rgb & 0xff) / 255.0f, 1.0f);
}

bool DarkTheme() { return ui::Colors().background.x < 0.5f; }

}  // namespace

ImVec4 TypeColour(CampaignType type) {
    const ui::Palette& p = ui::Colors();
    bool dark = DarkTheme();
    switch (type) {
    case CampaignType::Webinar: return p.accent;
    case CampaignType::Email: return p.sales;
    case CampaignType::Paid: return p.warn;
    case CampaignType::Event: return p.marketing;
    case CampaignType::Content: return dark ? Hex(0x4ADE80) : Hex(0x2F8A4E);
    case CampaignType::ProductLaunch: return dark ? Hex(0xF472B6) : Hex(0xC93A78);
    case CampaignType::Social: return dark ? Hex(0x38BDF8) : Hex(0x0477B5);
    case CampaignType::Other: break;
    }
    return dark ? Hex(0x94A3B8) : Hex(0x5F6B7D);
}

ImU32 TextOn(const ImVec4& fill) {
    float luminance = 0.2126f * fill.x + 0.7152f * fill.y + 0.0722f * fill.z;
    return luminance > 0.55f ? ui::U32(Hex(0x10141C)) : ui::U32(Hex(0xFFFFFF));
}

float StatusAlpha(CampaignStatus status) {
    switch (status) {
    case CampaignStatus::Done: return 0.55f;
    case CampaignStatus::Cancelled: return 0.3f;
    case CampaignStatus::Planned:
    case CampaignStatus::Live: break;
    }
    return 1.0f;
}

std::string Ellipsize(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    const char* ellipsis = "…";
    float room = width - ImGui::CalcTextSize(ellipsis).x;
    if (room <= 0) return "";
    std::size_t cut = text.size();
    while (cut > 0) {
        --cut;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        if (ImGui::CalcTextSize(text.c_str(), text.c_str() + cut).x <= room) break;
    }
    return cut == 0 ? std::string() : text.substr(0, cut) + ellipsis;
}

std::string ShortDay(Date date) {
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int year, month, day;
    CivilFromDays(date, year, month, day);
    return std::string(kMonths[month - 1]) + " " + std::to_string(day);
}

std::string Weekday(Date date) {
    static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    return kDays[(date - WeekStart(date)) % 7];
}

int DayOfMonth(Date date) {
    int year, month, day;
    CivilFromDays(date, year, month, day);
    return day;
}

std::string Plural(std::int64_t count, const char* one, const char* many) {
    return FormatCount(count) + " " + (count == 1 ? one : many);
}

std::string WhenText(const Campaign& campaign, Date today) {
    if (campaign.status == CampaignStatus::Cancelled) return "Cancelled";
    if (today < campaign.start) {
        int days = campaign.start - today;
        return days == 1 ? "Starts tomorrow" : "Starts in " + std::to_string(days) + " days";
    }
    if (today <= campaign.end)
        return "Running: day " + std::to_string(today - campaign.start + 1) + " of " +
               std::to_string(campaign.end - campaign.start + 1);
    int days = today - campaign.end;
    return days == 1 ? "Ended yesterday" : "Ended " + std::to_string(days) + " days ago";
}

std::string Ago(Timestamp then, Timestamp now) {
    Timestamp seconds = std::max<Timestamp>(0, now - then);
    if (seconds < 90) return "just now";
    if (seconds < 90 * 60) return std::to_string(seconds / 60) + " minutes ago";
    if (seconds < 36 * 3600) return std::to_string(seconds / 3600) + " hours ago";
    return std::to_string(seconds / 86400) + " days ago";
}

std::string OwnerName(const AppState& state, const std::optional<std::int64_t>& owner) {
    return owner ? UserName(state, *owner) : std::string("Nobody yet");
}

bool CanWrite(const AppState& state) {
    return state.session.me && Can(state.session.me->role, Action::WriteCampaigns);
}

void TypeSwatch(CampaignType type, float alpha) {
    float size = ui::Px(10);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float line = ImGui::GetTextLineHeight();
    ImGui::Dummy(ImVec2(size, line));
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(pos.x, pos.y + (line - size) * 0.5f),
                                              ImVec2(pos.x + size, pos.y + (line + size) * 0.5f),
                                              ui::U32(TypeColour(type), alpha), ui::Px(3));
}

void DrawBar(ImDrawList* draw, ImVec2 min, ImVec2 max, const Campaign& campaign, bool clashes, bool selected,
             bool hovered, bool open_left, bool open_right, const std::string& label) {
    ImVec4 colour = TypeColour(campaign.type);
    float alpha = StatusAlpha(campaign.status) * (hovered ? 0.9f : 1.0f);
    float rounding = ui::Px(4);
    ImDrawFlags corners = 0;
    if (!open_left) corners |= ImDrawFlags_RoundCornersLeft;
    if (!open_right) corners |= ImDrawFlags_RoundCornersRight;
    if (corners == 0) {
        corners = ImDrawFlags_RoundCornersNone;
        rounding = 0;
    }
    draw->AddRectFilled(min, max, ui::U32(colour, alpha), rounding, corners);
    if (clashes) draw->AddRect(min, max, ui::U32(ui::Colors().bad), rounding, corners, ui::Px(2));
    if (selected)
        draw->AddRect(ImVec2(min.x - ui::Px(2), min.y - ui::Px(2)), ImVec2(max.x + ui::Px(2), max.y + ui::Px(2)),
                      ui::U32(ui::Colors().text), rounding + ui::Px(2), corners, ui::Px(2));
    if (label.empty()) return;
    ImU32 text = campaign.status == CampaignStatus::Done || campaign.status == CampaignStatus::Cancelled
                     ? ui::U32(ui::Colors().text)
                     : TextOn(colour);
    float pad = ui::Px(6);
    std::string prefix = clashes ? ICON_WARNING " " : "";
    std::string shown = Ellipsize(prefix + label, max.x - min.x - 2 * pad);
    ImVec2 size = ImGui::CalcTextSize(shown.c_str());
    ImVec2 at(min.x + pad, min.y + (max.y - min.y - size.y) * 0.5f);
    draw->AddText(at, text, shown.c_str());
    if (campaign.status == CampaignStatus::Cancelled) {
        float y = std::round(at.y + size.y * 0.55f);
        draw->AddLine(ImVec2(at.x, y), ImVec2(at.x + size.x, y), text, ui::Px(1));
    }
}

void BarTooltip(const AppState& state, const CampaignView& view) {
    const Campaign& campaign = view.campaign;
    ImGui::BeginTooltip();
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ImGui::TextUnformatted(campaign.name.c_str());
    ImGui::PopFont();
    std::string line = CampaignTypeLabel(campaign.type) + " · " + CampaignStatusLabel(campaign.status) + " · " +
                       FormatDayRange(campaign.start, campaign.end);
    ui::MutedText(line.c_str());
    if (!campaign.offer.empty()) ImGui::Text("Offer: %s", campaign.offer.c_str());
    ImGui::Text("Audience: %s", DescribeSegment(campaign.segment).c_str());
    ImGui::Text("Owner: %s", OwnerName(state, campaign.owner_id).c_str());
    if (!view.clashes.empty())
        ImGui::TextColored(ui::Colors().bad, ICON_WARNING "  Clashes with %s",
                           Plural(static_cast<std::int64_t>(view.clashes.size()), "campaign", "campaigns").c_str());
    ImGui::EndTooltip();
}


int Choice(const char* id, const std::vector<std::string>& labels, const std::vector<std::string>& keys, int selected,
           float width, std::string_view name) {
    int clicked = -1;
    ImGui::SetNextItemWidth(width);
    const char* preview = selected >= 0 && selected < static_cast<int>(labels.size()) ? labels[selected].c_str() : "";
    bool open = ImGui::BeginCombo((std::string("##") + id).c_str(), preview, ImGuiComboFlags_HeightLarge);
    ui::Mirror(id, preview, {.role = ui::Role::Combobox, .name = name});
    if (open) {
        for (std::size_t i = 0; i < labels.size(); ++i) {
            bool is_selected = static_cast<int>(i) == selected;
            if (ImGui::Selectable((labels[i] + "##" + keys[i]).c_str(), is_selected)) clicked = static_cast<int>(i);
            ui::Mirror(std::string(id) + "-option-" + keys[i], labels[i]);
            if (is_selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    return clicked;
}

}  // namespace tandem::campaign_view
