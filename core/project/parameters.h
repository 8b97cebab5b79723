// SPDX-License-Identifier: MIT
#pragma once

#include "project/template_loader.h"
#include "project/template_node.h"

#include <map>
#include <string>

namespace lambdadesk::core {

class DiagnosticCollector;

/// Reads the Parameters section (`section` may be nullptr) and gives each parameter its value: the
/// override from LoadOptions, else its Default. Checks Type, AllowedValues, AllowedPattern, lengths
/// and numeric bounds as CloudFormation does. List types (List<…>, CommaDelimitedList) become lists.
/// A parameter with neither an override nor a Default is an error naming it.
std::map<std::string, TemplateNode> readParameters(const TemplateNode* section, const LoadOptions& options,
                                                   DiagnosticCollector& diagnostics);

} // namespace lambdadesk::core
