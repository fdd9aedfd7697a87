// Small widgets the views share: page headers, navigation tabs, empty states, banners.
#pragma once

#include <string_view>

#include <imgui.h>

namespace tandem::ui {

// A title in the heading font with a muted subtitle below it.
void PageHeader(const char* title, const char* subtitle);

// A navigation tab with an icon; draws an accent underline when active. Returns true if clicked.
bool NavTab(std::string_view id, const char* icon, const char* label, bool active, float height);

// A centred card saying what a view will show once there is data.
void EmptyState(std::string_view id, const char* icon, const char* title, const char* text);

enum class BannerKind { Error, Info };
// A full-width message strip; returns true if its button was clicked.
bool Banner(std::string_view id, BannerKind kind, const char* text, const char* button);

// Text in the muted colour.
void MutedText(const char* text);

}  // namespace tandem::ui
