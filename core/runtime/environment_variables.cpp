// SPDX-License-Identifier: MIT
#include "runtime/environment_variables.h"

#include "model/function_name.h"

#include <cstdlib>
#include <ctime>
#include <map>
#include <set>

namespace lambdadesk::core {
namespace {

std::string joinPaths(const std::vector<std::string>& parts)
{
    std::string joined;
    for (const auto& part : parts) {
        if (part.empty())
            continue;
        if (!joined.empty())
            joined += ':';
        joined += part;
    }
    return joined;
}

std::string inherited(const char* name)
{
    const char* value = std::getenv(name);
    return value ? value : "";
}

const std::set<std::string, std::less<>>& reservedNames()
{
    static const std::set<std::string, std::less<>> names = {
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"};
    return names;
}

}  // namespace

std::string makeLogStreamName(const std::string& environmentId)
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char date[16];
    std::strftime(date, sizeof date, "%Y/%m/%d", &utc);
    return std::string(date) + "/[$LATEST]" + environmentId;
}

std::vector<std::string> buildEnvironment(const FunctionConfig& function, const RuntimeCommand& runtime,
                                          const EnvironmentIdentity& identity)
{
    std::map<std::string, std::string> vars;
    // Unreserved variables first, so user variables may override them.
    vars["LANG"] = "en_US.UTF-8";
    vars["TZ"] = ":UTC";
    vars["HOME"] = inherited("HOME");
    vars["AWS_XRAY_CONTEXT_MISSING"] = "LOG_ERROR";
    vars["AWS_XRAY_DAEMON_ADDRESS"] = "169.254.79.129:2000";

    std::vector<std::string> binDirs;
    std::vector<std::string> libDirs;
    std::vector<std::string> pythonDirs;
    std::vector<std::string> nodeDirs;
    for (const auto& layer : function.layers) {
        binDirs.push_back((layer / "bin").string());
        libDirs.push_back((layer / "lib").string());
        pythonDirs.push_back((layer / "python").string());
        nodeDirs.push_back((layer / "nodejs" / "node_modules").string());
    }
    binDirs.push_back(inherited("PATH"));
    vars["PATH"] = joinPaths(binDirs);
    libDirs.push_back(inherited("LD_LIBRARY_PATH"));
    if (auto libraryPath = joinPaths(libDirs); !libraryPath.empty())
        vars["LD_LIBRARY_PATH"] = libraryPath;
    if (runtime.family == RuntimeFamily::Python && !pythonDirs.empty())
        vars["PYTHONPATH"] = joinPaths(pythonDirs);
    // /var/task is read-only on AWS, so no bytecode is written there; writing it into the user's
    // project would also risk a stale cache after a same-second, same-size edit (hot reload).
    if (runtime.family == RuntimeFamily::Python)
        vars["PYTHONDONTWRITEBYTECODE"] = "1";
    // The AWS SDK for JavaScript v3 that scripts/setup installs comes after the layers, as AWS's nodejs runtimes
    // put /var/runtime/node_modules after /opt/nodejs/node_modules. Node searches the function's own
    // node_modules before NODE_PATH, so a function's own copy of a package wins over both.
    if (runtime.family == RuntimeFamily::Node) {
        nodeDirs.push_back(nodeSdkModulesDir(runtime.runtimeDir).string());
        vars["NODE_PATH"] = joinPaths(nodeDirs);
    }

    // Before the user's variables: a function may point its SDK elsewhere on purpose.
    if (!identity.serviceEndpoint.empty())
        vars["AWS_ENDPOINT_URL"] = identity.serviceEndpoint;
    for (const auto& [name, value] : function.environment) {
        if (!reservedNames().contains(name))
            vars[name] = value;
    }

    vars["_HANDLER"] = function.handler;
    vars["AWS_REGION"] = identity.region;
    vars["AWS_DEFAULT_REGION"] = identity.region;
    if (runtime.family != RuntimeFamily::Provided)
        vars["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + function.runtime;
    // The engine's key is name@region outside the default region; the function sees the name AWS gives it.
    vars["AWS_LAMBDA_FUNCTION_NAME"] = awsFunctionName(function.name);
    vars["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = std::to_string(function.memoryMb);
    vars["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
    vars["AWS_LAMBDA_INITIALIZATION_TYPE"] =
        identity.initType == InitializationType::Provisioned ? "provisioned-concurrency" : "on-demand";
    vars["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + awsFunctionName(function.name);
    vars["AWS_LAMBDA_LOG_STREAM_NAME"] = identity.logStreamName;
    // Dummy credentials, as LocalStack uses: SDKs need some, and nothing here talks to real AWS. The key id
    // names the function, so the endpoint can show the function's own SDK calls as its downstream calls.
    vars["AWS_ACCESS_KEY_ID"] = functionAccessKeyId(function.name);
    vars["AWS_SECRET_ACCESS_KEY"] = "test";
    vars["AWS_SESSION_TOKEN"] = "test";
    vars["AWS_LAMBDA_RUNTIME_API"] = identity.runtimeApi;
    vars["LAMBDA_TASK_ROOT"] = function.codeDir.string();
    vars["LAMBDA_RUNTIME_DIR"] = runtime.runtimeDir.string();

    std::vector<std::string> env;
    env.reserve(vars.size());
    for (const auto& [name, value] : vars)
        env.push_back(name + '=' + value);
    return env;
}

std::filesystem::path nodeSdkModulesDir(const std::filesystem::path& nodeRuntimeDir)
{
    return nodeRuntimeDir / "sdk" / "node_modules";
}

std::string functionAccessKeyId(const std::string& functionName)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string key = "LDFN";
    for (const unsigned char c : functionName) {
        key.push_back(kHex[c >> 4]);
        key.push_back(kHex[c & 0x0F]);
    }
    return key;
}

std::string functionFromAccessKeyId(std::string_view accessKeyId)
{
    if (!accessKeyId.starts_with("LDFN") || accessKeyId.size() % 2 != 0)
        return {};
    auto value = [](char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    };
    std::string name;
    for (std::size_t i = 4; i + 1 < accessKeyId.size(); i += 2) {
        const int high = value(accessKeyId[i]);
        const int low = value(accessKeyId[i + 1]);
        if (high < 0 || low < 0)
            return {};
        name.push_back(static_cast<char>(high * 16 + low));
    }
    return name;
}

}  // namespace lambdadesk::core
