// The lead-definition editor's data: the shared draft as this editor sees it (confirmed server
// state plus its own unconfirmed edits, kept by DraftReplica), who else is here, undo/redo of
// one's own edits, the versions, rejection pressure, and the impact preview — computed in WASM on
// a compact copy of the lead facts, or asked of the server when the database is too large.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/remote.h"
#include "tandem/activation_preview.h"
#include "tandem/coedit.h"
#include "tandem/definition.h"
#include "tandem/evaluate.h"
#include "tandem/impact.h"
#include "tandem/presence.h"

namespace tandem {

struct AppState;
class ApiClient;

enum class DraftSync { Loading, Saved, Syncing, Offline };

// One undoable edit: the ops made, and the ops that put things back.
struct DraftEdit {
    std::vector<DraftOp> ops;
    std::vector<DraftOp> inverse;
};

struct ImpactFacts {
    std::vector<Lead> leads;       // facts only
    std::vector<LeadFacts> facts;
    StringPool pool;
};

struct ImpactPreview {
    Impact impact;
    std::vector<std::int64_t> sample_ids;     // lead ids of impact.samples, same order
    std::vector<Lead> sample_leads;           // their facts, for the explanation (browser mode)
    double milliseconds = 0;                  // how long the preview took
    bool from_server = false;
    std::size_t leads = 0;
};

struct DefinitionState {
    bool loaded = false;                      // the draft is current; false asks for it again
    bool shown = false;                       // a draft came once: a reload keeps it on screen
    bool loading = false;
    std::string error;
    std::int64_t version = 0;                 // of the draft (or proposal)
    DefinitionStatus status = DefinitionStatus::Draft;
    DraftReplica replica;
    DraftSync sync = DraftSync::Loading;
    std::vector<PresenceEntry> presence;
    std::vector<std::string> notices;         // e.g. "your change to 'Budget' was dropped: ..."
    std::optional<DraftOp> typing;            // previewed on top of the draft while it is typed
    // A value sent while it is being typed: the op last sent, and the ops that put back what was
    // there before the typing began (the undo for the whole of it).
    struct LiveTyping {
        DraftOp sent;
        std::vector<DraftOp> inverse;
        double sent_at = 0;
    };
    std::optional<LiveTyping> live;
    // Answers to our POSTs that came before the stream brought the revisions preceding them.
    std::vector<AcceptedBatch> held_answers;
    std::vector<DraftEdit> undo;
    std::vector<DraftEdit> redo;

    // Presence this editor reports.
    std::string focus;                        // criterion id
    bool editing = false;
    bool presence_dirty = true;
    double presence_sent_at = -100;

    Remote<std::vector<LeadDefinition>> versions;
    Remote<nlohmann::json> pressure;          // {"by_field": {...}, "by_reason": {...}}
    // For a proposal one side has signed: what the other side's approval would do at once.
    Remote<ActivationPreview> activation;

    // Impact preview.
    Remote<ImpactFacts> facts;
    bool server_impact = false;               // the database is too large for the browser
    std::optional<ImpactPreview> preview;
    std::string preview_for;                  // the rules JSON the preview was computed for
    double preview_requested_at = 0;
    bool preview_in_flight = false;
};

struct DefinitionIntents {
    std::optional<DraftEdit> edit;
    // A value being typed (every frame its field has the keyboard, parsed): previewed at once, sent
    // at most every 150 ms; `inverse` puts back the value it is typed over.
    std::optional<DraftEdit> typing;
    bool undo = false;
    bool redo = false;
    bool propose = false;
    std::optional<std::int64_t> withdraw;
    std::optional<std::int64_t> approve;
    std::optional<std::string> focus;         // presence: the criterion now focused ("" for none)
    std::optional<bool> editing;
    bool reload = false;
};

void SyncDefinition(AppState& state, ApiClient& api);
void CarryDefinition(AppState& state, ApiClient& api, const DefinitionIntents& intents);
void OnDefinitionEvent(AppState& state, std::string_view type, std::string_view data);

// The active definition among the loaded versions, if any.
const LeadDefinition* ActiveVersion(const DefinitionState& state);

}  // namespace tandem
