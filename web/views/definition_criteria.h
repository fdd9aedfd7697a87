// The definition editor's criteria tables: edited in place (label, field, operator, value,
// points), validated as you type by the same rules the server applies, with presence and
// rejection pressure beside each criterion, and add / remove / reorder.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "app/state.h"

namespace tandem {

class CriteriaEditor {
public:
    // Draws one list of the document; edits go into intents.definition.
    void Draw(const AppState& state, const DraftDocument& document, CriteriaList list, Intents& intents);

private:
    std::map<std::string, std::string> m_text;    // buffers of fields being typed into, by widget key
    std::map<std::string, std::string> m_errors;  // validation messages, by widget key
};

// "10000", "10 - 100", "a, b" -> the JSON value a criterion of this field and operator takes; an
// error message if the text does not fit.
nlohmann::json ParseCriterionValue(const FieldInfo& field, Op op, const std::string& text, std::string& error);
// The value as the editor shows it in its text box.
std::string CriterionValueText(const Criterion& criterion);

}  // namespace tandem
