// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "store/database_statement.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace lambdadesk::core {

struct DatabaseOptions {
    /// Holds the file's lock for the connection's lifetime: no per-transaction lock calls and no shared
    /// memory index, which makes small transactions markedly faster, but no other connection (in this
    /// process or another) can use the file meanwhile.
    bool exclusive = false;
    int cacheSizeKiB = 32768;  ///< the page cache; at least 1 (open refuses less)
    /// WAL pages before an automatic checkpoint: fewer, larger checkpoints copy a hot page once, not often.
    int walAutocheckpointPages = 10000;
};

/// One SQLite connection: WAL journal with synchronous=NORMAL (a commit survives kill -9 of the process;
/// only a power loss can take the last commits), prepared statements compiled once and cached by their
/// SQL text, and errors as Expected. Not thread-safe: its owner serialises access.
class Database {
public:
    /// Opens or creates the file at `path` (its folder must exist); ":memory:" for a private in-memory one.
    static Expected<std::unique_ptr<Database>> open(const std::string& path, const DatabaseOptions& options = {});
    /// open(), then runs `schema` (idempotent CREATE … IF NOT EXISTS statements): how every store starts.
    static Expected<std::unique_ptr<Database>> openWithSchema(const std::string& path, std::string_view schema,
                                                              const DatabaseOptions& options = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs SQL that returns no rows, possibly several statements (schema, pragmas).
    Expected<void> execute(std::string_view sql);
    /// The cached statement for `sql`, reset and unbound. On a compile error the returned statement
    /// carries the error (and the next call tries again).
    DatabaseStatement& statement(std::string_view sql);

    /// BEGIN IMMEDIATE: takes the write lock now, so the commit cannot fail on a lock upgrade.
    Expected<void> begin();
    Expected<void> commit();
    /// Rolls back an open transaction; harmless without one.
    void rollback();
    [[nodiscard]] bool inTransaction() const;

    [[nodiscard]] std::int64_t lastInsertRowId() const;
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    [[nodiscard]] std::int64_t changes() const;
    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    struct Native;
    Database(std::unique_ptr<Native> native, std::string path);

    std::unique_ptr<Native> m_native;
    std::string m_path;
};

} // namespace lambdadesk::core
