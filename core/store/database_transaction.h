// SPDX-License-Identifier: MIT
#pragma once

#include "store/database.h"

namespace lambdadesk::core {

/// A write transaction that rolls back unless commit() succeeded: early returns on errors stay clean.
class DatabaseTransaction {
public:
    explicit DatabaseTransaction(Database& database) : m_database(database), m_begun(database.begin()) {}
    ~DatabaseTransaction()
    {
        if (m_begun.ok() && !m_committed)
            m_database.rollback();
    }
    DatabaseTransaction(const DatabaseTransaction&) = delete;
    DatabaseTransaction& operator=(const DatabaseTransaction&) = delete;

    /// Whether BEGIN succeeded; check before writing.
    [[nodiscard]] const Expected<void>& begun() const { return m_begun; }

    Expected<void> commit()
    {
        auto committed = m_database.commit();
        m_committed = committed.ok();
        return committed;
    }

private:
    Database& m_database;
    Expected<void> m_begun;
    bool m_committed = false;
};

} // namespace lambdadesk::core
