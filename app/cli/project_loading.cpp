// SPDX-License-Identifier: MIT
#include "project_loading.h"

#include "project/template_loader.h"
#include "region_option.h"

#include <cstdio>

namespace lambdadesk::cli {

std::optional<core::Project> loadProjectOrReport(const std::string& path)
{
    core::LoadOptions options;
    options.region = defaultRegion();
    auto result = core::loadProject(path, options);
    for (const auto& diagnostic : result.diagnostics)
        std::fprintf(stderr, "%s\n", diagnostic.toString().c_str());
    if (!result.ok()) {
        std::fprintf(stderr, "lambdadesk-cli: %s could not be loaded; fix the errors above\n", path.c_str());
        return std::nullopt;
    }
    return std::move(result.project);
}

core::EngineOptions projectEngineOptions(const core::Project& project)
{
    core::EngineOptions options;
    options.region = project.region;
    options.accountId = project.accountId;
    options.stateDir = project.rootDir / ".lambdadesk";
    return options;
}

}  // namespace lambdadesk::cli
