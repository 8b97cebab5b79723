// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"

#include <string>

namespace lambdadesk::core {

/// The region whose queues and streams a project's state.db holds, recorded in the file itself. The default region
/// is a setting of each run (`--region`), so without the record a run under another default would take the earlier
/// default's queues and streams for its own; with it they stay in their region and the new default opens its own
/// (in regions/<region>.db, beside every other region's).
///
/// Returns the recorded region; a file that records none (new, or written before the record existed) is claimed
/// for `region` and returns it. ":memory:" holds nothing across runs and returns `region`.
Expected<std::string> claimHomeRegion(const std::string& databasePath, const std::string& region);

}  // namespace lambdadesk::core
