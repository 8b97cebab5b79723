// SPDX-License-Identifier: MIT
#pragma once

#include "upstream/http_client.h"

#include <model/expected.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace lambdadesk::bridge {

struct ImportOptions {
    std::string endpointUrl;              ///< a Lambda-compatible endpoint: LocalStack, or LambdaDesk itself
    std::vector<std::string> functions;   ///< names to import; empty = every function
    std::filesystem::path outDir;         ///< gets template.yaml and functions/<name>/
    bool overwrite = false;               ///< replace an existing template.yaml and function folders
    HttpClientOptions http;
};

struct ImportReport {
    std::filesystem::path templatePath;   ///< empty when nothing was imported (no template written)
    std::vector<std::string> imported;    ///< function names, as written to the template
    std::vector<std::string> skipped;     ///< "<name>: why": runtimes and packages LambdaDesk cannot run
    std::vector<std::string> failed;      ///< "<name>: what went wrong", naming the endpoint and operation
    std::vector<std::string> notes;       ///< what was imported only in part (layers, other mapping sources)

    [[nodiscard]] bool ok() const { return failed.empty() && !templatePath.empty(); }
};

/// Called with one line per step ("imported orders (python3.12, 1 event)").
using ImportProgress = std::function<void(const std::string&)>;

/// Reads functions from a Lambda API endpoint and writes them as a LambdaDesk project: ListFunctions,
/// then per function GetFunction (configuration, tags, code location → the zip unpacked into
/// <outDir>/functions/<name>/), GetFunctionConcurrency and GetFunctionEventInvokeConfig, and
/// ListEventSourceMappings; then <outDir>/template.yaml (see writeSamTemplate()). A function that fails is
/// reported and the others still import. Errors that stop everything (a bad URL, an endpoint that cannot be
/// listed, an output folder in use) are the Error.
core::Expected<ImportReport> importProject(const ImportOptions& options, const ImportProgress& progress = {});

}  // namespace lambdadesk::bridge
