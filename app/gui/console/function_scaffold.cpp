// SPDX-License-Identifier: MIT
// Starting code per runtime for functions made in the console.
#include "console/function_scaffold.h"

#include <code/code_copy.h>
#include <files/project_files.h>
#include <runtime/runtime_catalog.h>

#include <fstream>

namespace lambdadesk::gui {

namespace fs = std::filesystem;

namespace {

core::Expected<void> write(const fs::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        return core::Error{"WriteFailed", "cannot write " + path.string()};
    return {};
}

std::string pythonCode(const core::FunctionConfig& function)
{
    return "\"\"\"" + function.name + ": made in LambdaDesk's console. Edit freely; saving reloads it.\"\"\"\n"
           "import json\n\n\n"
           "def handler(event, context):\n"
           "    print(json.dumps({\"received\": event}))\n"
           "    return {\"message\": \"hello from " + function.name + "\", \"event\": event}\n";
}

std::string nodeCode(const core::FunctionConfig& function)
{
    return "// " + function.name + ": made in LambdaDesk's console. Edit freely; saving reloads it.\n"
           "'use strict';\n\n"
           "exports.handler = async (event, context) => {\n"
           "  console.log(JSON.stringify({ received: event }));\n"
           "  return { message: 'hello from " + function.name + "', event };\n"
           "};\n";
}

std::string cppCode(const core::FunctionConfig& function)
{
    return "// " + function.name +
           ": made in LambdaDesk's console, built by its Makefile (make build-" + function.logicalId +
           ") against LambdaDesk's C++ runtime client.\n"
           "#include <lambdadesk/runtime_client.h>\n\n"
           "#include <string>\n\n"
           "int main()\n"
           "{\n"
           "    using lambdadesk::runtime::InvocationRequest;\n"
           "    using lambdadesk::runtime::InvocationResponse;\n"
           "    return lambdadesk::runtime::runHandler([](const InvocationRequest& request) {\n"
           "        return InvocationResponse::success(\"{\\\"message\\\": \\\"hello from " + function.name +
           "\\\", \\\"event\\\": \" + (request.payload.empty() ? std::string(\"null\") : request.payload) + \"}\",\n"
           "                                           \"application/json\");\n"
           "    });\n"
           "}\n";
}

}  // namespace

std::string defaultHandler(const std::string& runtime)
{
    if (runtime.starts_with("python"))
        return "app.handler";
    if (runtime.starts_with("nodejs"))
        return "index.handler";
    return "bootstrap";
}

bool buildsWithMake(const core::FunctionConfig& function)
{
    return function.runtime.starts_with("provided") && exporter::hasNativeSources(function.codeDir);
}

core::Expected<void> scaffoldFunction(const core::FunctionConfig& function)
{
    const fs::path& folder = function.codeDir;
    std::error_code error;
    if (fs::exists(folder, error) && !fs::is_empty(folder, error))
        return core::Error{"CodeExists", folder.string() + " already holds code; the console keeps it as it is"};
    fs::create_directories(folder, error);
    if (error)
        return core::Error{"WriteFailed", "cannot create " + folder.string() + ": " + error.message()};
    if (function.runtime.starts_with("python")) {
        const auto module = function.handler.substr(0, function.handler.find('.'));
        return write(folder / (module.empty() ? "app.py" : module + ".py"), pythonCode(function));
    }
    if (function.runtime.starts_with("nodejs")) {
        const auto module = function.handler.substr(0, function.handler.find('.'));
        return write(folder / (module.empty() ? "index.js" : module + ".js"), nodeCode(function));
    }
    if (auto vendored =
            exporter::copyCodeFolder(core::resourcesDir() / "runtimes" / "cpp", folder / "lambdadesk-runtime", {}, {});
        !vendored)
        return vendored;
    for (const auto& [name, text] :
         {std::pair<const char*, std::string>{"main.cpp", cppCode(function)},
          {"CMakeLists.txt", exporter::functionCMakeLists(function.logicalId)},
          {"Makefile", exporter::makefileText(function.logicalId, false)},
          {".gitignore", "/bootstrap\n/build/\n"}}) {
        if (auto written = write(folder / name, text); !written)
            return written;
    }
    return {};
}

}  // namespace lambdadesk::gui
