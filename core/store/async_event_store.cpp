// SPDX-License-Identifier: MIT
#include "store/async_event_store.h"

#include "store/database.h"

namespace lambdadesk::core {

AsyncEventStore::AsyncEventStore(std::unique_ptr<Database> database) : m_database(std::move(database)) {}

AsyncEventStore::~AsyncEventStore() = default;

Expected<std::unique_ptr<AsyncEventStore>> AsyncEventStore::open(const std::string& databasePath)
{
    auto database = Database::openWithSchema(
        databasePath, "CREATE TABLE IF NOT EXISTS async_events ("
                      " id INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL, function TEXT NOT NULL,"
                      " payload BLOB NOT NULL, accepted_us INTEGER NOT NULL, attempts INTEGER NOT NULL,"
                      " next_attempt_us INTEGER NOT NULL, last_error TEXT, last_response BLOB)");
    if (!database)
        return database.error();
    return std::unique_ptr<AsyncEventStore>(new AsyncEventStore(std::move(*database)));
}

Expected<void> AsyncEventStore::insert(AsyncEventRecord& record)
{
    auto& statement = m_database->statement(
        "INSERT INTO async_events (request_id, function, payload, accepted_us, attempts, next_attempt_us, last_error,"
        " last_response) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    statement.bind(1, record.requestId)
        .bind(2, record.function)
        .bindBlob(3, record.payload)
        .bind(4, record.acceptedUs)
        .bind(5, record.attempts)
        .bind(6, record.nextAttemptUs)
        .bindOptional(7, record.lastError)
        .bindBlob(8, record.lastResponse);
    if (auto ran = statement.run(); !ran)
        return ran.error();
    record.id = m_database->lastInsertRowId();
    return {};
}

Expected<void> AsyncEventStore::update(const AsyncEventRecord& record)
{
    auto& statement = m_database->statement(
        "UPDATE async_events SET attempts = ?2, next_attempt_us = ?3, last_error = ?4, last_response = ?5 WHERE id = ?1");
    statement.bind(1, record.id)
        .bind(2, record.attempts)
        .bind(3, record.nextAttemptUs)
        .bindOptional(4, record.lastError)
        .bindBlob(5, record.lastResponse);
    return statement.run();
}

Expected<void> AsyncEventStore::remove(std::int64_t id)
{
    auto& statement = m_database->statement("DELETE FROM async_events WHERE id = ?1");
    statement.bind(1, id);
    return statement.run();
}

Expected<std::vector<AsyncEventRecord>> AsyncEventStore::loadAll()
{
    auto& statement = m_database->statement(
        "SELECT id, request_id, function, payload, accepted_us, attempts, next_attempt_us, last_error, last_response"
        " FROM async_events ORDER BY id");
    std::vector<AsyncEventRecord> records;
    for (;;) {
        auto row = statement.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        AsyncEventRecord record;
        record.id = statement.columnInt(0);
        record.requestId = statement.columnText(1);
        record.function = statement.columnText(2);
        record.payload = statement.columnText(3);
        record.acceptedUs = statement.columnInt(4);
        record.attempts = static_cast<int>(statement.columnInt(5));
        record.nextAttemptUs = statement.columnInt(6);
        record.lastError = statement.columnIsNull(7) ? std::string() : statement.columnText(7);
        record.lastResponse = statement.columnIsNull(8) ? std::string() : statement.columnText(8);
        records.push_back(std::move(record));
    }
    statement.reset();
    return records;
}

}  // namespace lambdadesk::core
