// SPDX-License-Identifier: MIT
#include "region_option.h"

#include "regions/region_names.h"

#include <CLI/CLI.hpp>

namespace lambdadesk::cli {
namespace {

std::string& regionValue()
{
    static std::string region = "us-east-1";
    return region;
}

}  // namespace

void addRegionOption(CLI::App& app)
{
    // Subcommands hand options they do not know to the app, so `lambdadesk-cli serve --region eu-west-1` works.
    app.fallthrough();
    app.add_option("--region", regionValue(),
                   "Default region: the template's functions, queues and streams live here, and requests signed "
                   "for no region reach it; other regions' queues and streams open on first use")
        ->envname("LAMBDADESK_REGION")
        ->check([](const std::string& value) {
            const auto valid = core::checkRegionName(value);
            return valid ? std::string() : valid.error().message;
        })
        ->capture_default_str();
}

const std::string& defaultRegion()
{
    return regionValue();
}

}  // namespace lambdadesk::cli
