// The leads table: filters kept in the URL, and a virtualised list over server-side pages. Only the
// rows on screen are drawn (ImGuiListClipper) and the state fetches only the pages around them, so
// a million leads scroll like a hundred. Arrow keys move the selection, Enter opens the lead.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui_internal.h>

#include "app/leads.h"
#include "platform/platform.h"
#include "tandem/format.h"
#include "ui/icons.h"
#include "ui/keys.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/leads_parts.h"

namespace tandem::leads_ui {

namespace {

constexpr Stage kStages[] = {Stage::New, Stage::Mql, Stage::SalesReady, Stage::Sql, Stage::Opportunity,
                             Stage::Won, Stage::Lost, Stage::Recycled, Stage::Disqualified};
constexpr Source kSources[] = {Source::Webinar, Source::ContentDownload, Source::PaidSearch, Source::Social, Source::Referral,
                               Source::Event,   Source::Website,         Source::Outbound,   Source::Other};

Route WithQuery(const Route& from, const std::string& key, const std::string& value) {
    Route route;
    route.view = View::Leads;
    route.query = from.query;
    route.query.erase("view");
    if (value.empty()) route.query.erase(key);
    else route.query[key] = value;
    return route;
}

std::string ShortDate(Timestamp at) { return FormatDate(DateOf(at)); }

// A row as a spreadsheet takes it when pasted: the columns shown (with the email too), tab-separated.
std::string RowText(const AppState& state, const LeadRow& row) {
    char score[16];
    std::snprintf(score, sizeof score, "%.0f", row.score);
    std::string owner = row.owner_id ? UserName(state, *row.owner_id) : std::string();
    std::string cells[] = {std::to_string(row.id), row.name, row.email, row.company, StageLabel(row.stage),
                           SourceLabel(row.source), score, owner, ShortDate(row.created_at)};
    std::string text;
    for (std::string& cell : cells) {
        std::replace_if(cell.begin(), cell.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
        if (!text.empty()) text += '\t';
        text += cell;
    }
    return text;
}

template <class E, std::size_t N>
void EnumFilter(const AppState& state, Intents& intents, const char* id, const char* any, const E (&values)[N],
                std::optional<E> current, std::string (*label)(E), float width) {
    std::string preview = current ? label(*current) : std::string(any);
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo((std::string("##") + id).c_str(), preview.c_str())) {
        if (ImGui::Selectable(any, !current)) intents.navigate = WithQuery(state.route, id, "");
        for (E value : values) {
            if (ImGui::Selectable(label(value).c_str(), current == value))
                intents.navigate = WithQuery(state.route, id, std::string(ToString(value)));
            ui::Mirror(std::string("filter-") + id + "/" + std::string(ToString(value)), label(value));
        }
        ImGui::EndCombo();
    }
    std::string name = std::string("Filter by ") + id;
    ui::Mirror(std::string("filter-") + id, preview, {.role = ui::Role::Combobox, .name = name});
}

// A removable chip for a filter the toolbar has no control for (dates and campaigns from links).
bool FilterChip(const std::string& id, const std::string& text) {
    const ui::Palette& colors = ui::Colors();
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, ui::Px(12));
    ImGui::PushStyleColor(ImGuiCol_Button, colors.accent_soft);
    ImGui::PushStyleColor(ImGuiCol_Text, colors.accent);
    bool clicked = ImGui::Button((text + "  " ICON_CLOSE "##" + id).c_str());
    ImGui::PopStyleColor(2);
    ImGui::PopStyleVar();
    ui::Mirror(id, text);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this filter");
    return clicked;
}

}  // namespace

namespace {

// What a scorecard figure's list holds, in words: "Entered MQL 2026-11-01 to 2026-11-30 · Webinar".
std::string FigureDescription(const AppState& state, const LeadFilters& filters) {
    std::string text;
    if (filters.sla == "breached") text = "Waiting past the SLA now";
    else if (filters.sla == "missed") text = "Missed the SLA (answered late, or not at all yet)";
    else if (filters.entered == Stage::New) text = "Created";
    else if (filters.entered) text = "Entered " + StageLabel(*filters.entered);
    if (filters.sla != "breached" && filters.entered_from && filters.entered_to)
        text += (filters.sla == "missed" ? ", handed over " : " ") + FormatDate(*filters.entered_from) + " to " +
                FormatDate(*filters.entered_to - 1);
    if (filters.source) text += " · " + SourceLabel(*filters.source);
    if (filters.campaign)
        text += " · " + (*filters.campaign == 0 ? std::string("no campaign") : CampaignLabel(state.feedback, *filters.campaign));
    return text;
}

}  // namespace

void LeadTableView::DrawFilters(const AppState& state, Intents& intents) {
    LeadFilters filters = LeadFiltersFrom(state.route);
    // A scorecard figure's list: exactly the leads the figure counts, so no other filter applies.
    // The controls wrap onto more lines where the window is narrow.
    ui::Flow flow("filters");
    if (filters.Figure()) {
        flow.Next();
        ImGui::AlignTextToFramePadding();
        std::string text = "From the scorecard: " + FigureDescription(state, filters);
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ui::Mirror("filter-figure", text);
        flow.Next();
        if (ImGui::Button("Show all leads")) {
            Route all;
            all.view = View::Leads;
            intents.navigate = all;
        }
        ui::Mirror("filter-figure-clear", "Show all leads");
        flow.End();
        return;
    }
    if (filters.q != m_search_for) {
        std::snprintf(m_search, sizeof m_search, "%s", filters.q.c_str());
        m_search_for = filters.q;
    }
    flow.Next();
    ImGui::SetNextItemWidth(ui::Px(240));
    bool submitted = ImGui::InputTextWithHint("##search", ICON_SEARCH "  Email, name or company", m_search, sizeof m_search,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemEdited()) m_search_edited_at = state.now;
    ui::Mirror("filter-q", m_search, {.name = "Search leads"});
    // The list follows the typing once it pauses, or at once on Enter; meanwhile frames keep coming
    // so the pause is noticed without further input.
    constexpr double kSearchPause = 0.3;
    bool paused = m_search_edited_at > 0 && state.now - m_search_edited_at >= kSearchPause;
    if (m_search_edited_at > 0 && !paused) platform::RequestFrame();
    if (submitted || paused) {
        m_search_edited_at = 0;
        if (filters.q != m_search) intents.navigate = WithQuery(state.route, "q", m_search);
    }
    flow.Next();
    EnumFilter(state, intents, "stage", "Any stage", kStages, filters.stage, StageLabel, ui::Px(140));
    flow.Next();
    EnumFilter(state, intents, "source", "Any source", kSources, filters.source, SourceLabel, ui::Px(160));
    flow.Next();
    {
        std::string preview = filters.owner.empty()  ? "Any owner"
                              : filters.owner == "me"   ? "Mine"
                              : filters.owner == "none" ? "Unassigned"
                                                        : UserName(state, std::stoll(filters.owner));
        ImGui::SetNextItemWidth(ui::Px(150));
        if (ImGui::BeginCombo("##owner", preview.c_str())) {
            if (ImGui::Selectable("Any owner", filters.owner.empty())) intents.navigate = WithQuery(state.route, "owner", "");
            if (ImGui::Selectable("Mine", filters.owner == "me")) intents.navigate = WithQuery(state.route, "owner", "me");
            if (ImGui::Selectable("Unassigned", filters.owner == "none"))
                intents.navigate = WithQuery(state.route, "owner", "none");
            if (state.users.value) {
                for (const User& user : *state.users.value) {
                    if (user.role != Role::SalesRep && user.role != Role::SalesLeader) continue;
                    std::string key = std::to_string(user.id);
                    if (ImGui::Selectable((user.name + "##" + key).c_str(), filters.owner == key))
                        intents.navigate = WithQuery(state.route, "owner", key);
                }
            }
            ImGui::EndCombo();
        }
        ui::Mirror("filter-owner", preview, {.role = ui::Role::Combobox, .name = "Filter by owner"});
    }
    if (filters.created_from || filters.created_to) {
        flow.Next();
        std::string text = "Created ";
        if (filters.created_from && filters.created_to)
            text += FormatDate(*filters.created_from) + " – " + FormatDate(*filters.created_to - 1);
        else if (filters.created_from)
            text += "from " + FormatDate(*filters.created_from);
        else
            text += "before " + FormatDate(*filters.created_to);
        if (FilterChip("filter-created", text)) {
            Route next = WithQuery(state.route, "created_from", "");
            next.query.erase("created_to");
            intents.navigate = next;
        }
    }
    if (filters.campaign) {
        flow.Next();
        if (FilterChip("filter-campaign", "Campaign " + std::to_string(*filters.campaign)))
            intents.navigate = WithQuery(state.route, "campaign", "");
    }
    if (filters.Any()) {
        flow.Next();
        ImGui::AlignTextToFramePadding();
        if (ui::Link("filter-clear", "Clear filters")) {
            Route route;
            route.view = View::Leads;
            intents.navigate = route;
        }
    }
    flow.End();
}

void LeadTableView::Draw(const AppState& state, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    const LeadTable& table = state.leads.table;
    DrawFilters(state, intents);
    // Right after the filters changed, the table still holds the old ones' rows for a frame.
    bool current = table.query == LeadFiltersQuery(LeadFiltersFrom(state.route));

    // The count line: how many match, how far the reader has come.
    ImGui::Dummy(ImVec2(0, ui::Px(2)));
    ui::Flow line("count-line", ui::Px(8));
    line.Next();
    std::string count = current && table.total ? FormatCount(*table.total) + (*table.total == 1 ? " lead" : " leads")
                                               : "Counting…";
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ImGui::TextUnformatted(count.c_str());
    ImGui::PopFont();
    ui::Mirror("leads-count", count);
    line.Next();
    ImGui::PushTextWrapPos(0);
    ui::MutedText("newest first · ↑ ↓ to move, Enter to open, Ctrl+C to copy");
    ImGui::PopTextWrapPos();
    if (m_copied) {
        line.Next();
        std::string copied = "Copied lead " + std::to_string(*m_copied) + "'s row";
        ImGui::TextColored(colors.good, ICON_CHECK "  %s", copied.c_str());
        ui::Mirror("row-copied", copied, {.role = ui::Role::Status});
    }
    if (table.stale_since > 0) {
        line.Next();
        if (ui::Link("leads-new", "New leads arrived · show them")) intents.leads.refresh = true;
    }
    line.End();
    if (!table.error.empty()) {
        if (ui::Banner("leads-error", ui::BannerKind::Error, (ICON_WARNING "  The leads could not be loaded: " + table.error).c_str(),
                       "Retry"))
            intents.leads.refresh = true;
    }

    int known = current ? table.KnownRows() : 0;
    // While more pages exist, one page of placeholder rows below the known ones lets the reader
    // scroll on; reaching them fetches the next page.
    int rows = known + (table.end_known ? 0 : LeadTable::kPageRows);
    if (table.total) rows = static_cast<int>(std::min<std::int64_t>(rows, *table.total));
    if (!current) rows = 0;
    if (current && rows == 0 && table.end_known) {
        ui::EmptyState("leads-empty", ICON_LEADS, "No leads match",
                       "Change or clear the filters to see more leads.");
        return;
    }

    // Keyboard: arrows, page keys, Home/End move the selection; Enter opens the lead (unless a
    // focused filter or button has Enter for itself).
    bool keys = ui::PageKeysFree();
    float row_height = ImGui::GetTextLineHeight() + ui::Px(14);
    float pitch = m_row_pitch > 0 ? m_row_pitch : row_height;   // row height with cell padding, as measured
    float height = std::max(ui::Px(160), ImGui::GetContentRegionAvail().y - ui::Px(4));
    int page_rows = std::max(1, static_cast<int>(height / pitch) - 2);
    if (keys) ClaimListKeys();
    if (keys && rows > 0) {
        int before = m_selected;
        if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) m_selected = std::min(rows - 1, m_selected + 1);
        if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) m_selected = std::max(0, m_selected - 1);
        if (ImGui::IsKeyPressed(ImGuiKey_PageDown)) m_selected = std::min(rows - 1, std::max(0, m_selected) + page_rows);
        if (ImGui::IsKeyPressed(ImGuiKey_PageUp)) m_selected = std::max(0, m_selected - page_rows);
        if (ImGui::IsKeyPressed(ImGuiKey_Home)) m_selected = 0;
        if (ImGui::IsKeyPressed(ImGuiKey_End)) m_selected = std::max(0, known - 1);
        if (m_selected != before) {
            m_scroll_to = m_selected;
            m_copied.reset();
        }
        bool enter = ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false);
        if (m_selected >= 0 && enter && !ui::WidgetHasKeyboardFocus()) {
            if (const LeadRow* row = table.Row(m_selected)) intents.navigate = LeadsRoute(state.route, row->id);
        }
        const ImGuiIO& io = ImGui::GetIO();
        if (m_selected >= 0 && (io.KeyCtrl || io.KeySuper) && ImGui::IsKeyPressed(ImGuiKey_C, false)) {
            if (const LeadRow* row = table.Row(m_selected)) CopyRow(state, *row, intents);
        }
    }

    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX | ImGuiTableFlags_Hideable;
    int first = 0, last = -1;
    // Narrower, the less telling columns go (a row's accessible name still says them all): the
    // dates and sources first, then owners, then companies and scores.
    float width = ImGui::GetContentRegionAvail().x;
    auto shown_from = [&](float css) { return width >= ui::Px(css) ? 0 : ImGuiTableColumnFlags_Disabled; };
    float min_width = ui::Px(width >= ui::Px(860) ? 860 : width >= ui::Px(640) ? 620 : width >= ui::Px(480) ? 470 : 320);
    if (ui::BeginPageTable("leads-table", 8, flags, ImVec2(0, height), min_width)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("ID", ImGuiTableColumnFlags_WidthFixed, ui::Px(width >= ui::Px(480) ? 76 : 60));
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn("Company", ImGuiTableColumnFlags_WidthStretch | shown_from(480), 1.3f);
        ImGui::TableSetupColumn("Stage", ImGuiTableColumnFlags_WidthFixed, ui::Px(120));
        ImGui::TableSetupColumn("Source", ImGuiTableColumnFlags_WidthStretch | shown_from(860), 0.9f);
        ImGui::TableSetupColumn("Score", ImGuiTableColumnFlags_WidthFixed | shown_from(480), ui::Px(56));
        ImGui::TableSetupColumn("Owner", ImGuiTableColumnFlags_WidthStretch | shown_from(640), 0.8f);
        ImGui::TableSetupColumn("Created", ImGuiTableColumnFlags_WidthFixed | shown_from(860), ui::Px(96));
        ImGui::TableHeadersRow();
        if (m_scroll_to >= 0) {
            // Keep the selected row in view: the header row is frozen above the rows.
            float header = pitch;
            float y = static_cast<float>(m_scroll_to) * pitch;
            float view = ImGui::GetWindowHeight() - header;
            if (y < ImGui::GetScrollY()) ImGui::SetScrollY(y);
            else if (y + pitch > ImGui::GetScrollY() + view) ImGui::SetScrollY(y + pitch - view);
            m_scroll_to = -1;
        }
        // Rows are picked with the list's own keys, not ImGui's navigation focus.
        ImGui::PushItemFlag(ImGuiItemFlags_NoNav, true);
        ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0, 0.5f));
        ImGuiListClipper clipper;
        clipper.Begin(rows);
        while (clipper.Step()) {
            if (clipper.ItemsHeight > 0) m_row_pitch = clipper.ItemsHeight;
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                ImGui::TableNextRow(ImGuiTableRowFlags_None, row_height);
                const LeadRow* row = table.Row(i);
                ImGui::TableNextColumn();
                float pad = (row_height - ImGui::GetTextLineHeight()) * 0.5f;
                if (!row) {
                    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + pad);
                    ImGui::TextColored(ImVec4(colors.text_muted.x, colors.text_muted.y, colors.text_muted.z, 0.5f), "…");
                    continue;
                }
                if (i == m_selected) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ui::U32(colors.accent_soft));
                ImGui::PushID(i);
                char id_text[24];
                std::snprintf(id_text, sizeof id_text, "%lld", static_cast<long long>(row->id));
                char score[16];
                std::snprintf(score, sizeof score, "%.0f", row->score);
                float y = ImGui::GetCursorScreenPos().y + pad;   // the selectable centres its text on the same line
                if (ImGui::Selectable(id_text, false,
                                      ImGuiSelectableFlags_SpanAllColumns,
                                      ImVec2(0, row_height))) {
                    m_selected = i;
                    intents.navigate = LeadsRoute(state.route, row->id);
                }
                bool menu = ImGui::BeginPopupContextItem("row-menu");
                // The selectable spans the row: what a test clicks. It reads as the row shows it.
                std::string said = "Lead " + std::string(id_text) + ", " + (row->name.empty() ? row->email : row->name);
                if (!row->company.empty()) said += ", " + row->company;
                said += ", " + StageLabel(row->stage) + ", " + SourceLabel(row->source) + ", score " + score + ", " +
                        (row->owner_id ? "owner " + UserName(state, *row->owner_id) : std::string("no owner")) +
                        ", created " + ShortDate(row->created_at);
                ui::Mirror("lead-row-" + std::string(id_text),
                           row->name + "|" + row->company + "|" + std::string(ToString(row->stage)) + "|" +
                               std::string(ToString(row->source)) + "|" + score,
                           {.role = ui::Role::Link, .name = said});
                if (menu) {
                    m_selected = i;
                    if (ImGui::MenuItem("Copy row")) CopyRow(state, *row, intents);
                    ui::Mirror("copy-row", "Copy row");
                    if (ImGui::MenuItem("Open lead")) intents.navigate = LeadsRoute(state.route, row->id);
                    ui::Mirror("open-row", "Open lead");
                    ImGui::EndPopup();
                }
                ImGui::PopID();
                // Text wider than its column ends in "…" and shows whole on hover (the row's
                // accessible name has it whole).
                auto cell = [&](const std::string& text, const ImVec4* colour = nullptr) {
                    if (!ImGui::TableNextColumn()) return;   // a column dropped where the window is narrow
                    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, y));
                    std::string shown = ui::FitText(text, ImGui::GetContentRegionAvail().x);
                    if (colour) ImGui::TextColored(*colour, "%s", shown.c_str());
                    else ImGui::TextUnformatted(shown.c_str());
                    if (shown != text && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", text.c_str());
                };
                cell(row->name.empty() ? row->email : row->name);
                cell(row->company, &colors.text_muted);
                ImGui::TableNextColumn();
                ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, y - ui::Px(2)));
                StageBadge(row->stage);
                std::string source = SourceLabel(row->source);
                cell(source);
                cell(score);
                std::string owner = row->owner_id ? UserName(state, *row->owner_id) : "—";
                cell(owner, row->owner_id ? nullptr : &colors.text_muted);
                std::string created = ShortDate(row->created_at);
                cell(created, &colors.text_muted);
            }
        }
        ImGui::PopStyleVar();
        ImGui::PopItemFlag();
        // The rows on screen, from the scroll position (the clipper also steps a row to measure).
        if (m_row_pitch > 0) {
            first = static_cast<int>(ImGui::GetScrollY() / m_row_pitch);
            last = std::min(rows - 1, first + static_cast<int>(std::ceil(ImGui::GetWindowHeight() / m_row_pitch)));
        }
        ImGui::EndTable();
    }
    if (last < first) first = last = 0;
    intents.leads.visible_rows = std::make_pair(first, last);
    ui::MirrorValue("leads-visible", std::to_string(first) + "-" + std::to_string(last));
    ui::MirrorValue("leads-known", std::to_string(known));
}

void LeadTableView::CopyRow(const AppState& state, const LeadRow& row, Intents& intents) {
    intents.copy = RowText(state, row);
    m_copied = row.id;
}

}  // namespace tandem::leads_ui
