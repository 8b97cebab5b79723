// SPDX-License-Identifier: MIT
// Private to core/store: the SQLite handles behind Database and DatabaseStatement.
#pragma once

#include "store/database.h"

#include <sqlite3.h>

#include <map>
#include <string>

namespace lambdadesk::core {

struct DatabaseStatement::Native {
    sqlite3* db = nullptr;
    sqlite3_stmt* stmt = nullptr; ///< null when compiling failed
    std::string error;            ///< the compile error, when stmt is null
};

struct Database::Native {
    sqlite3* db = nullptr;
    std::map<std::string, std::unique_ptr<DatabaseStatement>, std::less<>> statements;
    std::unique_ptr<DatabaseStatement> failed; ///< handed out when compiling a statement failed
};

/// "<what>: <sqlite message> (code N)" as an InternalFailure error.
Error databaseError(sqlite3* db, std::string_view what);

} // namespace lambdadesk::core
