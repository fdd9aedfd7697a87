// The seam between the store and a database engine: a connection and its prepared statements as
// each engine implements them (native/store/sqlite/ today). Repositories never see these; they use
// Database and Statement (store/database.h), which forward here with one virtual call each.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tandem::store {

struct Dialect;
struct BulkRows;

// One prepared statement. Parameters and columns as Statement documents them; failures throw
// StoreError with the engine's text and its classification (StoreError::Kind).
class StatementBackend {
public:
    virtual ~StatementBackend() = default;
    virtual void BindInt(int index, std::int64_t value) = 0;
    virtual void BindReal(int index, double value) = 0;
    virtual void BindText(int index, std::string_view value) = 0;
    virtual void BindNull(int index) = 0;
    virtual bool Step() = 0;
    virtual void Reset() = 0;     // ready to bind and step again, bindings cleared
    virtual void Release() = 0;   // done stepping, bindings kept
    virtual bool IsNull(int column) const = 0;
    virtual std::int64_t Int(int column) const = 0;
    virtual double Real(int column) const = 0;
    virtual std::string Text(int column) const = 0;
};

// One open connection to a database.
class Connection {
public:
    virtual ~Connection() = default;
    virtual std::unique_ptr<StatementBackend> Prepare(std::string_view sql) = 0;
    virtual void Exec(std::string_view sql) = 0;   // one or more statements, no results
    virtual void Begin() = 0;                      // a read transaction: one snapshot
    // A transaction that will write: takes the write lock at once (SQLite: BEGIN IMMEDIATE), so
    // it never fails half-way because another writer came first.
    virtual void BeginWrite() = 0;
    // The same for a write of nothing another server caches (presence, sign-in attempts, the event
    // stream): engines that tell other servers of each commit (PostgreSQL) leave this one out.
    virtual void BeginQuietWrite() { BeginWrite(); }
    virtual void Commit() = 0;
    virtual void Rollback() = 0;
    // Releases every statement still mid-result, so none holds the transaction open past its end.
    virtual void ReleaseStatements() = 0;
    virtual bool InTransaction() = 0;
    virtual int Changes() = 0;   // rows the last INSERT, UPDATE or DELETE touched
    // Inserts `rows` into `table` the engine's fastest way (SQLite: one prepared insert, PostgreSQL:
    // COPY); a row that breaks a constraint fails the whole load.
    virtual void BulkInsert(std::string_view table, const BulkRows& rows) = 0;
    // After rows were inserted with explicit ids: the ids the engine hands out next follow them.
    virtual void AdvanceIds(std::string_view table) = 0;
    virtual const Dialect& dialect() const = 0;
};

}  // namespace tandem::store
