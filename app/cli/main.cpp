// SPDX-License-Identifier: MIT
// lambdadesk-cli: the LambdaDesk engine without the desktop app.
#include "debug_command.h"
#include "experiment_command.h"
#include "export_command.h"
#include "history_command.h"
#include "list_command.h"
#include "import_command.h"
#include "invoke_command.h"
#include "region_option.h"
#include "serve_command.h"
#include "start_api_command.h"
#include "validate_command.h"

#include <CLI/CLI.hpp>

int main(int argc, char** argv)
{
    CLI::App app{"LambdaDesk: run AWS Lambda functions locally with the service's behaviour", "lambdadesk-cli"};
    app.require_subcommand(1);
    lambdadesk::cli::addRegionOption(app);
    int exitStatus = 0;
    lambdadesk::cli::InvokeOptions invokeOptions;
    lambdadesk::cli::ValidateOptions validateOptions;
    lambdadesk::cli::StartApiOptions startApiOptions;
    lambdadesk::cli::HistoryOptions historyOptions;
    lambdadesk::cli::ServeOptions serveOptions;
    lambdadesk::cli::ImportOptions importOptions;
    lambdadesk::cli::DebugOptions debugOptions;
    lambdadesk::cli::ExperimentOptions experimentOptions;
    lambdadesk::cli::ExportCommandOptions exportOptions;
    lambdadesk::cli::ListOptions listOptions;
    lambdadesk::cli::addInvokeCommand(app, invokeOptions, exitStatus);
    lambdadesk::cli::addValidateCommand(app, validateOptions, exitStatus);
    lambdadesk::cli::addStartApiCommand(app, startApiOptions, exitStatus);
    lambdadesk::cli::addHistoryCommand(app, historyOptions, exitStatus);
    lambdadesk::cli::addServeCommand(app, serveOptions, exitStatus);
    lambdadesk::cli::addImportCommand(app, importOptions, exitStatus);
    lambdadesk::cli::addDebugCommand(app, debugOptions, exitStatus);
    lambdadesk::cli::addExperimentCommand(app, experimentOptions, exitStatus);
    lambdadesk::cli::addExportCommand(app, exportOptions, exitStatus);
    lambdadesk::cli::addListCommand(app, listOptions, exitStatus);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error);
    }
    return exitStatus;
}
