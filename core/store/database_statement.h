// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace lambdadesk::core {

/// A prepared SQLite statement, owned and cached by Database. Database::statement() hands it out reset,
/// with no bindings. Bound text and blobs are NOT copied: they must outlive the run()/step() calls.
/// A statement whose SQL failed to compile carries that error and returns it from run() and step().
class DatabaseStatement {
public:
    ~DatabaseStatement();
    DatabaseStatement(const DatabaseStatement&) = delete;
    DatabaseStatement& operator=(const DatabaseStatement&) = delete;

    /// Parameters are numbered from 1, as in SQLite.
    DatabaseStatement& bind(int index, std::int64_t value);
    DatabaseStatement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    DatabaseStatement& bind(int index, std::string_view text);
    DatabaseStatement& bindBlob(int index, std::string_view bytes);
    DatabaseStatement& bindNull(int index);
    /// Binds NULL for empty text, so optional columns stay NULL rather than "".
    DatabaseStatement& bindOptional(int index, std::string_view text);

    /// Advances to the next row: true when a row is available, false when done.
    Expected<bool> step();
    /// Runs a statement that returns no rows to completion and resets it.
    Expected<void> run();
    void reset();

    /// Columns are numbered from 0, as in SQLite.
    [[nodiscard]] std::int64_t columnInt(int index) const;
    [[nodiscard]] std::string columnText(int index) const;
    [[nodiscard]] bool columnIsNull(int index) const;

private:
    friend class Database;
    struct Native;
    explicit DatabaseStatement(std::unique_ptr<Native> native);

    std::unique_ptr<Native> m_native;
};

} // namespace lambdadesk::core
