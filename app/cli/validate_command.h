// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace lambdadesk::cli {

struct ValidateOptions {
    std::string templatePath;
    bool json = false;
};

/// `lambdadesk-cli validate TEMPLATE`: reads a template and lists what LambdaDesk will run.
void addValidateCommand(CLI::App& app, ValidateOptions& options, int& exitStatus);

}  // namespace lambdadesk::cli
