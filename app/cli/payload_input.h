// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>

namespace lambdadesk::cli {

/// A --payload argument: the JSON text itself, or @FILE to read it from a file. Reports an unreadable
/// file on stderr and returns nullopt.
std::optional<std::string> readPayload(const std::string& payload);

}  // namespace lambdadesk::cli
