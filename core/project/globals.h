// SPDX-License-Identifier: MIT
#pragma once

#include "project/template_node.h"

namespace lambdadesk::core {

class DiagnosticCollector;

/// SAM's Globals rules for one property value: maps are merged key by key (so Environment.Variables
/// from Globals and from the function combine, the function winning on the same key), lists are
/// appended (Globals first), and anything else — scalars, or a value that is an intrinsic function —
/// is replaced by the function's own.
TemplateNode mergeGlobalValue(const TemplateNode& global, const TemplateNode& local);

/// The function's Properties with Globals.Function merged in; `local` may be nullptr (no Properties).
TemplateNode mergeFunctionGlobals(const TemplateNode& globals, const TemplateNode* local);

/// Checks the Globals section: a map, known sections, and no Globals.Function property that SAM
/// refuses there (FunctionName, Events, Role, Policies). Returns Globals.Function without refused
/// properties, or nullptr-equivalent (a Null node) when there is none.
TemplateNode checkGlobals(const TemplateNode& globals, DiagnosticCollector& diagnostics);

} // namespace lambdadesk::core
