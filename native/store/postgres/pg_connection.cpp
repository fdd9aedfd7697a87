// PostgreSQL connections, statements and transactions over libpq.
#include "store/postgres/pg_connection.h"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>
#include <libpq-fe.h>

#include "store/postgres/pg_event_log.h"

namespace tandem::store::postgres {

// The libpq connection and what its statements share: the numbering of their prepared names, the
// rows the last write touched, and the names of statements to deallocate once the server can.
struct PgSession {
    PGconn* conn = nullptr;
    int generation = 0;   // connections so far: a statement prepared on an earlier one prepares again
    int next_statement = 0;
    int changes = 0;
    std::vector<std::string> to_deallocate;

    ~PgSession() { PQfinish(conn); }
};

namespace {

StoreError::Kind KindOf(const PGresult* result) {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    if (!state) return StoreError::Kind::Other;
    if (std::strcmp(state, "23505") == 0) return StoreError::Kind::UniqueViolation;
    if (std::strcmp(state, "23503") == 0) return StoreError::Kind::ForeignKeyViolation;
    return StoreError::Kind::Other;
}

// Owns one PGresult.
struct Result {
    PGresult* value = nullptr;
    explicit Result(PGresult* result = nullptr) : value(result) {}
    ~Result() { PQclear(value); }
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    Result& operator=(Result&& other) noexcept {
        std::swap(value, other.value);
        return *this;
    }
};

// Throws StoreError with the server's message unless `result` is a success; records the rows a
// write touched (SQLite's sqlite3_changes counts only INSERT, UPDATE and DELETE).
void Check(PgSession& session, const Result& result, std::string_view what) {
    ExecStatusType status = PQresultStatus(result.value);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const char* primary = result.value ? PQresultErrorField(result.value, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
        std::string message = primary ? primary : PQerrorMessage(session.conn);
        while (!message.empty() && message.back() == '\n') message.pop_back();
        throw StoreError(std::string(what) + ": " + message, KindOf(result.value));
    }
    std::string_view command = PQcmdStatus(result.value);
    if (command.starts_with("INSERT") || command.starts_with("UPDATE") || command.starts_with("DELETE"))
        session.changes = std::atoi(PQcmdTuples(result.value));
}

void Run(PgSession& session, const char* sql) {
    Result result(PQexec(session.conn, sql));
    Check(session, result, sql);
}

// Prepared statements stay on the server until deallocated. Those let go of are deallocated
// together when a transaction ends (not inside a failed one, which refuses every command but
// ROLLBACK); a closing connection takes its statements with it.
void DeallocatePending(PgSession& session) {
    if (session.to_deallocate.empty() || PQtransactionStatus(session.conn) != PQTRANS_IDLE) return;
    std::string sql;
    for (const std::string& name : session.to_deallocate) sql += "DEALLOCATE " + name + ";";
    session.to_deallocate.clear();
    Result result(PQexec(session.conn, sql.c_str()));   // a failure leaves only server memory behind
}

std::string Excerpt(std::string_view sql) { return std::string(sql.substr(0, 60)); }

// libpq prints the server's notices (e.g. "relation already exists, skipping") to stderr.
void IgnoreNotice(void*, const char*) {}

}  // namespace

std::string NumberPlaceholders(std::string_view sql, int& count) {
    std::string out;
    out.reserve(sql.size() + 16);
    count = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (c == '\'' || c == '"') {   // a literal or identifier, its doubled quotes included
            std::size_t end = sql.find(c, i + 1);
            while (end != std::string_view::npos && end + 1 < sql.size() && sql[end + 1] == c)
                end = sql.find(c, end + 2);
            if (end == std::string_view::npos) end = sql.size() - 1;
            out.append(sql.substr(i, end - i + 1));
            i = end;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            std::size_t end = sql.find('\n', i);
            if (end == std::string_view::npos) end = sql.size() - 1;
            out.append(sql.substr(i, end - i + 1));
            i = end;
        } else if (c == '?') {
            out += '$' + std::to_string(++count);
        } else {
            out += c;
        }
    }
    return out;
}

namespace {

class PgStatement final : public StatementBackend {
public:
    PgStatement(std::shared_ptr<PgSession> session, std::string_view sql) : m_session(std::move(session)) {
        int count = 0;
        std::string numbered = NumberPlaceholders(sql, count);
        m_values.resize(static_cast<std::size_t>(count));
        m_name = "tandem_" + std::to_string(++m_session->next_statement);
        m_sql = Excerpt(sql);
        m_numbered = std::move(numbered);
        PrepareOnServer();
    }
    ~PgStatement() override { m_session->to_deallocate.push_back(std::move(m_name)); }
    PgStatement(const PgStatement&) = delete;
    PgStatement& operator=(const PgStatement&) = delete;

    void BindInt(int index, std::int64_t value) override { Slot(index) = std::to_string(value); }
    void BindReal(int index, double value) override {
        char text[32];
        auto [end, error] = std::to_chars(text, text + sizeof text, value);   // shortest that round-trips
        Slot(index) = std::string(text, end);
    }
    void BindText(int index, std::string_view value) override { Slot(index) = std::string(value); }
    void BindNull(int index) override { Slot(index).reset(); }

    bool Step() override {
        if (!m_executed) Execute();
        return ++m_row < PQntuples(m_result.value);
    }
    void Reset() override {
        Release();
        for (auto& value : m_values) value.reset();
    }
    void Release() override {
        m_result = Result();
        m_executed = false;
        m_row = -1;
    }

    bool IsNull(int column) const override { return PQgetisnull(m_result.value, m_row, column) != 0; }
    std::int64_t Int(int column) const override {
        std::string_view text = Value(column);
        std::int64_t value = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error == std::errc() && end == text.data() + text.size()) return value;
        if (text == "t" || text == "f") return text == "t";   // a boolean, as SQLite's 1 and 0
        return static_cast<std::int64_t>(Real(column));        // numeric (sum, avg): truncated, as SQLite
    }
    double Real(int column) const override {
        std::string_view text = Value(column);
        double value = 0;
        std::from_chars(text.data(), text.data() + text.size(), value);
        return value;
    }
    std::string Text(int column) const override { return std::string(Value(column)); }

private:
    std::optional<std::string>& Slot(int index) {
        if (index < 1 || index > static_cast<int>(m_values.size()))
            throw StoreError("bind: parameter " + std::to_string(index) + " of '" + m_sql + "' does not exist");
        return m_values[static_cast<std::size_t>(index - 1)];
    }
    std::string_view Value(int column) const {
        return {PQgetvalue(m_result.value, m_row, column),
                static_cast<std::size_t>(PQgetlength(m_result.value, m_row, column))};
    }
    void PrepareOnServer() {
        Result result(PQprepare(m_session->conn, m_name.c_str(), m_numbered.c_str(), 0, nullptr));
        Check(*m_session, result, "prepare '" + m_sql + "'");
        m_generation = m_session->generation;
    }
    void Execute() {
        if (m_generation != m_session->generation) PrepareOnServer();   // reconnected since
        std::vector<const char*> values;
        for (const auto& value : m_values) values.push_back(value ? value->c_str() : nullptr);
        m_result = Result(PQexecPrepared(m_session->conn, m_name.c_str(), static_cast<int>(values.size()),
                                         values.data(), nullptr, nullptr, 0));
        m_executed = true;
        m_row = -1;
        Check(*m_session, m_result, "step of '" + m_sql + "'");
    }

    std::shared_ptr<PgSession> m_session;
    std::string m_name;
    std::string m_sql;   // the start of the SQL, for messages
    std::string m_numbered;
    int m_generation = 0;
    std::vector<std::optional<std::string>> m_values;
    Result m_result;
    bool m_executed = false;
    int m_row = -1;
};

}  // namespace

PgConnection::PgConnection(const std::string& url) : m_session(std::make_shared<PgSession>()) {
    m_session->conn = PQconnectdb(url.c_str());
    if (PQstatus(m_session->conn) != CONNECTION_OK) {
        std::string message = PQerrorMessage(m_session->conn);
        while (!message.empty() && message.back() == '\n') message.pop_back();
        const char* host = PQhost(m_session->conn);
        throw StoreError("cannot connect to PostgreSQL at " + std::string(host && *host ? host : "(default host)") +
                         ": " + message);
    }
    PQsetNoticeProcessor(m_session->conn, &IgnoreNotice, nullptr);
    Run(*m_session, "SET client_encoding = 'UTF8'");
}

PgConnection::~PgConnection() = default;

std::unique_ptr<StatementBackend> PgConnection::Prepare(std::string_view sql) {
    return std::make_unique<PgStatement>(m_session, sql);
}

void PgConnection::Exec(std::string_view sql) {
    Result result(PQexec(m_session->conn, std::string(sql).c_str()));   // several statements: the simple protocol
    Check(*m_session, result, Excerpt(sql));
}

namespace {

// Starts a transaction with `sql`. A connection PostgreSQL dropped (a restart) is connected again
// first, or when the start itself finds it gone: nothing of the transaction has happened yet.
void RunBegin(PgSession& session, const std::string& sql) {
    auto reconnect = [&session] {
        PQreset(session.conn);
        if (PQstatus(session.conn) != CONNECTION_OK) {
            std::string message = PQerrorMessage(session.conn);
            while (!message.empty() && message.back() == '\n') message.pop_back();
            throw StoreError("cannot reach PostgreSQL: " + message);
        }
        ++session.generation;
        session.to_deallocate.clear();
        Run(session, "SET client_encoding = 'UTF8'");
    };
    if (PQstatus(session.conn) != CONNECTION_OK) reconnect();
    auto run = [&session, &sql] {
        try {
            Run(session, sql.c_str());
        } catch (const StoreError&) {
            // No transaction is left open for the next one to stumble into.
            if (PQstatus(session.conn) == CONNECTION_OK && PQtransactionStatus(session.conn) != PQTRANS_IDLE)
                Result(PQexec(session.conn, "ROLLBACK"));
            throw;
        }
    };
    try {
        run();
    } catch (const StoreError&) {
        if (PQstatus(session.conn) == CONNECTION_OK) throw;
        reconnect();
        run();
    }
}

// The one lock every server's writes take in turn (BeginWrite).
constexpr std::string_view kBeginWithWriteLock = "BEGIN; SELECT pg_advisory_xact_lock(hashtext('tandem writes'))";

}  // namespace

// A read is one snapshot, as in SQLite's deferred transaction.
void PgConnection::Begin() { RunBegin(*m_session, "BEGIN ISOLATION LEVEL REPEATABLE READ"); }
// Store's write mutex orders one process's writers; this lock orders every server's, as SQLite's
// single writer does, so revisions and ids are taken in commit order. The notification reaches
// other servers (ForeignCommits) only if the transaction commits.
void PgConnection::BeginWrite() {
    static const std::string begin = std::string(kBeginWithWriteLock) + ", pg_notify('" + std::string(kCommitsChannel) +
                                     "', '" + ProcessOrigin() + "')";
    RunBegin(*m_session, begin);
}
void PgConnection::BeginQuietWrite() { RunBegin(*m_session, std::string(kBeginWithWriteLock)); }
void PgConnection::Commit() {
    Run(*m_session, "COMMIT");
    DeallocatePending(*m_session);
}
void PgConnection::Rollback() {
    Run(*m_session, "ROLLBACK");
    DeallocatePending(*m_session);
}

// Result sets are read whole when a statement executes: none holds anything open on the server.
void PgConnection::ReleaseStatements() {}

bool PgConnection::InTransaction() { return PQtransactionStatus(m_session->conn) != PQTRANS_IDLE; }

int PgConnection::Changes() { return m_session->changes; }

PGconn* PgConnection::Handle() { return m_session->conn; }

std::string PgConnection::Name() const {
    return std::string("postgresql://") + PQhost(m_session->conn) + ":" + PQport(m_session->conn) + "/" +
           PQdb(m_session->conn);
}

Database ConnectPostgres(const std::string& url) {
    auto connection = std::make_unique<PgConnection>(url);
    std::string name = connection->Name();
    return Database(std::move(connection), name);
}

}  // namespace tandem::store::postgres
