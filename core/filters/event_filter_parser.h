// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "filters/event_filter_document.h"
#include "filters/event_filter_tree.h"

#include <memory>
#include <string>

namespace lambdadesk::core::filter {

/// Compiles the JSON text of one pattern into a matcher tree. Errors are InvalidParameterValueException
/// with Lambda's "Invalid filter pattern definition." followed by the field, what is wrong and what is
/// accepted. `source` adds that source's creation-time rules (Kinesis: `data` must be a JSON pattern).
Expected<std::shared_ptr<const ObjectNode>> compilePattern(const std::string& text, FilterSource source);

}  // namespace lambdadesk::core::filter
