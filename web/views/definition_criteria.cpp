// Criteria tables of the definition editor.
#include "views/definition_criteria.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui_internal.h>

#include "tandem/codec.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"

namespace tandem {

namespace {

const char* ListName(CriteriaList list) {
    switch (list) {
    case CriteriaList::Fit: return "fit";
    case CriteriaList::Engagement: return "engagement";
    case CriteriaList::SalesReady: break;
    }
    return "sales_ready";
}

const std::vector<Criterion>& CriteriaOf(const DraftDocument& document, CriteriaList list) {
    switch (list) {
    case CriteriaList::Fit: return document.rules.fit;
    case CriteriaList::Engagement: return document.rules.engagement;
    case CriteriaList::SalesReady: break;
    }
    return document.rules.sales_ready;
}

std::vector<Op> OpsFor(const FieldInfo& field) {
    if (field.name == "phone") return {Op::Exists};
    switch (field.kind) {
    case FieldKind::Number: return {Op::Eq, Op::Neq, Op::Gte, Op::Lte, Op::Between, Op::In, Op::NotIn, Op::Exists};
    case FieldKind::Flag: return {Op::Eq, Op::Exists};
    case FieldKind::Text:
    case FieldKind::Choice: break;
    }
    return {Op::Eq, Op::Neq, Op::In, Op::NotIn, Op::Exists};
}

const char* OpLabel(Op op) {
    switch (op) {
    case Op::Eq: return "is";
    case Op::Neq: return "is not";
    case Op::In: return "is one of";
    case Op::NotIn: return "is none of";
    case Op::Gte: return "at least";
    case Op::Lte: return "at most";
    case Op::Between: return "between";
    case Op::Exists: break;
    }
    return "is known";
}

// A value that fits a field and operator, for when either changes.
nlohmann::json DefaultValue(const FieldInfo& field, Op op) {
    if (op == Op::Exists) return nullptr;
    switch (field.kind) {
    case FieldKind::Number:
        if (op == Op::Between) return nlohmann::json::array({1, 10});
        if (op == Op::In || op == Op::NotIn) return nlohmann::json::array({1});
        return 1;
    case FieldKind::Flag: return true;
    case FieldKind::Choice: {
        std::string first = field.choices.empty() ? std::string() : std::string(field.choices.front());
        if (op == Op::In || op == Op::NotIn) return nlohmann::json::array({first});
        return first;
    }
    case FieldKind::Text: break;
    }
    return nullptr;   // a text field has no sensible default: the UI switches it to "is known"
}

std::string FormatNumber(double value) {
    char text[32];
    if (value == std::floor(value) && std::abs(value) < 1e15) std::snprintf(text, sizeof text, "%.0f", value);
    else std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string Join(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : separator) + part;
    return out;
}

std::vector<std::string> SplitList(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string part = Trim(std::string_view(text).substr(start, comma - start));
        if (!part.empty()) parts.push_back(part);
        start = comma + 1;
    }
    return parts;
}

std::optional<double> ParseNumber(std::string text) {
    text.erase(std::remove(text.begin(), text.end(), ','), text.end());
    text = Trim(text);
    if (!text.empty() && text.front() == '$') text.erase(0, 1);
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

// Inverse of a criterion change: the same members with the values they had.
nlohmann::json Previous(const Criterion& criterion, const nlohmann::json& change) {
    nlohmann::json before = ToJson(criterion);
    nlohmann::json inverse = nlohmann::json::object();
    for (auto it = change.begin(); it != change.end(); ++it) inverse[it.key()] = before.value(it.key(), nlohmann::json());
    return inverse;
}

DraftEdit SetCriterion(const Criterion& criterion, nlohmann::json change) {
    DraftOp op;
    op.kind = DraftOp::Kind::SetCriterion;
    op.criterion_id = criterion.id;
    DraftOp inverse = op;
    inverse.value = Previous(criterion, change);
    op.value = std::move(change);
    return {{op}, {inverse}};
}

std::string NewId(const DraftDocument& document) {
    // Short, readable and unused; the server refuses duplicates anyway.
    for (int n = 1;; ++n) {
        std::string id = "c" + std::to_string(n);
        bool used = false;
        for (CriteriaList list : {CriteriaList::Fit, CriteriaList::Engagement, CriteriaList::SalesReady})
            for (const Criterion& criterion : CriteriaOf(document, list)) used |= criterion.id == id;
        if (!used) return id;
    }
}

ImU32 PresenceColour(std::int64_t user_id) {
    static constexpr ImU32 kColours[] = {IM_COL32(139, 92, 246, 255), IM_COL32(14, 159, 142, 255),
                                         IM_COL32(217, 119, 6, 255), IM_COL32(52, 84, 209, 255),
                                         IM_COL32(208, 58, 58, 255)};
    return kColours[static_cast<std::size_t>(user_id) % std::size(kColours)];
}

std::string Initials(const std::string& name) {
    std::string out;
    bool next = true;
    for (char c : name) {
        if (next && c != ' ') out += c;
        next = c == ' ';
    }
    return out.substr(0, 2);
}

// Others on this criterion: a coloured chip with initials each, a pencil if they are typing.
void DrawPresence(const AppState& state, const std::string& criterion_id) {
    const DefinitionState& d = state.definition;
    std::string mirrored;
    for (const PresenceEntry& entry : d.presence) {
        if (entry.criterion_id != criterion_id || entry.client_id == d.replica.ClientId()) continue;
        std::string label = Initials(entry.name) + (entry.editing ? " " ICON_PENCIL : "");
        ImVec2 size = ImGui::CalcTextSize(label.c_str());
        ImVec2 pos = ImGui::GetCursorScreenPos();
        ImVec2 box(size.x + ui::Px(10), ImGui::GetTextLineHeight() + ui::Px(2));
        ImGui::Dummy(box);
        ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + box.x, pos.y + box.y), PresenceColour(entry.user_id),
                                                  ui::Px(8));
        ImGui::GetWindowDrawList()->AddText(ImVec2(pos.x + ui::Px(5), pos.y + ui::Px(1)), IM_COL32_WHITE, label.c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s is %s this criterion", entry.name.c_str(), entry.editing ? "editing" : "looking at");
        ImGui::SameLine(0, ui::Px(3));
        mirrored += (mirrored.empty() ? "" : ",") + entry.name + (entry.editing ? " (editing)" : "");
    }
    ImGui::NewLine();
    if (!mirrored.empty()) ui::Mirror("presence-" + criterion_id, mirrored);
}

}  // namespace

nlohmann::json ParseCriterionValue(const FieldInfo& field, Op op, const std::string& text, std::string& error) {
    error.clear();
    if (op == Op::Exists) return nullptr;
    if (field.kind == FieldKind::Flag) return text == "true" || text == "yes";
    if (op == Op::Between) {
        std::size_t dash = text.find_first_of("-–");
        if (text.find("..") != std::string::npos) dash = text.find("..");
        if (dash == std::string::npos || dash == 0) {
            error = "write a range like 50 - 5000";
            return nullptr;
        }
        std::size_t skip = text.compare(dash, 2, "..") == 0 ? 2 : (static_cast<unsigned char>(text[dash]) == 0xE2 ? 3 : 1);
        std::optional<double> low = ParseNumber(text.substr(0, dash));
        std::optional<double> high = ParseNumber(text.substr(dash + skip));
        if (!low || !high) {
            error = "both ends must be numbers";
            return nullptr;
        }
        if (*low > *high) {
            error = "the lower end must come first";
            return nullptr;
        }
        return nlohmann::json::array({*low, *high});
    }
    if (op == Op::In || op == Op::NotIn) {
        std::vector<std::string> parts = SplitList(text);
        if (parts.empty()) {
            error = "list at least one value, separated by commas";
            return nullptr;
        }
        nlohmann::json list = nlohmann::json::array();
        for (const std::string& part : parts) {
            if (field.kind == FieldKind::Number) {
                std::optional<double> number = ParseNumber(part);
                if (!number) {
                    error = "'" + part + "' is not a number";
                    return nullptr;
                }
                list.push_back(*number);
            } else {
                list.push_back(part);
            }
        }
        return list;
    }
    if (field.kind == FieldKind::Number) {
        std::optional<double> number = ParseNumber(text);
        if (!number) {
            error = "enter a number";
            return nullptr;
        }
        return *number;
    }
    std::string value = Trim(text);
    if (value.empty()) {
        error = "enter a value";
        return nullptr;
    }
    return value;
}

std::string CriterionValueText(const Criterion& criterion) {
    const CriterionValue& value = criterion.value;
    if (criterion.op == Op::Exists) return "";
    if (value.flag) return *value.flag ? "true" : "false";
    if (criterion.op == Op::Between && value.numbers.size() == 2)
        return FormatNumber(value.numbers[0]) + " - " + FormatNumber(value.numbers[1]);
    std::vector<std::string> parts;
    for (double number : value.numbers) parts.push_back(FormatNumber(number));
    for (const std::string& text : value.texts) parts.push_back(text);
    return Join(parts, ", ");
}

void CriteriaEditor::Draw(const AppState& state, const DraftDocument& document, CriteriaList list, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    const DefinitionState& d = state.definition;
    const std::vector<Criterion>& criteria = CriteriaOf(document, list);
    bool can_edit = state.session.me && Can(state.session.me->role, Action::EditDefinitionDraft) &&
                    d.status == DefinitionStatus::Draft;
    bool sales_ready = list == CriteriaList::SalesReady;
    const nlohmann::json* by_field = d.pressure.value && d.pressure.value->contains("by_field")
                                         ? &d.pressure.value->at("by_field")
                                         : nullptr;

    ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg;
    ImGui::PushID(ListName(list));
    // Narrow (a phone), a criterion's parts stack in one cell: its label; field and rule; value and
    // points; the buttons.
    bool stacked = ImGui::GetContentRegionAvail().x < ui::Px(600);
    if (ImGui::BeginTable("criteria", stacked ? 1 : sales_ready ? 5 : 6, flags)) {
        if (stacked) {
            ImGui::TableSetupColumn(sales_ready ? "Check: field, rule, value" : "Criterion: field, rule, value, points",
                                    ImGuiTableColumnFlags_WidthStretch);
        } else {
            // Field and rule wide enough for "company_size" and "is one of" at 1280 px.
            ImGui::TableSetupColumn("Criterion", ImGuiTableColumnFlags_WidthStretch, 1.7f);
            ImGui::TableSetupColumn("Field", ImGuiTableColumnFlags_WidthStretch, 1.5f);
            ImGui::TableSetupColumn("Rule", ImGuiTableColumnFlags_WidthStretch, 1.4f);
            ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 1.6f);
            if (!sales_ready) ImGui::TableSetupColumn("Points", ImGuiTableColumnFlags_WidthStretch, 0.7f);
            ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ui::Px(122));
        }
        ImGui::TableHeadersRow();
        // Where a part of a row goes (label, field, rule, value, points, buttons): its own column,
        // or in the stacked cell after the part before it; returns the width for its field.
        enum Part { kLabel, kField, kRule, kValue, kPoints, kButtons };
        float spacing = ImGui::GetStyle().ItemSpacing.x;
        auto part = [&](Part which) -> float {
            if (!stacked) {
                ImGui::TableNextColumn();
                return -1;
            }
            float avail = ImGui::GetContentRegionAvail().x;
            switch (which) {
            case kLabel: ImGui::TableNextColumn(); return -1;
            case kField: return (avail - spacing) * 0.5f;
            case kRule: ImGui::SameLine(); return -1;
            case kValue: return sales_ready ? -1 : avail - ui::Px(60) - ImGui::CalcTextSize("points").x - spacing * 2;
            case kPoints:
                ImGui::SameLine();
                ImGui::AlignTextToFramePadding();
                ui::MutedText("points");
                ImGui::SameLine();
                return -1;
            case kButtons: return 0;
            }
            return -1;
        };
        std::optional<std::string> focused;
        bool editing_now = false;
        for (std::size_t row = 0; row < criteria.size(); ++row) {
            const Criterion& criterion = criteria[row];
            const FieldInfo* field = FindField(criterion.field);
            if (!field) continue;
            ImGui::PushID(criterion.id.c_str());
            ImGui::TableNextRow();
            std::string key = criterion.id + "/";

            // Label, with who else is here below it.
            float width = part(kLabel);
            std::string& label = m_text[key + "label"];
            bool label_active = ImGui::GetActiveID() == ImGui::GetID("##label");
            if (!label_active) label = criterion.label;
            char buffer[256];
            std::snprintf(buffer, sizeof buffer, "%s", label.c_str());
            ImGui::SetNextItemWidth(width);
            ImGui::BeginDisabled(!can_edit);
            if (ImGui::InputText("##label", buffer, sizeof buffer)) label = buffer;
            ImGui::EndDisabled();
            ui::OverflowTooltip(buffer);
            ui::Mirror("criterion-" + criterion.id + "-label", criterion.label, {.name = "Criterion label"});
            if (ImGui::IsItemActive()) {
                focused = criterion.id;
                editing_now = true;
                if (!Trim(label).empty()) intents.definition.typing = SetCriterion(criterion, {{"label", Trim(label)}});
            }
            if (ImGui::IsItemDeactivatedAfterEdit() && Trim(label) != criterion.label)
                intents.definition.edit = SetCriterion(criterion, {{"label", Trim(label)}});
            DrawPresence(state, criterion.id);

            // Field.
            ImGui::SetNextItemWidth(part(kField));
            ImGui::BeginDisabled(!can_edit);
            if (ImGui::BeginCombo("##field", criterion.field.c_str())) {
                focused = criterion.id;
                for (const FieldInfo& option : CriterionFields()) {
                    bool selected = option.name == criterion.field;
                    if (ImGui::Selectable(std::string(option.name).c_str(), selected) && !selected) {
                        // Field, rule and value change together so the criterion stays valid.
                        Op op = option.kind == FieldKind::Text ? Op::Exists : OpsFor(option).front();
                        if (option.kind == FieldKind::Number) op = Op::Gte;
                        intents.definition.edit = SetCriterion(
                            criterion, {{"field", option.name}, {"op", ToString(op)}, {"value", DefaultValue(option, op)}});
                    }
                }
                ImGui::EndCombo();
            }
            ImGui::EndDisabled();
            std::string field_name = "Field of " + criterion.label;
            ui::Mirror("criterion-" + criterion.id + "-field", criterion.field, {.role = ui::Role::Combobox, .name = field_name});

            // Rule.
            ImGui::SetNextItemWidth(part(kRule));
            ImGui::BeginDisabled(!can_edit);
            if (ImGui::BeginCombo("##op", OpLabel(criterion.op))) {
                focused = criterion.id;
                for (Op option : OpsFor(*field)) {
                    bool selected = option == criterion.op;
                    if (ImGui::Selectable(OpLabel(option), selected) && !selected) {
                        nlohmann::json value = DefaultValue(*field, option);
                        if (field->kind == FieldKind::Text && option != Op::Exists) {
                            // Keep what was typed if it can serve the new rule.
                            std::string error;
                            nlohmann::json kept = ParseCriterionValue(*field, option, CriterionValueText(criterion), error);
                            value = error.empty() ? kept : nlohmann::json(option == Op::In || option == Op::NotIn
                                                                              ? nlohmann::json::array({"?"})
                                                                              : nlohmann::json("?"));
                        }
                        intents.definition.edit =
                            SetCriterion(criterion, {{"op", ToString(option)}, {"value", value}});
                    }
                }
                ImGui::EndCombo();
            }
            ImGui::EndDisabled();
            std::string op_name = "Rule of " + criterion.label;
            ui::Mirror("criterion-" + criterion.id + "-op", ToString(criterion.op), {.role = ui::Role::Combobox, .name = op_name});

            // Value: checked on every keystroke and sent as it is typed (when it parses).
            width = part(kValue);
            if (criterion.op != Op::Exists) {
                std::string& value_text = m_text[key + "value"];
                std::string& error = m_errors[key + "value"];
                bool value_active = ImGui::GetActiveID() == ImGui::GetID("##value");
                if (!value_active) {
                    value_text = CriterionValueText(criterion);
                    error.clear();
                }
                ImGui::SetNextItemWidth(width);
                if (!error.empty()) ImGui::PushStyleColor(ImGuiCol_Border, colors.bad);
                ImGui::BeginDisabled(!can_edit);
                char value_buffer[512];
                std::snprintf(value_buffer, sizeof value_buffer, "%s", value_text.c_str());
                bool changed = ImGui::InputText("##value", value_buffer, sizeof value_buffer);
                ImGui::EndDisabled();
                ui::OverflowTooltip(value_buffer);
                if (!error.empty()) ImGui::PopStyleColor();
                std::string value_name = "Value of " + criterion.label;
                ui::Mirror("criterion-" + criterion.id + "-value", CriterionValueText(criterion), {.name = value_name});
                if (changed) {
                    value_text = value_buffer;
                    ParseCriterionValue(*field, criterion.op, value_text, error);
                }
                if (ImGui::IsItemActive()) {
                    focused = criterion.id;
                    editing_now = true;
                    std::string typing_error;
                    nlohmann::json typed = ParseCriterionValue(*field, criterion.op, value_text, typing_error);
                    if (typing_error.empty()) intents.definition.typing = SetCriterion(criterion, {{"value", typed}});
                }
                if (!error.empty()) {
                    ImGui::TextColored(colors.bad, "%s", error.c_str());
                    ui::Mirror("criterion-" + criterion.id + "-error", error, {.role = ui::Role::Alert});
                } else if (ImGui::IsItemHovered() && field->kind == FieldKind::Choice) {
                    std::string choices;
                    for (std::string_view choice : field->choices) choices += (choices.empty() ? "" : ", ") + std::string(choice);
                    ImGui::SetTooltip("One of: %s", choices.c_str());
                }
                if (ImGui::IsItemDeactivatedAfterEdit()) {
                    nlohmann::json value = ParseCriterionValue(*field, criterion.op, value_text, error);
                    if (error.empty() && value != ToJson(criterion).value("value", nlohmann::json()))
                        intents.definition.edit = SetCriterion(criterion, {{"value", value}});
                }
            } else {
                ui::MutedText("—");
            }

            // Points.
            if (!sales_ready) {
                ImGui::SetNextItemWidth(part(kPoints));
                int points = criterion.points;
                ImGui::BeginDisabled(!can_edit);
                ImGui::InputInt("##points", &points, 0, 0);
                ImGui::EndDisabled();
                if (ImGui::IsItemActive())
                    intents.definition.typing = SetCriterion(criterion, {{"points", std::clamp(points, -1000, 1000)}});
                std::string points_name = "Points for " + criterion.label;
                ui::Mirror("criterion-" + criterion.id + "-points", std::to_string(criterion.points), {.name = points_name});
                if (ImGui::IsItemActive()) {
                    focused = criterion.id;
                    editing_now = true;
                }
                if (ImGui::IsItemDeactivatedAfterEdit() && points != criterion.points)
                    intents.definition.edit = SetCriterion(criterion, {{"points", std::clamp(points, -1000, 1000)}});
            }

            // Reorder, remove, and how often sales rejects leads for this criterion's field.
            part(kButtons);
            ImGui::BeginDisabled(!can_edit);
            auto move = [&](int to) {
                DraftOp op;
                op.kind = DraftOp::Kind::MoveCriterion;
                op.criterion_id = criterion.id;
                op.list = list;
                op.index = to;
                DraftOp inverse = op;
                inverse.index = static_cast<int>(row);
                intents.definition.edit = DraftEdit{{op}, {inverse}};
            };
            if (ImGui::SmallButton(ICON_ARROW_UP) && row > 0) move(static_cast<int>(row) - 1);
            ImGui::SameLine(0, ui::Px(2));
            if (ImGui::SmallButton(ICON_ARROW_DOWN) && row + 1 < criteria.size()) move(static_cast<int>(row) + 1);
            ImGui::SameLine(0, ui::Px(2));
            if (ImGui::SmallButton(ICON_TRASH)) {
                DraftOp op;
                op.kind = DraftOp::Kind::RemoveCriterion;
                op.criterion_id = criterion.id;
                DraftOp inverse;
                inverse.kind = DraftOp::Kind::AddCriterion;
                inverse.list = list;
                inverse.index = static_cast<int>(row);
                inverse.value = ToJson(criterion);
                intents.definition.edit = DraftEdit{{op}, {inverse}};
            }
            std::string remove_name = "Remove " + criterion.label;
            ui::Mirror("criterion-" + criterion.id + "-remove", "Remove", {.name = remove_name});
            ImGui::EndDisabled();
            if (by_field && by_field->contains(criterion.field)) {
                std::int64_t rejections = by_field->at(criterion.field).get<std::int64_t>();
                ImGui::TextColored(colors.warn, ICON_WARNING " %lld", static_cast<long long>(rejections));
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("Sales rejected %lld leads in the last 90 days for a reason that contradicts %s",
                                      static_cast<long long>(rejections), criterion.field.c_str());
                ui::Mirror("pressure-" + criterion.id, std::to_string(rejections));
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
        if (focused) {
            intents.definition.focus = *focused;
            intents.definition.editing = editing_now;
        }
    }
    if (can_edit) {
        std::string add = std::string(ICON_PLUS "  Add ") + (list == CriteriaList::Fit          ? "a fit criterion"
                                                             : list == CriteriaList::Engagement ? "an engagement criterion"
                                                                                                : "a sales-ready check");
        if (ImGui::Button(add.c_str())) {
            Criterion criterion;
            criterion.id = NewId(document);
            criterion.label = "New criterion";
            criterion.field = "page_views";
            criterion.op = Op::Gte;
            criterion.value.numbers = {1};
            criterion.points = sales_ready ? 0 : 5;
            DraftOp op;
            op.kind = DraftOp::Kind::AddCriterion;
            op.list = list;
            op.index = static_cast<int>(criteria.size());
            op.value = ToJson(criterion);
            DraftOp inverse;
            inverse.kind = DraftOp::Kind::RemoveCriterion;
            inverse.criterion_id = criterion.id;
            intents.definition.edit = DraftEdit{{op}, {inverse}};
        }
        ui::Mirror(std::string("add-") + ListName(list), add);
    }
    ImGui::PopID();
}

}  // namespace tandem
