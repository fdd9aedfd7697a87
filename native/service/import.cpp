// Streaming CSV import of leads: sniffing the file, then one record at a time.
#include "service/import.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_set>

#include "service/leads.h"
#include "service/qualifier.h"
#include "service/routing.h"
#include "service/zoneinfo.h"
#include "store/account_repo.h"
#include "store/database.h"
#include "store/import_repo.h"
#include "store/insights_repo.h"
#include "store/lead_load.h"
#include "store/lead_repo.h"
#include "store/store.h"
#include "tandem/codec.h"
#include "tandem/csv.h"
#include "webhooks/events.h"

namespace tandem::service {

namespace {

// Enough for the header and some hundreds of rows: what encoding, delimiter and date order are
// learnt from. A row further down that contradicts them is reported on its own.
constexpr std::size_t kSampleBytes = 256 * 1024;

// Names (or emails) to ids; a name two records share matches neither.
class NameIndex {
public:
    void Add(std::string_view name, std::int64_t id) {
        if (name.empty()) return;
        auto [it, added] = m_ids.emplace(ToLower(name), id);
        if (!added && it->second != id) it->second = 0;
    }
    std::optional<std::int64_t> Find(std::string_view name) const {
        auto it = m_ids.find(ToLower(name));
        if (it == m_ids.end() || it->second == 0) return std::nullopt;
        return it->second;
    }

private:
    std::map<std::string, std::int64_t> m_ids;
};

// A date in a date column that proves the order (a part over 12) decides it; proofs both ways
// or none leave the default.
std::optional<DateOrder> InferDateOrder(std::string_view sample, char delimiter, bool complete) {
    std::optional<LeadColumns> columns;
    std::vector<std::size_t> date_columns;
    bool dmy = false, mdy = false;
    CsvReader reader(
        [&](std::vector<std::string>& fields, std::size_t) {
            if (!columns) {
                columns.emplace(fields);
                date_columns = columns->DateColumns();
                return;
            }
            for (std::size_t column : date_columns) {
                if (column >= fields.size()) continue;
                std::optional<DateOrder> proof = DateOrderEvidence(fields[column]);
                dmy = dmy || proof == DateOrder::Dmy;
                mdy = mdy || proof == DateOrder::Mdy;
            }
        },
        delimiter);
    try {
        reader.Feed(sample);
        if (complete) reader.Finish();
    } catch (const DecodeError&) {
        // The import proper reports what is wrong with the file.
    }
    if (dmy && !mdy) return DateOrder::Dmy;
    if (mdy && !dmy) return DateOrder::Mdy;
    return std::nullopt;
}

// The members of the lead's JSON an update changed, for its history: "title, stage".
std::string ChangedMembers(const Lead& before, const Lead& after) {
    const nlohmann::json old_json = ToJson(before);
    const nlohmann::json new_json = ToJson(after);
    std::string names;
    for (auto it = new_json.begin(); it != new_json.end(); ++it) {
        if (it.key() == "score" || it.key() == "revision" || it.key() == "updated_at" || old_json.at(it.key()) == *it)
            continue;
        names += (names.empty() ? "" : ", ") + it.key();
    }
    return names;
}

// Thrown inside a dry run's batch so that Store::Write rolls it back.
struct DryRunBatch {};

// A row parsed and converted outside the write lock, waiting for its batch.
struct PendingRow {
    std::size_t row = 0;
    std::size_t line = 0;
    Lead lead;
    std::vector<std::string> fields;   // upsert only: the cells a row leaves empty keep the lead's value
    std::vector<Coercion> coerced;
};

}  // namespace

struct LeadImporter::Impl {
    Impl(store::Store& writer, const ActiveDefinition& active, ImportOptions opts)
        : store(writer), definition(active), options(std::move(opts)) {
        report.strict = options.strict;
        report.dry_run = options.dry_run;
        report.mode = options.upsert ? "upsert" : "insert";
        report.time_zone = options.zone.Name();
        rules.zone = options.zone;
        rules.stages = options.stages;
        rules.crm_source = options.crm_source;
        store.Read([&](store::Database& db) {
            for (const User& user : store::ListUsers(db)) {
                users.Add(user.email, user.id);
                users.Add(user.name, user.id);
            }
            for (const auto& [id, name] : store::CampaignNames(db)) campaigns.Add(name, id);
        });
        rules.owner_by_reference = [this](std::string_view text) { return users.Find(text); };
        rules.campaign_by_name = [this](std::string_view text) { return campaigns.Find(text); };
        pending.reserve(kImportBatchRows);
        run.source = options.source;
        run.mode = report.mode;
        run.by_user_id = options.by;
        run.started_at = options.now;
    }

    void Feed(std::string_view chunk) {
        if (!reader) {
            sample.append(chunk);
            if (sample.size() >= kSampleBytes) Sniff(false);
            return;
        }
        if (passthrough) {   // UTF-8 needs no copy: rows are checked one by one
            reader->Feed(chunk);
            return;
        }
        decoded.clear();
        decoder->Decode(chunk, decoded);
        reader->Feed(decoded);
    }

    void Finish() {
        if (!reader) Sniff(true);
        decoded.clear();
        decoder->Finish(decoded);
        reader->Feed(decoded);
        reader->Finish();
        Flush();
    }

    // Writes the pending rows, in as many transactions as the time limit asks for.
    void Flush() {
        std::size_t next = 0;
        while (next < pending.size()) {
            store::ImportRun record = run;   // the imports row once this batch is committed
            auto batch = [&](store::Database& db) {
                const auto started = std::chrono::steady_clock::now();
                if (!router) {
                    db.StartBulkSession();   // room for the indexes' pages, on engines that need it
                    router.emplace(db);   // one rotation for the whole file
                }
                store::LeadLoad batch_load(db);
                load = &batch_load;
                keys = LookUpKeys(db, next);
                do {
                    Apply(db, pending[next++]);
                } while (next < pending.size() && std::chrono::steady_clock::now() - started < kImportBatchTime);
                batch_load.Flush();
                load = nullptr;
                if (options.dry_run) throw DryRunBatch{};
                ++record.batches;
                record.rows_committed = done_row;
                record.last_line = done_line;
                record.imported = report.imported;
                record.updated = report.updated;
                record.rejected = report.rejected;
                if (record.id == 0) record.id = store::InsertImportRun(db, record);
                store::RecordImportBatch(db, record);
                const std::chrono::duration<double, std::milli> held = std::chrono::steady_clock::now() - started;
                report.longest_batch_ms = std::max(report.longest_batch_ms, held.count());
            };
            try {
                store.Write(batch);
            } catch (const DryRunBatch&) {
                ++record.batches;
            } catch (...) {
                load = nullptr;
                throw;
            }
            run = record;   // not before: a batch whose commit failed is not in the record
            // Room for the writes that waited: the server's (another thread, or another process
            // polling every millisecond) get the lock before the next batch takes it again.
            std::this_thread::sleep_for(kImportYield);
            report.import_id = run.id;
            report.batches = run.batches;
            report.committed_rows = done_row;
            report.committed_line = done_line;
            if (options.committed) options.committed(report);
        }
        pending.clear();
    }

    // The record of a real import's end, in its own transaction.
    void Record(const std::string& outcome, const std::string& problem) {
        if (options.dry_run) return;
        store.Write([&](store::Database& db) {
            if (run.id == 0) run.id = store::InsertImportRun(db, run);
            run.rejected = report.rejected;
            store::RecordImportBatch(db, run);
            store::FinishImportRun(db, run.id, options.now, outcome, problem);
        });
        report.import_id = run.id;
    }

    void Sniff(bool complete) {
        TextEncoding encoding = TextEncoding::Utf8;
        if (options.encoding) {
            encoding = *options.encoding;
            report.encoding_from = "option";
        } else {
            encoding = DetectTextEncoding(sample, complete);
            const bool bom = sample.starts_with("\xEF\xBB\xBF") || encoding == TextEncoding::Utf16Le ||
                             encoding == TextEncoding::Utf16Be;
            report.encoding_from = bom ? "byte order mark" : "content";
        }
        report.encoding = ToString(encoding);
        passthrough = encoding == TextEncoding::Utf8;
        decoder.emplace(encoding);
        decoded.clear();
        decoder->Decode(sample, decoded);
        std::string().swap(sample);

        const char delimiter = options.delimiter.value_or(DetectDelimiter(decoded));
        report.delimiter = DelimiterName(delimiter);
        if (options.date_order) {
            rules.date_order = *options.date_order;
            report.date_order_from = "option";
        } else if (std::optional<DateOrder> inferred = InferDateOrder(decoded, delimiter, complete)) {
            rules.date_order = *inferred;
            report.date_order_from = "file";
        } else {
            report.date_order_from = "default";
        }
        report.date_order = ToString(rules.date_order);

        reader.emplace([this](std::vector<std::string>& fields, std::size_t line) { OnRecord(fields, line); }, delimiter);
        reader->Feed(decoded);
    }

    void Reject(std::size_t row, std::size_t line, std::string field, std::string message) {
        ++report.rejected;
        if (report.errors.size() < options.max_reported_errors)
            report.errors.push_back({row, line, std::move(field), std::move(message)});
    }

    // A file read as UTF-8 that is not all UTF-8 further down than the sample: its bytes are
    // never stored, the row is refused.
    bool CheckUtf8(const std::vector<std::string>& fields, std::size_t line) {
        for (std::size_t column = 0; column < fields.size(); ++column) {
            std::optional<std::size_t> bad = FirstInvalidUtf8(fields[column]);
            if (!bad) continue;
            std::string name = column < columns->ColumnCount() ? columns->ColumnName(column) : "row";
            Reject(report.rows, line, std::move(name),
                   "not UTF-8 (byte " + std::to_string(*bad + 1) +
                       " of the cell); save the file as UTF-8 or import it with encoding windows-1252");
            return false;
        }
        return true;
    }

    // Spreadsheets leave rows of empty cells at the end, and CRM reports a footer: no data.
    bool Skip(const std::vector<std::string>& fields) {
        if (in_footer && HasAtMostOneCell(fields)) return true;
        if (StartsReportFooter(fields)) return in_footer = true;
        return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return f.empty(); });
    }

    void OnRecord(std::vector<std::string>& fields, std::size_t line) {
        if (!columns) {
            for (const std::string& name : fields)
                if (FirstInvalidUtf8(name)) throw DecodeError("header", "not UTF-8; import with the file's encoding");
            columns.emplace(fields);   // throws DecodeError("header", ...) without an email column
            report.ignored_columns = columns->Ignored();
            return;
        }
        if (Skip(fields)) {
            ++report.skipped;
            return;
        }
        ++report.rows;
        if (options.progress && report.rows % 10000 == 0) options.progress(report.rows);
        if (!CheckUtf8(fields, line)) return;
        PendingRow& row = pending.emplace_back();
        row.row = report.rows;
        row.line = line;
        try {
            row.lead = columns->ToLead(fields, options.now, rules, &row.coerced);
        } catch (const DecodeError& e) {
            pending.pop_back();
            Reject(report.rows, line, e.Field(), e.Problem());
            return;
        }
        if (options.upsert) row.fields = std::move(fields);
        if (pending.size() == kImportBatchRows) Flush();
    }

    void Apply(store::Database& db, PendingRow& row) {
        if (report.rejected > 0 && options.strict) return;   // only counting from here on
        done_row = row.row;
        done_line = row.line;
        if (options.upsert) {
            if (std::optional<std::int64_t> id = Match(row.lead)) {
                if (Update(db, *id, row)) NoteCoercions(row);
                return;
            }
        }
        Insert(db, row);
    }

    void NoteCoercions(PendingRow& row) {
        for (Coercion& value : row.coerced) {
            ++report.coerced;
            if (report.coercions.size() < options.max_reported_errors)
                report.coercions.push_back({row.row, row.line, std::move(value)});
        }
    }

    // Which leads have the keys of the rows from `first` on, the batch's: one query per kind of
    // key, not one per row; the batch's own inserts and updates keep the answer current.
    store::LeadKeys LookUpKeys(store::Database& db, std::size_t first) {
        std::vector<std::string> emails;
        std::vector<std::pair<std::string, std::string>> crm_records;
        for (std::size_t i = first; i < pending.size(); ++i) {
            const Lead& lead = pending[i].lead;
            emails.push_back(lead.email);
            if (!lead.crm_id.empty()) crm_records.emplace_back(lead.crm_source, lead.crm_id);
        }
        return store::FindLeadKeys(db, emails, crm_records);
    }

    static std::optional<std::int64_t> Find(const std::unordered_map<std::string, std::int64_t>& ids,
                                            const std::string& key) {
        auto it = ids.find(key);
        return it == ids.end() ? std::nullopt : std::optional<std::int64_t>(it->second);
    }

    // The lead a row is about: by its CRM record, else by email.
    std::optional<std::int64_t> Match(const Lead& lead) const {
        if (!lead.crm_id.empty())
            if (std::optional<std::int64_t> id = Find(keys.crm_records, store::LeadKeys::CrmKey(lead.crm_source, lead.crm_id)))
                return id;
        return Find(keys.emails, lead.email);
    }

    // A row of a lead we have: the file's facts, re-scored as an edit is; its stage only forward.
    // False if the row was refused.
    bool Update(store::Database& db, std::int64_t id, const PendingRow& row) {
        load->Flush();   // the lead may be one of this batch's, and its history follows theirs
        const Lead& from_file = row.lead;
        const std::size_t line = row.line;
        const Lead existing = *store::FindLead(db, id);
        Lead updated = columns->Overlay(row.fields, from_file, existing);
        if (existing.erased_at) {
            // As in an edit: its person asked to be forgotten, so a file does not identify them again.
            const char* field = updated.email != existing.email ? "email"
                                : updated.name != existing.name ? "name"
                                : updated.phone != existing.phone ? "phone"
                                                                  : nullptr;
            if (field) {
                Reject(row.row, line, field,
                       "lead " + std::to_string(id) + "'s personal data was erased on request; it cannot be set again");
                return false;
            }
        }
        if (existing.crm_id.empty()) {   // a lead keeps the first CRM record it was linked to
            updated.crm_source = from_file.crm_source;
            updated.crm_id = from_file.crm_id;
        }
        if (columns->HasStage() && from_file.stage != existing.stage) {
            if (StageIsLater(from_file.stage, existing.stage)) {
                updated.stage = from_file.stage;
            } else {
                ++report.stages_kept;
                if (report.kept_stages.size() < options.max_reported_errors)
                    report.kept_stages.push_back({row.row, line, id, from_file.stage, existing.stage});
            }
        }
        if (updated == existing) {
            ++report.unchanged;
            return true;
        }
        const std::string what =
            "row " + std::to_string(row.row) + " of an import changed " + ChangedMembers(existing, updated);
        std::vector<StageChange> changes;
        if (updated.stage != existing.stage) {
            StageChange moved;
            moved.from = existing.stage;
            moved.to = updated.stage;
            moved.at = options.now;
            moved.by_user_id = options.by;
            moved.reason = "imported";
            moved.note = what;
            changes.push_back(std::move(moved));
        }
        for (StageChange& change : RescoreEdited(db, existing, updated, definition, options.now, "an import"))
            changes.push_back(std::move(change));
        // The definition may take the lead back to where it was (a file's mql it does not meet):
        // same facts, same stage is no change, whatever a new score says.
        Lead same_score = updated;
        same_score.score = existing.score;
        if (same_score == existing) {
            ++report.unchanged;
            return true;
        }
        updated.revision = existing.revision + 1;
        updated.updated_at = options.now;
        std::optional<Assignment> routed;
        if (!changes.empty() && changes.back().to == Stage::SalesReady) routed = router->Route(updated, options.now);
        // Checked before the update, not caught from it: on PostgreSQL a failed statement aborts the batch.
        if (updated.email != existing.email && store::FindLeadIdByEmail(db, updated.email)) {
            if (routed) router->Unroute(*routed);
            Reject(row.row, line, "email", "another lead has this email: " + updated.email);
            return false;
        }
        store::UpdateLead(db, updated);
        if (updated.email != existing.email) {
            keys.emails.erase(existing.email);
            keys.emails[updated.email] = id;
        }
        if (!updated.crm_id.empty()) keys.crm_records[store::LeadKeys::CrmKey(updated.crm_source, updated.crm_id)] = id;
        for (StageChange& change : changes) {
            change.lead_id = id;
            store::InsertStageChange(db, change);
        }
        if (updated.stage != existing.stage) webhooks::EnqueueLeadChange(db, existing.stage, updated, options.now);
        if (routed) {
            RecordAssignment(db, id, *routed);
        } else if (updated.owner_id != existing.owner_id) {
            Assignment assignment;
            assignment.from_owner_id = existing.owner_id;
            assignment.to_owner_id = updated.owner_id;
            assignment.at = options.now;
            assignment.by_user_id = options.by;
            assignment.kind = AssignmentKind::Assign;
            assignment.note = what;
            RecordAssignment(db, id, std::move(assignment));
        }
        ++report.updated;
        return true;
    }

    void Insert(store::Database& db, PendingRow& row) {
        Lead& lead = row.lead;
        const std::size_t line = row.line;
        // A dry run rolls each batch back, so the database cannot tell of the file's earlier rows.
        if (options.dry_run && !options.upsert && !DryRunKeep(lead)) {
            Reject(row.row, line, "email", "this email or CRM record is on an earlier row of the file");
            return;
        }
        // Checked, not caught from the load: a key taken in a COPY fails the whole batch.
        if (Taken(row, lead)) return;
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
        std::optional<Assignment> routed = router->Route(lead, options.now);
        lead.id = load->Add(lead);
        keys.emails[lead.email] = lead.id;
        if (!lead.crm_id.empty()) keys.crm_records[store::LeadKeys::CrmKey(lead.crm_source, lead.crm_id)] = lead.id;
        for (StageChange& change : changes) {
            change.lead_id = lead.id;
            load->Add(change);
        }
        if (routed) {
            routed->lead_id = lead.id;
            load->Add(*routed);
        }
        webhooks::EnqueueLeadChange(db, std::nullopt, lead, options.now);   // a lead handed over to sales
        ++report.imported;
        NoteCoercions(row);
    }

    // True, and the row refused, if a lead has the row's email or CRM record: which one it was.
    bool Taken(const PendingRow& row, const Lead& lead) {
        if (keys.emails.contains(lead.email)) {
            Reject(row.row, row.line, "email",
                   "a lead with this email exists: " + lead.email + " (import with mode upsert to update it)");
            return true;
        }
        if (!lead.crm_id.empty() && keys.crm_records.contains(store::LeadKeys::CrmKey(lead.crm_source, lead.crm_id))) {
            Reject(row.row, row.line, "crm_id",
                   "a lead of " + lead.crm_source + " record " + lead.crm_id + " exists (import with mode upsert to update it)");
            return true;
        }
        return false;
    }

    // False if a row before this one had its email or CRM record (dry runs of inserts only).
    bool DryRunKeep(const Lead& lead) {
        const bool fresh = dry_run_keys.insert(lead.email).second;
        return (lead.crm_id.empty() || dry_run_keys.insert(store::LeadKeys::CrmKey(lead.crm_source, lead.crm_id)).second) && fresh;
    }

    store::Store& store;
    const ActiveDefinition& definition;
    ImportOptions options;
    LeadImportRules rules;
    NameIndex users;
    NameIndex campaigns;
    std::optional<LeadRouter> router;   // made in the first batch, on the store's writer
    store::LeadLoad* load = nullptr;     // the batch's new leads, while a batch is written
    store::LeadKeys keys;                // the leads with the batch's rows' keys
    std::vector<PendingRow> pending;
    store::ImportRun run;
    std::size_t done_row = 0;    // the last row written (or refused) in a batch
    std::size_t done_line = 0;
    std::unordered_set<std::string> dry_run_keys;
    std::string sample;      // the first bytes, until the reader is set up
    std::string decoded;
    std::optional<TextDecoder> decoder;
    std::optional<CsvReader> reader;
    std::optional<LeadColumns> columns;
    bool in_footer = false;
    bool passthrough = false;
    ImportReport report;
};

void SetImportOption(ImportOptions& options, std::string_view name, const std::string& value) {
    std::string key(name);
    std::replace(key.begin(), key.end(), '-', '_');
    const std::string field(name);
    if (key == "mode") {
        if (value != "insert" && value != "upsert")
            throw DecodeError(field, "unknown mode '" + value + "' (insert, upsert)");
        options.upsert = value == "upsert";
    } else if (key == "crm") {
        options.crm_source = Trim(value);
        if (options.crm_source.empty() || options.crm_source.size() > 200)
            throw DecodeError(field, "the CRM's name, 1 to 200 characters (hubspot, salesforce, pipedrive, zoho, ...)");
    } else if (key == "encoding") {
        options.encoding = ParseTextEncoding(value);
        if (!options.encoding) throw DecodeError(field, "unknown encoding '" + value + "' (utf-8, utf-16le, utf-16be, windows-1252)");
    } else if (key == "delimiter") {
        options.delimiter = ParseDelimiter(value);
        if (!options.delimiter) throw DecodeError(field, "unknown delimiter '" + value + "' (comma, semicolon, tab, pipe)");
    } else if (key == "date_order") {
        options.date_order = ParseDateOrder(value);
        if (!options.date_order) throw DecodeError(field, "unknown date order '" + value + "' (dmy, mdy, ymd)");
    } else if (key == "timezone") {
        try {
            options.zone = LoadTimeZone(value);
        } catch (const std::invalid_argument& e) {
            throw DecodeError(field, e.what());
        }
    } else if (key == "stage_map") {
        try {
            options.stages = StageMap::Parse(value);
        } catch (const DecodeError& e) {
            throw DecodeError(field, e.Problem());
        }
    } else {
        throw DecodeError(field, "not an import option");
    }
}

void ExportLeadsCsv(store::Database& db, const std::function<void(std::vector<std::string>)>& emit) {
    std::map<std::int64_t, std::string> emails;
    for (const User& user : store::ListUsers(db)) emails.emplace(user.id, user.email);
    const std::map<std::int64_t, std::string> campaigns = store::CampaignNames(db);
    auto name_of = [](const std::map<std::int64_t, std::string>& names, const std::optional<std::int64_t>& id) {
        auto it = id ? names.find(*id) : names.end();
        return it == names.end() ? std::string_view() : std::string_view(it->second);
    };
    emit(LeadCsvHeader());
    store::ForEachLead(db, [&](const Lead& lead) {
        emit(LeadCsvRecord(lead, name_of(campaigns, lead.campaign_id), name_of(emails, lead.owner_id)));
    });
}

ImportRejected::ImportRejected(ImportReport r)
    : std::runtime_error("the import was refused: " + std::to_string(r.rejected) + " bad rows and --strict"),
      report(std::move(r)) {}

LeadImporter::LeadImporter(store::Store& store, const ActiveDefinition& definition, ImportOptions options)
    : m_impl(std::make_unique<Impl>(store, definition, std::move(options))) {}

LeadImporter::~LeadImporter() {
    if (!m_impl->router) return;
    try {
        m_impl->store.Write([](store::Database& db) { db.EndBulkSession(); });
    } catch (const std::exception&) {
        // Only the bulk session's settings; the connection keeps working with them.
    }
}

void LeadImporter::Feed(std::string_view chunk) { m_impl->Feed(chunk); }

ImportReport LeadImporter::Finish() {
    m_impl->Finish();
    if (!m_impl->columns) throw DecodeError("header", "the file is empty");
    ImportReport& report = m_impl->report;
    if (report.strict && report.rejected > 0) {
        m_impl->Record("failed", std::to_string(report.rejected) + " bad rows and strict");
        if (report.batches == 0 || report.dry_run) {
            report.imported = 0;
            report.updated = 0;
        }
        throw ImportRejected(report);
    }
    m_impl->Record("done", "");
    return report;
}

const ImportReport& LeadImporter::Progress() const { return m_impl->report; }

void LeadImporter::Fail(const std::string& problem) {
    try {
        m_impl->Record("failed", problem);
    } catch (const std::exception&) {
        // The import's row keeps its last batch, which is what the caller reports too.
    }
}

namespace {

ImportReport ImportOnce(store::Store& store, const ActiveDefinition& definition, const ImportOptions& options,
                        std::FILE* file) {
    std::rewind(file);
    LeadImporter importer(store, definition, options);
    std::vector<char> chunk(1 << 16);
    try {
        while (std::size_t n = std::fread(chunk.data(), 1, chunk.size(), file))
            importer.Feed(std::string_view(chunk.data(), n));
        if (std::ferror(file)) throw std::runtime_error("cannot read the file: " + std::string(std::strerror(errno)));
        return importer.Finish();
    } catch (const ImportRejected&) {
        throw;
    } catch (const std::exception& e) {
        const ImportReport& done = importer.Progress();
        if (options.dry_run || done.batches == 0) throw;
        importer.Fail(e.what());
        const std::string in = "; rows 1 to " + std::to_string(done.committed_rows) + " (to line " +
                               std::to_string(done.committed_line) + ") were imported before that, as import " +
                               std::to_string(done.import_id) + ": fix the file and import it again with mode upsert";
        // The same kind of error (the API answers each as it always has), saying what is in.
        if (const auto* decode = dynamic_cast<const DecodeError*>(&e)) throw DecodeError(decode->Field(), decode->Problem() + in);
        if (const auto* store_error = dynamic_cast<const store::StoreError*>(&e))
            throw store::StoreError(e.what() + in, store_error->kind);
        throw std::runtime_error(e.what() + in);
    }
}

}  // namespace

ImportReport ImportLeadsFile(store::Store& store, const ActiveDefinition& definition, const ImportOptions& options,
                             std::FILE* file) {
    if (options.strict && !options.dry_run) {
        ImportOptions check = options;
        check.dry_run = true;
        check.committed = nullptr;
        ImportOnce(store, definition, check, file);   // throws ImportRejected if a row is bad
    }
    return ImportOnce(store, definition, options, file);
}

nlohmann::json ToJson(const ImportReport& report) {
    nlohmann::json errors = nlohmann::json::array();
    for (const ImportError& error : report.errors)
        errors.push_back({{"row", error.row}, {"line", error.line}, {"field", error.field}, {"message", error.message}});
    nlohmann::json coercions = nlohmann::json::array();
    for (const ImportCoercion& c : report.coercions) {
        coercions.push_back({{"row", c.row}, {"line", c.line}, {"column", c.value.column},
                             {"original", c.value.original}, {"stored", c.value.stored}, {"why", c.value.why}});
    }
    nlohmann::json kept = nlohmann::json::array();
    for (const KeptStage& k : report.kept_stages) {
        kept.push_back({{"row", k.row}, {"line", k.line}, {"lead_id", k.lead_id},
                        {"file_stage", ToString(k.file_stage)}, {"stage", ToString(k.stage)}});
    }
    return {{"mode", report.mode},
            {"dry_run", report.dry_run},
            {"import_id", report.import_id},
            {"batches", report.batches},
            {"committed_rows", report.committed_rows},
            {"committed_line", report.committed_line},
            {"longest_batch_ms", report.longest_batch_ms},
            {"rows", report.rows},
            {"imported", report.imported},
            {"updated", report.updated},
            {"unchanged", report.unchanged},
            {"rejected", report.rejected},
            {"skipped", report.skipped},
            {"coerced", report.coerced},
            {"strict", report.strict},
            {"encoding", report.encoding},
            {"encoding_from", report.encoding_from},
            {"delimiter", report.delimiter},
            {"date_order", report.date_order},
            {"date_order_from", report.date_order_from},
            {"time_zone", report.time_zone},
            {"ignored_columns", report.ignored_columns},
            {"coercions", coercions},
            {"errors", errors},
            {"stages_kept", report.stages_kept},
            {"kept_stages", kept}};
}

}  // namespace tandem::service
