// SPDX-License-Identifier: MIT
#include "store/database_statement.h"

#include "store/database_native.h"

namespace lambdadesk::core {

DatabaseStatement::DatabaseStatement(std::unique_ptr<Native> native) : m_native(std::move(native)) {}

DatabaseStatement::~DatabaseStatement()
{
    if (m_native->stmt)
        sqlite3_finalize(m_native->stmt);
}

DatabaseStatement& DatabaseStatement::bind(int index, std::int64_t value)
{
    if (m_native->stmt)
        sqlite3_bind_int64(m_native->stmt, index, value);
    return *this;
}

DatabaseStatement& DatabaseStatement::bind(int index, std::string_view text)
{
    if (m_native->stmt)
        sqlite3_bind_text64(m_native->stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
    return *this;
}

DatabaseStatement& DatabaseStatement::bindBlob(int index, std::string_view bytes)
{
    // A zero-length blob from a null pointer would bind NULL; an empty blob must stay a blob.
    static const char kEmpty = 0;
    if (m_native->stmt)
        sqlite3_bind_blob64(m_native->stmt, index, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(), SQLITE_STATIC);
    return *this;
}

DatabaseStatement& DatabaseStatement::bindNull(int index)
{
    if (m_native->stmt)
        sqlite3_bind_null(m_native->stmt, index);
    return *this;
}

DatabaseStatement& DatabaseStatement::bindOptional(int index, std::string_view text)
{
    return text.empty() ? bindNull(index) : bind(index, text);
}

Expected<bool> DatabaseStatement::step()
{
    if (!m_native->stmt)
        return Error{"InternalFailure", m_native->error};
    const int rc = sqlite3_step(m_native->stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    auto error = databaseError(m_native->db, sqlite3_sql(m_native->stmt));
    sqlite3_reset(m_native->stmt);
    return error;
}

Expected<void> DatabaseStatement::run()
{
    for (;;) {
        auto row = step();
        if (!row)
            return row.error();
        if (!*row)
            break;
    }
    reset();
    return {};
}

void DatabaseStatement::reset()
{
    if (m_native->stmt)
        sqlite3_reset(m_native->stmt);
}

std::int64_t DatabaseStatement::columnInt(int index) const
{
    return m_native->stmt ? sqlite3_column_int64(m_native->stmt, index) : 0;
}

std::string DatabaseStatement::columnText(int index) const
{
    if (!m_native->stmt)
        return {};
    // Blob access returns the bytes as stored, so binary message bodies survive unchanged.
    const auto* data = static_cast<const char*>(sqlite3_column_blob(m_native->stmt, index));
    const int size = sqlite3_column_bytes(m_native->stmt, index);
    return data ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

bool DatabaseStatement::columnIsNull(int index) const
{
    return !m_native->stmt || sqlite3_column_type(m_native->stmt, index) == SQLITE_NULL;
}

} // namespace lambdadesk::core
