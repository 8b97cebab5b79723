// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace lambdadesk::core {

/// The region field of an ARN (arn:<partition>:<service>:<region>:<account>:<resource>); empty when `text` is not an
/// ARN or its region field is empty (global resources).
std::string regionOfArn(std::string_view text);

}  // namespace lambdadesk::core
