// SPDX-License-Identifier: MIT
#include "mappings/event_sources.h"

#include "encoding/ids.h"
#include "mappings/delivery_faults.h"
#include "model/function_name.h"
#include "queues/queue_service.h"
#include "regions/region_directory.h"
#include "regions/region_names.h"
#include "store/home_region.h"
#include "streams/stream_service.h"
#include "store/invocation_history.h"

#include <nlohmann/json.hpp>

#include <functional>

namespace lambdadesk::core {
namespace {

std::string changeName(QueueChangeKind kind)
{
    switch (kind) {
    case QueueChangeKind::Created: return "created";
    case QueueChangeKind::Deleted: return "deleted";
    case QueueChangeKind::AttributesChanged: return "attributes";
    case QueueChangeKind::Purged: return "purged";
    case QueueChangeKind::MessagesSent: return "sent";
    case QueueChangeKind::MessagesReceived: return "received";
    case QueueChangeKind::MessagesDeleted: return "deleted-messages";
    case QueueChangeKind::VisibilityChanged: return "visibility";
    case QueueChangeKind::MovedToDeadLetterQueue: return "moved-to-dlq";
    case QueueChangeKind::Redriven: return "redriven";
    case QueueChangeKind::Expired: return "expired";
    }
    return "changed";
}

// A stable mapping id for a template event, so its state and metrics survive restarts.
std::string stableUuid(const std::string& function, const std::string& event)
{
    const std::size_t hash = std::hash<std::string>{}(function + '/' + event);
    char text[40];
    std::snprintf(text, sizeof text, "%08zx-%04zx-4%03zx-8%03zx-%012zx", hash & 0xffffffff, (hash >> 32) & 0xffff,
                  (hash >> 48) & 0xfff, (hash >> 20) & 0xfff, (hash * 2654435761u) & 0xffffffffffff);
    return text;
}

}  // namespace

std::vector<EventSourceMappingConfig> mappingsFromEvents(const FunctionConfig& function, std::vector<std::string>* errors)
{
    std::vector<EventSourceMappingConfig> mappings;
    for (const auto& event : function.events) {
        const bool sqs = event.type == "SQS";
        if (!sqs && event.type != "Kinesis")
            continue;
        try {
        const auto& p = event.properties;
        EventSourceMappingConfig mapping;
        mapping.uuid = stableUuid(function.name, event.name);
        mapping.functionName = function.name;
        mapping.source = sqs ? EventSourceMappingConfig::Source::Sqs : EventSourceMappingConfig::Source::Kinesis;
        mapping.eventSourceArn = p.value(sqs ? "Queue" : "Stream", std::string());
        mapping.batchSize = p.value("BatchSize", defaultBatchSize(mapping.source));
        mapping.maximumBatchingWindowSeconds = p.value("MaximumBatchingWindowInSeconds", 0);
        mapping.enabled = p.value("Enabled", true);
        if (p.contains("FilterCriteria") && p["FilterCriteria"].contains("Filters")) {
            for (const auto& filter : p["FilterCriteria"]["Filters"]) {
                if (filter.contains("Pattern"))
                    mapping.filterPatterns.push_back(filter["Pattern"].is_string() ? filter["Pattern"].get<std::string>()
                                                                                   : filter["Pattern"].dump());
            }
        }
        if (p.contains("FunctionResponseTypes")) {
            for (const auto& type : p["FunctionResponseTypes"])
                mapping.reportBatchItemFailures |= type == "ReportBatchItemFailures";
        }
        if (p.contains("ScalingConfig") && p["ScalingConfig"].contains("MaximumConcurrency"))
            mapping.maximumConcurrency = p["ScalingConfig"]["MaximumConcurrency"].get<int>();
        mapping.startingPosition = p.value("StartingPosition", std::string("LATEST"));
        mapping.bisectBatchOnFunctionError = p.value("BisectBatchOnFunctionError", false);
        mapping.maximumRetryAttempts = p.value("MaximumRetryAttempts", -1);
        mapping.maximumRecordAgeInSeconds = p.value("MaximumRecordAgeInSeconds", -1);
        mapping.parallelizationFactor = p.value("ParallelizationFactor", 1);
        mapping.tumblingWindowInSeconds = p.value("TumblingWindowInSeconds", 0);
        if (p.contains("DestinationConfig") && p["DestinationConfig"].contains("OnFailure"))
            mapping.onFailureArn = p["DestinationConfig"]["OnFailure"].value("Destination", std::string());
        mappings.push_back(std::move(mapping));
        } catch (const nlohmann::json::exception& error) {
            // A property of the wrong type (the template reader keeps event properties as written).
            if (errors)
                errors->push_back(event.location.toString() + ": event " + event.name + " of " + function.name +
                                  ": a property has the wrong type (" + error.what() + ")");
        }
    }
    return mappings;
}

EventSources::EventSources(const boost::asio::any_io_executor& executor, EventSourcesOptions options,
                           EventStream& events, Hooks hooks)
    : m_executor(executor), m_options(std::move(options)), m_events(events), m_hooks(std::move(hooks))
{
}

EventSources::~EventSources()
{
    stop();
}

std::string EventSources::databasePath() const
{
    return m_options.stateDir.empty() ? std::string(":memory:") : (m_options.stateDir / "state.db").string();
}

MappingMetrics EventSources::Mapping::metrics() const
{
    if (sqs)
        return sqs->metrics();
    if (kinesis) {
        const KinesisMappingMetrics detail = kinesis->metrics();
        MappingMetrics metrics = detail;
        metrics.retriedRecords = detail.retried;
        metrics.sentToDeadLetter = detail.sentToDestination;
        metrics.oldestRecordAgeMs = detail.iteratorAgeMs;
        return metrics;
    }
    return {};
}

MappingMetrics EventSources::metricsOf(const Mapping& mapping) const
{
    MappingMetrics metrics = mapping.metrics();
    // The age of the oldest record waiting (CloudWatch's OffsetLag / ApproximateAgeOfOldestMessage).
    if (mapping.sqs) {
        const auto& arn = mapping.config.eventSourceArn;
        const auto services = servicesFor(arn);
        if (const auto stats = services ? services->queues->stats(arn.substr(arn.rfind(':') + 1)) : std::nullopt)
            metrics.oldestRecordAgeMs = stats->oldestAgeMs;
    }
    return metrics;
}

Expected<void> EventSources::open()
{
    if (!m_options.stateDir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(m_options.stateDir, ec);
        if (ec)
            return Error{"ServiceException", "cannot create the state folder " + m_options.stateDir.string() + ": " +
                                                 ec.message()};
    }
    const std::string database = databasePath();
    // The default region's queues and streams live in state.db only when state.db belongs to that region; a run
    // under another default opens that region's own file and finds state.db's region among the others.
    auto home = claimHomeRegion(database, m_options.region);
    if (!home)
        return home.error();
    RegionDirectoryOptions regionOptions;
    regionOptions.stateDir = m_options.stateDir;
    regionOptions.homeRegion = *home;
    regionOptions.accountId = m_options.accountId;
    regionOptions.timeScale = m_options.timeScale;
    const std::string regional = regionDatabasePath(regionOptions, m_options.region);
    if (regional != database) {
        std::error_code ec;
        std::filesystem::create_directories(m_options.stateDir / "regions", ec);
        if (ec)
            return Error{"ServiceException", "cannot create " + (m_options.stateDir / "regions").string() + ": " +
                                                 ec.message()};
    }
    QueueServiceOptions queueOptions;
    queueOptions.databasePath = regional;
    queueOptions.region = m_options.region;
    queueOptions.accountId = m_options.accountId;
    queueOptions.timeScale = m_options.timeScale;
    auto queues = QueueService::open(m_executor, queueOptions);
    if (!queues)
        return queues.error();
    m_queues = std::move(*queues);
    watchQueues(m_options.region, *m_queues);

    AsyncInvokerOptions asyncOptions;
    asyncOptions.databasePath = database;
    asyncOptions.timeScale = m_options.timeScale;
    AsyncInvoker::Hooks asyncHooks;
    asyncHooks.invoke = m_hooks.invoke;
    asyncHooks.function = m_hooks.function;
    asyncHooks.deliver = [this](const AsyncDelivery& delivery) { return deliver(delivery); };
    auto async = AsyncInvoker::open(m_executor, asyncOptions, std::move(asyncHooks), m_events);
    if (!async)
        return async.error();
    m_async = std::move(*async);
    m_async->start();

    StreamServiceOptions streamOptions;
    streamOptions.databasePath = regional;
    streamOptions.region = m_options.region;
    streamOptions.accountId = m_options.accountId;
    streamOptions.timeScale = m_options.timeScale;
    auto streams = StreamService::open(streamOptions);
    if (!streams)
        return streams.error();
    m_streams = std::move(*streams);
    watchStreams(m_options.region, *m_streams);

    // Other regions' queues and streams, each in its own database, watched as the default region's are.
    m_regions = std::make_unique<RegionDirectory>(
        m_executor, regionOptions, RegionServices{m_options.region, m_queues, m_streams},
        [this](const RegionServices& opened) {
            watchQueues(opened.region, *opened.queues);
            watchStreams(opened.region, *opened.streams);
        });
    for (const auto& problem : m_regions->openKept())
        warn(problem);

    // Every invocation, kept (bounded) for the app's history views and queries.
    InvocationHistoryOptions historyOptions;
    historyOptions.writerNice = m_options.backgroundNice;
    if (auto history = InvocationHistory::attach(m_events, database, historyOptions); history)
        m_history = *history;
    else
        warn("invocation history is unavailable: " + history.error().message);
    return {};
}

void EventSources::warn(const std::string& text)
{
    m_events.publish(LogLine{{}, {}, {}, LogLine::Stream::Platform, text});
}

void EventSources::watchQueues(const std::string& region, QueueService& queues)
{
    queues.setChangeListener([this, region](const QueueChange& change) {
        m_events.publish(QueueChanged{change.queueName, changeName(change.kind), change.count, region});
        if (change.kind != QueueChangeKind::MovedToDeadLetterQueue)
            return;
        // Redrive is the queue's doing, but it is what became of the mapping's records: count it there.
        std::lock_guard lock(m_mutex);
        for (const auto& [uuid, mapping] : m_mappings) {
            const auto& arn = mapping.config.eventSourceArn;
            if (mapping.sqs && arn.substr(arn.rfind(':') + 1) == change.queueName &&
                regionOfQueueArgument(arn, m_options.region) == region)
                mapping.sqs->noteMovedToDeadLetter(change.count);
        }
    });
}

void EventSources::watchStreams(const std::string& region, StreamService& streams)
{
    streams.setChangeListener([this, region](const StreamChange& change) {
        std::vector<std::shared_ptr<KinesisEventSource>> sources;
        {
            std::lock_guard lock(m_mutex);
            for (const auto& [uuid, mapping] : m_mappings) {
                const auto& arn = mapping.config.eventSourceArn;
                if (mapping.kinesis && regionOfQueueArgument(arn, m_options.region) == region)
                    sources.push_back(mapping.kinesis);
            }
        }
        for (const auto& source : sources)
            source->notify(change);
    });
}

Expected<RegionServices> EventSources::servicesFor(const std::string& arn) const
{
    const auto region = regionOfArn(arn);
    if (region.empty() || region == m_options.region || !m_regions)
        return RegionServices{m_options.region, m_queues, m_streams};
    return m_regions->services(region);
}

void EventSources::applyProject(const Project& project)
{
    // Queues first without their redrive policies (a DLQ may come later in the template), then the policies.
    for (const auto& queue : project.queues) {
        CreateQueueRequest request;
        request.queueName = queue.name;
        request.attributes = queue.attributes;
        request.attributes.erase("RedrivePolicy");
        if (auto created = m_queues->createQueue(request); !created) {
            if (created.error().code == "QueueAlreadyExists") {
                if (auto updated = m_queues->setQueueAttributes(queue.name, request.attributes); !updated)
                    warn("queue " + queue.name + ": " + updated.error().message);
            } else {
                warn("queue " + queue.name + ": " + created.error().message);
            }
        }
    }
    for (const auto& queue : project.queues) {
        if (const auto policy = queue.attributes.find("RedrivePolicy"); policy != queue.attributes.end()) {
            if (auto set = m_queues->setQueueAttributes(queue.name, {{"RedrivePolicy", policy->second}}); !set)
                warn("queue " + queue.name + ": RedrivePolicy: " + set.error().message);
        }
    }
    for (const auto& stream : project.streams) {
        CreateStreamRequest request;
        request.streamName = stream.name;
        request.shardCount = stream.shardCount;
        if (auto created = m_streams->createStream(request); !created && created.error().code != "ResourceInUseException")
            warn("stream " + stream.name + ": " + created.error().message);
    }
    // Schedules deliver like EventBridge: asynchronously, with the async path's retries.
    if (m_schedules)
        m_schedules->stop();
    ScheduleSourceOptions scheduleOptions;
    scheduleOptions.timeScale = m_options.timeScale;
    scheduleOptions.region = m_options.region;
    scheduleOptions.accountId = m_options.accountId;
    m_schedules = std::make_unique<ScheduleSource>(
        m_executor, project.functions,
        [this](const std::string& function, std::string payload) {
            if (auto queued = m_async->enqueue(function, std::move(payload)); !queued)
                warn("schedule of " + function + ": " + queued.error().message);
        },
        scheduleOptions);
    for (const auto& problem : m_schedules->start())
        warn(problem.message);
    // Template mappings: replace the ones this project defined before.
    for (const auto& function : project.functions) {
        std::vector<std::string> errors;
        auto mappings = mappingsFromEvents(function, &errors);
        for (const auto& error : errors)
            warn(error);
        for (auto& mapping : mappings) {
            deleteMapping(mapping.uuid);
            if (auto created = createMapping(std::move(mapping)); !created)
                warn("mapping of " + function.name + ": " + created.error().message);
        }
    }
}

Expected<std::shared_ptr<SqsEventSource>> EventSources::startSqs(const EventSourceMappingConfig& config)
{
    auto services = servicesFor(config.eventSourceArn);
    if (!services)
        return services.error();
    SqsEventSource::Context context;
    context.queues = services->queues;
    context.invoke = withDeliveryFaults(m_executor, m_hooks.faults, config.functionName, config.eventSourceArn,
                                        &m_events, m_hooks.invoke);
    context.events = &m_events;
    context.region = services->region;
    context.timeScale = m_options.timeScale;
    context.functionTimeoutSeconds = [lookup = m_hooks.function, name = config.functionName] {
        const auto function = lookup(name);
        return function ? function->timeoutSeconds : 0;
    };
    auto source = SqsEventSource::create(m_executor, config, std::move(context));
    if (!source)
        return source.error();
    if (config.enabled)
        (*source)->start();
    return source;
}

Expected<std::shared_ptr<KinesisEventSource>> EventSources::startKinesis(const EventSourceMappingConfig& config)
{
    auto services = servicesFor(config.eventSourceArn);
    if (!services)
        return services.error();
    KinesisEventSource::Context context;
    context.streams = services->streams;
    context.invoke = withDeliveryFaults(m_executor, m_hooks.faults, config.functionName, config.eventSourceArn,
                                        &m_events, m_hooks.invoke);
    context.sendToDestination = [this](const std::string& arn, const std::string& body) -> Expected<void> {
        AsyncDelivery delivery;
        delivery.targetArn = arn;
        delivery.body = body;
        return deliver(delivery);
    };
    context.events = &m_events;
    context.checkpointDatabasePath = databasePath();
    context.region = services->region;
    context.accountId = m_options.accountId;
    context.timeScale = m_options.timeScale;
    auto source = KinesisEventSource::create(m_executor, config, std::move(context));
    if (!source)
        return source.error();
    if (config.enabled)
        (*source)->start();
    return source;
}

Expected<MappingStatus> EventSources::createMapping(EventSourceMappingConfig config)
{
    if (config.uuid.empty())
        config.uuid = newRequestId();
    if (config.source == EventSourceMappingConfig::Source::Kinesis) {
        auto source = startKinesis(config);
        if (!source)
            return source.error();
        std::lock_guard lock(m_mutex);
        MappingStatus status{config, "Creating", {}};
        const std::string uuid = config.uuid;
        m_mappings[uuid] = Mapping{std::move(config), nullptr, std::move(*source)};
        return status;
    }
    const std::string queueName = config.eventSourceArn.substr(config.eventSourceArn.rfind(':') + 1);
    const auto services = servicesFor(config.eventSourceArn);
    if (!services)
        return services.error();
    if (!services->queues->stats(queueName))
        return Error{"InvalidParameterValueException",
                     "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. "
                     "SQS Error Message: The specified queue " + config.eventSourceArn + " does not exist."};
    if (config.batchSize < 1 || config.batchSize > 10000)
        return Error{"InvalidParameterValueException", "BatchSize must be between 1 and 10000"};
    if (config.batchSize > 10 && config.maximumBatchingWindowSeconds < 1)
        return Error{"InvalidParameterValueException",
                     "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10"};
    auto source = startSqs(config);
    if (!source)
        return source.error();
    std::lock_guard lock(m_mutex);
    // Creation is what the API reports; the mapping is Enabled (or Disabled) once its pollers run.
    MappingStatus status{config, "Creating", {}};
    const std::string uuid = config.uuid;  // read before the move below
    m_mappings[uuid] = Mapping{std::move(config), std::move(*source), nullptr};
    return status;
}

Expected<MappingStatus> EventSources::updateMapping(const EventSourceMappingConfig& config)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_mappings.contains(config.uuid))
            return Error{"ResourceNotFoundException", "The resource you requested does not exist. (Service: Lambda)"};
    }
    // A changed mapping is a new poller with the new settings; in-flight batches finish on the old one.
    if (auto deleted = deleteMapping(config.uuid); !deleted)
        return deleted.error();
    auto updated = createMapping(config);
    if (updated)
        updated->state = "Updating";  // as UpdateEventSourceMapping answers; then Enabled or Disabled
    return updated;
}

Expected<void> EventSources::deleteMapping(const std::string& uuid)
{
    Mapping mapping;
    {
        std::lock_guard lock(m_mutex);
        auto found = m_mappings.find(uuid);
        if (found == m_mappings.end())
            return Error{"ResourceNotFoundException", "The resource you requested does not exist. (Service: Lambda)"};
        mapping = std::move(found->second);
        m_mappings.erase(found);
    }
    if (mapping.sqs)
        mapping.sqs->stop();
    if (mapping.kinesis)
        mapping.kinesis->stop();
    return {};
}

std::vector<MappingStatus> EventSources::mappings() const
{
    std::vector<MappingStatus> all;
    std::lock_guard lock(m_mutex);
    for (const auto& [uuid, mapping] : m_mappings)
        all.push_back({mapping.config, mapping.config.enabled ? "Enabled" : "Disabled", metricsOf(mapping)});
    return all;
}

std::optional<MappingStatus> EventSources::mapping(const std::string& uuid) const
{
    std::lock_guard lock(m_mutex);
    const auto found = m_mappings.find(uuid);
    if (found == m_mappings.end())
        return std::nullopt;
    return MappingStatus{found->second.config, found->second.config.enabled ? "Enabled" : "Disabled",
                         metricsOf(found->second)};
}

Expected<std::string> EventSources::invokeEvent(const std::string& function, std::string payload)
{
    if (!m_hooks.function(function))
        return Error{"ResourceNotFoundException",
                     "Function not found: " + functionArnOfKey(function, m_options.region, m_options.accountId)};
    if (!payload.empty() && !nlohmann::json::accept(payload))
        return Error{"InvalidRequestContentException", "Could not parse request body into json"};
    return m_async->enqueue(function, std::move(payload));
}

Expected<void> EventSources::deliver(const AsyncDelivery& delivery)
{
    const std::string& arn = delivery.targetArn;
    if (arn.starts_with("arn:aws:sqs:")) {
        SendMessageRequest request;
        request.queueUrl = arn;
        request.messageBody = delivery.body;
        for (const auto& [name, value] : delivery.attributes)
            request.messageAttributes[name] = MessageAttributeValue{value.first, value.second, {}};
        auto services = servicesFor(arn);
        if (!services)
            return services.error();
        auto sent = services->queues->sendMessage(request);
        if (!sent)
            return sent.error();
        return {};
    }
    if (arn.starts_with("arn:aws:lambda:")) {
        // A destination ARN names its region: a function of another region is keyed name@region.
        auto queued = invokeEvent(functionKeyFromIdentifier(arn, m_options.region), delivery.body);
        if (!queued)
            return queued.error();
        return {};
    }
    return Error{"UnsupportedDestination",
                 "destination " + arn + " is not emulated locally (SQS queues and functions are); the record was dropped"};
}

void EventSources::stop()
{
    std::map<std::string, Mapping> mappings;
    {
        std::lock_guard lock(m_mutex);
        mappings.swap(m_mappings);
    }
    for (auto& [uuid, mapping] : mappings) {
        if (mapping.sqs)
            mapping.sqs->stop();
        if (mapping.kinesis)
            mapping.kinesis->stop();
    }
    if (m_schedules)
        m_schedules->stop();
    if (m_async)
        m_async->stop();
    if (m_history)
        m_history->close();
    if (m_regions) {
        for (const auto& region : m_regions->all()) {
            region.streams->setChangeListener({});
            region.queues->setChangeListener({});
        }
    } else {
        if (m_streams)
            m_streams->setChangeListener({});
        if (m_queues)
            m_queues->setChangeListener({});
    }
}

}  // namespace lambdadesk::core
