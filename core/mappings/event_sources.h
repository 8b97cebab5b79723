// SPDX-License-Identifier: MIT
#pragma once

#include "faults/fault_policy.h"
#include "invoke/async_invoker.h"
#include "model/expected.h"
#include "model/mapping_config.h"
#include "model/project.h"
#include "regions/region_directory.h"
#include "mappings/kinesis_event_source.h"
#include "schedules/schedule_source.h"
#include "mappings/sqs_event_source.h"
#include "telemetry/event_stream.h"

#include <boost/asio/any_io_executor.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {

class QueueService;
class StreamService;
class InvocationHistory;

struct EventSourcesOptions {
    std::filesystem::path stateDir;  ///< where state.db lives; empty = in memory (nothing survives)
    double timeScale = 1.0;
    std::string region = "us-east-1";
    std::string accountId = "123456789012";
    int backgroundNice = 0;  ///< for the history writer's thread (EngineOptions::backgroundNice)
};

/// A mapping as the Lambda API reports it.
struct MappingStatus {
    EventSourceMappingConfig config;
    std::string state;  ///< Creating / Updating as create / update answer; then Enabled or Disabled
    MappingMetrics metrics;
};

/// Everything that happens to an event after it is accepted: async invocations with retries and
/// destinations, SQS queues, and the event source mappings that feed functions from them — durable in
/// the project's `.lambdadesk/state.db`. Owned by the Engine; reaches functions through its invoke.
class EventSources {
public:
    struct Hooks {
        std::function<void(InvokeRequest, InvokeCallback)> invoke;
        std::function<std::optional<FunctionConfig>(const std::string&)> function;
        /// The engine's fault policy, asked before each batch a mapping delivers; may be null.
        std::shared_ptr<const FaultPolicySlot> faults;
    };

    EventSources(const boost::asio::any_io_executor& executor, EventSourcesOptions options, EventStream& events,
                 Hooks hooks);
    ~EventSources();
    EventSources(const EventSources&) = delete;
    EventSources& operator=(const EventSources&) = delete;

    /// Opens the state database (queues, async events) and resumes unfinished async events.
    Expected<void> open();
    /// Creates the template's queues (or updates their attributes) and its event source mappings.
    void applyProject(const Project& project);
    /// Accepts an Event invocation: durable before this returns (the 202). Returns the request id.
    Expected<std::string> invokeEvent(const std::string& function, std::string payload);

    /// The default region's queues and streams (the template's); regions() holds every region's.
    [[nodiscard]] std::shared_ptr<QueueService> queues() const { return m_queues; }
    [[nodiscard]] std::shared_ptr<AsyncInvoker> asyncInvoker() const { return m_async; }
    [[nodiscard]] std::shared_ptr<StreamService> streams() const { return m_streams; }
    [[nodiscard]] std::shared_ptr<InvocationHistory> history() const { return m_history; }
    /// Every region's queues and streams; null until open() succeeded.
    [[nodiscard]] RegionDirectory* regions() const { return m_regions.get(); }

    /// Mappings: create (validates filters and the source), update, delete, list.
    Expected<MappingStatus> createMapping(EventSourceMappingConfig config);
    Expected<MappingStatus> updateMapping(const EventSourceMappingConfig& config);
    Expected<void> deleteMapping(const std::string& uuid);
    [[nodiscard]] std::vector<MappingStatus> mappings() const;
    [[nodiscard]] std::optional<MappingStatus> mapping(const std::string& uuid) const;

    void stop();

private:
    Expected<void> deliver(const AsyncDelivery& delivery);
    void warn(const std::string& text);
    Expected<std::shared_ptr<SqsEventSource>> startSqs(const EventSourceMappingConfig& config);
    Expected<std::shared_ptr<KinesisEventSource>> startKinesis(const EventSourceMappingConfig& config);
    [[nodiscard]] std::string databasePath() const;
    /// Publishes a region's queue changes and feeds its redrives to the mappings' counts.
    void watchQueues(const std::string& region, QueueService& queues);
    /// Tells the Kinesis mappings on a region's streams what changed (records, reshards).
    void watchStreams(const std::string& region, StreamService& streams);
    /// The services of the region an ARN names (the default region's when it names none).
    Expected<RegionServices> servicesFor(const std::string& arn) const;

    boost::asio::any_io_executor m_executor;
    EventSourcesOptions m_options;
    EventStream& m_events;
    Hooks m_hooks;
    std::shared_ptr<QueueService> m_queues;
    std::shared_ptr<AsyncInvoker> m_async;
    std::shared_ptr<StreamService> m_streams;
    std::shared_ptr<InvocationHistory> m_history;
    std::unique_ptr<RegionDirectory> m_regions;
    std::unique_ptr<ScheduleSource> m_schedules;
    mutable std::mutex m_mutex;
    struct Mapping {
        EventSourceMappingConfig config;
        std::shared_ptr<SqsEventSource> sqs;
        std::shared_ptr<KinesisEventSource> kinesis;
        [[nodiscard]] MappingMetrics metrics() const;
    };
    [[nodiscard]] MappingMetrics metricsOf(const Mapping& mapping) const;
    std::map<std::string, Mapping> m_mappings;
};

/// The mappings a function's SAM `Events` define (SQS and Kinesis), with stable ids. Events whose
/// properties have the wrong types are skipped with a message in `errors`.
std::vector<EventSourceMappingConfig> mappingsFromEvents(const FunctionConfig& function,
                                                         std::vector<std::string>* errors = nullptr);

}  // namespace lambdadesk::core
