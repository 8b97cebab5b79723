// SPDX-License-Identifier: MIT
// The small text files of an exported SAM project. Each is a pure function of its inputs, so exporting an
// unchanged project twice writes the same bytes.
#include "files/project_files.h"

namespace lambdadesk::exporter {

std::string samconfigToml(const std::string& stackName, const std::string& region)
{
    return "# SAM CLI configuration, written by LambdaDesk's export.\n"
           "# https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/"
           "serverless-sam-cli-config.html\n"
           "version = 0.1\n"
           "\n"
           "[default.global.parameters]\n"
           "stack_name = \"" + stackName + "\"\n"
           "region = \"" + region + "\"\n"
           "\n"
           "[default.build.parameters]\n"
           "cached = true\n"
           "parallel = true\n"
           "\n"
           "[default.validate.parameters]\n"
           "lint = true\n"
           "\n"
           "[default.deploy.parameters]\n"
           "capabilities = \"CAPABILITY_IAM\"\n"
           "confirm_changeset = false\n"
           "resolve_s3 = true\n"
           "\n"
           "[default.package.parameters]\n"
           "resolve_s3 = true\n"
           "\n"
           "[default.sync.parameters]\n"
           "watch = true\n"
           "\n"
           "[default.local_start_api.parameters]\n"
           "warm_containers = \"EAGER\"\n"
           "\n"
           "[default.local_start_lambda.parameters]\n"
           "warm_containers = \"EAGER\"\n";
}

std::string gitignoreText()
{
    return "# SAM build output\n"
           ".aws-sam/\n"
           "# LambdaDesk's local state (queues, streams, history)\n"
           ".lambdadesk/\n"
           "# CMake build folders of C/C++ functions\n"
           "build/\n"
           "build-*/\n"
           "cmake-build-*/\n"
           "# Python\n"
           "__pycache__/\n"
           "*.py[cod]\n"
           ".venv/\n"
           "# Node\n"
           "node_modules/\n"
           "# Packages\n"
           "*.zip\n"
           "# Editors and systems\n"
           ".vscode/*\n"
           "!.vscode/settings.json\n"
           ".idea/\n"
           ".DS_Store\n";
}

std::string readmeText(const std::string& stackName, const std::vector<core::FunctionConfig>& functions,
                       const std::vector<std::vector<std::string>>& eventFiles)
{
    std::string text = "# " + stackName +
                       "\n\nA SAM project exported by LambdaDesk. `template.yaml` holds every function with its "
                       "settings and triggers; `src/<Function>/` holds each function's code and `events/<Function>/` "
                       "its test events.\n\n## Functions\n\n| Function | Runtime | Code |\n|---|---|---|\n";
    for (const auto& function : functions)
        text += "| " + function.logicalId + " | " + function.runtime + " | `src/" + function.logicalId + "/` |\n";
    text += "\n## Run it locally with LambdaDesk\n\n"
            "```\nlambdadesk --project .              # the desktop app\n"
            "lambdadesk-cli invoke . <Function> --event events/<Function>/<event>.json\n"
            "lambdadesk-cli serve .               # an AWS-compatible endpoint for SDKs and the AWS CLI\n```\n";
    bool native = false;
    for (const auto& function : functions)
        native = native || function.runtime.starts_with("provided");
    if (native)
        text += "\nC/C++ functions build with their Makefile (`Metadata: BuildMethod: makefile`), which `sam build` "
                "runs too; to build one for LambdaDesk in place: `make -C src/<Function> build-<Function> "
                "ARTIFACTS_DIR=$PWD/src/<Function>`.\n";
    text += "\n## Deploy it with SAM\n\n"
            "```\nsam build\nsam deploy\n```\n\n"
            "`samconfig.toml` names the stack and region and lets SAM create its own deployment bucket "
            "(`resolve_s3`). Always `sam build` first: without it, `sam deploy` ships the unbuilt source.\n";
    text += "\n## Test events\n\n";
    bool any = false;
    for (std::size_t i = 0; i < functions.size() && i < eventFiles.size(); ++i) {
        for (const auto& file : eventFiles[i]) {
            text += "- `sam local invoke " + functions[i].logicalId + " -e " + file + "`\n";
            any = true;
        }
    }
    if (!any)
        text += "None yet: save one in LambdaDesk's Invoke panel and export again.\n";
    return text;
}

std::string makefileText(const std::string& logicalId, bool prebuilt)
{
    std::string text = "# `sam build` copies this folder to a scratch directory and runs `make build-" + logicalId +
                       "` there\n# with ARTIFACTS_DIR set; the target leaves the function's `bootstrap` in it.\n"
                       "ARTIFACTS_DIR ?= $(CURDIR)\n\n.PHONY: build-" + logicalId + "\n\nbuild-" + logicalId + ":\n";
    if (prebuilt) {
        text += "\tcp bootstrap \"$(ARTIFACTS_DIR)/bootstrap\"\n";
    } else {
        text += "\tcmake -S . -B build -DCMAKE_BUILD_TYPE=Release\n"
                "\tcmake --build build --parallel\n"
                "\tcp build/bootstrap \"$(ARTIFACTS_DIR)/bootstrap\"\n";
    }
    return text;
}

std::string functionCMakeLists(const std::string& logicalId)
{
    return "# " + logicalId +
           ": every .cpp of this folder becomes `bootstrap`, the executable a provided.al2023 function runs.\n"
           "cmake_minimum_required(VERSION 3.16)\n"
           "project(" + logicalId + " CXX)\n"
           "set(CMAKE_CXX_STANDARD 20)\n"
           "set(CMAKE_CXX_STANDARD_REQUIRED ON)\n\n"
           "# LambdaDesk's Lambda Runtime API client, vendored so the folder builds on its own.\n"
           "add_subdirectory(lambdadesk-runtime)\n\n"
           "file(GLOB FUNCTION_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)\n"
           "add_executable(bootstrap ${FUNCTION_SOURCES})\n"
           "target_link_libraries(bootstrap PRIVATE lambdadesk_runtime_client)\n"
           "# Lambda's provided.al2023 image may carry an older libstdc++ than the build machine.\n"
           "target_link_options(bootstrap PRIVATE -static-libstdc++ -static-libgcc)\n";
}

}  // namespace lambdadesk::exporter
