// A mirror of the canvas: labelled widgets record their text, role, state and hit box each frame,
// and the frame's list is published to the page (window.tandemUi) when it changes. The page turns
// it into an accessible DOM layer over the canvas (web/a11y.js) that screen readers read
// and act on, and the browser tests read it to know what is on screen, and where.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tandem::ui {

// What a mirrored widget is to assistive technology. Auto infers it from the ImGui item just
// drawn: no id is text, a text field a textbox, a check box a checkbox, anything else a button.
enum class Role : std::uint8_t { Auto, Text, Heading, Button, Link, Checkbox, Radio, Textbox, Combobox, Alert, Status };

struct Aria {
    Role role = Role::Auto;
    std::string_view name;    // when the text shown is a value (a field) or only an icon; else the text names it
    int level = 0;            // headings: 1 the page's title, 2 a card's or a dialog's
    bool current = false;     // links: the page shown now (the navigation's own tab)
    int pressed = -1;         // toggle buttons: 0 or 1; -1 not a toggle
    bool checked = false;     // radios: the one chosen in its group (check boxes tell ImGui's state themselves)
    int expanded = -1;        // combo boxes: 1 while their list shows; -1: ImGui's combo popup of the item tells
};

void BeginMirrorFrame();
// Records the last ImGui item under `id` with its visible text (defaults to the id), and its id as
// the value "focus" when it shows keyboard focus. Its box is the part not clipped away: a widget
// scrolled out of its region has none (w and h 0), one half under a table's header only the rest.
void Mirror(std::string_view id, std::string_view text = {}, const Aria& aria = {});
// Draws a field's visible label, as ImGui::TextUnformatted does, and names the next mirrored field
// (textbox, combobox, checkbox) with it: what <label for> does in HTML.
void FieldLabel(const char* text);
// Also records free-form state, e.g. {"route", "#/leads/42"}.
void MirrorValue(std::string_view key, std::string_view value);
// The JSON to publish, or "" if it equals the last published frame's.
std::string EndMirrorFrame();
// Time spent in this frame's Mirror, FieldLabel and EndMirrorFrame calls, for tests/bench.
double MirrorMilliseconds();
// Lets ImGui report each widget's kind (text field, check box) to the mirror; once, after the
// context is created.
void EnableMirrorHooks();

}  // namespace tandem::ui
