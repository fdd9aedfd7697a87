// A date field: the "YYYY-MM-DD" text field, typed as ever, with a calendar button beside it that
// opens a month grid to pick the day from.
#pragma once

#include <cstddef>
#include <string_view>

#include "tandem/time.h"

namespace tandem::ui {

struct DateFieldSpec {
    // The field's mirror id; the picker's widgets take theirs from it: "<id>-picker" (the button),
    // "<id>-month" (the grid's heading), "<id>-prev", "<id>-next", "<id>-day-2026-03-03".
    std::string_view id;
    std::string_view name;      // the field's accessible name, when no FieldLabel before it gives one
    std::string_view what;      // "start date": the button is "Choose start date"
    float width = 0;            // the text field's; 0 or less: the rest of the line but the button
};

struct DateFieldEdit {
    bool changed = false;       // the buffer changed this frame: typed into, or a day picked
    bool committed = false;     // an edit is done: the field left after typing, or a day picked
};

// `label` is the text field's ImGui label ("##start"): its ID stays what it was as a plain field.
// The grid opens on the field's date if it holds one, else on `today`; both are marked. A day
// picked is written into `buffer` as YYYY-MM-DD; Escape or a click elsewhere closes it unchanged.
DateFieldEdit DateField(const char* label, char* buffer, std::size_t size, const DateFieldSpec& spec, Date today);

}  // namespace tandem::ui
