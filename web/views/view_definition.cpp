// The lead-definition editor: the shared draft's criteria and thresholds edited in place by both
// leaders at once, with who is here and what each change would do to the pipeline beside it, and
// the versions with their sign-offs and differences.
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>

#include <imgui_internal.h>

#include "tandem/format.h"
#include "ui/charts.h"
#include "ui/icons.h"
#include "ui/date_picker.h"
#include "ui/keys.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/definition_criteria.h"
#include "views/views.h"

namespace tandem {

namespace {

const char* StatusLabel(DefinitionStatus status) {
    switch (status) {
    case DefinitionStatus::Draft: return "draft";
    case DefinitionStatus::Proposed: return "proposed";
    case DefinitionStatus::Active: return "active";
    case DefinitionStatus::Retired: break;
    }
    return "retired";
}

std::string DayLabel(Timestamp t) {
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int year, month, day;
    CivilFromDays(DateOf(t), year, month, day);
    return std::string(kMonths[month - 1]) + " " + std::to_string(day) + ", " + std::to_string(year);
}

std::string LevelName(Level level) {
    switch (level) {
    case Level::Mql: return "MQL";
    case Level::SalesReady: return "sales-ready";
    case Level::None: break;
    }
    return "not qualified";
}

DraftEdit SetProperty(const char* property, nlohmann::json value, nlohmann::json previous) {
    DraftOp op;
    op.kind = DraftOp::Kind::SetProperty;
    op.property = property;
    DraftOp inverse = op;
    op.value = std::move(value);
    inverse.value = std::move(previous);
    return {{op}, {inverse}};
}

nlohmann::json OptionalInt(const std::optional<int>& value) { return value ? nlohmann::json(*value) : nlohmann::json(nullptr); }

// [SECTION] State line: saved / syncing / offline, revision, who is here, undo / redo.

void DrawStateLine(const AppState& state, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    const DefinitionState& d = state.definition;
    ImVec4 colour = colors.good;
    std::string status = "Saved";
    switch (d.sync) {
    case DraftSync::Loading: colour = colors.text_muted, status = "Loading"; break;
    case DraftSync::Saved:
        // Taking the server's copy again (the stream reconnected, or a batch did not fit).
        if (!d.loaded) colour = colors.text_muted, status = "Refreshing";
        break;
    case DraftSync::Syncing: colour = colors.warn, status = "Syncing"; break;
    case DraftSync::Offline:
        colour = colors.bad;
        status = "Offline · " + std::to_string(d.replica.PendingBatches()) + " edits queued";
        break;
    }
    // The parts wrap onto more lines where the window is narrow; undo and redo keep to the right.
    ui::Flow flow("state-line", ui::Px(14));
    flow.Next();
    ImGui::BeginGroup();
    ui::Dot(ui::U32(colour));
    ImGui::SameLine(0, ui::Px(6));
    ImGui::TextUnformatted(status.c_str());
    ui::Mirror("draft-sync", status, {.role = ui::Role::Status});
    ImGui::EndGroup();
    flow.Next();
    std::string revision = "v" + std::to_string(d.version) + " " + StatusLabel(d.status) + " · revision " +
                           std::to_string(d.replica.Revision());
    ui::MutedText(revision.c_str());
    ui::Mirror("draft-revision", std::to_string(d.replica.Revision()));
    flow.Next();
    std::string here;
    for (const PresenceEntry& entry : d.presence) {
        if (entry.client_id == d.replica.ClientId()) continue;
        if (here.find(entry.name) == std::string::npos) here += (here.empty() ? "" : ", ") + entry.name;
    }
    ui::MutedText(here.empty() ? "Only you are here" : ("Also here: " + here).c_str());
    ui::Mirror("draft-here", here);
    flow.End();

    ui::HeaderActionsAt(ui::Px(190));
    ImGui::BeginDisabled(d.undo.empty());
    if (ImGui::Button(ICON_UNDO "  Undo")) intents.definition.undo = true;
    ImGui::EndDisabled();
    ui::Mirror("undo", "Undo");
    ImGui::SameLine();
    ImGui::BeginDisabled(d.redo.empty());
    if (ImGui::Button(ICON_REDO "  Redo")) intents.definition.redo = true;
    ImGui::EndDisabled();
    ui::Mirror("redo", "Redo");
}

// [SECTION] Thresholds, caps, decay, review date, summary

class Settings {
public:
    void Draw(const AppState& state, const DraftDocument& document, Intents& intents) {
        const DefinitionState& d = state.definition;
        bool can_edit = state.session.me && Can(state.session.me->role, Action::EditDefinitionDraft) &&
                        d.status == DefinitionStatus::Draft;
        const DefinitionRules& rules = document.rules;
        ImGui::BeginDisabled(!can_edit);
        // Four settings a row, fewer where the card is narrow (they wrap).
        float column = std::max(ImGui::GetContentRegionAvail().x / 4.0f, ui::Px(190));
        ui::Flow flow("settings", ui::Px(16));

        int threshold = rules.mql_threshold;
        flow.Next();
        ImGui::BeginGroup();
        ImGui::AlignTextToFramePadding();   // every label so, or those beside the first sit lower
        ui::MutedFieldLabel("MQL at a score of");
        ImGui::SetNextItemWidth(column - ui::Px(16));
        ImGui::InputInt("##threshold", &threshold, 5, 10);
        if (ImGui::IsItemActive())
            intents.definition.typing =
                SetProperty("mql_threshold", std::clamp(threshold, 0, 10000), rules.mql_threshold);
        if (ImGui::IsItemDeactivatedAfterEdit() || (ImGui::IsItemEdited() && !ImGui::IsItemActive())) {
            threshold = std::clamp(threshold, 0, 10000);
            if (threshold != rules.mql_threshold)
                intents.definition.edit = SetProperty("mql_threshold", threshold, rules.mql_threshold);
        }
        // With its step buttons the field is a group, which the mirror would take for text.
        ui::Mirror("mql-threshold", std::to_string(rules.mql_threshold), {.role = ui::Role::Textbox});
        ImGui::EndGroup();

        auto cap = [&](const char* id, const char* label, const char* property, const std::optional<int>& value) {
            flow.Next();
            ImGui::BeginGroup();
            ImGui::AlignTextToFramePadding();
            ui::MutedFieldLabel(label);
            bool capped = value.has_value();
            if (ImGui::Checkbox((std::string("##on-") + id).c_str(), &capped))
                intents.definition.edit = SetProperty(property, capped ? nlohmann::json(60) : nlohmann::json(nullptr),
                                                      OptionalInt(value));
            ImGui::SameLine();
            int amount = value.value_or(0);
            ImGui::BeginDisabled(!capped);
            ImGui::SetNextItemWidth(column - ui::Px(56));
            ImGui::InputInt((std::string("##") + id).c_str(), &amount, 5, 10);
            if (ImGui::IsItemDeactivatedAfterEdit() && capped && amount != *value)
                intents.definition.edit = SetProperty(property, std::max(0, amount), OptionalInt(value));
            ImGui::EndDisabled();
            ui::Mirror(id, value ? std::to_string(*value) : "none", {.role = ui::Role::Textbox});
            ImGui::EndGroup();
        };
        cap("fit-cap", "Fit capped at", "fit_cap", rules.fit_cap);
        cap("engagement-cap", "Engagement capped at", "engagement_cap", rules.engagement_cap);

        flow.Next();
        ImGui::BeginGroup();
        ImGui::AlignTextToFramePadding();
        ui::MutedFieldLabel("Engagement decays");
        static constexpr const char* kKinds[] = {"never", "after a window", "by half-life"};
        int kind = static_cast<int>(rules.decay.kind);
        ImGui::SetNextItemWidth(column * 0.55f);
        nlohmann::json previous_decay = {{"kind", ToString(rules.decay.kind)}, {"days", rules.decay.days}};
        if (ImGui::Combo("##decay-kind", &kind, kKinds, 3) && kind != static_cast<int>(rules.decay.kind)) {
            int days = rules.decay.days > 0 ? rules.decay.days : 45;
            intents.definition.edit = SetProperty(
                "decay", {{"kind", ToString(static_cast<DecayKind>(kind))}, {"days", days}}, previous_decay);
        }
        ImGui::SameLine();
        int days = rules.decay.days;
        ImGui::BeginDisabled(rules.decay.kind == DecayKind::None);
        ImGui::SetNextItemWidth(column * 0.45f - ui::Px(30));
        ImGui::InputInt("##decay-days", &days, 0, 0);
        if (ImGui::IsItemDeactivatedAfterEdit() && days != rules.decay.days)
            intents.definition.edit = SetProperty(
                "decay", {{"kind", ToString(rules.decay.kind)}, {"days", std::clamp(days, 1, 3650)}}, previous_decay);
        ImGui::EndDisabled();
        ui::Mirror("decay", std::string(ToString(rules.decay.kind)) + " " + std::to_string(rules.decay.days));
        ImGui::EndGroup();
        flow.End();

        ui::MutedFieldLabel("What changed and why, in your words");
        if (ImGui::GetActiveID() != ImGui::GetID("##summary")) m_summary = document.summary;
        char summary[2048];
        std::snprintf(summary, sizeof summary, "%s", m_summary.c_str());
        // The review date beside the summary; under it where the card is narrow.
        bool narrow = ImGui::GetContentRegionAvail().x < ui::Px(520);
        ImGui::SetNextItemWidth(narrow ? -FLT_MIN : -ui::Px(200));
        if (ImGui::InputText("##summary", summary, sizeof summary)) m_summary = summary;
        if (ImGui::IsItemDeactivatedAfterEdit() && m_summary != document.summary)
            intents.definition.edit = SetProperty("summary", m_summary, document.summary);
        ui::Mirror("summary", document.summary);
        if (!narrow) ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ui::MutedFieldLabel("Review by");
        ImGui::SameLine();
        if (ImGui::GetActiveID() != ImGui::GetID("##review")) m_review = document.review_by ? FormatDate(*document.review_by) : "";
        char review[16];
        std::snprintf(review, sizeof review, "%s", m_review.c_str());
        ui::DateFieldEdit review_edit = ui::DateField("##review", review, sizeof review,
                                                      {.id = "review-by", .what = "review-by date"},
                                                      DateOf(static_cast<Timestamp>(state.wall_now)));
        if (review_edit.changed) m_review = review;
        if (review_edit.committed) {
            std::optional<Date> date = ParseDate(m_review);
            nlohmann::json previous = document.review_by ? nlohmann::json(FormatDate(*document.review_by)) : nlohmann::json();
            if (date && date != document.review_by) intents.definition.edit = SetProperty("review_by", FormatDate(*date), previous);
            if (m_review.empty() && document.review_by) intents.definition.edit = SetProperty("review_by", nullptr, previous);
        }
        ImGui::EndDisabled();
    }

private:
    std::string m_summary;
    std::string m_review;
};

// [SECTION] Impact preview

void DrawImpact(const AppState& state, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    const DefinitionState& d = state.definition;
    ui::BeginCard("impact", "Impact on today's leads");
    if (!d.preview) {
        if (d.facts.Failed() && !d.server_impact) ImGui::TextColored(colors.bad, "%s", d.facts.error.c_str());
        else ui::Spinner(ui::Px(9)), ImGui::SameLine(), ui::MutedText("Scoring every lead under both versions…");
        ui::EndCard();
        return;
    }
    const ImpactPreview& preview = *d.preview;
    const ImpactCounts& total = preview.impact.total;
    if (ImGui::BeginTable("impact-table", 5, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchSame)) {
        for (const char* name : {"", "Active", "Draft", "Gain", "Lose"}) ImGui::TableSetupColumn(name);
        ImGui::TableHeadersRow();
        auto row = [&](const char* id, const char* label, std::int64_t active, std::int64_t draft, std::int64_t gained,
                       std::int64_t lost) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(label);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(FormatCount(active).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(FormatCount(draft).c_str());
            ui::Mirror(std::string("impact-") + id, FormatCount(active) + " → " + FormatCount(draft));
            ImGui::TableNextColumn();
            ImGui::TextColored(gained > 0 ? colors.good : colors.text_muted, "+%s", FormatCount(gained).c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(lost > 0 ? colors.bad : colors.text_muted, "−%s", FormatCount(lost).c_str());
        };
        row("mql", "MQLs", total.active_mql, total.draft_mql, total.gained_mql, total.lost_mql);
        row("sales-ready", "Sales-ready", total.active_sales_ready, total.draft_sales_ready, total.gained_sales_ready,
            total.lost_sales_ready);
        ImGui::EndTable();
    }
    char timing[96];
    std::snprintf(timing, sizeof timing, "%s leads, %s in %.1f ms", FormatCount(static_cast<std::int64_t>(preview.leads)).c_str(),
                  preview.from_server ? "on the server" : "in your browser", preview.milliseconds);
    ui::MutedText(timing);
    ui::Mirror("impact-timing", timing);
    ui::MirrorValue("impact-ms", std::to_string(preview.milliseconds));

    ImGui::Dummy(ImVec2(0, ui::Px(4)));
    ui::MutedText("MQLs by source, draft against active");
    std::vector<ui::Bar> bars;
    for (const auto& [source, counts] : preview.impact.by_source) {
        std::string label(ToString(source));
        std::replace(label.begin(), label.end(), '_', ' ');
        std::int64_t change = counts.draft_mql - counts.active_mql;
        std::string text = FormatCount(counts.draft_mql) + (change == 0 ? "" : change > 0 ? " (+" + FormatCount(change) + ")"
                                                                                        : " (−" + FormatCount(-change) + ")");
        bars.push_back({label, static_cast<double>(counts.draft_mql), text,
                        "active: " + FormatCount(counts.active_mql) + ", gained " + FormatCount(counts.gained_mql) +
                            ", lost " + FormatCount(counts.lost_mql),
                        ui::U32(change >= 0 ? colors.sales : colors.bad)});
    }
    ui::HorizontalBars("impact-sources", bars, ImGui::GetContentRegionAvail().x, ui::Px(22));

    if (!preview.sample_ids.empty()) {
        ImGui::Dummy(ImVec2(0, ui::Px(4)));
        ui::MutedText("Leads that change, and why");
        const LeadDefinition* active = ActiveVersion(d);
        for (std::size_t i = 0; i < preview.sample_ids.size(); ++i) {
            const ImpactSample& sample = preview.impact.samples[i];
            std::string text = "Lead " + std::to_string(preview.sample_ids[i]) + ": " + LevelName(sample.before) + " → " +
                               LevelName(sample.after);
            if (ui::Link(("impact-sample-" + std::to_string(preview.sample_ids[i])).c_str(), text.c_str())) {
                Route route;
                route.view = View::Leads;
                route.id = preview.sample_ids[i];
                intents.navigate = route;
            }
            if (active && i < preview.sample_leads.size() && ImGui::IsItemHovered()) {
                // The criteria whose verdict differs between the two versions explain the move.
                Timestamp now = static_cast<Timestamp>(state.wall_now);
                Evaluation before = Evaluate(active->rules, preview.sample_leads[i], now);
                Evaluation after = Evaluate(d.replica.View().rules, preview.sample_leads[i], now);
                ImGui::BeginTooltip();
                ImGui::Text("Score %.0f → %.0f", before.total, after.total);
                auto list = [&](const std::vector<CriterionResult>& results, const std::vector<Criterion>& criteria) {
                    for (std::size_t c = 0; c < results.size() && c < criteria.size(); ++c)
                        ImGui::TextColored(results[c].matched ? colors.good : colors.text_muted, "%s %s",
                                           results[c].matched ? ICON_CHECK : "·", criteria[c].label.c_str());
                };
                list(after.fit_results, d.replica.View().rules.fit);
                list(after.engagement_results, d.replica.View().rules.engagement);
                list(after.sales_ready_results, d.replica.View().rules.sales_ready);
                ImGui::EndTooltip();
            }
        }
    }
    ui::EndCard();
}

// [SECTION] Versions: sign-off and differences

// What the second signature would do at once: the stage moves, the inboxes the leads handed to
// sales land in, and the level changes behind them.
void DrawActivationPreview(const AppState& state, const LeadDefinition& version, bool signs_second) {
    const ui::Palette& colors = ui::Colors();
    const Remote<ActivationPreview>& remote = state.definition.activation;
    std::string lead_in = (signs_second ? "If you approve, v" : "When the other side signs, v") + std::to_string(version.version) +
                          " takes effect at once:";
    ImGui::TextColored(colors.warn, "%s", lead_in.c_str());
    if (!remote.value || remote.value->version != version.version) {
        if (remote.Failed()) ImGui::TextColored(colors.bad, "Could not work out its effect: %s", remote.error.c_str());
        else ui::Spinner(ui::Px(7));
        return;
    }
    const ActivationPreview& p = *remote.value;
    auto leads = [](std::int64_t n) { return FormatCount(n) + (n == 1 ? " lead" : " leads"); };
    std::string moves = leads(p.to_sales_ready) + " go to sales, each starting the response clock; " + leads(p.to_mql) +
                        " become MQLs; " + leads(p.to_new) + " go back to new.";
    std::string inboxes = "Inboxes: ";
    for (std::size_t i = 0; i < p.inboxes.size(); ++i) {
        const ActivationInbox& inbox = p.inboxes[i];
        inboxes += (i ? " · " : "") + (inbox.owner_id ? UserName(state, inbox.owner_id) : std::string("unassigned")) + " +" +
                   FormatCount(inbox.leads);
    }
    if (p.inboxes.empty()) inboxes += "no lead goes to sales.";
    static constexpr const char* kLevelNames[] = {"none", "MQL", "sales-ready"};
    std::string levels = "Levels: ";
    bool any = false;
    for (std::size_t from = 0; from < 3; ++from) {
        for (std::size_t to = 0; to < 3; ++to) {
            if (from == to || p.levels[from][to] == 0) continue;
            levels += std::string(any ? " · " : "") + kLevelNames[from] + " → " + kLevelNames[to] + " " + FormatCount(p.levels[from][to]);
            any = true;
        }
    }
    if (!any) levels += "no lead changes level.";
    ImGui::Indent(ui::Px(12));
    ImGui::PushTextWrapPos(0);
    for (const std::string* line : {&moves, &inboxes, &levels}) ImGui::TextUnformatted(line->c_str());
    ImGui::PopTextWrapPos();
    ImGui::Unindent(ui::Px(12));
    // Read as three sentences: the " · " between parts a pause, an arrow "to".
    std::string said = moves + " " + inboxes + (p.inboxes.empty() ? " " : ". ") + levels + (any ? "." : "");
    for (auto [from, to] : {std::pair<std::string_view, std::string_view>{" · ", ", "}, {" → ", " to "}}) {
        for (std::size_t at = said.find(from); at != std::string::npos; at = said.find(from, at + to.size()))
            said.replace(at, from.size(), to);
    }
    ui::Mirror("activation-preview", moves + "|" + inboxes + "|" + levels, {.name = said});
}

class Versions {
public:
    void Draw(const AppState& state, Intents& intents) {
        const ui::Palette& colors = ui::Colors();
        const DefinitionState& d = state.definition;
        ui::BeginCard("versions", "Versions and sign-off");
        if (!d.versions.value) {
            ui::Spinner(ui::Px(9));
            ui::EndCard();
            return;
        }
        const std::vector<LeadDefinition>& versions = *d.versions.value;
        const User* me = state.session.me ? &*state.session.me : nullptr;
        ImGui::PushTextWrapPos(0);   // lines wrap where the card is narrow
        for (const LeadDefinition& version : versions) {
            std::string line = "v" + std::to_string(version.version) + " · " + StatusLabel(version.status);
            if (version.activated_at) line += " since " + DayLabel(*version.activated_at);
            ImGui::PushStyleColor(ImGuiCol_Text, version.status == DefinitionStatus::Active ? colors.good : colors.text);
            ImGui::TextUnformatted(line.c_str());
            ImGui::PopStyleColor();
            ui::Mirror("version-" + std::to_string(version.version), line);
            for (const Approval& approval : version.approvals) {
                ImGui::TextColored(colors.text_muted, "   " ICON_CHECK " %s (%s), %s", UserName(state, approval.user_id).c_str(),
                                   RoleLabel(approval.role).c_str(), DayLabel(approval.at).c_str());
            }
            if (version.status == DefinitionStatus::Proposed && me) {
                bool signed_already = std::any_of(version.approvals.begin(), version.approvals.end(),
                                                  [&](const Approval& a) { return a.user_id == me->id; });
                if (version.approvals.size() == 1)
                    DrawActivationPreview(state, version, !signed_already && Can(me->role, Action::ApproveDefinition));
                if (Can(me->role, Action::ApproveDefinition) && !signed_already) {
                    if (ImGui::Button(("Approve v" + std::to_string(version.version)).c_str()))
                        intents.definition.approve = version.version;
                    ui::Mirror("approve", "Approve");
                    ImGui::SameLine();
                }
                if (Can(me->role, Action::ProposeDefinition)) {
                    if (ImGui::Button("Withdraw")) intents.definition.withdraw = version.version;
                    ui::Mirror("withdraw", "Withdraw");
                }
                if (signed_already) ui::MutedText("You signed; waiting for the other side.");
            }
        }
        ImGui::PopTextWrapPos();
        if (d.status == DefinitionStatus::Draft && me && Can(me->role, Action::ProposeDefinition)) {
            ImGui::Dummy(ImVec2(0, ui::Px(4)));
            if (ImGui::Button(("Propose v" + std::to_string(d.version) + " for sign-off").c_str())) intents.definition.propose = true;
            ui::Mirror("propose", "Propose");
        }

        // Differences between any two versions (the draft as it is now included).
        ImGui::Dummy(ImVec2(0, ui::Px(6)));
        ui::MutedText("Compare");
        std::vector<std::string> names;
        std::vector<const DefinitionRules*> rules;
        names.push_back("the draft");
        rules.push_back(&d.replica.View().rules);
        for (const LeadDefinition& version : versions) {
            if (version.version == d.version) continue;
            names.push_back("v" + std::to_string(version.version) + " (" + StatusLabel(version.status) + ")");
            rules.push_back(&version.rules);
        }
        if (m_right < 0) m_right = names.size() > 1 ? 1 : 0;
        m_left = std::min<int>(m_left, static_cast<int>(names.size()) - 1);
        m_right = std::min<int>(m_right, static_cast<int>(names.size()) - 1);
        auto pick = [&](const char* id, int& index) {
            ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.42f);
            if (ImGui::BeginCombo(id, names[static_cast<std::size_t>(index)].c_str())) {
                for (std::size_t i = 0; i < names.size(); ++i)
                    if (ImGui::Selectable(names[i].c_str(), static_cast<int>(i) == index)) index = static_cast<int>(i);
                ImGui::EndCombo();
            }
        };
        pick("##diff-left", m_right);
        ImGui::SameLine();
        ui::MutedText("→");
        ImGui::SameLine();
        pick("##diff-right", m_left);
        std::vector<std::string> lines = DiffRules(*rules[static_cast<std::size_t>(m_right)], *rules[static_cast<std::size_t>(m_left)]);
        if (lines.empty()) ui::MutedText("No differences.");
        ImGui::PushTextWrapPos(0);
        for (const std::string& line : lines) ImGui::BulletText("%s", line.c_str());
        ImGui::PopTextWrapPos();
        ui::Mirror("diff", std::to_string(lines.size()));
        ui::EndCard();
    }

private:
    int m_left = 0;    // the draft
    int m_right = -1;  // the active version, once known
};

// [SECTION] The view

class DefinitionPage final : public ViewBase {
public:
    void Draw(const AppState& state, Intents& intents) override {
        const ui::Palette& colors = ui::Colors();
        const DefinitionState& d = state.definition;
        ui::PageHeader("Lead definition", "One definition of a sales-ready lead, written and signed by both teams.");
        if (!d.shown) {
            if (!d.error.empty()) {
                if (ui::Banner("definition-error", ui::BannerKind::Error, (ICON_WARNING "  " + d.error).c_str(), "Retry"))
                    intents.definition.reload = true;
            } else {
                ui::Spinner(ui::Px(10));
            }
            return;
        }
        DrawStateLine(state, intents);
        if (!d.notices.empty()) {
            ui::Banner("definition-notice", ui::BannerKind::Info, d.notices.back().c_str(), nullptr);
        }
        if (d.status == DefinitionStatus::Proposed) {
            ui::Banner("proposed", ui::BannerKind::Info,
                       ("Version " + std::to_string(d.version) +
                        " is proposed: editing is paused until both leaders sign off or it is withdrawn.")
                           .c_str(),
                       nullptr);
        }
        // Undo / redo from the keyboard, unless a field (which has its own) or a drop-down has it.
        const ImGuiIO& io = ImGui::GetIO();
        if (ui::PageKeysFree() && io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_Z, false)) {
            if (io.KeyShift) intents.definition.redo = true;
            else intents.definition.undo = true;
        }

        const DraftDocument& document = d.replica.View();
        // The editor with the impact and versions beside it; under it where the window is narrow.
        float spacing = ImGui::GetStyle().ItemSpacing.x;
        float width = ImGui::GetContentRegionAvail().x;
        bool stacked = width < ui::Px(1000);
        float left = stacked ? width : std::floor(width * 0.64f);
        float right = stacked ? width : width - left - spacing;

        ImGui::BeginChild("editor", ImVec2(left, 0), ImGuiChildFlags_AutoResizeY);
        ui::BeginCard("settings", "Thresholds");
        m_settings.Draw(state, document, intents);
        ui::EndCard();
        static constexpr const char* kTitles[] = {"Fit — who they are", "Engagement — what they did",
                                                  "Sales-ready — every check must hold"};
        static constexpr CriteriaList kLists[] = {CriteriaList::Fit, CriteriaList::Engagement, CriteriaList::SalesReady};
        for (int i = 0; i < 3; ++i) {
            ui::BeginCard(kTitles[i], kTitles[i]);
            m_criteria[i].Draw(state, document, kLists[i], intents);
            ui::EndCard();
        }
        ImGui::EndChild();
        if (!stacked) ImGui::SameLine();
        ImGui::BeginChild("side", ImVec2(right, 0), ImGuiChildFlags_AutoResizeY);
        DrawImpact(state, intents);
        m_versions.Draw(state, intents);
        ImGui::EndChild();
        (void)colors;
        if (!intents.definition.focus && !ImGui::IsAnyItemActive() && !d.focus.empty()) {
            intents.definition.focus = std::string();
            intents.definition.editing = false;
        }
    }

private:
    Settings m_settings;
    CriteriaEditor m_criteria[3];
    Versions m_versions;
};

}  // namespace

std::unique_ptr<ViewBase> MakeDefinitionView() { return std::make_unique<DefinitionPage>(); }

}  // namespace tandem
