// The pieces of the Leads view (view_leads.cpp): the rep's inbox (lead_inbox.cpp), the virtualised
// table (lead_table.cpp), one lead's detail (lead_detail.cpp), and what they share
// (lead_common.cpp): labels, stage colours, the countdown, and the reject dialog.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <imgui.h>

#include "app/state.h"
#include "tandem/format.h"
#include "views/form_guard.h"

namespace tandem::leads_ui {

// [SECTION] Shared (lead_common.cpp)

std::string StageLabel(Stage stage);            // "Sales-ready"
ImU32 StageColour(Stage stage);
// A stage as a small rounded badge on the current line.
void StageBadge(Stage stage);

// The time left to answer ("05:12:09 left", "overdue 01:02:03", "2 d 03 h left") and its colour.
std::string Countdown(double seconds_left);
ImVec4 CountdownColour(double seconds_left, int sla_hours);

// Whether the viewer's role may make this move out of `from` (reasons and values aside).
bool MayMove(const AppState& state, Stage from, Stage to);
bool MayClaim(const AppState& state);
bool MayAssign(const AppState& state);
std::int64_t MyId(const AppState& state);

// Reject (send back to marketing) with a required reason and optional note, as a modal. Open()
// it from a click; Draw() every frame. The confirm button stays disabled without a reason.
class RejectDialog {
public:
    void Open(std::int64_t lead_id, std::int64_t revision, const std::string& name);
    // Fills intents.leads.move when confirmed; closes itself when the server accepted it.
    void Draw(const AppState& state, Intents& intents, int& serial);

private:
    bool m_open_requested = false;
    bool m_open = false;
    std::int64_t m_lead_id = 0;
    std::int64_t m_revision = 0;
    std::string m_name;
    int m_reason = -1;
    char m_note[1024] = {};
    int m_sent_serial = 0;
    bool m_confirm_refused = false;   // clicked while no reason was chosen
    FormGuard m_guard;
};

// Takes the list keys (arrows, page keys, Home, End) from ImGui's keyboard navigation for the next
// frame, so they move the list's selection instead; call every frame the list has them.
void ClaimListKeys();

// The status line of the last action on a lead: sending, failed (with the server's message).
void ActionStatus(const AppState& state, std::int64_t lead_id);

// [SECTION] The parts

class LeadInbox {
public:
    void Draw(const AppState& state, Intents& intents, RejectDialog& reject, int& serial);

private:
    int m_selected = 0;
};

class LeadTableView {
public:
    void Draw(const AppState& state, Intents& intents);

private:
    void DrawFilters(const AppState& state, Intents& intents);
    void CopyRow(const AppState& state, const LeadRow& row, Intents& intents);

    int m_selected = -1;
    std::optional<std::int64_t> m_copied;   // the lead whose row was copied, until the selection moves
    int m_scroll_to = -1;
    float m_row_pitch = 0;
    char m_search[128] = {};
    std::string m_search_for = "\x01";   // the route's q the box was filled from
    double m_search_edited_at = 0;       // when the box last changed, until its search is sent
};

class LeadDetailView {
public:
    void Draw(const AppState& state, Intents& intents, RejectDialog& reject, int& serial);

private:
    void DrawActions(const AppState& state, const Lead& lead, Intents& intents, RejectDialog& reject, int& serial);
    void DrawContact(const Lead& lead, Intents& intents);
    void CopyButton(const char* id, const char* what, const std::string& value, Intents& intents);
    void DrawEraseConfirm(const AppState& state, const Lead& lead, Intents& intents, int& serial);

    char m_deal[24] = {};
    bool m_erase_requested = false;   // open the erase confirmation at the next frame
    int m_erase_serial = 0;           // the erase this view sent, until it is done
    std::string m_copied;   // the id of the copy button last clicked: it says "Copied"
};

}  // namespace tandem::leads_ui
