// Streaming CSV import of leads: sniffing the file, then one record at a time.
#include "service/import.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "service/qualifier.h"
#include "service/routing.h"
#include "service/zoneinfo.h"
#include "store/account_repo.h"
#include "store/database.h"
#include "store/insights_repo.h"
#include "store/lead_repo.h"
#include "tandem/codec.h"
#include "tandem/csv.h"

namespace tandem::service {

namespace {

// Enough for the header and some hundreds of rows: what encoding, delimiter and date order are
// learnt from. A row further down that contradicts them is reported on its own.
constexpr std::size_t kSampleBytes = 256 * 1024;

std::string Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Names (or emails) to ids; a name two records share matches neither.
class NameIndex {
public:
    void Add(std::string_view name, std::int64_t id) {
        if (name.empty()) return;
        auto [it, added] = m_ids.emplace(Lower(name), id);
        if (!added && it->second != id) it->second = 0;
    }
    std::optional<std::int64_t> Find(std::string_view name) const {
        auto it = m_ids.find(Lower(name));
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

}  // namespace

struct LeadImporter::Impl {
    Impl(store::Database& database, const ActiveDefinition& active, ImportOptions opts)
        : db(database), definition(active), options(std::move(opts)) {
        report.strict = options.strict;
        report.time_zone = options.zone.Name();
        rules.zone = options.zone;
        rules.stages = options.stages;
        for (const User& user : store::ListUsers(db)) {
            users.Add(user.email, user.id);
            users.Add(user.name, user.id);
        }
        for (const auto& [id, name] : store::CampaignNames(db)) campaigns.Add(name, id);
        rules.owner_by_reference = [this](std::string_view text) { return users.Find(text); };
        rules.campaign_by_name = [this](std::string_view text) { return campaigns.Find(text); };
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

    void Reject(std::size_t line, std::string field, std::string message) {
        ++report.rejected;
        if (report.errors.size() < options.max_reported_errors)
            report.errors.push_back({report.rows, line, std::move(field), std::move(message)});
    }

    // A file read as UTF-8 that is not all UTF-8 further down than the sample: its bytes are
    // never stored, the row is refused.
    bool CheckUtf8(const std::vector<std::string>& fields, std::size_t line) {
        for (std::size_t column = 0; column < fields.size(); ++column) {
            std::optional<std::size_t> bad = FirstInvalidUtf8(fields[column]);
            if (!bad) continue;
            std::string name = column < columns->ColumnCount() ? columns->ColumnName(column) : "row";
            Reject(line, std::move(name),
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
        Lead lead;
        coerced.clear();
        try {
            lead = columns->ToLead(fields, options.now, rules, &coerced);
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
        for (Coercion& value : coerced) {
            ++report.coerced;
            if (report.coercions.size() < options.max_reported_errors)
                report.coercions.push_back({report.rows, line, std::move(value)});
        }
    }

    store::Database& db;
    const ActiveDefinition& definition;
    ImportOptions options;
    LeadImportRules rules;
    NameIndex users;
    NameIndex campaigns;
    LeadRouter router{db};   // one rotation for the whole file
    std::string sample;      // the first bytes, until the reader is set up
    std::string decoded;
    std::optional<TextDecoder> decoder;
    std::optional<CsvReader> reader;
    std::optional<LeadColumns> columns;
    std::vector<Coercion> coerced;
    bool in_footer = false;
    bool passthrough = false;
    ImportReport report;
};

void SetImportOption(ImportOptions& options, std::string_view name, const std::string& value) {
    std::string key(name);
    std::replace(key.begin(), key.end(), '-', '_');
    const std::string field(name);
    if (key == "encoding") {
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

void LeadImporter::Feed(std::string_view chunk) { m_impl->Feed(chunk); }

ImportReport LeadImporter::Finish() {
    m_impl->Finish();
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
    nlohmann::json coercions = nlohmann::json::array();
    for (const ImportCoercion& c : report.coercions) {
        coercions.push_back({{"row", c.row}, {"line", c.line}, {"column", c.value.column},
                             {"original", c.value.original}, {"stored", c.value.stored}, {"why", c.value.why}});
    }
    return {{"rows", report.rows},
            {"imported", report.imported},
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
            {"errors", errors}};
}

}  // namespace tandem::service
