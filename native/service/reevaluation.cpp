// Re-evaluating decaying leads.
#include "service/reevaluation.h"

#include <algorithm>
#include <chrono>

#include "service/qualifier.h"
#include "store/database.h"
#include "store/lead_repo.h"
#include "store/store.h"
#include "tandem/evaluate.h"

namespace tandem::service {

namespace {

constexpr int kReadPage = 5000;
// Each moved lead is an update and a history row or two: a few hundred keep a transaction (and the
// write lock) to a few milliseconds.
constexpr std::size_t kWriteBatch = 200;

}  // namespace

Reevaluation Reevaluate(store::Store& store, const ActiveDefinition& definition, Timestamp now) {
    Reevaluation result;
    if (definition.version == 0) return result;
    std::vector<std::int64_t> stale;
    store::LeadFilter page_filter;
    page_filter.limit = kReadPage;
    for (;;) {
        store::LeadPage page = store.Read([&](store::Database& db) { return store::ListLeads(db, page_filter); });
        for (const Lead& lead : page.items) {
            ++result.checked;
            if (Evaluate(definition.rules, lead, now).level != lead.score.level) stale.push_back(lead.id);
        }
        if (!page.next_cursor) break;
        page_filter.before_id = page.next_cursor;
    }
    for (std::size_t first = 0; first < stale.size(); first += kWriteBatch) {
        store.Write([&](store::Database& db) {
            auto locked = std::chrono::steady_clock::now();
            for (std::size_t i = first; i < std::min(stale.size(), first + kWriteBatch); ++i) {
                std::optional<Lead> lead = store::FindLead(db, stale[i]);
                if (!lead) continue;
                // Re-scored meanwhile, or under a definition activated since.
                if (lead->score.definition_version > definition.version) continue;
                if (Evaluate(definition.rules, *lead, now).level == lead->score.level) continue;
                if (Requalify(db, *lead, definition, now, "decay")) ++result.moved;
                result.rescored.push_back(*lead);
            }
            std::chrono::duration<double, std::milli> held = std::chrono::steady_clock::now() - locked;
            result.longest_write_ms = std::max(result.longest_write_ms, held.count());
        });
    }
    return result;
}

}  // namespace tandem::service
