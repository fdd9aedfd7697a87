// The "Log feedback" form: a modal with a field for everything a piece of feedback holds, for every
// kind; the lead is picked by name, email or company (views/lead_picker.h). What is entered is
// decoded with the server's own rules (FeedbackFromJson) before it is sent, so mistakes show at
// once, under the field; the server's verdict (a lead not handed to sales, say) lands under its
// field too.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/state.h"
#include "views/form_guard.h"
#include "views/lead_picker.h"

namespace tandem::feedback_ui {

class FeedbackForm {
public:
    // Opens on the next Draw with this kind, lead and campaign filled in.
    void Open(FeedbackKind kind, std::optional<std::int64_t> lead, std::optional<std::int64_t> campaign);
    // Every frame, open or not: closes itself when the server accepts what was sent.
    void Draw(const AppState& state, Intents& intents);
    bool IsOpen() const { return m_open; }

private:
    void FieldError(const std::string& field);
    void Submit(Intents& intents, int succeeded);
    nlohmann::json Values() const;

    FeedbackKind m_kind = FeedbackKind::General;
    LeadPicker m_lead;
    std::optional<std::int64_t> m_campaign;
    std::optional<RejectReason> m_reason;
    char m_text[4096] = "";
    char m_tags[256] = "";
    std::map<std::string, std::string> m_errors;   // by field; "form" for the form as a whole
    FormGuard m_guard;
    nlohmann::json m_opened_with;                   // Values() when opened: anything else is unsaved work
    bool m_open = false;
    bool m_open_requested = false;
    bool m_focus_text = false;
    bool m_waiting = false;                         // for the server's answer
    int m_succeeded_before = 0;
};

}  // namespace tandem::feedback_ui
