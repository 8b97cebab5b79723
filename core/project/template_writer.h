// SPDX-License-Identifier: MIT
#pragma once

#include "model/function_config.h"
#include "model/project.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// What a written template says beyond the functions, queues and streams themselves.
struct TemplateWriteOptions {
    std::string description;
    /// CodeUri per function logical id, relative to the template; absent: the function's codeDir made relative
    /// to `rootDir`.
    std::map<std::string, std::string> codeUris;
    /// ContentUri per local layer folder (absolute path as FunctionConfig::layers holds it), relative to the
    /// template. Each becomes an AWS::Serverless::LayerVersion.
    std::map<std::filesystem::path, std::string> layerUris;
    /// Functions that `sam build` builds with `make build-<LogicalId>` (Metadata: BuildMethod: makefile).
    std::vector<std::string> makefileFunctions;
    /// Resolves codeDir when no CodeUri is given.
    std::filesystem::path rootDir;
};

/// The SAM template (YAML) of `functions`, `queues` and `streams`: Transform AWS::Serverless-2016-10-31,
/// every function with explicit values (no Globals, so a reader sees each function whole and a re-write is
/// byte-identical), references to the template's own queues, streams and functions as `!GetAtt X.Arn`,
/// `AutoPublishAlias: live` where provisioned concurrency needs an alias, and Outputs for the HTTP APIs.
/// Reading it back with loadProject() gives the same configurations.
std::string writeTemplate(const std::vector<FunctionConfig>& functions, const std::vector<QueueConfig>& queues,
                          const std::vector<StreamConfig>& streams, const TemplateWriteOptions& options);

/// Resources as they stand under `Resources:` (each logical id at column 0), with `project`'s and their own
/// queues, streams and functions referenced by `!GetAtt`. For the console's saves (see template_editor.h).
std::string writeResources(const std::vector<FunctionConfig>& functions, const std::vector<QueueConfig>& queues,
                           const std::vector<StreamConfig>& streams, const Project& project,
                           const TemplateWriteOptions& options);

/// A logical id (letters and digits, starting with a letter) for a name: "orders-v2_fn" → "OrdersV2Fn".
std::string logicalIdForName(const std::string& name);

}  // namespace lambdadesk::core
