// Chart drawing.
#include "ui/charts.h"

#include <algorithm>
#include <cmath>

#include "ui/theme.h"
#include "ui/ui_mirror.h"

namespace tandem::ui {

namespace {

double MaxOf(std::span<const double> values) {
    double max = 0;
    for (double value : values)
        if (std::isfinite(value)) max = std::max(max, value);
    return max;
}

int NearestIndex(float x, float left, float width, std::size_t count) {
    if (count <= 1) return 0;
    float t = (x - left) / width;
    int index = static_cast<int>(std::lround(t * static_cast<float>(count - 1)));
    return std::clamp(index, 0, static_cast<int>(count) - 1);
}

}  // namespace

double AxisStep(double max, int ticks) {
    double per_tick = max / ticks;
    if (!(per_tick > 0)) return 1;
    double power = std::pow(10.0, std::floor(std::log10(per_tick)));
    for (double step : {1.0, 2.0, 5.0})
        if (step * power >= per_tick) return step * power;
    return 10 * power;
}

void Sparkline(const char* id, std::span<const double> values, std::span<const std::string> labels,
               std::span<const std::string> value_texts, ImVec2 size, ImU32 color) {
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    if (values.size() < 2) return;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    double max = std::max(MaxOf(values), 1e-9);
    auto point = [&](std::size_t i) {
        float x = origin.x + size.x * static_cast<float>(i) / static_cast<float>(values.size() - 1);
        float y = origin.y + size.y - size.y * static_cast<float>(values[i] / max) * 0.9f - Px(1);
        return ImVec2(x, y);
    };
    std::vector<ImVec2> points;
    for (std::size_t i = 0; i < values.size(); ++i) points.push_back(point(i));
    // A soft area under the line, then the line and the last point.
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        ImVec2 a = points[i], b = points[i + 1];
        draw->AddQuadFilled(a, b, ImVec2(b.x, origin.y + size.y), ImVec2(a.x, origin.y + size.y),
                            (color & 0x00FFFFFF) | 0x22000000);
    }
    draw->AddPolyline(points.data(), static_cast<int>(points.size()), color, ImDrawFlags_None, Px(1.5f));
    draw->AddCircleFilled(points.back(), Px(2.5f), color);
    if (ImGui::IsItemHovered()) {
        int index = NearestIndex(ImGui::GetIO().MousePos.x, origin.x, size.x, values.size());
        draw->AddCircle(points[static_cast<std::size_t>(index)], Px(3.5f), color, 0, Px(1.5f));
        std::size_t i = static_cast<std::size_t>(index);
        ImGui::SetTooltip("%s: %s", i < labels.size() ? labels[i].c_str() : "",
                          i < value_texts.size() ? value_texts[i].c_str() : "");
    }
}

int LineChart(const char* id, std::span<const Series> series, std::span<const std::string> x_labels,
              std::span<const ChartMarker> markers, ImVec2 size) {
    const Palette& colors = Colors();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    ImVec2 after = ImGui::GetCursorScreenPos();

    // Legend on top, axis labels on the left and below.
    float legend_height = ImGui::GetTextLineHeight() + Px(8);
    float axis_width = ImGui::CalcTextSize("00,000").x + Px(8);
    float label_height = ImGui::GetTextLineHeight() + Px(6);
    ImVec2 plot_min(origin.x + axis_width, origin.y + legend_height);
    ImVec2 plot_max(origin.x + size.x, origin.y + size.y - label_height);
    float plot_width = plot_max.x - plot_min.x;
    float plot_height = plot_max.y - plot_min.y;
    if (plot_width <= 0 || plot_height <= 0) return -1;

    float legend_x = plot_min.x;
    for (const Series& s : series) {
        float width = Px(14) + ImGui::CalcTextSize(s.name.c_str()).x + Px(16);
        if (legend_x + width > plot_max.x + Px(16)) break;   // the tooltip names every series
        draw->AddRectFilled(ImVec2(legend_x, origin.y + Px(5)), ImVec2(legend_x + Px(10), origin.y + Px(15)), s.color, Px(2));
        draw->AddText(ImVec2(legend_x + Px(14), origin.y), U32(colors.text_muted), s.name.c_str());
        legend_x += width;
    }

    double max = 0;
    std::size_t count = x_labels.size();
    for (const Series& s : series) {
        max = std::max(max, MaxOf(s.values));
        count = std::max(count, s.values.size());
    }
    double step = AxisStep(max, 4);
    max = step * 4;
    for (int tick = 0; tick <= 4; ++tick) {
        float y = plot_max.y - plot_height * static_cast<float>(tick) / 4.0f;
        draw->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), U32(colors.border, tick == 0 ? 1.0f : 0.6f));
        char text[32];
        std::snprintf(text, sizeof text, "%g", step * tick);
        ImVec2 text_size = ImGui::CalcTextSize(text);
        draw->AddText(ImVec2(plot_min.x - Px(6) - text_size.x, y - text_size.y * 0.5f), U32(colors.text_muted), text);
    }
    if (count < 2) return -1;
    float column = plot_width / static_cast<float>(count - 1);
    auto x_of = [&](std::size_t i) { return plot_min.x + column * static_cast<float>(i); };
    // About six x labels, whatever the number of weeks; fewer where they would run into each other.
    float widest = 0;
    for (const std::string& label : x_labels) widest = std::max(widest, ImGui::CalcTextSize(label.c_str()).x);
    auto fitting = static_cast<std::size_t>(std::max(1.0f, std::floor(plot_width / (widest + Px(12)))));
    std::size_t every = std::max<std::size_t>({1, (count + 5) / 6, (count + fitting - 1) / fitting});
    for (std::size_t i = 0; i < x_labels.size(); i += every) {
        ImVec2 text_size = ImGui::CalcTextSize(x_labels[i].c_str());
        float x = std::clamp(x_of(i) - text_size.x * 0.5f, plot_min.x, plot_max.x - text_size.x);
        draw->AddText(ImVec2(x, plot_max.y + Px(4)), U32(colors.text_muted), x_labels[i].c_str());
    }
    for (const ChartMarker& marker : markers) {
        if (marker.index < 0 || static_cast<std::size_t>(marker.index) >= count) continue;
        float x = x_of(static_cast<std::size_t>(marker.index));
        for (float y = plot_min.y; y < plot_max.y; y += Px(6))
            draw->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + Px(3), plot_max.y)), U32(colors.warn), Px(1.5f));
        // By the line, on its left where the right would run out of the plot.
        float width = ImGui::CalcTextSize(marker.label.c_str()).x;
        float text_x = x + Px(4) + width <= plot_max.x ? x + Px(4) : x - Px(4) - width;
        draw->AddText(ImVec2(text_x, plot_min.y), U32(colors.warn), marker.label.c_str());
    }
    for (const Series& s : series) {
        std::vector<ImVec2> points;
        for (std::size_t i = 0; i < s.values.size(); ++i)
            points.emplace_back(x_of(i), plot_max.y - plot_height * static_cast<float>(s.values[i] / max));
        draw->AddPolyline(points.data(), static_cast<int>(points.size()), s.color, ImDrawFlags_None, Px(2));
    }

    // Each x position is a column that can be hovered and clicked (and is mirrored as "<id>-<i>").
    int hovered = -1, clicked = -1;
    ImGui::PushID(id);
    for (std::size_t i = 0; i < count; ++i) {
        float left = std::max(plot_min.x, x_of(i) - column * 0.5f);
        float right = std::min(plot_max.x, x_of(i) + column * 0.5f);
        ImGui::SetCursorScreenPos(ImVec2(left, plot_min.y));
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::InvisibleButton("column", ImVec2(std::max(right - left, 1.0f), plot_height))) clicked = static_cast<int>(i);
        if (ImGui::IsItemHovered()) hovered = static_cast<int>(i);
        ImGui::PopID();
        Mirror(std::string(id) + "-" + std::to_string(i), i < x_labels.size() ? x_labels[i] : std::string());
    }
    ImGui::PopID();
    ImGui::SetCursorScreenPos(after);

    if (hovered >= 0) {
        auto index = static_cast<std::size_t>(hovered);
        float x = x_of(index);
        draw->AddLine(ImVec2(x, plot_min.y), ImVec2(x, plot_max.y), U32(colors.text_muted, 0.6f), Px(1));
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::BeginTooltip();
        if (index < x_labels.size()) ImGui::TextUnformatted(x_labels[index].c_str());
        for (const Series& s : series) {
            if (index >= s.values.size()) continue;
            double value = s.values[index];
            draw->AddCircleFilled(ImVec2(x, plot_max.y - plot_height * static_cast<float>(value / max)), Px(3.5f), s.color);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s: %g", s.name.c_str(), value);
        }
        for (const ChartMarker& marker : markers)
            if (marker.index == hovered) ImGui::TextColored(colors.warn, "%s", marker.detail.c_str());
        ImGui::TextColored(colors.text_muted, "Click to open these leads");
        ImGui::EndTooltip();
    }
    return clicked;
}

ImU32 SeriesColor(std::size_t index) {
    // Tableau 10's first six: told apart in light and dark themes and by most colour-blind readers.
    static constexpr ImU32 kColors[] = {IM_COL32(78, 121, 167, 255), IM_COL32(242, 142, 43, 255), IM_COL32(89, 161, 79, 255),
                                        IM_COL32(225, 87, 89, 255),  IM_COL32(118, 183, 178, 255), IM_COL32(176, 122, 161, 255)};
    return kColors[index % std::size(kColors)];
}

ChartRow ClickableRow(int index, float width, float row_height) {
    ChartRow row;
    row.origin = ImGui::GetCursorScreenPos();
    ImGui::PushID(index);
    row.clicked = ImGui::InvisibleButton("row", ImVec2(width, row_height));
    row.hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    if (row.hovered)
        ImGui::GetWindowDrawList()->AddRectFilled(row.origin, ImVec2(row.origin.x + width, row.origin.y + row_height),
                                                  U32(Colors().surface_alt), Px(4));
    return row;
}

int HorizontalBars(const char* id, std::span<const Bar> bars, float width, float row_height) {
    const Palette& colors = Colors();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float label_width = 0;
    for (const Bar& bar : bars) label_width = std::max(label_width, ImGui::CalcTextSize(bar.label.c_str()).x);
    label_width += Px(12);
    float value_width = 0;
    for (const Bar& bar : bars) value_width = std::max(value_width, ImGui::CalcTextSize(bar.value_text.c_str()).x);
    value_width += Px(10);
    double max = 0;
    for (const Bar& bar : bars) max = std::max(max, bar.value);
    int clicked = -1;
    ImGui::PushID(id);
    // Rows touch: each is `row_height` tall, so n rows take n times that.
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const Bar& bar = bars[i];
        auto [origin, hovered, row_clicked] = ClickableRow(static_cast<int>(i), width, row_height);
        if (row_clicked) clicked = static_cast<int>(i);
        float text_y = origin.y + (row_height - ImGui::GetTextLineHeight()) * 0.5f;
        draw->AddText(ImVec2(origin.x + Px(4), text_y), U32(colors.text), bar.label.c_str());
        float track = std::max(0.0f, width - label_width - value_width);
        float length = max > 0 ? track * static_cast<float>(bar.value / max) : 0;
        float bar_top = origin.y + row_height * 0.22f;
        float bar_bottom = origin.y + row_height * 0.78f;
        draw->AddRectFilled(ImVec2(origin.x + label_width, bar_top), ImVec2(origin.x + label_width + track, bar_bottom),
                            U32(colors.surface_alt), Px(3));
        if (length > 0)
            draw->AddRectFilled(ImVec2(origin.x + label_width, bar_top), ImVec2(origin.x + label_width + length, bar_bottom),
                                bar.color ? bar.color : U32(colors.accent), Px(3));
        draw->AddText(ImVec2(origin.x + label_width + track + Px(8), text_y), U32(colors.text_muted), bar.value_text.c_str());
        if (hovered) {
            ImGui::SetTooltip("%s: %s%s%s", bar.label.c_str(), bar.value_text.c_str(), bar.tooltip.empty() ? "" : "\n",
                              bar.tooltip.c_str());
        }
        Mirror(std::string(id) + "/" + bar.label, bar.label + ": " + bar.value_text);
    }
    ImGui::PopStyleVar();
    ImGui::PopID();
    return clicked;
}

namespace {

// The funnel where its columns would not fit their labels (a phone): a row per step, its bar
// across, the count and the share that went on at its end.
int FunnelRows(const char* id, std::span<const FunnelStep> steps, ImVec2 size, ImU32 color) {
    const Palette& colors = Colors();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float row_height = std::clamp(size.y / static_cast<float>(steps.size()), ImGui::GetTextLineHeight() + Px(6), Px(34));
    float label_width = 0, value_width = 0;
    std::vector<std::string> values;
    for (const FunnelStep& step : steps) {
        label_width = std::max(label_width, ImGui::CalcTextSize(step.label.c_str()).x);
        values.push_back(step.count_text + (step.conversion_text.empty() ? "" : "  → " + step.conversion_text));
        value_width = std::max(value_width, ImGui::CalcTextSize(values.back().c_str()).x);
    }
    label_width += Px(10);
    value_width += Px(10);
    float track = std::max(0.0f, size.x - label_width - value_width);
    double max = 1.0;
    for (const FunnelStep& step : steps) max = std::max(max, step.count);
    int clicked = -1;
    ImGui::PushID(id);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const FunnelStep& step = steps[i];
        auto [row, hovered, row_clicked] = ClickableRow(static_cast<int>(i), size.x, row_height);
        if (row_clicked) clicked = static_cast<int>(i);
        float text_y = row.y + (row_height - ImGui::GetTextLineHeight()) * 0.5f;
        draw->AddText(ImVec2(row.x + Px(4), text_y), U32(colors.text_muted), step.label.c_str());
        float length = std::max(Px(3), track * static_cast<float>(step.count / max));
        ImU32 fill = hovered ? color : (color & 0x00FFFFFF) | 0xD0000000;
        draw->AddRectFilled(ImVec2(row.x + label_width, row.y + row_height * 0.2f),
                            ImVec2(row.x + label_width + length, row.y + row_height * 0.8f), fill, Px(3));
        draw->AddText(ImVec2(row.x + label_width + length + Px(6), text_y), U32(colors.text), values[i].c_str());
        if (hovered) ImGui::SetTooltip("%s: %s\n%s", step.label.c_str(), step.count_text.c_str(), step.tooltip.c_str());
        Mirror(std::string(id) + "/" + step.label, step.label + ": " + step.count_text);
    }
    ImGui::PopStyleVar();
    ImGui::PopID();
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + size.y));
    ImGui::Dummy(ImVec2(size.x, 0));
    return clicked;
}

}  // namespace

int FunnelChart(const char* id, std::span<const FunnelStep> steps, ImVec2 size, ImU32 color) {
    const Palette& colors = Colors();
    if (steps.empty()) return -1;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float gap = Px(56);
    float step_width = (size.x - gap * static_cast<float>(steps.size() - 1)) / static_cast<float>(steps.size());
    // A label may reach half a gap either side of its column; wider, the steps go in rows.
    float widest = 0;
    for (const FunnelStep& step : steps) widest = std::max(widest, ImGui::CalcTextSize(step.label.c_str()).x);
    if (step_width + gap < widest + Px(8)) return FunnelRows(id, steps, size, color);
    float label_height = ImGui::GetTextLineHeight() * 2 + Px(10);
    float chart_height = size.y - label_height;
    double max = std::max(1.0, steps[0].count);
    for (const FunnelStep& step : steps) max = std::max(max, step.count);
    int clicked = -1;
    ImGui::PushID(id);
    std::vector<ImVec2> tops;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        float x = origin.x + static_cast<float>(i) * (step_width + gap);
        float height = std::max(Px(3), chart_height * static_cast<float>(steps[i].count / max));
        ImVec2 top(x, origin.y + chart_height - height);
        tops.push_back(top);
        ImGui::SetCursorScreenPos(ImVec2(x, origin.y));
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::InvisibleButton("step", ImVec2(step_width, size.y))) clicked = static_cast<int>(i);
        bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        ImU32 fill = hovered ? color : (color & 0x00FFFFFF) | 0xD0000000;
        draw->AddRectFilled(top, ImVec2(x + step_width, origin.y + chart_height), fill, Px(4));
        ImVec2 count_size = ImGui::CalcTextSize(steps[i].count_text.c_str());
        float count_y = std::min(top.y - count_size.y - Px(2), origin.y + chart_height - count_size.y - Px(2));
        draw->AddText(ImVec2(x + (step_width - count_size.x) * 0.5f, std::max(origin.y, count_y)), U32(colors.text),
                      steps[i].count_text.c_str());
        ImVec2 label_size = ImGui::CalcTextSize(steps[i].label.c_str());
        draw->AddText(ImVec2(x + (step_width - label_size.x) * 0.5f, origin.y + chart_height + Px(6)),
                      U32(colors.text_muted), steps[i].label.c_str());
        if (hovered) ImGui::SetTooltip("%s: %s\n%s", steps[i].label.c_str(), steps[i].count_text.c_str(), steps[i].tooltip.c_str());
        Mirror(std::string(id) + "/" + steps[i].label, steps[i].label + ": " + steps[i].count_text);
    }
    // Conversions between steps, on an arrow in the gap.
    for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
        const std::string& text = steps[i].conversion_text;
        float x0 = tops[i].x + step_width + Px(6);
        float x1 = tops[i + 1].x - Px(6);
        float y = origin.y + chart_height - Px(14);
        draw->AddLine(ImVec2(x0, y), ImVec2(x1, y), U32(colors.text_muted, 0.7f), Px(1.5f));
        draw->AddTriangleFilled(ImVec2(x1, y), ImVec2(x1 - Px(6), y - Px(4)), ImVec2(x1 - Px(6), y + Px(4)),
                                U32(colors.text_muted, 0.7f));
        ImVec2 text_size = ImGui::CalcTextSize(text.c_str());
        draw->AddText(ImVec2((x0 + x1 - text_size.x) * 0.5f, y - text_size.y - Px(4)), U32(colors.text), text.c_str());
    }
    ImGui::PopID();
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + size.y));
    ImGui::Dummy(ImVec2(size.x, 0));
    return clicked;
}

}  // namespace tandem::ui
