// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"

#include <string>

namespace lambdadesk::core {

/// Puts resources into a YAML template's text, leaving every other line as it was (comments, Globals,
/// Parameters, other resources): each top-level key of `resourcesYaml` (as writeFunctionResource() and
/// writeTemplate() write them, unindented) replaces the resource of that logical id under `Resources:`, or is
/// appended to that section when the template has none. For the console, whose saves must not rewrite the
/// user's template. A JSON template, or one without a block-style `Resources:` section, is refused.
Expected<std::string> putResources(const std::string& templateText, const std::string& resourcesYaml);

/// Removes one resource from a YAML template's `Resources:` section; NotFound when it has none of that id.
Expected<std::string> removeResource(const std::string& templateText, const std::string& logicalId);

}  // namespace lambdadesk::core
