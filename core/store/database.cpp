// SPDX-License-Identifier: MIT
#include "store/database.h"

#include "store/database_native.h"

namespace lambdadesk::core {

Error databaseError(sqlite3* db, std::string_view what)
{
    std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    if (db)
        message += " (code " + std::to_string(sqlite3_extended_errcode(db)) + ")";
    return Error{"InternalFailure", std::move(message)};
}

Expected<std::unique_ptr<Database>> Database::open(const std::string& path, const DatabaseOptions& options)
{
    // A cache of 0 or less would make the pragma below mean something else (SQLite's default, or pages).
    if (options.cacheSizeKiB < 1)
        return Error{"InvalidParameterValueException", "a database's cacheSizeKiB must be at least 1 (KiB), got " +
                                                           std::to_string(options.cacheSizeKiB) + " for " + path};
    auto native = std::make_unique<Native>();
    // NOMUTEX: the owner serialises access, so SQLite's own per-call mutex would be pure overhead.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &native->db, flags, nullptr) != SQLITE_OK) {
        auto error = databaseError(native->db, "cannot open " + path);
        sqlite3_close(native->db);
        return error;
    }
    sqlite3_extended_result_codes(native->db, 1);
    // Another connection (a second process, or a test reopening the file) may hold the lock briefly.
    sqlite3_busy_timeout(native->db, 5000);
    std::unique_ptr<Database> database(new Database(std::move(native), path));
    const bool memory = path == ":memory:" || path.empty();
    std::string pragmas = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-" + std::to_string(options.cacheSizeKiB) + ";";
    if (!memory) {
        // The locking mode must be set before WAL is entered for the WAL index to live in heap memory.
        if (options.exclusive)
            pragmas += "PRAGMA locking_mode=EXCLUSIVE;";
        pragmas +=
            "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=" + std::to_string(options.walAutocheckpointPages) +
            "; PRAGMA journal_size_limit=67108864;";
    }
    auto configured = database->execute(pragmas);
    if (!configured)
        return configured.error();
    return database;
}

Database::Database(std::unique_ptr<Native> native, std::string path)
    : m_native(std::move(native)), m_path(std::move(path))
{
}

Database::~Database()
{
    rollback();
    // Statements must be finalized before the connection can close.
    m_native->statements.clear();
    m_native->failed.reset();
    sqlite3_close(m_native->db);
}

Expected<void> Database::execute(std::string_view sql)
{
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(m_native->db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        Error error{"InternalFailure", text + ": " + (message ? message : "unknown error")};
        sqlite3_free(message);
        return error;
    }
    return {};
}

DatabaseStatement& Database::statement(std::string_view sql)
{
    auto found = m_native->statements.find(sql);
    if (found != m_native->statements.end()) {
        sqlite3_stmt* stmt = found->second->m_native->stmt;
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        return *found->second;
    }
    auto native = std::make_unique<DatabaseStatement::Native>();
    native->db = m_native->db;
    if (sqlite3_prepare_v3(m_native->db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &native->stmt, nullptr) != SQLITE_OK) {
        native->error = databaseError(m_native->db, sql).message;
        sqlite3_finalize(native->stmt);
        native->stmt = nullptr;
        m_native->failed.reset(new DatabaseStatement(std::move(native)));
        return *m_native->failed;
    }
    auto& cached = m_native->statements[std::string(sql)];
    cached.reset(new DatabaseStatement(std::move(native)));
    return *cached;
}

Expected<void> Database::begin()
{
    return statement("BEGIN IMMEDIATE").run();
}

Expected<void> Database::commit()
{
    auto committed = statement("COMMIT").run();
    if (!committed)
        rollback();
    return committed;
}

void Database::rollback()
{
    if (inTransaction())
        sqlite3_exec(m_native->db, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool Database::inTransaction() const
{
    return sqlite3_get_autocommit(m_native->db) == 0;
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_native->db);
}

std::int64_t Database::changes() const
{
    return sqlite3_changes64(m_native->db);
}

Expected<std::unique_ptr<Database>> Database::openWithSchema(const std::string& path, std::string_view schema,
                                                             const DatabaseOptions& options)
{
    auto database = open(path, options);
    if (!database)
        return database.error();
    if (auto created = (*database)->execute(schema); !created)
        return created.error();
    return database;
}

} // namespace lambdadesk::core
