// Who a key belongs to. Page-wide keys (digits switch views, arrows walk a list, t/m/i/l page the
// calendar) act only when nothing else has the keyboard; Enter and Space belong to the widget that
// shows keyboard focus, as on a web page.
#pragma once

namespace tandem::ui {

// No field is being typed in or widget held, and no dialog, form, menu or drop-down is open (their
// keys are theirs: "1" typed on a form's drop-down must not switch views).
bool PageKeysFree();
// A widget shows keyboard focus (reached with Tab or arrows): Enter and Space act on it, so a
// list's own Enter ("open the selected row") must not.
bool WidgetHasKeyboardFocus();

}  // namespace tandem::ui
