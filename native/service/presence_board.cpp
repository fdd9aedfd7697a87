// Presence in the database, with expiry.
#include "service/presence_board.h"

#include "store/presence_repo.h"
#include "store/store.h"

namespace tandem::service {

namespace {

// Seen before this, an editor has left.
Timestamp Cutoff(Timestamp now) { return now - kPresenceTimeout; }

}  // namespace

// Presence is no server's cache: its writes are quiet, or every heartbeat of an editor would make
// the other servers reload their whole funnel.
bool ReportPresence(store::Store& store, const PresenceEntry& entry, Timestamp now) {
    return store.Write([&](store::Database& db) {
        bool changed = store::FindPresence(db, entry.client_id) != entry;
        store::SavePresence(db, entry, now);
        return store::DeletePresenceSeenBefore(db, Cutoff(now)) || changed;
    }, store::WriteNotice::Quiet);
}

bool LeavePresence(store::Store& store, const std::string& client_id, Timestamp now) {
    return store.Write([&](store::Database& db) {
        bool changed = store::DeletePresenceSeenBefore(db, Cutoff(now));
        return store::DeletePresence(db, client_id) || changed;
    }, store::WriteNotice::Quiet);
}

bool ExpirePresence(store::Store& store, Timestamp now) {
    // Readers never wait for the writer: only take the write lock when someone has gone quiet.
    if (!store.Read([&](store::Database& db) { return store::AnyPresenceSeenBefore(db, Cutoff(now)); })) return false;
    return store.Write([&](store::Database& db) { return store::DeletePresenceSeenBefore(db, Cutoff(now)); },
                       store::WriteNotice::Quiet);
}

std::vector<PresenceEntry> ListPresence(store::Store& store) {
    return store.Read([](store::Database& db) { return store::ListPresence(db); });
}

}  // namespace tandem::service
