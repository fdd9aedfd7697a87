// What the layout tests need that the widgets' boxes cannot tell them: which windows cut their
// content off, and how far the page and the open dialog can still scroll.
#pragma once

namespace tandem::ui {

// Mirrors, for the frame just drawn (call after every window is drawn):
// - "cut-off": one entry per window that is wider or taller than it shows and cannot be scrolled
//   that way, as "x:<window> +<CSS px>" or "y:<window> +<CSS px>", separated by "; "; empty when
//   everything fits;
// - "scroll-main" and, while a dialog is open, "scroll-dialog" (its body's, if it has one):
//   "<scrolled>/<can scroll>" down, in CSS px.
void MirrorLayoutProbe();

}  // namespace tandem::ui
