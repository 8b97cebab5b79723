// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace lambdadesk::core {

/// A random UUID (version 4), as Lambda request ids are.
std::string newRequestId();
/// 32 lowercase hex digits: the id of an execution environment (and its log stream suffix).
std::string newEnvironmentId();
/// An X-Ray trace header: Root=1-<epoch hex>-<24 hex>;Parent=<16 hex>;Sampled=0
std::string newTraceId();

}  // namespace lambdadesk::core
