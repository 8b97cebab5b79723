// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace lambdadesk::core {

/// The bare function name of any identifier Lambda accepts: a name, `name:qualifier`,
/// a partial ARN (`123456789012:function:name`) or a full ARN, with or without a qualifier.
std::string functionNameFromIdentifier(const std::string& identifier);

/// The qualifier part of such an identifier ("" when there is none).
std::string qualifierFromIdentifier(const std::string& identifier);

/// arn:aws:lambda:<region>:<account>:function:<name>
std::string functionArn(const std::string& region, const std::string& accountId, const std::string& name);

}  // namespace lambdadesk::core
