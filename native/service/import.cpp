// Streaming CSV import of leads.
#include "service/import.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "service/qualifier.h"
#include "service/routing.h"
#include "store/database.h"
#include "store/lead_repo.h"
#include "tandem/codec.h"
#include "tandem/csv.h"

namespace tandem::service {

struct LeadImporter::Impl {
    Impl(store::Database& database, const ActiveDefinition& active, ImportOptions opts)
        : db(database),
          definition(active),
          options(std::move(opts)),
          reader([this](std::vector<std::string>& fields, std::size_t line) { OnRecord(fields, line); }) {
        report.strict = options.strict;
    }

    void Reject(std::size_t line, std::string field, std::string message) {
        ++report.rejected;
        if (report.errors.size() < options.max_reported_errors)
            report.errors.push_back({report.rows, line, std::move(field), std::move(message)});
    }

    void OnRecord(std::vector<std::string>& fields, std::size_t line) {
        if (!columns) {
            columns.emplace(fields);   // throws DecodeError("header", ...) without an email column
            report.ignored_columns = columns->Ignored();
            return;
        }
        // Spreadsheets leave rows of empty cells at the end; they are not data.
        if (std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return f.empty(); })) return;
        ++report.rows;
        if (options.progress && report.rows % 10000 == 0) options.progress(report.rows);
        Lead lead;
        try {
            lead = columns->ToLead(fields, options.now);
        } catch (const DecodeError& e) {
            Reject(line, e.Field(), e.Problem());
            return;
        }
        if (report.rejected > 0 && options.strict) return;   // only counting from here on
        std::vector<StageChange> changes;
        StageChange created;
        created.to = lead.stage;
        created.at = lead.created_at;
        created.by_user_id = options.by;
        created.reason = "imported";
        changes.push_back(created);
        lead.updated_at = options.now;
        Rescore(lead, definition, options.now);
        for (StageChange& change : ApplyLevel(lead, options.now, "definition v" + std::to_string(definition.version)))
            changes.push_back(std::move(change));
        std::optional<Assignment> routed = router.Route(lead, options.now);
        try {
            lead.id = store::InsertLead(db, lead);
        } catch (const store::StoreError& e) {
            // A failed statement leaves the transaction intact; the row is reported and skipped.
            if (routed) router.Unroute(*routed);
            if (e.IsUniqueViolation()) Reject(line, "email", "a lead with this email exists: " + lead.email);
            else if (e.IsForeignKeyViolation()) Reject(line, "campaign_id", "refers to a campaign or user that does not exist");
            else throw;
            return;
        }
        for (StageChange& change : changes) {
            change.lead_id = lead.id;
            store::InsertStageChange(db, change);
        }
        if (routed) RecordAssignment(db, lead.id, *routed);
        ++report.imported;
    }

    store::Database& db;
    const ActiveDefinition& definition;
    ImportOptions options;
    LeadRouter router{db};   // one rotation for the whole file
    CsvReader reader;
    std::optional<LeadColumns> columns;
    ImportReport report;
};

ImportRejected::ImportRejected(ImportReport r)
    : std::runtime_error("the import was refused: " + std::to_string(r.rejected) + " bad rows and --strict"),
      report(std::move(r)) {}

LeadImporter::LeadImporter(store::Database& db, const ActiveDefinition& definition, ImportOptions options)
    : m_impl(std::make_unique<Impl>(db, definition, std::move(options))) {
    // Leads arrive in no index's order (emails, scores): without room for the indexes' pages the
    // import turns into a stream of page reads and spills.
    db.Exec("PRAGMA cache_size = -131072");
}

LeadImporter::~LeadImporter() {
    try {
        m_impl->db.Exec("PRAGMA cache_size = -2000");
    } catch (const store::StoreError&) {
        // Only the cache size; the connection keeps working with the larger one.
    }
}

void LeadImporter::Feed(std::string_view chunk) { m_impl->reader.Feed(chunk); }

ImportReport LeadImporter::Finish() {
    m_impl->reader.Finish();
    if (!m_impl->columns) throw DecodeError("header", "the file is empty");
    ImportReport report = m_impl->report;
    if (report.strict && report.rejected > 0) {
        report.imported = 0;
        throw ImportRejected(std::move(report));
    }
    return report;
}

nlohmann::json ToJson(const ImportReport& report) {
    nlohmann::json errors = nlohmann::json::array();
    for (const ImportError& error : report.errors)
        errors.push_back({{"row", error.row}, {"line", error.line}, {"field", error.field}, {"message", error.message}});
    return {{"rows", report.rows},         {"imported", report.imported}, {"rejected", report.rejected},
            {"strict", report.strict},     {"ignored_columns", report.ignored_columns},
            {"errors", errors}};
}

}  // namespace tandem::service
