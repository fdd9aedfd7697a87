// Small widgets the views share: page headers, navigation tabs, empty states, banners.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <imgui.h>

namespace tandem::ui {

// A title in the heading font with a muted subtitle below it.
void PageHeader(const char* title, const char* subtitle);

// A navigation tab with an icon; draws an accent underline when active. Returns true if clicked.
bool NavTab(std::string_view id, const char* icon, const char* label, bool active, float height);
float NavTabWidth(const char* icon, const char* label);

// A centred card saying what a view will show once there is data.
void EmptyState(std::string_view id, const char* icon, const char* title, const char* text);

enum class BannerKind { Error, Info };
// A full-width message strip; returns true if its button was clicked.
bool Banner(std::string_view id, BannerKind kind, const char* text, const char* button);

// `text` cut to fit `width` at the current font, ending in "…" when it had to be cut.
std::string FitText(const std::string& text, float width);

// Shows `text` in a tooltip when the last item (a field or a combo) is hovered, not being edited,
// and too narrow to show it whole.
void OverflowTooltip(const char* text);

// Text in the muted colour.
void MutedText(const char* text);
// A field's label in the muted colour, which also names the field after it (ui::FieldLabel).
void MutedFieldLabel(const char* text);
// Whether the text field just drawn was left with Enter: a form's "submit". (ImGui's
// EnterReturnsTrue would hold the typed text back from the buffer until then, so a button next to
// the field would see an empty field until it loses focus.)
bool EnterPressedIn();
// Wrapped text in the error colour, with a warning sign when `icon`; mirrored as `id` with the
// text alone.
void ErrorText(std::string_view id, const std::string& text, bool icon = false);
// The one main action of a form or dialog, in the accent colour.
bool PrimaryButton(const char* label, ImVec2 size = ImVec2(0, 0));

// A bordered child window painted in the surface colour; close it with ImGui::EndChild(). Other
// children are transparent.
void BeginPanel(const char* id, ImVec2 size, ImGuiChildFlags flags = 0, ImGuiWindowFlags window_flags = 0);

// ImGui::BeginTable for a scrolling table that stands on the page rather than in a panel: its
// scroll region is painted in the surface colour. Narrower than `min_width` (its columns' least
// readable widths), it scrolls sideways rather than crushing its columns to a letter each. Close it
// with ImGui::EndTable() when it returns true.
bool BeginPageTable(const char* id, int columns, ImGuiTableFlags flags, ImVec2 size, float min_width);

// A panel with an optional title; EndCard() closes it. Height 0 fits the content.
void BeginCard(const char* id, const char* title, ImVec2 size = ImVec2(0, 0));
void EndCard();

// A row of buttons of which one is selected; returns the clicked index or -1. One group (one item
// to what follows), which wraps onto more rows where the window is too narrow for it.
int Segmented(const char* id, std::span<const char* const> labels, int selected);

// Lays pieces out left to right and starts a new line where the next would pass the right edge of
// the window (or of the table cell it is in), as CSS's flex-wrap does. A piece is one item or one
// group; its width is the one it had the frame before (the first frame may overflow once).
//     ui::Flow flow("actions");
//     flow.Next(); ImGui::Button("One");
//     flow.Next(); ImGui::Button("Two");
//     flow.End();
class Flow {
public:
    explicit Flow(const char* id, float spacing = -1.0f);
    void Next();
    void End();
    // The pieces side by side on one line: what a header needs to know whether they fit beside
    // its title, whether or not they wrapped this frame.
    float Width() const { return m_width; }

private:
    ImGuiID Key(int piece) const;
    void Record();
    ImGuiID m_id;
    float m_spacing;
    int m_count = 0;
    float m_width = 0;
};

// A page header's actions: moves the cursor to the right end of the line the last item (the
// title's group) is on when `width` (the actions' one-line width, Flow::Width, from the frame
// before) fits there; otherwise leaves it at the start of the next line, under the title.
void HeaderActionsAt(float width);

// A spinning arc, for "loading" states.
void Spinner(float radius);

// Text that looks and acts like a link; returns true when clicked. With `max_width`, text wider
// than that is cut to fit with "…", and then shown whole on hover and named whole for assistive
// technology.
bool Link(const char* id, const char* text, float max_width = 0.0f);

// A dot in a colour followed by text, vertically centred on the line.
void Dot(ImU32 color);

// A modal dialog without a title bar, centred horizontally with its middle at `height_fraction` of
// the window's height, `width` wide (at most the window less a margin). It stays below the top bar
// and inside the window: where it is taller than the room there, its content scrolls. True while
// it is open; then draw its content and end it with ImGui::EndPopup().
bool BeginDialog(const char* popup, float width, float height_fraction = 0.5f);
// A dialog's scrolling part, between its title and its action row: what follows EndDialogBody (the
// Save/Cancel row) stays at the dialog's bottom, in view, however long the body grows.
void BeginDialogBody();
void EndDialogBody();

// A drop-down menu opened by a button: its top right corner under `anchor` (the button's bottom
// right), padded, between min_width and max_width wide but never wider than the window, and moved
// left to fit. True while it is open; end it with ImGui::EndPopup().
bool BeginMenuPopup(const char* popup, ImVec2 anchor, float min_width, float max_width, float max_height);

}  // namespace tandem::ui
