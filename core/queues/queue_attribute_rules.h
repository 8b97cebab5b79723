// SPDX-License-Identifier: MIT
// The queue attribute table of SQS: names, ranges, defaults, which queue type may carry which
// attribute, and the canonical string GetQueueAttributes returns for each.
#pragma once

#include "model/expected.h"
#include "queues/queue_types.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::core {

/// Validates `changes` for a queue of the given type and applies them to `attributes`, all or nothing,
/// with AWS's codes (InvalidAttributeName, InvalidAttributeValue, InvalidParameterValue). `creating`
/// allows FifoQueue. Rules that need other queues (does the dead-letter target exist) are the service's.
Expected<void> applyQueueAttributes(const QueueAttributeMap& changes, bool fifo, bool creating,
                                    QueueAttributes& attributes);

/// What GetQueueAttributes shows for a settable attribute, or nullopt where AWS omits it (not set,
/// or an attribute of the other queue type). Read-only attributes are the service's.
std::optional<std::string> queueAttributeValue(const QueueAttributes& attributes, bool fifo, std::string_view name);

/// Every name GetQueueAttributes accepts besides "All", settable and read-only.
const std::vector<std::string_view>& queueAttributeNames();
bool isReadOnlyQueueAttribute(std::string_view name);

/// The settable attributes as strings: what the store keeps, re-applied with applyQueueAttributes on load.
QueueAttributeMap settableQueueAttributes(const QueueAttributes& attributes, bool fifo);

/// Parses "true"/"false" the way SQS does (case-insensitive).
std::optional<bool> parseQueueBoolean(std::string_view text);

} // namespace lambdadesk::core
