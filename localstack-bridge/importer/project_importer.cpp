// SPDX-License-Identifier: MIT
#include "importer/project_importer.h"

#include "endpoint/url_codec.h"
#include "importer/lambda_api_client.h"
#include "importer/sam_template_writer.h"
#include "lambda/code_archive.h"

#include <model/function_name.h>
#include <project/runtimes.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>

namespace lambdadesk::bridge {

using core::Error;
using Json = nlohmann::json;

namespace {

constexpr int kMaxPages = 10000;

/// Every item of a paginated Lambda list (ListFunctions, ListEventSourceMappings), following NextMarker.
core::Expected<std::vector<Json>> listAll(const LambdaApiClient& client, const std::string& operation,
                                          const std::string& path, const char* listKey)
{
    std::vector<Json> items;
    std::set<std::string> markers;
    std::string marker;
    for (int page = 0; page < kMaxPages; ++page) {
        const auto query = "?MaxItems=50" + (marker.empty() ? std::string() : "&Marker=" + percentEncode(marker));
        auto body = client.get(operation, path + query);
        if (!body)
            return body.error();
        const auto list = body->find(listKey);
        if (list == body->end() || !list->is_array())
            return Error{"BadResponse", operation + " at " + client.endpointUrl() + " answered without a " + listKey +
                                            " list (is it a Lambda API endpoint?)"};
        for (auto& item : *list) {
            if (item.is_object())
                items.push_back(std::move(item));
        }
        const auto next = body->find("NextMarker");
        marker = next != body->end() && next->is_string() ? next->get<std::string>() : std::string();
        if (marker.empty())
            return items;
        if (!markers.insert(marker).second) {
            auto message = operation + " at " + client.endpointUrl();
            message.append(" repeated the NextMarker '").append(marker).append("'; stopped instead of looping");
            return Error{"BadResponse", std::move(message)};
        }
    }
    return Error{"BadResponse", operation + " at " + client.endpointUrl() + " kept paginating past " +
                                    std::to_string(kMaxPages) + " pages"};
}

std::string stringOf(const Json& object, const char* name)
{
    const auto found = object.find(name);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::string runtimeList()
{
    std::string text;
    for (const auto& runtime : core::supportedRuntimes())
        text += (text.empty() ? "" : ", ") + runtime;
    return text;
}

/// One function's import; the outcome goes to the report.
class FunctionImport {
public:
    FunctionImport(const LambdaApiClient& client, const ImportOptions& options, ImportReport& report,
                   const ImportProgress& progress)
        : m_client(client), m_options(options), m_report(report), m_progress(progress)
    {
    }

    /// The function read and its code unpacked; nullopt when it was skipped or failed (reported).
    std::optional<ImportedFunction> run(const std::string& name, std::vector<Json> mappings)
    {
        static const std::regex kFunctionName("[a-zA-Z0-9_-]{1,64}");
        if (!std::regex_match(name, kFunctionName))
            return fail(name, "the name is not a Lambda function name, so it cannot name a folder");
        const auto path = "/2015-03-31/functions/" + percentEncode(name);
        auto function = m_client.get("GetFunction", path);
        if (!function)
            return fail(name, function.error().message);
        ImportedFunction imported;
        const auto configuration = function->find("Configuration");
        if (configuration == function->end() || !configuration->is_object())
            return fail(name, "GetFunction at " + m_client.endpointUrl() + " answered without a Configuration");
        imported.configuration = *configuration;
        if (stringOf(imported.configuration, "PackageType") == "Image")
            return skip(name, "a container image (PackageType Image); LambdaDesk runs .zip functions");
        const auto runtime = stringOf(imported.configuration, "Runtime");
        if (!core::isSupportedRuntime(runtime))
            return skip(name, "the runtime " + (runtime.empty() ? std::string("(none)") : runtime) +
                                  " is not one LambdaDesk runs (" + runtimeList() + ")");
        if (const auto tags = function->find("Tags"); tags != function->end() && tags->is_object())
            imported.tags = *tags;

        auto concurrency =
            m_client.getIfPresent("GetFunctionConcurrency", "/2019-09-30/functions/" + percentEncode(name) + "/concurrency");
        if (!concurrency)
            return fail(name, concurrency.error().message);
        if (*concurrency) {
            const auto reserved = (*concurrency)->find("ReservedConcurrentExecutions");
            if (reserved != (*concurrency)->end() && reserved->is_number_integer())
                imported.reservedConcurrency = reserved->get<int>();
        }
        auto invokeConfig = m_client.getIfPresent("GetFunctionEventInvokeConfig",
                                                  "/2019-09-25/functions/" + percentEncode(name) + "/event-invoke-config");
        if (!invokeConfig)
            return fail(name, invokeConfig.error().message);
        imported.eventInvokeConfig = std::move(*invokeConfig);

        const auto code = function->find("Code");
        const auto location = code != function->end() && code->is_object() ? stringOf(*code, "Location") : std::string();
        if (location.empty())
            return fail(name, "GetFunction at " + m_client.endpointUrl() + " gave no Code.Location to download");
        auto zip = m_client.download(location);
        if (!zip)
            return fail(name, zip.error().message);
        const auto codeDir = m_options.outDir / "functions" / name;
        if (auto unpacked = unpackZip(*zip, codeDir); !unpacked)
            return fail(name, "unpacking the code from " + location + " into " + codeDir.string() + ": " +
                                  unpacked.error().message);

        if (const auto layers = imported.configuration.find("Layers");
            layers != imported.configuration.end() && layers->is_array() && !layers->empty()) {
            m_report.notes.push_back(name + ": its " + std::to_string(layers->size()) +
                                     " layer(s) were not imported; put their files in functions/" + name +
                                     "/ or declare AWS::Serverless::LayerVersion resources with local ContentUri");
        }
        imported.mappings = std::move(mappings);
        m_report.imported.push_back(name);
        say("imported " + name + " (" + runtime + ", " + std::to_string(imported.mappings.size()) +
            " event source mapping(s))");
        return imported;
    }

private:
    std::nullopt_t fail(const std::string& name, const std::string& what)
    {
        m_report.failed.push_back(name + ": " + what);
        say("failed " + name + ": " + what);
        return std::nullopt;
    }

    std::nullopt_t skip(const std::string& name, const std::string& why)
    {
        m_report.skipped.push_back(name + ": " + why);
        say("skipped " + name + ": " + why);
        return std::nullopt;
    }

    void say(const std::string& line) const
    {
        if (m_progress)
            m_progress(line);
    }

    const LambdaApiClient& m_client;
    const ImportOptions& m_options;
    ImportReport& m_report;
    const ImportProgress& m_progress;
};

core::Expected<void> prepareOutput(const ImportOptions& options)
{
    std::error_code error;
    const auto templatePath = options.outDir / "template.yaml";
    const auto functionsDir = options.outDir / "functions";
    if (!options.overwrite) {
        if (std::filesystem::exists(templatePath, error))
            return Error{"OutputInUse", templatePath.string() + " exists; give --force to replace it and the function "
                                                                "folders, or choose another --out"};
        if (std::filesystem::is_directory(functionsDir, error) && !std::filesystem::is_empty(functionsDir, error))
            return Error{"OutputInUse", functionsDir.string() + " is not empty; give --force to replace the folders of "
                                                                "the imported functions, or choose another --out"};
    }
    std::filesystem::create_directories(functionsDir, error);
    if (error)
        return Error{"OutputFailed", "cannot create " + functionsDir.string() + ": " + error.message()};
    return {};
}

core::Expected<void> writeFile(const std::filesystem::path& path, const std::string& content)
{
    auto partial = path;
    partial += ".partial";
    {
        std::ofstream file(partial, std::ios::binary | std::ios::trunc);
        file << content;
        if (!file.flush())
            return Error{"OutputFailed", "cannot write " + partial.string()};
    }
    std::error_code error;
    std::filesystem::rename(partial, path, error);
    if (error)
        return Error{"OutputFailed", "cannot write " + path.string() + ": " + error.message()};
    return {};
}

}  // namespace

core::Expected<ImportReport> importProject(const ImportOptions& options, const ImportProgress& progress)
{
    auto client = LambdaApiClient::create(options.endpointUrl, options.http);
    if (!client)
        return client.error();
    if (options.outDir.empty())
        return Error{"InvalidParameter", "--out: give the folder to write template.yaml and the functions into"};
    auto listed = listAll(*client, "ListFunctions", "/2015-03-31/functions/", "Functions");
    if (!listed)
        return listed.error();
    std::vector<std::string> names;
    for (const auto& function : *listed) {
        if (auto name = stringOf(function, "FunctionName"); !name.empty())
            names.push_back(std::move(name));
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    if (names.empty())
        return Error{"NothingToImport", "ListFunctions at " + client->endpointUrl() + " lists no functions to import"};

    ImportReport report;
    std::vector<std::string> wanted = names;
    if (!options.functions.empty()) {
        wanted.clear();
        for (const auto& name : options.functions) {
            if (std::find(names.begin(), names.end(), name) != names.end())
                wanted.push_back(name);
            else
                report.failed.push_back(name + ": ListFunctions at " + client->endpointUrl() + " does not list it");
        }
    }
    if (auto prepared = prepareOutput(options); !prepared)
        return prepared.error();

    // One listing of every mapping, shared out by function name.
    std::map<std::string, std::vector<Json>> mappingsByFunction;
    if (auto mappings = listAll(*client, "ListEventSourceMappings", "/2015-03-31/event-source-mappings/",
                                "EventSourceMappings");
        !mappings) {
        report.failed.push_back("event source mappings: " + mappings.error().message);
    } else {
        for (auto& mapping : *mappings)
            mappingsByFunction[core::functionNameFromIdentifier(stringOf(mapping, "FunctionArn"))].push_back(
                std::move(mapping));
    }

    FunctionImport importer(*client, options, report, progress);
    std::vector<ImportedFunction> imported;
    for (const auto& name : wanted) {
        if (auto function = importer.run(name, std::move(mappingsByFunction[name])))
            imported.push_back(std::move(*function));
    }
    if (imported.empty())
        return report;
    auto samTemplate = writeSamTemplate(imported, client->endpointUrl());
    report.notes.insert(report.notes.end(), samTemplate.notes.begin(), samTemplate.notes.end());
    const auto templatePath = options.outDir / "template.yaml";
    if (auto written = writeFile(templatePath, samTemplate.yaml); !written)
        return written.error();
    report.templatePath = templatePath;
    return report;
}

}  // namespace lambdadesk::bridge
