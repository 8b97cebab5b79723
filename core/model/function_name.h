// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace lambdadesk::core {

/// The bare function name of any identifier Lambda accepts: a name, `name:qualifier`,
/// a partial ARN (`123456789012:function:name`) or a full ARN, with or without a qualifier.
std::string functionNameFromIdentifier(const std::string& identifier);

/// The qualifier part of such an identifier ("" when there is none).
std::string qualifierFromIdentifier(const std::string& identifier);

/// The identifier without its qualifier (`name:prod` → `name`, an ARN keeps its region and account).
std::string unqualifiedIdentifier(const std::string& identifier);

/// arn:aws:lambda:<region>:<account>:function:<name>
std::string functionArn(const std::string& region, const std::string& accountId, const std::string& name);

// Function keys. Each region has its own function names, as on AWS, but the engine, its events and the views
// key a function by one string. A function of the default region is keyed by its name, so templates, the CLI
// and everything written before regions read as they did; a function of another region by `name@region`
// (a Lambda function name cannot hold '@', so no name is mistaken for a key).

/// The key of function `name` in `region` ("" = the default region).
std::string functionKey(const std::string& name, const std::string& region, const std::string& defaultRegion);
/// The key an identifier names: a full ARN by its region, anything else (a name, a partial ARN, a key) as
/// written, qualifier dropped.
std::string functionKeyFromIdentifier(const std::string& identifier, const std::string& defaultRegion);
/// The function name AWS knows (what FunctionName, AWS_LAMBDA_FUNCTION_NAME and log groups carry).
std::string awsFunctionName(const std::string& key);
/// The region of a key: the one after '@', else the default region.
std::string regionOfFunctionKey(const std::string& key, const std::string& defaultRegion);
/// The ARN of the function a key names, in the key's region.
std::string functionArnOfKey(const std::string& key, const std::string& defaultRegion, const std::string& accountId);

}  // namespace lambdadesk::core
