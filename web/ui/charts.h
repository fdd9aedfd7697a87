// Charts drawn with ImGui's draw lists (no chart library is available here): sparklines, a
// line chart of weekly series, horizontal bars and a funnel. Each reports hover with the exact
// figures in a tooltip and returns what was clicked, so views stay free of drawing code.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <imgui.h>

namespace tandem::ui {

// The step between an axis's `ticks` gridlines above zero: 1, 2 or 5 times a power of ten, so the
// top gridline reaches `max` and counts get whole-number labels.
double AxisStep(double max, int ticks);

// A small trend line filling `size`; hovering shows labels[i] and value_texts[i].
void Sparkline(const char* id, std::span<const double> values, std::span<const std::string> labels,
               std::span<const std::string> value_texts, ImVec2 size, ImU32 color);

struct Series {
    std::string name;
    std::vector<double> values;        // one per x position
    ImU32 color = 0;
};

struct ChartMarker {
    int index = 0;                     // the x position it stands at
    std::string label;                 // drawn by the line, e.g. "v3 +264 MQLs"
    std::string detail;                // the hover tooltip's line about it
};

// Lines over shared x positions (e.g. ISO weeks), with a legend, vertical markers and a
// hover crosshair listing every series' value at that position. Returns the clicked position or -1.
int LineChart(const char* id, std::span<const Series> series, std::span<const std::string> x_labels,
              std::span<const ChartMarker> markers, ImVec2 size);

// The colour of the index-th of several like series (e.g. one per lead source).
ImU32 SeriesColor(std::size_t index);

struct Bar {
    std::string label;
    double value = 0;
    std::string value_text;            // shown at the bar's end and in the tooltip
    std::string tooltip;               // extra lines for the tooltip
    ImU32 color = 0;
};

// One labelled bar per row, scaled to the largest value. Returns the clicked row or -1.
int HorizontalBars(const char* id, std::span<const Bar> bars, float width, float row_height);

// One clickable chart row at the cursor, with the hover highlight drawn: where it starts, and
// whether it is hovered or was clicked. Call inside a PushID scope of the chart.
struct ChartRow {
    ImVec2 origin;
    bool hovered = false;
    bool clicked = false;
};
ChartRow ClickableRow(int index, float width, float row_height);

struct FunnelStep {
    std::string label;
    double count = 0;
    std::string count_text;
    std::string conversion_text;       // to the next step, "" for the last
    std::string tooltip;
};

// Steps side by side, bar heights proportional to counts, conversions between them. Returns the
// clicked step or -1.
int FunnelChart(const char* id, std::span<const FunnelStep> steps, ImVec2 size, ImU32 color);

}  // namespace tandem::ui
