// SPDX-License-Identifier: MIT
#include "store/home_region.h"

#include "store/database.h"

namespace lambdadesk::core {
namespace {

constexpr const char* kSchema = "CREATE TABLE IF NOT EXISTS state_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);";

}  // namespace

Expected<std::string> claimHomeRegion(const std::string& databasePath, const std::string& region)
{
    if (databasePath == ":memory:")
        return region;
    auto database = Database::openWithSchema(databasePath, kSchema);
    if (!database)
        return Error{database.error().code, "cannot read which region " + databasePath + " belongs to: " +
                                                database.error().message};
    // INSERT OR IGNORE then SELECT: the first run to claim the file wins, every later run reads that claim.
    if (auto claimed = (*database)->statement("INSERT OR IGNORE INTO state_meta(key, value) VALUES('home_region', ?)")
                           .bind(1, region)
                           .run();
        !claimed)
        return claimed.error();
    auto& read = (*database)->statement("SELECT value FROM state_meta WHERE key = 'home_region'");
    auto row = read.step();
    if (!row)
        return row.error();
    if (!*row)
        return Error{"ServiceException", databasePath + " records no region after claiming one"};
    return read.columnText(0);
}

}  // namespace lambdadesk::core
