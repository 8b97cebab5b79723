// SPDX-License-Identifier: MIT
#include "lambda/function_catalog.h"

#include "lambda/code_archive.h"

#include <engine.h>
#include <encoding/ids.h>
#include <model/arn.h>
#include <model/function_name.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

namespace lambdadesk::bridge {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

Json toJson(const core::FunctionConfig& function, const FunctionRecord& record)
{
    Json saved = {{"name", core::awsFunctionName(function.name)},  // the key is today's, the ARN says the region
                  {"arn", function.arn},
                  {"runtime", function.runtime},
                  {"handler", function.handler},
                  {"memoryMb", function.memoryMb},
                  {"timeoutSeconds", function.timeoutSeconds},
                  {"environment", function.environment},
                  {"tags", function.tags},
                  {"architecture", function.architecture},
                  {"description", function.description},
                  {"role", record.role},
                  {"codeSha256", record.codeSha256},
                  {"codeSize", record.codeSize},
                  {"lastModified", record.lastModified},
                  {"revisionId", record.revisionId},
                  {"tracingMode", record.tracingMode},
                  {"ephemeralStorageMb", record.ephemeralStorageMb}};
    if (function.reservedConcurrency)
        saved["reservedConcurrency"] = *function.reservedConcurrency;
    if (const auto& config = function.eventInvokeConfig)
        saved["eventInvokeConfig"] = {{"maximumRetryAttempts", config->maximumRetryAttempts},
                                      {"maximumEventAgeSeconds", config->maximumEventAgeSeconds},
                                      {"onSuccessArn", config->onSuccessArn},
                                      {"onFailureArn", config->onFailureArn}};
    if (function.deadLetter)
        saved["deadLetter"] = {{"type", function.deadLetter->type}, {"targetArn", function.deadLetter->targetArn}};
    return saved;
}

void fromJson(const Json& saved, core::FunctionConfig& function, FunctionRecord& record)
{
    function.name = saved.at("name").get<std::string>();
    function.logicalId = function.name;
    function.arn = saved.value("arn", std::string());  // older files have none
    function.runtime = saved.at("runtime").get<std::string>();
    function.handler = saved.value("handler", std::string());
    function.memoryMb = saved.value("memoryMb", 128);
    function.timeoutSeconds = saved.value("timeoutSeconds", 3);
    function.environment = saved.value("environment", std::map<std::string, std::string>());
    function.tags = saved.value("tags", std::map<std::string, std::string>());
    function.architecture = saved.value("architecture", std::string("x86_64"));
    function.description = saved.value("description", std::string());
    if (saved.contains("reservedConcurrency"))
        function.reservedConcurrency = saved["reservedConcurrency"].get<int>();
    if (saved.contains("eventInvokeConfig")) {
        const auto& config = saved["eventInvokeConfig"];
        function.eventInvokeConfig = core::EventInvokeConfig{config.value("maximumRetryAttempts", 2),
                                                             config.value("maximumEventAgeSeconds", 21600),
                                                             config.value("onSuccessArn", std::string()),
                                                             config.value("onFailureArn", std::string())};
    }
    if (saved.contains("deadLetter"))
        function.deadLetter = core::DeadLetterConfig{saved["deadLetter"].value("type", std::string()),
                                                     saved["deadLetter"].value("targetArn", std::string())};
    record.role = saved.value("role", std::string());
    record.codeSha256 = saved.value("codeSha256", std::string());
    record.codeSize = saved.value("codeSize", std::int64_t{0});
    record.lastModified = saved.value("lastModified", std::string());
    record.revisionId = saved.value("revisionId", core::newRequestId());
    record.tracingMode = saved.value("tracingMode", std::string("PassThrough"));
    record.ephemeralStorageMb = saved.value("ephemeralStorageMb", 512);
    record.fromApi = true;
}

}  // namespace

FunctionCatalog::FunctionCatalog(core::Engine& engine, fs::path workspace)
    : m_engine(engine), m_workspace(std::move(workspace))
{
}

std::vector<SavedFunction> readSavedFunctions(const fs::path& workspace, std::vector<std::string>& problems)
{
    std::vector<SavedFunction> saved;
    std::error_code error;
    if (!fs::is_directory(workspace, error))
        return saved;
    for (const auto& entry : fs::directory_iterator(workspace, error)) {
        const auto file = entry.path() / "function.json";
        if (!fs::is_regular_file(file, error))
            continue;
        SavedFunction function;
        try {
            std::ifstream in(file);
            fromJson(Json::parse(in), function.function, function.record);
        } catch (const std::exception& failure) {
            problems.push_back(file.string() + ": " + failure.what() + " (the function was not restored)");
            continue;
        }
        function.function.codeDir = entry.path() / "code";
        saved.push_back(std::move(function));
    }
    // Directory order is the file system's; a stable order keeps exports and restores reproducible.
    std::sort(saved.begin(), saved.end(),
              [](const auto& a, const auto& b) { return a.function.name < b.function.name; });
    return saved;
}

std::vector<std::string> FunctionCatalog::restore()
{
    std::vector<std::string> problems;
    for (auto& [function, record] : readSavedFunctions(m_workspace, problems)) {
        // The region it was created in stays (each region sees its own functions); the account is today's.
        const auto savedRegion = core::regionOfArn(function.arn);
        const auto region = savedRegion.empty() ? m_engine.options().region : savedRegion;
        const auto name = core::awsFunctionName(function.name);
        const auto key = core::functionKey(name, region, m_engine.options().region);
        if (m_engine.function(key))
            continue;  // the template defines it now; the template wins
        function.arn = core::functionArn(region, m_engine.options().accountId, name);
        function.name = key;
        {
            std::lock_guard lock(m_mutex);
            m_records[key] = record;
            // Its folder was named after its key when it was made, under the default region of that day.
            m_folders[key] = function.codeDir.parent_path();
        }
        m_engine.putFunction(std::move(function));
    }
    return problems;
}

FunctionRecord FunctionCatalog::record(const core::FunctionConfig& function)
{
    {
        std::lock_guard lock(m_mutex);
        if (auto found = m_records.find(function.name); found != m_records.end())
            return found->second;
    }
    FunctionRecord derived;
    derived.role = defaultRole();
    const auto fingerprint = fingerprintFolder(function.codeDir);
    derived.codeSha256 = fingerprint.sha256Base64;
    derived.codeSize = fingerprint.totalBytes;
    derived.lastModified = lambdaTimestamp();
    derived.revisionId = core::newRequestId();
    std::lock_guard lock(m_mutex);
    return m_records.emplace(function.name, derived).first->second;
}

core::Expected<void> FunctionCatalog::save(const core::FunctionConfig& function, const FunctionRecord& record)
{
    {
        std::lock_guard lock(m_mutex);
        auto stored = record;
        stored.state = "Active";
        stored.lastUpdateStatus = "Successful";
        m_records[function.name] = stored;
    }
    if (!record.fromApi)
        return {};
    const auto folder = folderOf(function.name);
    std::error_code error;
    fs::create_directories(folder, error);
    // Write then rename: a crash mid-write leaves the previous configuration, not half of one.
    const auto temporary = folder / "function.json.tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << toJson(function, record).dump(2);
        if (!out)
            return core::Error{"ServiceException", "Could not save " + temporary.string()};
    }
    fs::rename(temporary, folder / "function.json", error);
    if (error)
        return core::Error{"ServiceException", "Could not save the function's configuration: " + error.message()};
    return {};
}

void FunctionCatalog::forget(const std::string& name)
{
    bool fromApi = false;
    {
        std::lock_guard lock(m_mutex);
        if (auto found = m_records.find(name); found != m_records.end()) {
            fromApi = found->second.fromApi;
            m_records.erase(found);
        }
    }
    if (fromApi) {
        std::error_code error;
        fs::remove_all(folderOf(name), error);
    }
    std::lock_guard lock(m_mutex);
    m_folders.erase(name);
}

fs::path FunctionCatalog::folderOf(const std::string& key) const
{
    {
        std::lock_guard lock(m_mutex);
        if (const auto found = m_folders.find(key); found != m_folders.end())
            return found->second;
    }
    // Named by name and region, never by key: a key changes with the default region, and a restored function
    // keeps the folder it was found in, so only a name written with its region cannot meet another's folder.
    return m_workspace / (core::awsFunctionName(key) + '@' + core::regionOfFunctionKey(key, m_engine.options().region));
}

fs::path FunctionCatalog::codeDir(const std::string& key) const
{
    return folderOf(key) / "code";
}

std::string FunctionCatalog::defaultRole() const
{
    return "arn:aws:iam::" + m_engine.options().accountId + ":role/lambdadesk-local";
}

}  // namespace lambdadesk::bridge
