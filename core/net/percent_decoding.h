// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace lambdadesk::core::net {

/// %XX decoding; with `plusIsSpace` (form bodies, query strings) '+' becomes ' ', otherwise it stays '+'
/// (paths). Bad escapes are kept as they are. Shared by API Gateway's parameters and the AWS endpoint.
std::string percentDecode(std::string_view text, bool plusIsSpace = false);

}  // namespace lambdadesk::core::net
