// The joint scorecard: KPI tiles against targets, the funnel, the two-way SLA, sources, rejection
// reasons, the weekly trend and what launches next, for a period kept in the URL.
#include <algorithm>
#include <cmath>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "app/scorecard_sync.h"
#include "tandem/format.h"
#include "ui/charts.h"
#include "ui/date_picker.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace tandem {

namespace {

// [SECTION] Figures

struct TileSpec {
    const char* id;
    const char* label;
    std::function<std::optional<double>(const Kpis&)> value;
    std::function<std::string(std::optional<double>)> format;
    const TargetCheck* target = nullptr;
    const char* how = "";                  // how it is counted, in words a sales leader reads
    std::optional<Stage> leads;            // the leads it counts: those that entered this stage
    bool higher_is_better = true;
    std::int64_t DefinitionEffect::*moved = nullptr;   // what a rule change adds to it at once
};

std::string Count(std::optional<double> value) {
    return value ? FormatCount(static_cast<std::int64_t>(std::llround(*value))) : kNoData;
}

std::string MoneyPerDay(std::optional<double> value) { return value ? FormatMoney(*value) + "/day" : kNoData; }

ImU32 AttainmentColour(Attainment attainment) {
    const ui::Palette& colors = ui::Colors();
    switch (attainment) {
    case Attainment::Green: return ui::U32(colors.good);
    case Attainment::Amber: return ui::U32(colors.warn);
    case Attainment::Red: return ui::U32(colors.bad);
    case Attainment::None: break;
    }
    return ui::U32(colors.text_muted, 0.5f);
}

std::string DayLabel(Date date) {
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int year, month, day;
    CivilFromDays(date, year, month, day);
    return std::string(kMonths[month - 1]) + " " + std::to_string(day) + ", " + std::to_string(year);
}

std::string ShortDay(Date date) {
    std::string label = DayLabel(date);
    return label.substr(0, label.find(','));
}

Route LeadsRoute(std::map<std::string, std::string> query) {
    Route route;
    route.view = View::Leads;
    route.query = std::move(query);
    return route;
}

// The leads a figure of [from, to) counts: those that entered `stage` (new: were created) in it,
// optionally of one group ({"source", "webinar"}, {"campaign", "12"}).
Route EnteredRoute(Date from, Date to, Stage stage, std::pair<std::string, std::string> group = {}) {
    std::map<std::string, std::string> query = {
        {"entered", std::string(ToString(stage))}, {"entered_from", FormatDate(from)}, {"entered_to", FormatDate(to)}};
    if (!group.first.empty()) query[group.first] = group.first == "campaign" && group.second == "0" ? "none" : group.second;
    return LeadsRoute(std::move(query));
}

// [SECTION] What rule changes did at once

std::string VersionList(std::span<const DefinitionEffect> effects) {
    std::string versions;
    for (const DefinitionEffect& effect : effects) versions += (versions.empty() ? "v" : ", v") + std::to_string(effect.version);
    return versions;
}

std::int64_t Moved(std::span<const DefinitionEffect> effects, std::int64_t DefinitionEffect::*figure) {
    std::int64_t moved = 0;
    for (const DefinitionEffect& effect : effects) moved += effect.*figure;
    return moved;
}

// "Definition v3 took effect Nov 12: 264 leads became MQLs and 90 sales-ready at once."
std::string EffectSentence(const DefinitionEffect& effect) {
    return "Definition v" + std::to_string(effect.version) + " took effect " + ShortDay(DateOf(effect.activated_at)) + ": " +
           FormatCount(effect.mqls) + (effect.mqls == 1 ? " lead" : " leads") + " became MQLs and " +
           FormatCount(effect.sales_ready) + " sales-ready at once.";
}

// [SECTION] Header: title, definition line, period picker, exports

// Which definition version to compare the period with ("as if"), or none.
void DrawAsIfPicker(const ScorecardView* view, const ScorecardRequest& request, Intents& intents) {
    std::string preview = request.as_if ? "As if v" + std::to_string(*request.as_if) : std::string("As if: off");
    ImGui::SetNextItemWidth(ui::Px(118));
    bool open = ImGui::BeginCombo("##as-if", preview.c_str());
    ui::Mirror("as-if", preview, {.role = ui::Role::Combobox, .name = "Compare with a definition version"});
    if (!open) {
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Compare this period with another version of the lead definition");
        return;
    }
    auto choose = [&](std::optional<std::int64_t> version) {
        ScorecardRequest next = request;
        next.as_if = version;
        intents.navigate = ScorecardRoute(next);
    };
    if (ImGui::Selectable("Off", !request.as_if)) choose(std::nullopt);
    ui::Mirror("as-if/off", "Off");
    if (view) {
        for (auto version = view->versions.rbegin(); version != view->versions.rend(); ++version) {
            bool active = view->definition && view->definition->version == *version;
            std::string label = "v" + std::to_string(*version) + (active ? " (active)" : "");
            if (ImGui::Selectable(label.c_str(), request.as_if == *version)) choose(*version);
            ui::Mirror("as-if/v" + std::to_string(*version), label);
        }
    }
    ImGui::EndCombo();
}

// `right_width` is the picker group's width in the previous frame, so it can be right-aligned.
void DrawHeader(const ScorecardView* view, bool loading, const ScorecardRequest& request, Intents& intents,
                float& right_width) {
    ImGui::BeginGroup();
    ImGui::PushFont(ui::Font(ui::FontRole::Heading));
    ImGui::TextUnformatted("Scorecard");
    ImGui::PopFont();
    ui::Mirror("page-title", "Scorecard", {.role = ui::Role::Heading, .level = 1});
    if (view && view->definition) {
        const LeadDefinition& definition = *view->definition;
        std::string agreed = "Definition v" + std::to_string(definition.version);
        if (definition.activated_at) agreed += " agreed " + DayLabel(DateOf(*definition.activated_at));
        if (definition.review_by) agreed += " · review due " + DayLabel(*definition.review_by);
        ui::Flow line("definition-line");
        line.Next();
        ImGui::PushTextWrapPos(0);
        ui::MutedText(agreed.c_str());
        ImGui::PopTextWrapPos();
        ui::Mirror("definition-agreed", agreed);
        line.Next();
        if (ui::Link("open-definition", "Open the lead definition")) intents.Navigate(View::Definition);
        line.End();
    } else {
        ImGui::PushTextWrapPos(0);
        ui::MutedText("The numbers sales and marketing agreed to share.");
        ImGui::PopTextWrapPos();
    }
    ImGui::EndGroup();

    // Beside the title where they fit, else under it, wrapping where the window is narrow.
    ui::HeaderActionsAt(right_width);
    ImGui::BeginGroup();
    ui::Flow flow("header-actions", ui::Px(10));
    flow.Next();
    static constexpr const char* kKinds[] = {"Week", "Month", "Quarter", "Custom"};
    static constexpr PeriodKind kKindValues[] = {PeriodKind::Week, PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Custom};
    int selected = static_cast<int>(std::find(std::begin(kKindValues), std::end(kKindValues), request.period.kind) -
                                    std::begin(kKindValues));
    int clicked = ui::Segmented("period", kKinds, selected);
    if (clicked >= 0 && clicked != selected) {
        ScorecardRequest next = request;
        if (kKindValues[clicked] == PeriodKind::Custom) {
            next.period.kind = PeriodKind::Custom;   // keeps the current range, now editable
        } else {
            next.period = CurrentPeriod(kKindValues[clicked], request.period.from);
        }
        intents.navigate = ScorecardRoute(next);
    }
    flow.Next();
    ImGui::BeginGroup();   // the period and its arrows stay together
    if (ImGui::ArrowButton("##previous", ImGuiDir_Left)) {
        ScorecardRequest next = request;
        next.period = PreviousPeriod(request.period);
        intents.navigate = ScorecardRoute(next);
    }
    ui::Mirror("period-previous", "Previous period");
    ImGui::SameLine(0, ui::Px(6));
    std::string label = PeriodLabel(request.period);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label.c_str());
    ui::Mirror("period-label", label);
    ImGui::SameLine(0, ui::Px(6));
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) {
        ScorecardRequest next = request;
        next.period = NextPeriod(request.period);
        intents.navigate = ScorecardRoute(next);
    }
    ui::Mirror("period-next", "Next period");
    ImGui::EndGroup();
    flow.Next();
    DrawAsIfPicker(view, request, intents);
    ImGui::BeginDisabled(view == nullptr);
    flow.Next();
    if (ImGui::Button("Export CSV")) intents.export_scorecard_csv = true;
    ui::Mirror("export-csv", "Export CSV");
    flow.Next();
    if (ImGui::Button("Snapshot PNG")) intents.snapshot_png = true;
    ui::Mirror("snapshot-png", "Snapshot PNG");
    ImGui::EndDisabled();
    // The spinner's place is kept while idle, so nothing shifts when a refresh starts.
    flow.Next();
    if (loading) ui::Spinner(ui::Px(9));
    else ImGui::Dummy(ImVec2(ui::Px(18), ui::Px(18)));
    flow.End();
    ImGui::EndGroup();
    right_width = flow.Width();
}

// Custom ranges are typed as dates; the URL keeps them.
void DrawCustomRange(const ScorecardRequest& request, char (&from)[16], char (&to)[16], Date today, Intents& intents) {
    if (request.period.kind != PeriodKind::Custom) return;
    // Each date stays with its label; on a narrow screen the second goes under the first.
    ui::Flow flow("custom-range");
    flow.Next();
    ImGui::BeginGroup();
    ImGui::AlignTextToFramePadding();
    ui::MutedFieldLabel("From");
    ImGui::SameLine();
    ui::DateField("##from", from, sizeof from, {.id = "custom-from", .what = "first day", .width = ui::Px(120)}, today);
    ImGui::EndGroup();
    flow.Next();
    ImGui::BeginGroup();
    ImGui::AlignTextToFramePadding();
    ui::MutedFieldLabel("to (inclusive)");
    ImGui::SameLine();
    ui::DateField("##to", to, sizeof to, {.id = "custom-to", .what = "last day", .width = ui::Px(120)}, today);
    ImGui::EndGroup();
    flow.Next();
    std::optional<Date> first = ParseDate(from);
    std::optional<Date> last = ParseDate(to);
    bool valid = first && last && *last >= *first;
    ImGui::BeginDisabled(!valid);
    if (ImGui::Button("Apply")) {
        ScorecardRequest next = request;
        next.period = {PeriodKind::Custom, *first, *last + 1};
        intents.navigate = ScorecardRoute(next);
    }
    ImGui::EndDisabled();
    ui::Mirror("custom-apply", "Apply");
    if (!valid) {
        flow.Next();
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(ui::Colors().bad, "Enter two dates, the second not before the first.");
    }
    flow.End();
}

// [SECTION] Tiles

void DrawTile(const TileSpec& tile, const ScorecardView& view, ImVec2 size, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    std::optional<double> value = tile.value(view.scorecard.total);
    std::optional<double> before = tile.value(view.previous.total);
    ui::BeginCard((std::string("tile-") + tile.id).c_str(), nullptr, size);
    // The label opens the leads the figure counts.
    if (tile.leads) {
        if (ui::Link((std::string("open-") + tile.id).c_str(), tile.label))
            intents.navigate = EnteredRoute(view.from, view.to, *tile.leads);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open the leads this counts");
    } else {
        ui::MutedText(tile.label);
    }
    ImGui::PushFont(ui::Font(ui::FontRole::Display));
    std::string text = tile.format(value);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopFont();
    ui::Mirror(std::string("kpi-") + tile.id, text);
    if (ImGui::IsItemHovered() && *tile.how) {
        ImGui::SetNextWindowSize(ImVec2(ui::Px(320), 0));
        ImGui::BeginTooltip();
        ImGui::TextWrapped("%s", tile.how);
        ImGui::EndTooltip();
    }
    ui::Mirror(std::string("how-") + tile.id, tile.how);

    // Change against the previous period, coloured by whether it is good news; amber when a rule
    // change in the period moved leads into the figure, which is not performance.
    const std::vector<DefinitionEffect>& effects = view.scorecard.definitions;
    std::int64_t moved = tile.moved ? Moved(effects, tile.moved) : 0;
    std::optional<double> change = value && before ? Change(*value, *before) : std::nullopt;
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ui::Px(12));
    if (change && std::abs(*change) >= 0.0005) {
        bool good = (*change > 0) == tile.higher_is_better;
        ImVec4 colour = moved > 0 ? colors.warn : good ? colors.good : colors.bad;
        ImGui::TextColored(colour, "%s %s", *change > 0 ? "▲" : "▼", FormatChange(change).c_str());
    } else {
        ui::MutedText(change ? "±0.0%" : "—");
    }
    if (ImGui::IsItemHovered()) {
        std::string previous = "Same stretch of the previous period: " + tile.format(before);
        if (moved > 0 && value && before)
            previous += "\nWithout the " + FormatCount(moved) + " moved by " + VersionList(effects) + ": " +
                    tile.format(*value - static_cast<double>(moved)) + ", " + FormatChange(Change(*value - static_cast<double>(moved), *before));
        ImGui::SetTooltip("%s", previous.c_str());
    }

    if (tile.target) {
        const TargetCheck& target = *tile.target;
        ui::Dot(AttainmentColour(target.colour));
        ImGui::SameLine(0, ui::Px(6));
        std::string line = target.target ? "Target " + tile.format(target.target) + " · " + FormatPercent(target.attainment)
                                         : std::string("No target");
        ui::MutedText(line.c_str());
        ui::Mirror(std::string("target-") + tile.id, line);
    } else {
        ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight()));
    }
    if (tile.moved && !effects.empty()) {
        ImGui::SameLine(0, ui::Px(8));
        std::string note = "+" + FormatCount(moved) + " from " + VersionList(effects);
        ImGui::TextColored(colors.warn, "%s", note.c_str());
        ui::Mirror(std::string("effect-") + tile.id, note);
        if (ImGui::IsItemHovered()) {
            std::string sentences;
            for (const DefinitionEffect& effect : effects) sentences += (sentences.empty() ? "" : "\n") + EffectSentence(effect);
            ImGui::SetTooltip("%s", sentences.c_str());
        }
    }
    std::vector<double> series;
    std::vector<std::string> labels, texts;
    for (const WeekPoint& week : view.scorecard.weeks) {
        std::optional<double> point = tile.value(week.kpis);
        series.push_back(point.value_or(0));
        labels.push_back("Week of " + ShortDay(week.week_start));
        texts.push_back(tile.format(point));
    }
    ImVec2 spark(ImGui::GetContentRegionAvail().x, std::max(ui::Px(18), ImGui::GetContentRegionAvail().y - ui::Px(2)));
    ui::Sparkline((std::string("##spark-") + tile.id).c_str(), series, labels, texts, spark, ui::U32(colors.accent));
    ui::EndCard();
}

void DrawTiles(const ScorecardView& view, Intents& intents) {
    const Scorecard& s = view.scorecard;
    std::string sla_label = "Answered within " + std::to_string(view.sla_hours) + " h";
    std::string sla_how = "Of the leads handed to sales in the period, the share a rep answered (accepted, rejected, "
                          "disqualified or logged a contact) within " + std::to_string(view.sla_hours) +
                          " hours. A lead still waiting counts once its time is up.";
    const TileSpec tiles[] = {
        {"leads", "Leads", [](const Kpis& k) { return std::optional<double>(k.leads); }, Count, &s.leads_target,
         "New leads created in the period, whatever happened to them since.", Stage::New},
        {"mqls", "MQLs", [](const Kpis& k) { return std::optional<double>(k.mqls); }, Count, &s.mqls_target,
         "Leads that became marketing-qualified in the period, each counted once: the first time. A new lead "
         "definition can make many at once; the amber note says how many.", Stage::Mql, true, &DefinitionEffect::mqls},
        {"sqls", "SQLs", [](const Kpis& k) { return std::optional<double>(k.sqls); }, Count, &s.sqls_target,
         "Leads sales accepted in the period, each counted the first time.", Stage::Sql},
        {"acceptance", "Acceptance rate", [](const Kpis& k) { return k.acceptance_rate; }, FormatPercent,
         &s.acceptance_target, "Of the decisions sales made in the period on leads handed over, the share that were "
                               "accepts (the rest were rejects back to marketing)."},
        {"sla", sla_label.c_str(), [](const Kpis& k) { return k.sla_met_rate; }, FormatPercent, nullptr, sla_how.c_str()},
        {"revenue", "Revenue", [](const Kpis& k) { return std::optional<double>(static_cast<double>(k.revenue)); },
         [](std::optional<double> v) { return FormatMoneyOr(v); }, &s.revenue_target,
         "The deal value of the leads won in the period.", Stage::Won},
        {"win-rate", "Win rate", [](const Kpis& k) { return k.win_rate; }, FormatPercent, nullptr,
         "Of the deals closed in the period, the share won (won / (won + lost)).", Stage::Won},
        {"velocity", "Sales velocity", [](const Kpis& k) { return k.sales_velocity; }, MoneyPerDay, nullptr,
         "Open opportunities at the end of the period × win rate × average deal ÷ days from lead to won: the money "
         "the pipeline brings in a day."},
    };
    float spacing = ImGui::GetStyle().ItemSpacing.x;
    float width = ImGui::GetContentRegionAvail().x;
    int columns = width > ui::Px(1000) ? 4 : width > ui::Px(520) ? 2 : 1;
    float tile_width = (width - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    ImVec2 size(tile_width, ui::Px(132));
    for (std::size_t i = 0; i < std::size(tiles); ++i) {
        if (i % static_cast<std::size_t>(columns) != 0) ImGui::SameLine();
        DrawTile(tiles[i], view, size, intents);
    }
}

// [SECTION] Funnel and SLA

void DrawFunnel(const ScorecardView& view, ImVec2 size, Intents& intents) {
    const Kpis& k = view.scorecard.total;
    ui::BeginCard("funnel", "Funnel", size);
    ui::FunnelStep steps[] = {
        {"Leads", static_cast<double>(k.leads), FormatCount(k.leads), FormatPercent(k.lead_to_mql),
         "Created in the period. Of them, " + FormatPercent(k.lead_to_mql) + " became MQLs by now."},
        {"MQLs", static_cast<double>(k.mqls), FormatCount(k.mqls), FormatPercent(k.mql_to_sales_ready),
         "Entered MQL in the period. " + FormatPercent(k.mql_to_sales_ready) + " went on to sales."},
        {"Sales-ready", static_cast<double>(k.sales_ready), FormatCount(k.sales_ready), FormatPercent(k.sales_ready_to_sql),
         "Handed to sales in the period. " + FormatPercent(k.sales_ready_to_sql) + " were accepted."},
        {"SQLs", static_cast<double>(k.sqls), FormatCount(k.sqls), FormatPercent(k.sql_to_opportunity),
         "Accepted by sales in the period. " + FormatPercent(k.sql_to_opportunity) + " became opportunities."},
        {"Opportunities", static_cast<double>(k.opportunities), FormatCount(k.opportunities),
         FormatPercent(k.opportunity_to_won),
         "Opened in the period. " + FormatPercent(k.opportunity_to_won) + " were won by now."},
        {"Won", static_cast<double>(k.won), FormatCount(k.won), "", "Won in the period: " + FormatMoney(static_cast<double>(k.revenue))},
    };
    // A rule change in the period: said under the chart and in the steps it moved leads into.
    const std::vector<DefinitionEffect>& effects = view.scorecard.definitions;
    std::string sentences;
    for (const DefinitionEffect& effect : effects) sentences += (sentences.empty() ? "" : " ") + EffectSentence(effect);
    if (!effects.empty()) {
        std::string mqls = " Includes " + FormatCount(Moved(effects, &DefinitionEffect::mqls)) + " made at once by " + VersionList(effects) + ".";
        std::string ready = " Includes " + FormatCount(Moved(effects, &DefinitionEffect::sales_ready)) + " made at once by " + VersionList(effects) + ".";
        steps[1].tooltip += mqls;
        steps[2].tooltip += ready;
    }
    // Each step opens the leads that entered it in the period, whatever stage they are in now.
    static constexpr Stage kStages[] = {Stage::New, Stage::Mql, Stage::SalesReady, Stage::Sql, Stage::Opportunity, Stage::Won};
    // Why a later step can outnumber an earlier one, or convert at 0 % and still have entries.
    static constexpr const char* kCohorts = "Bars: entries into each step in the period. Arrows: of those, the share "
                                            "that reached the next step by now.";
    // The notes under the chart wrap where the card is narrow; the chart takes what they leave.
    float avail = ImGui::GetContentRegionAvail().x;
    float spacing = ImGui::GetStyle().ItemSpacing.y;
    float note = ImGui::CalcTextSize(kCohorts, nullptr, false, avail).y + spacing;
    if (!effects.empty()) note += ImGui::CalcTextSize(sentences.c_str(), nullptr, false, avail).y + spacing;
    ImVec2 chart(avail, ImGui::GetContentRegionAvail().y - ui::Px(4) - note);
    int clicked = ui::FunnelChart("funnel-chart", steps, chart, ui::U32(ui::Colors().accent));
    if (clicked >= 0) intents.navigate = EnteredRoute(view.from, view.to, kStages[clicked]);
    ImGui::PushTextWrapPos(0);
    ui::MutedText(kCohorts);
    ImGui::PopTextWrapPos();
    ui::Mirror("funnel-how", kCohorts);
    if (!effects.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ui::Colors().warn, "%s", sentences.c_str());
        ImGui::PopTextWrapPos();
        ui::Mirror("funnel-definitions", sentences);
    }
    ui::EndCard();
}

void DrawAttainmentLine(const char* id, const char* label, const std::string& actual, const TargetCheck& check,
                        const std::string& target_text) {
    ui::Dot(AttainmentColour(check.colour));
    ImGui::SameLine(0, ui::Px(6));
    std::string line = std::string(label) + ": " + actual + (check.target ? " of " + target_text : " (no target)");
    if (check.attainment) line += " · " + FormatPercent(check.attainment);
    ImGui::TextUnformatted(line.c_str());
    ui::Mirror(id, line);
}

// As tall as its lines need (they wrap where the card is narrow), with up to three waiting leads.
void DrawSla(const AppState& state, const ScorecardView& view, float width, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    const Scorecard& s = view.scorecard;
    const Kpis& k = s.total;
    ui::BeginCard("sla", "Two-way SLA", ImVec2(width, 0));
    ImGui::PushTextWrapPos(0);
    ui::MutedText("Marketing commits volume and quality");
    DrawAttainmentLine("sla-leads", "Leads", FormatCount(k.leads), s.leads_target,
                       s.leads_target.target ? FormatCount(static_cast<std::int64_t>(std::llround(*s.leads_target.target))) : "");
    DrawAttainmentLine("sla-mqls", "MQLs", FormatCount(k.mqls), s.mqls_target,
                       s.mqls_target.target ? FormatCount(static_cast<std::int64_t>(std::llround(*s.mqls_target.target))) : "");
    DrawAttainmentLine("sla-acceptance", "Accepted by sales", FormatPercent(k.acceptance_rate), s.acceptance_target,
                       FormatPercent(s.acceptance_target.target));
    ImGui::Dummy(ImVec2(0, ui::Px(4)));
    ui::MutedText(("Sales answers within " + std::to_string(view.sla_hours) + " h").c_str());
    std::string response = "Median " + FormatHours(k.response_hours_median) + " · p90 " + FormatHours(k.response_hours_p90) +
                           " · met " + FormatPercent(k.sla_met_rate) + " (" + FormatCount(k.sla_met) + " of " +
                           FormatCount(k.sla_due) + ")";
    ImGui::TextUnformatted(response.c_str());
    ui::Mirror("sla-response", response);
    // The handovers that missed: answered late, and unanswered past the SLA.
    std::int64_t late = k.response_answered - k.sla_met;
    std::int64_t unanswered = k.sla_due - k.response_answered;
    std::string missed = "Missed: " + FormatCount(late) + " answered late, " + FormatCount(unanswered) + " not answered";
    if (late + unanswered > 0) {
        if (ui::Link("sla-missed", missed.c_str()))
            intents.navigate = LeadsRoute({{"sla", "missed"}, {"entered_from", FormatDate(view.from)}, {"entered_to", FormatDate(view.to)}});
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open the leads handed over in the period that missed the SLA");
    } else {
        ui::MutedText(missed.c_str());
        ui::Mirror("sla-missed", missed);
    }

    const std::vector<SlaBreach>& breaches = s.breaches;
    ImGui::Dummy(ImVec2(0, ui::Px(4)));
    if (breaches.empty()) {
        ImGui::TextColored(colors.good, "No lead is waiting past the SLA.");
        ui::Mirror("sla-breaches", "0");
    } else {
        ImGui::TextColored(colors.bad, "%s waiting past the SLA", FormatCount(static_cast<std::int64_t>(breaches.size())).c_str());
        ui::Mirror("sla-breaches", std::to_string(breaches.size()));
        ImGui::SameLine(0, ui::Px(10));
        if (ui::Link("sla-breaches-all", "see them all")) intents.navigate = LeadsRoute({{"sla", "breached"}});
        std::size_t room = 3;
        for (std::size_t i = 0; i < breaches.size() && i < room; ++i) {
            const SlaBreach& breach = breaches[i];
            std::string owner = breach.owner_id ? UserName(state, breach.owner_id) : "unassigned";
            std::string text = "Lead " + std::to_string(breach.lead_id) + " · " + owner + " · " + FormatHours(breach.hours_waiting);
            if (ui::Link(("breach-" + std::to_string(breach.lead_id)).c_str(), text.c_str())) {
                Route route;
                route.view = View::Leads;
                route.id = breach.lead_id;
                intents.navigate = route;
            }
        }
        if (breaches.size() > room) ui::MutedText(("and " + std::to_string(breaches.size() - room) + " more").c_str());
    }
    ImGui::PopTextWrapPos();
    ui::EndCard();
}

// [SECTION] Sources table

struct SourceColumn {
    const char* name;
    std::function<double(const Kpis&)> sort_key;
    std::function<std::string(const Kpis&)> text;
    std::optional<Stage> opens = {};   // a count cell opens the group's leads that entered this stage
};

double Or(std::optional<double> value) { return value.value_or(-1); }

const std::vector<SourceColumn>& SourceColumns() {
    static const std::vector<SourceColumn> columns = {
        {"Leads", [](const Kpis& k) { return double(k.leads); }, [](const Kpis& k) { return FormatCount(k.leads); }, Stage::New},
        {"MQLs", [](const Kpis& k) { return double(k.mqls); }, [](const Kpis& k) { return FormatCount(k.mqls); }, Stage::Mql},
        {"Lead→MQL", [](const Kpis& k) { return Or(k.lead_to_mql); }, [](const Kpis& k) { return FormatPercent(k.lead_to_mql); }},
        {"SQLs", [](const Kpis& k) { return double(k.sqls); }, [](const Kpis& k) { return FormatCount(k.sqls); }, Stage::Sql},
        {"Acceptance", [](const Kpis& k) { return Or(k.acceptance_rate); },
         [](const Kpis& k) { return FormatPercent(k.acceptance_rate); }},
        {"Response (median)", [](const Kpis& k) { return Or(k.response_hours_median); },
         [](const Kpis& k) { return FormatHours(k.response_hours_median); }},
        {"Won", [](const Kpis& k) { return double(k.won); }, [](const Kpis& k) { return FormatCount(k.won); }, Stage::Won},
        {"Revenue", [](const Kpis& k) { return double(k.revenue); },
         [](const Kpis& k) { return FormatMoney(static_cast<double>(k.revenue)); }},
        {"Win rate", [](const Kpis& k) { return Or(k.win_rate); }, [](const Kpis& k) { return FormatPercent(k.win_rate); }},
        {"Velocity", [](const Kpis& k) { return Or(k.sales_velocity); }, [](const Kpis& k) { return MoneyPerDay(k.sales_velocity); }},
    };
    return columns;
}

class SourcesTable {
public:
    void Draw(const ScorecardView& view, const ScorecardRequest& request, Intents& intents) {
        ui::BeginCard("sources", request.group == "campaign" ? "By campaign" : "By lead source");
        ImGui::SameLine(ImGui::GetWindowWidth() - ui::Px(210));
        static constexpr const char* kGroups[] = {"Sources", "Campaigns"};
        int clicked = ui::Segmented("group", kGroups, request.group == "campaign" ? 1 : 0);
        if (clicked >= 0) {
            ScorecardRequest next = request;
            next.group = clicked == 1 ? "campaign" : "source";
            intents.navigate = ScorecardRoute(next);
        }
        const auto& columns = SourceColumns();
        ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
        // Narrower, the rates, the money and the response time go, most telling last (a row's
        // accessible name still says them all).
        static constexpr float kShownFrom[] = {0, 0, 760, 0, 760, 1000, 600, 1000, 1000, 1000};   // CSS px, by column
        float width = ImGui::GetContentRegionAvail().x;
        // Its rows and header, up to a height past which it scrolls.
        float row = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
        float height = std::min(ui::Px(330), row * static_cast<float>(view.scorecard.groups.size() + 1) + ui::Px(4));
        if (ImGui::BeginTable("sources-table", static_cast<int>(columns.size()) + 1, flags, ImVec2(0, height))) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn(request.group == "campaign" ? "Campaign" : "Source",
                                    ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_WidthStretch, 1.6f);
            for (std::size_t i = 0; i < columns.size(); ++i) {
                ImGuiTableColumnFlags column_flags = ImGuiTableColumnFlags_PreferSortDescending;
                if (i == 0) column_flags |= ImGuiTableColumnFlags_DefaultSort;
                if (width < ui::Px(kShownFrom[i])) column_flags |= ImGuiTableColumnFlags_Disabled;
                ImGui::TableSetupColumn(columns[i].name, column_flags, 1.0f);
            }
            ImGui::TableHeadersRow();
            std::vector<const GroupKpis*> rows;
            for (const GroupKpis& group : view.scorecard.groups) rows.push_back(&group);
            if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
                const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
                std::size_t column = static_cast<std::size_t>(std::max(1, static_cast<int>(spec.ColumnIndex)) - 1);
                bool descending = spec.SortDirection == ImGuiSortDirection_Descending;
                std::stable_sort(rows.begin(), rows.end(), [&](const GroupKpis* a, const GroupKpis* b) {
                    double x = columns[column].sort_key(a->kpis), y = columns[column].sort_key(b->kpis);
                    return descending ? x > y : x < y;
                });
            }
            std::string grouping = request.group == "campaign" ? "campaign" : "source";
            for (const GroupKpis* group : rows) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                const std::string& name = group->name;
                std::string mirrored = name;
                for (const SourceColumn& column : columns) mirrored += "|" + column.text(group->kpis);
                // Heard as the row reads: each figure after its column's name.
                std::string said = name;
                for (const SourceColumn& column : columns) {
                    std::string heading = column.name;
                    if (std::size_t arrow = heading.find("→"); arrow != std::string::npos)
                        heading.replace(arrow, std::string_view("→").size(), " to ");
                    std::string text = column.text(group->kpis);
                    said += ", " + heading + " " + (text == kNoData ? std::string("no data") : text);
                }
                // The name opens the group's leads; a count cell, the leads it counts. (A row-wide
                // selectable under the cells would take a tap before their links could: ImGui lets an
                // overlapped item be clicked only once hovered for a frame.)
                bool clicked_row = ImGui::Selectable(name.c_str());
                ui::Mirror("group-" + group->key, mirrored, {.role = ui::Role::Link, .name = said});
                if (clicked_row) intents.navigate = EnteredRoute(view.from, view.to, Stage::New, {grouping, group->key});
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open these leads");
                for (const SourceColumn& column : columns) {
                    ImGui::TableNextColumn();
                    std::string text = column.text(group->kpis);
                    if (!column.opens || column.sort_key(group->kpis) == 0) {
                        ImGui::TextUnformatted(text.c_str());
                        continue;
                    }
                    std::string id = "cell-" + group->key + "-" + std::string(ToString(*column.opens));
                    if (ui::Link(id.c_str(), text.c_str()))
                        intents.navigate = EnteredRoute(view.from, view.to, *column.opens, {grouping, group->key});
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open the leads this counts");
                }
            }
            ImGui::EndTable();
        }
        if (view.scorecard.groups.empty()) ui::MutedText("No leads in this period.");
        ui::EndCard();
    }
};

// [SECTION] Trend, rejection reasons, launches

// What a trend line counts: a figure of leads that entered a stage, for all leads or one group.
struct TrendFigure {
    const char* label;
    Stage stage;
    std::int64_t Kpis::*count;
};

constexpr TrendFigure kTrendFigures[] = {
    {"Leads", Stage::New, &Kpis::leads}, {"MQLs", Stage::Mql, &Kpis::mqls}, {"SQLs", Stage::Sql, &Kpis::sqls}, {"Won", Stage::Won, &Kpis::won}};

struct TrendLine {
    ui::Series series;
    const TrendFigure* figure;
    std::pair<std::string, std::string> group;   // {"source", "webinar"}; empty for all leads
};

// Week by week, either the funnel's first stages for all leads, or one figure for each of the
// biggest groups (sources or campaigns, as the table below). A week's point opens its leads.
class TrendCard {
public:
    void Draw(const ScorecardView& view, const ScorecardRequest& request, ImVec2 size, Intents& intents) {
        ui::BeginCard("trend", "Weekly trend", size);
        bool campaigns = request.group == "campaign";
        const char* const modes[] = {"All leads", campaigns ? "By campaign" : "By source"};
        if (int clicked = ui::Segmented("trend-mode", modes, m_by_group ? 1 : 0); clicked >= 0) m_by_group = clicked == 1;
        if (m_by_group) {
            ImGui::SameLine(0, ui::Px(12));
            const char* const figures[] = {kTrendFigures[0].label, kTrendFigures[1].label, kTrendFigures[2].label,
                                           kTrendFigures[3].label};
            if (int clicked = ui::Segmented("trend-figure", figures, m_figure); clicked >= 0) m_figure = clicked;
        }
        std::vector<TrendLine> lines = m_by_group ? GroupLines(view, campaigns ? "campaign" : "source") : TotalLines(view);
        std::vector<std::string> labels;
        std::vector<ui::ChartMarker> markers;
        std::string marker_labels;
        for (std::size_t i = 0; i < view.scorecard.weeks.size(); ++i) {
            const WeekPoint& week = view.scorecard.weeks[i];
            labels.push_back(ShortDay(week.week_start));
            for (const DefinitionEffect& effect : week.definitions) {
                std::string label = "v" + std::to_string(effect.version);
                if (effect.mqls > 0) label += " +" + FormatCount(effect.mqls) + " MQLs";
                markers.push_back({static_cast<int>(i), label, EffectSentence(effect)});
                marker_labels += (marker_labels.empty() ? "" : "|") + labels.back() + ": " + label;
            }
        }
        std::vector<ui::Series> series;
        for (const TrendLine& line : lines) series.push_back(line.series);
        if (labels.size() < 2) {
            ui::MutedText("A trend needs at least two weeks: choose a month or a quarter.");
        } else if (series.empty()) {
            ui::MutedText("No group has any of these in the trend's weeks.");
        } else {
            ImVec2 chart(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y - ui::Px(4));
            if (int clicked = ui::LineChart("trend-chart", series, labels, markers, chart); clicked >= 0) {
                m_week = static_cast<std::size_t>(clicked);
                ImGui::OpenPopup("trend-week");
            }
        }
        ui::MirrorValue("trend-markers", marker_labels);
        DrawWeekPopup(view, lines, intents);
        ui::EndCard();
    }

private:
    static std::vector<TrendLine> TotalLines(const ScorecardView& view) {
        const ui::Palette& colors = ui::Colors();
        const ImU32 line_colors[] = {ui::U32(colors.accent), ui::U32(colors.marketing), ui::U32(colors.sales)};
        std::vector<TrendLine> lines;
        for (std::size_t f = 0; f < std::size(line_colors); ++f) {
            TrendLine& line = lines.emplace_back(TrendLine{{kTrendFigures[f].label, {}, line_colors[f]}, &kTrendFigures[f], {}});
            for (const WeekPoint& week : view.scorecard.weeks) line.series.values.push_back(static_cast<double>(week.kpis.*kTrendFigures[f].count));
        }
        return lines;
    }

    // The groups with most of the figure over the trend's weeks, at most six.
    std::vector<TrendLine> GroupLines(const ScorecardView& view, const std::string& grouping) const {
        const TrendFigure& figure = kTrendFigures[m_figure];
        std::vector<std::pair<std::int64_t, const GroupKpis*>> ranked;
        for (const GroupKpis& group : view.scorecard.groups) {
            std::int64_t total = 0;
            for (const WeekPoint& week : group.weeks) total += week.kpis.*figure.count;
            if (total > 0) ranked.emplace_back(total, &group);
        }
        std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        if (ranked.size() > 6) ranked.resize(6);
        std::vector<TrendLine> lines;
        for (const auto& [total, group] : ranked) {
            TrendLine& line = lines.emplace_back(TrendLine{{group->name, {}, ui::SeriesColor(lines.size())}, &figure, {grouping, group->key}});
            for (const WeekPoint& week : group->weeks) line.series.values.push_back(static_cast<double>(week.kpis.*figure.count));
        }
        return lines;
    }

    // What a clicked week holds, each line's count opening its leads.
    void DrawWeekPopup(const ScorecardView& view, const std::vector<TrendLine>& lines, Intents& intents) const {
        if (!ImGui::BeginPopup("trend-week")) return;
        if (m_week < view.scorecard.weeks.size()) {
            Date start = view.scorecard.weeks[m_week].week_start;
            std::string title = "Week of " + DayLabel(start);
            ImGui::TextUnformatted(title.c_str());
            ui::Mirror("trend-week", title);
            for (std::size_t i = 0; i < lines.size(); ++i) {
                const TrendLine& line = lines[i];
                auto count = static_cast<std::int64_t>(m_week < line.series.values.size() ? line.series.values[m_week] : 0);
                std::string text = (line.group.first.empty() ? "" : line.series.name + ": ") + FormatCount(count) + " " +
                                   line.figure->label;
                std::string id = "trend-open-" + std::to_string(i);
                if (count == 0) {
                    ui::MutedText(text.c_str());
                    ui::Mirror(id, text);
                } else if (ui::Link(id.c_str(), text.c_str())) {
                    intents.navigate = EnteredRoute(start, start + 7, line.figure->stage, line.group);
                    ImGui::CloseCurrentPopup();
                }
            }
        }
        ImGui::EndPopup();
    }

    bool m_by_group = false;
    int m_figure = 1;          // MQLs
    std::size_t m_week = 0;    // the clicked week
};

void DrawReasons(const ScorecardView& view, ImVec2 size) {
    const ui::Palette& colors = ui::Colors();
    ui::BeginCard("reasons", "Why sales sent leads back", size);
    std::vector<ui::Bar> bars;
    std::int64_t total = 0;
    for (const auto& [reason, count] : view.scorecard.total.recycled_by_reason) total += count;
    for (const auto& [reason, count] : view.scorecard.total.recycled_by_reason) {
        std::string share = total > 0 ? FormatPercent(static_cast<double>(count) / static_cast<double>(total)) : kNoData;
        bars.push_back({ReasonLabel(reason), static_cast<double>(count), FormatCount(count), share + " of recycled leads",
                        ui::U32(colors.marketing)});
    }
    if (total == 0) {
        ui::MutedText("No lead was sent back in this period.");
    } else {
        ui::HorizontalBars("reasons-bars", bars, ImGui::GetContentRegionAvail().x,
                           std::min(ui::Px(26), (ImGui::GetContentRegionAvail().y - ui::Px(4)) / static_cast<float>(bars.size())));
    }
    ui::EndCard();
}

void DrawLaunches(const ScorecardView& view, Intents& intents) {
    ui::BeginCard("launches", "Launching in the next 14 days");
    if (view.launching.empty()) {
        ui::MutedText("Nothing launches in the next two weeks.");
    }
    // Dates, name and what it is on one line; narrow, the name under the dates, cut to fit (shown
    // whole on hover), and what it is on a line of its own.
    bool narrow = ImGui::GetContentRegionAvail().x < ui::Px(560);
    for (const Campaign& campaign : view.launching) {
        std::string when = ShortDay(campaign.start) + " – " + ShortDay(campaign.end);
        ImGui::TextUnformatted(when.c_str());
        if (!narrow) ImGui::SameLine(ui::Px(140));
        if (ui::Link(("launch-" + std::to_string(campaign.id)).c_str(), campaign.name.c_str(), ImGui::GetContentRegionAvail().x)) {
            Route route;
            route.view = View::Campaigns;
            route.id = campaign.id;
            intents.navigate = route;
        }
        std::string type(ToString(campaign.type));
        std::replace(type.begin(), type.end(), '_', ' ');
        std::string what = (narrow ? "" : "· ") + type + (campaign.offer.empty() ? "" : " · " + campaign.offer);
        if (!narrow && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(what.c_str()).x <=
                           ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
            ImGui::SameLine();
        else if (!narrow)
            ImGui::SetCursorPosX(ui::Px(140));
        ImGui::PushTextWrapPos(0);
        ui::MutedText(what.c_str());
        ImGui::PopTextWrapPos();
        if (narrow) ImGui::Dummy(ImVec2(0, ui::Px(2)));
    }
    ui::EndCard();
}

// [SECTION] "As if": the same leads under the versions in force and under one chosen version

std::string Signed(std::int64_t n) { return n > 0 ? "+" + FormatCount(n) : n < 0 ? "−" + FormatCount(-n) : "±0"; }

// One row: MQLs and sales-ready, actual, as if and the difference; mirrored as "id" with the six
// figures joined by "|", and named as the row reads for a screen reader.
void AsIfRow(const std::string& id, const std::string& name, const std::string& version, const Kpis& actual,
             const Kpis& as_if) {
    const std::string cells[] = {FormatCount(actual.mqls),        FormatCount(as_if.mqls),
                                 Signed(as_if.mqls - actual.mqls), FormatCount(actual.sales_ready),
                                 FormatCount(as_if.sales_ready),  Signed(as_if.sales_ready - actual.sales_ready)};
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(name.c_str());
    std::string mirrored;
    std::string said = name;
    for (std::size_t i = 0; i < std::size(cells); ++i) {
        ImGui::TableNextColumn();
        bool difference = i == 2 || i == 5;
        if (difference && cells[i] != "±0") ImGui::TextColored(ui::Colors().warn, "%s", cells[i].c_str());
        else ImGui::TextUnformatted(cells[i].c_str());
        mirrored += (i ? "|" : "") + cells[i];
        switch (i % 3) {
        case 0: said += std::string(i == 0 ? ", MQLs" : ", Sales-ready") + " actual " + cells[i]; break;
        case 1: said += ", as if " + version + " " + cells[i]; break;
        default: said += cells[i] == "±0" ? std::string(", no difference") : ", difference " + cells[i]; break;
        }
    }
    ui::Mirror(id, mirrored, {.name = said});
}

void DrawAsIf(const AsIfComparison& comparison) {
    std::string version = "v" + std::to_string(comparison.version);
    ui::BeginCard("as-if-card", ("As if definition " + version + " had applied").c_str());
    ImGui::PushTextWrapPos(0);
    ui::MutedText(("Of the leads created in this period, those that qualify on what is known of them today: under the "
                   "version in force when each was created (actual), and under " + version + " for all of them. Both "
                   "sides count the same way, so the difference is the rules alone. The tiles above count stage "
                   "entries, as they happened.").c_str());
    ImGui::PopTextWrapPos();
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp |
                            ImGuiTableFlags_ScrollY;
    std::size_t rows = 1 + comparison.actual.groups.size();
    float height = ImGui::GetTextLineHeightWithSpacing() * 1.45f * static_cast<float>(std::min<std::size_t>(rows, 8) + 1);
    if (ImGui::BeginTable("as-if-table", 7, flags, ImVec2(0, height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        for (const char* figure : {"MQLs", "Sales-ready"}) {
            ImGui::TableSetupColumn((std::string(figure) + ", actual").c_str());
            ImGui::TableSetupColumn((std::string(figure) + ", as if " + version).c_str());
            ImGui::TableSetupColumn("Difference");
        }
        ImGui::TableHeadersRow();
        AsIfRow("as-if-total", "All leads", version, comparison.actual.total, comparison.as_if.total);
        // Groups by the actual side's order; a group only one side lists has none on the other.
        std::map<std::string, const Kpis*> as_if_groups;
        for (const GroupKpis& group : comparison.as_if.groups) as_if_groups[group.key] = &group.kpis;
        static const Kpis kNone;
        for (const GroupKpis& group : comparison.actual.groups) {
            auto found = as_if_groups.find(group.key);
            AsIfRow("as-if-group-" + group.key, group.name, version, group.kpis,
                    found != as_if_groups.end() ? *found->second : kNone);
        }
        ImGui::EndTable();
    }
    ui::EndCard();
}

// [SECTION] The view

class ScorecardPage final : public ViewBase {
public:
    void Draw(const AppState& state, Intents& intents) override {
        Date today = DateOf(static_cast<Timestamp>(state.wall_now));
        ScorecardRequest request = ScorecardQueryFrom(state.route, today);
        const Remote<ScorecardView>& remote = state.scorecard;
        const ScorecardView* view = remote.value ? &*remote.value : nullptr;
        if (request.period.kind == PeriodKind::Custom && request.period != m_custom_for) {
            std::snprintf(m_from, sizeof m_from, "%s", FormatDate(request.period.from).c_str());
            std::snprintf(m_to, sizeof m_to, "%s", FormatDate(request.period.to - 1).c_str());
            m_custom_for = request.period;
        }

        DrawHeader(view, remote.Loading(), request, intents, m_header_width);
        DrawCustomRange(request, m_from, m_to, today, intents);
        if (remote.Failed()) {
            if (ui::Banner("scorecard-error", ui::BannerKind::Error,
                           (ICON_WARNING "  The scorecard could not be loaded: " + remote.error).c_str(), "Retry"))
                intents.refresh_scorecard = true;
        }
        if (!view) {
            ImGui::Dummy(ImVec2(0, ui::Px(40)));
            ImGui::SetCursorPosX(ImGui::GetWindowWidth() * 0.5f - ui::Px(80));
            ui::Spinner(ui::Px(12));
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            ui::MutedText("Loading the scorecard…");
            ui::Mirror("scorecard-loading", "Loading", {.role = ui::Role::Status});
            return;
        }
        ImGui::Dummy(ImVec2(0, ui::Px(4)));
        DrawTiles(*view, intents);
        if (view->as_if) DrawAsIf(*view->as_if);

        // Two cards a row; one where the window is too narrow for two.
        float spacing = ImGui::GetStyle().ItemSpacing.x;
        float width = ImGui::GetContentRegionAvail().x;
        bool stacked = width < ui::Px(900);
        float left = stacked ? width : std::floor(width * 0.6f);
        float right = stacked ? width : width - left - spacing;
        // The funnel as tall as the SLA card beside it was (it fits its lines).
        float row_height = stacked ? ui::Px(250) : std::max(ui::Px(250), m_sla_height);
        DrawFunnel(*view, ImVec2(left, row_height), intents);
        if (!stacked) ImGui::SameLine();
        DrawSla(state, *view, right, intents);
        m_sla_height = ImGui::GetItemRectSize().y;

        m_sources.Draw(*view, request, intents);

        m_trend.Draw(*view, request, ImVec2(left, ui::Px(260)), intents);
        if (!stacked) ImGui::SameLine();
        DrawReasons(*view, ImVec2(right, ui::Px(260)));

        DrawLaunches(*view, intents);
        ui::MirrorValue("scorecard-period", FormatDate(view->from) + "/" + FormatDate(view->to));
    }

private:
    SourcesTable m_sources;
    TrendCard m_trend;
    float m_header_width = 0;
    float m_sla_height = 0;
    char m_from[16] = {};
    char m_to[16] = {};
    Period m_custom_for;
};

}  // namespace

std::unique_ptr<ViewBase> MakeScorecardView() { return std::make_unique<ScorecardPage>(); }

}  // namespace tandem
