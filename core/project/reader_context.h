// SPDX-License-Identifier: MIT
#pragma once

#include "project/template_loader.h"

#include <filesystem>

namespace lambdadesk::core {

class DiagnosticCollector;
class IntrinsicResolver;
class ResourceRegistry;

/// What every resource reader shares while one template is read.
struct ReaderContext {
    const LoadOptions& options;
    std::filesystem::path rootDir; ///< absolute folder of the template; CodeUri and ContentUri are relative to it
    DiagnosticCollector& diagnostics;
    IntrinsicResolver& resolver;
    ResourceRegistry& registry;
};

} // namespace lambdadesk::core
