// Stacked bar drawing.
#include "ui/stacked_bars.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/charts.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"

namespace tandem::ui {

namespace {

double Total(const Stack& stack) {
    double total = 0;
    for (double value : stack.values) total += std::max(0.0, value);
    return total;
}

double MaxTotal(std::span<const Stack> stacks) {
    double max = 0;
    for (const Stack& stack : stacks) max = std::max(max, Total(stack));
    return max;
}

// "%g" without trailing noise: counts show as whole numbers.
std::string Number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// A tooltip with the stack's label, its total and each non-zero part with its swatch.
void StackTooltip(std::span<const StackKey> keys, const Stack& stack) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted((stack.label + ": " + Number(Total(stack))).c_str());
    for (std::size_t k = 0; k < keys.size() && k < stack.values.size(); ++k) {
        if (stack.values[k] <= 0) continue;
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(keys[k].color), "\xe2\x96\xa0");   // ■
        ImGui::SameLine();
        ImGui::Text("%s: %s", keys[k].name.c_str(), Number(stack.values[k]).c_str());
    }
    ImGui::EndTooltip();
}

}  // namespace

void StackLegend(const char* id, std::span<const StackKey> keys) {
    const Palette& colors = Colors();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    float swatch = Px(10);
    ImGui::PushID(id);
    for (std::size_t i = 0; i < keys.size(); ++i) {
        float width = swatch + Px(6) + ImGui::CalcTextSize(keys[i].name.c_str()).x;
        if (i > 0) {
            ImGui::SameLine(0, Px(14));
            if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
        }
        ImVec2 pos = ImGui::GetCursorScreenPos();
        float line = ImGui::GetTextLineHeight();
        ImGui::Dummy(ImVec2(width, line));
        draw->AddRectFilled(ImVec2(pos.x, pos.y + (line - swatch) * 0.5f), ImVec2(pos.x + swatch, pos.y + (line + swatch) * 0.5f),
                            keys[i].color, Px(2));
        draw->AddText(ImVec2(pos.x + swatch + Px(6), pos.y), U32(colors.text_muted), keys[i].name.c_str());
    }
    ImGui::PopID();
}

int StackedRows(const char* id, std::span<const StackKey> keys, std::span<const Stack> stacks, float width,
                float row_height) {
    const Palette& colors = Colors();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float label_width = 0, value_width = 0;
    for (const Stack& stack : stacks) {
        label_width = std::max(label_width, ImGui::CalcTextSize(stack.label.c_str()).x);
        value_width = std::max(value_width, ImGui::CalcTextSize(stack.value_text.c_str()).x);
    }
    // Long names (campaigns) get at most 40 % of the row; the rest is clipped.
    label_width = std::min(label_width + Px(12), width * 0.4f);
    value_width += Px(10);
    double max = MaxTotal(stacks);
    int clicked = -1;
    ImGui::PushID(id);
    for (std::size_t i = 0; i < stacks.size(); ++i) {
        const Stack& stack = stacks[i];
        auto [origin, hovered, row_clicked] = ClickableRow(static_cast<int>(i), width, row_height);
        if (row_clicked) clicked = static_cast<int>(i);
        float text_y = origin.y + (row_height - ImGui::GetTextLineHeight()) * 0.5f;
        draw->AddText(ImVec2(origin.x + Px(4), text_y), U32(colors.text), FitText(stack.label, label_width - Px(12)).c_str());
        float track = std::max(0.0f, width - label_width - value_width);
        float top = origin.y + row_height * 0.22f, bottom = origin.y + row_height * 0.78f;
        draw->AddRectFilled(ImVec2(origin.x + label_width, top), ImVec2(origin.x + label_width + track, bottom),
                            U32(colors.surface_alt), Px(3));
        float x = origin.x + label_width;
        for (std::size_t k = 0; k < keys.size() && k < stack.values.size(); ++k) {
            if (stack.values[k] <= 0 || max <= 0) continue;
            float length = track * static_cast<float>(stack.values[k] / max);
            // A hairline of the card's colour between parts keeps neighbours apart.
            draw->AddRectFilled(ImVec2(x, top), ImVec2(x + length, bottom), keys[k].color);
            if (x > origin.x + label_width) draw->AddLine(ImVec2(x, top), ImVec2(x, bottom), U32(colors.surface), Px(1));
            x += length;
        }
        draw->AddText(ImVec2(origin.x + label_width + track + Px(8), text_y), U32(colors.text_muted), stack.value_text.c_str());
        if (hovered) StackTooltip(keys, stack);
        Mirror(std::string(id) + "/" + stack.label, stack.label + ": " + stack.value_text);
    }
    ImGui::PopID();
    return clicked;
}

void StackedColumns(const char* id, std::span<const StackKey> keys, std::span<const Stack> stacks, ImVec2 size) {
    const Palette& colors = Colors();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    bool hovered = ImGui::IsItemHovered();
    float axis_width = ImGui::CalcTextSize("000").x + Px(10);
    float label_height = ImGui::GetTextLineHeight() + Px(6);
    ImVec2 plot_min(origin.x + axis_width, origin.y + Px(4));
    ImVec2 plot_max(origin.x + size.x, origin.y + size.y - label_height);
    float plot_width = plot_max.x - plot_min.x, plot_height = plot_max.y - plot_min.y;
    if (plot_width <= 0 || plot_height <= 0 || stacks.empty()) return;
    double step = AxisStep(MaxTotal(stacks), 4);
    double max = step * 4;
    for (int tick = 0; tick <= 4; ++tick) {
        float y = plot_max.y - plot_height * static_cast<float>(tick) / 4.0f;
        draw->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), U32(colors.border, tick == 0 ? 1.0f : 0.6f));
        std::string text = Number(step * tick);
        ImVec2 text_size = ImGui::CalcTextSize(text.c_str());
        draw->AddText(ImVec2(plot_min.x - Px(6) - text_size.x, y - text_size.y * 0.5f), U32(colors.text_muted), text.c_str());
    }
    float slot = plot_width / static_cast<float>(stacks.size());
    float bar = std::max(Px(2), std::min(slot * 0.68f, Px(36)));
    int hovered_index = hovered ? std::clamp(static_cast<int>((ImGui::GetIO().MousePos.x - plot_min.x) / slot), 0,
                                             static_cast<int>(stacks.size()) - 1)
                                : -1;
    // About eight x labels, whatever the number of columns.
    std::size_t every = std::max<std::size_t>(1, (stacks.size() + 7) / 8);
    for (std::size_t i = 0; i < stacks.size(); ++i) {
        float center = plot_min.x + slot * (static_cast<float>(i) + 0.5f);
        if (static_cast<int>(i) == hovered_index)
            draw->AddRectFilled(ImVec2(center - slot * 0.5f, plot_min.y), ImVec2(center + slot * 0.5f, plot_max.y),
                                U32(colors.surface_alt));
        float y = plot_max.y;
        for (std::size_t k = 0; k < keys.size() && k < stacks[i].values.size(); ++k) {
            double value = stacks[i].values[k];
            if (value <= 0) continue;
            float height = plot_height * static_cast<float>(value / max);
            draw->AddRectFilled(ImVec2(center - bar * 0.5f, y - height), ImVec2(center + bar * 0.5f, y), keys[k].color);
            if (y < plot_max.y) draw->AddLine(ImVec2(center - bar * 0.5f, y), ImVec2(center + bar * 0.5f, y), U32(colors.surface), Px(1));
            y -= height;
        }
        if (i % every == 0) {
            ImVec2 text_size = ImGui::CalcTextSize(stacks[i].label.c_str());
            float x = std::clamp(center - text_size.x * 0.5f, plot_min.x, plot_max.x - text_size.x);
            draw->AddText(ImVec2(x, plot_max.y + Px(4)), U32(colors.text_muted), stacks[i].label.c_str());
        }
        Mirror(std::string(id) + "/" + stacks[i].label, stacks[i].label + ": " + Number(Total(stacks[i])));
    }
    if (hovered_index >= 0) StackTooltip(keys, stacks[static_cast<std::size_t>(hovered_index)]);
}

}  // namespace tandem::ui
