// The lead definition's lifecycle on the server: the one shared draft that leaders co-edit (batches
// of ops applied in arrival order, each numbered with the next revision and kept in the op log),
// proposing it, two-sided sign-off, and activation, which re-scores every lead and records the moves
// in stage history ("definition v7").
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>

#include "tandem/coedit.h"
#include "tandem/definition.h"
#include "tandem/user.h"

namespace tandem::store {
class Store;
class Database;
}

namespace tandem::service {

class Qualifier;

struct DraftState {
    std::int64_t version = 0;
    std::int64_t revision = 0;         // of the last accepted batch
    DefinitionStatus status = DefinitionStatus::Draft;   // draft, or proposed (frozen)
    DraftDocument document;
};

struct Activation {
    std::int64_t version = 0;
    std::int64_t leads_rescored = 0;
    std::int64_t leads_moved = 0;      // whose stage changed
};

class DefinitionDesk {
public:
    // The draft (or the frozen proposal); creates the draft from the active definition if there
    // is neither.
    DraftState Draft(store::Store& store, std::int64_t user_id, Timestamp now);
    // Applies a batch to the draft. ApiError 409 if the draft is proposed (frozen).
    AcceptedBatch Submit(store::Store& store, const OpBatch& batch, const User& author, Timestamp now);
    // Accepted batches after `revision` for the current draft (for editors that fell behind).
    std::vector<AcceptedBatch> BatchesAfter(store::Store& store, std::int64_t revision);

    // Freezes the draft as the proposal; ApiError 409 if it is already proposed.
    LeadDefinition Propose(store::Store& store, const User& by, Timestamp now);
    // Back to editing; approvals are withdrawn.
    LeadDefinition Withdraw(store::Store& store, std::int64_t version, const User& by);
    // Records `by`'s sign-off; activates when a marketing leader and a sales leader (two people)
    // have signed. Returns the activation if it happened.
    std::optional<Activation> Approve(store::Store& store, Qualifier& qualifier, std::int64_t version, const User& by,
                                      Timestamp now);

private:
    // Draft changes one at a time on this server. Across servers sharing a database the order is
    // the write transactions' (each takes the database's write lock), and each batch's revision is
    // read inside its transaction, so no two servers give out the same one.
    std::mutex m_mutex;
};

}  // namespace tandem::service
