// SPDX-License-Identifier: MIT
#include "lambda/mapping_catalog.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>

namespace lambdadesk::bridge {

namespace fs = std::filesystem;
using core::EventSourceMappingConfig;
using Json = nlohmann::json;

namespace {

double nowSeconds()
{
    using namespace std::chrono;
    return static_cast<double>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()) / 1000.0;
}

Json toJson(const EventSourceMappingConfig& config)
{
    Json out = {{"uuid", config.uuid},
                {"functionName", config.functionName},
                {"eventSourceArn", config.eventSourceArn},
                {"kinesis", config.source == EventSourceMappingConfig::Source::Kinesis},
                {"batchSize", config.batchSize},
                {"maximumBatchingWindowSeconds", config.maximumBatchingWindowSeconds},
                {"enabled", config.enabled},
                {"filterPatterns", config.filterPatterns},
                {"reportBatchItemFailures", config.reportBatchItemFailures},
                {"startingPosition", config.startingPosition},
                {"bisectBatchOnFunctionError", config.bisectBatchOnFunctionError},
                {"maximumRetryAttempts", config.maximumRetryAttempts},
                {"maximumRecordAgeInSeconds", config.maximumRecordAgeInSeconds},
                {"parallelizationFactor", config.parallelizationFactor},
                {"tumblingWindowInSeconds", config.tumblingWindowInSeconds},
                {"onFailureArn", config.onFailureArn}};
    if (config.maximumConcurrency)
        out["maximumConcurrency"] = *config.maximumConcurrency;
    if (config.startingPositionTimestamp)
        out["startingPositionTimestamp"] = *config.startingPositionTimestamp;
    return out;
}

EventSourceMappingConfig fromJson(const Json& in)
{
    EventSourceMappingConfig config;
    config.uuid = in.at("uuid").get<std::string>();
    config.functionName = in.at("functionName").get<std::string>();
    config.eventSourceArn = in.at("eventSourceArn").get<std::string>();
    config.source = in.value("kinesis", false) ? EventSourceMappingConfig::Source::Kinesis
                                               : EventSourceMappingConfig::Source::Sqs;
    config.batchSize = in.value("batchSize", core::defaultBatchSize(config.source));
    config.maximumBatchingWindowSeconds = in.value("maximumBatchingWindowSeconds", 0);
    config.enabled = in.value("enabled", true);
    config.filterPatterns = in.value("filterPatterns", std::vector<std::string>());
    config.reportBatchItemFailures = in.value("reportBatchItemFailures", false);
    config.startingPosition = in.value("startingPosition", std::string("LATEST"));
    config.bisectBatchOnFunctionError = in.value("bisectBatchOnFunctionError", false);
    config.maximumRetryAttempts = in.value("maximumRetryAttempts", -1);
    config.maximumRecordAgeInSeconds = in.value("maximumRecordAgeInSeconds", -1);
    config.parallelizationFactor = in.value("parallelizationFactor", 1);
    config.tumblingWindowInSeconds = in.value("tumblingWindowInSeconds", 0);
    config.onFailureArn = in.value("onFailureArn", std::string());
    if (in.contains("maximumConcurrency"))
        config.maximumConcurrency = in["maximumConcurrency"].get<int>();
    if (in.contains("startingPositionTimestamp"))
        config.startingPositionTimestamp = in["startingPositionTimestamp"].get<double>();
    return config;
}

}  // namespace

MappingCatalog::MappingCatalog(fs::path file) : m_file(std::move(file)) {}

std::vector<EventSourceMappingConfig> MappingCatalog::load(std::vector<std::string>& problems)
{
    std::lock_guard lock(m_mutex);
    std::vector<EventSourceMappingConfig> loaded;
    std::error_code error;
    if (!fs::is_regular_file(m_file, error))
        return loaded;
    try {
        std::ifstream in(m_file);
        // Kept in a variable: a range-for over Json::parse(in).at(…) iterates a destroyed temporary, which
        // restored no mapping at all.
        const Json document = Json::parse(in);
        for (const auto& entry : document.at("mappings")) {
            auto config = fromJson(entry);
            m_saved[config.uuid] = config;
            loaded.push_back(std::move(config));
        }
    } catch (const std::exception& failure) {
        problems.push_back(m_file.string() + ": " + failure.what() + " (API-created mappings were not restored)");
    }
    return loaded;
}

core::Expected<void> MappingCatalog::save(const EventSourceMappingConfig& config)
{
    std::lock_guard lock(m_mutex);
    m_saved[config.uuid] = config;
    m_lastModified[config.uuid] = nowSeconds();
    return writeLocked();
}

void MappingCatalog::forget(const std::string& uuid)
{
    std::lock_guard lock(m_mutex);
    m_lastModified.erase(uuid);
    if (m_saved.erase(uuid) > 0)
        (void)writeLocked();
}

double MappingCatalog::lastModified(const std::string& uuid)
{
    std::lock_guard lock(m_mutex);
    return m_lastModified.try_emplace(uuid, nowSeconds()).first->second;
}

void MappingCatalog::touch(const std::string& uuid)
{
    std::lock_guard lock(m_mutex);
    m_lastModified[uuid] = nowSeconds();
}

core::Expected<void> MappingCatalog::writeLocked()
{
    Json list = Json::array();
    for (const auto& [uuid, config] : m_saved)
        list.push_back(toJson(config));
    std::error_code error;
    fs::create_directories(m_file.parent_path(), error);
    const auto temporary = fs::path(m_file.string() + ".tmp");
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << Json{{"mappings", list}}.dump(2);
        if (!out)
            return core::Error{"ServiceException", "Could not write " + temporary.string()};
    }
    fs::rename(temporary, m_file, error);
    if (error)
        return core::Error{"ServiceException", "Could not save the mappings: " + error.message()};
    return {};
}

}  // namespace lambdadesk::bridge
