// Stacked bars: one total split into coloured parts, per row (horizontal) or per x position
// (columns, e.g. ISO weeks), with a legend. Hovering lists every part's exact figure.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <imgui.h>

namespace tandem::ui {

// What the parts are: the same for every row or column.
struct StackKey {
    std::string name;
    ImU32 color = 0;
};

struct Stack {
    std::string label;
    std::vector<double> values;        // one per key
    std::string value_text;            // shown at the end of a row (rows only)
};

// Swatches and names in a row, wrapping within the available width.
void StackLegend(const char* id, std::span<const StackKey> keys);

// One labelled bar per stack, scaled to the largest total. Returns the clicked row or -1.
int StackedRows(const char* id, std::span<const StackKey> keys, std::span<const Stack> stacks, float width,
                float row_height);

// One column per stack over a baseline with a light grid, x labels thinned to fit.
void StackedColumns(const char* id, std::span<const StackKey> keys, std::span<const Stack> stacks, ImVec2 size);

}  // namespace tandem::ui
