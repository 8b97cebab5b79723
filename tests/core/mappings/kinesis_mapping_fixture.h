// SPDX-License-Identifier: MIT
#pragma once
// A Kinesis mapping under test: an engine with the kinesisbatch fixture, a real StreamService with stream "s",
// an io thread for the mapping's strand, and readers of what the function received. Shared by the mapping suites.

#include "sources_fixture.h"

#include "encoding/base64.h"
#include "mappings/kinesis_event_source.h"
#include "streams/stream_service.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <string>
#include <thread>
#include <vector>

namespace lambdadesk::tests::kinesis {

using namespace lambdadesk;


constexpr double kScale = 0.01;  // poll 1 s → 10 ms, back-off 1 s → 10 ms, record age 60 s → 0.6 s

/// An engine with the fixture, a stream service and an io thread for the mapping's strand.
class Harness {
public:
    explicit Harness(int shards = 1) : m_guard(m_io.get_executor()), m_thread([this] { m_io.run(); }),
                                       engine(scaledOptions(kScale)), batches(engine)
    {
        engine.putFunction(python("consumer", "kinesisbatch"));
        auto opened = core::StreamService::open({});
        if (!opened)
            qFatal("stream service: %s", opened.error().message.c_str());
        streams = *opened;
        if (!streams->createStream("s", shards))
            qFatal("createStream failed");
        streamArn = streams->streamArn("s");
        failures = createQueue(engine, "failures");
    }
    ~Harness()
    {
        for (const auto& source : m_sources)
            source->stop();
        m_guard.reset();
        m_io.stop();
        m_thread.join();
    }

    core::EventSourceMappingConfig config(const std::string& uuid = "mapping-1") const
    {
        core::EventSourceMappingConfig config;
        config.uuid = uuid;
        config.functionName = "consumer";
        config.eventSourceArn = streamArn;
        config.source = core::EventSourceMappingConfig::Source::Kinesis;
        config.batchSize = 100;
        config.startingPosition = "TRIM_HORIZON";
        config.onFailureArn = failures;
        return config;
    }

    std::shared_ptr<core::KinesisEventSource> start(const core::EventSourceMappingConfig& config)
    {
        core::KinesisSourceContext context;
        context.streams = streams;
        context.invoke = [this](core::InvokeRequest request, core::InvokeCallback done) {
            engine.invokeAsync(std::move(request), std::move(done));
        };
        context.sendToDestination = [this](const std::string& arn, const std::string& body) -> core::Expected<void> {
            core::SendMessageRequest request;
            request.queueUrl = arn.substr(arn.rfind(':') + 1);
            request.messageBody = body;
            auto sent = engine.sources()->queues()->sendMessage(request);
            if (!sent)
                return sent.error();
            return {};
        };
        context.events = &engine.events();
        context.checkpointDatabasePath = checkpointPath;
        context.timeScale = kScale;
        auto source = core::KinesisEventSource::create(m_io.get_executor(), config, std::move(context));
        if (!source)
            qFatal("create: %s", source.error().message.c_str());
        m_sources.push_back(*source);
        (*source)->start();
        return *source;
    }

    std::string put(const std::string& key, const nlohmann::json& data)
    {
        core::PutRecordRequest request;
        request.streamName = "s";
        request.partitionKey = key;
        request.data = data.dump();
        auto put = streams->putRecord(request);
        if (!put)
            qFatal("put: %s", put.error().message.c_str());
        return put->sequenceNumber;
    }

    /// The events the fixture printed so far, parsed.
    std::vector<nlohmann::json> events() { return linesWith("EVENT "); }
    std::vector<nlohmann::json> dones() { return linesWith("DONE "); }

    /// The data of every record delivered, batch by batch.
    std::vector<std::vector<nlohmann::json>> deliveredData()
    {
        std::vector<std::vector<nlohmann::json>> result;
        for (const auto& event : events()) {
            std::vector<nlohmann::json> batch;
            for (const auto& record : event["Records"]) {
                std::string decoded;
                core::decodeBase64(record["kinesis"]["data"].get<std::string>(), decoded);
                batch.push_back(nlohmann::json::parse(decoded));
            }
            result.push_back(std::move(batch));
        }
        return result;
    }

    int recordsDelivered()
    {
        int count = 0;
        for (const auto& batch : deliveredData())
            count += static_cast<int>(batch.size());
        return count;
    }

    std::vector<nlohmann::json> failureRecords()
    {
        for (const auto& message : receiveNow(engine, "failures"))
            m_failures.push_back(nlohmann::json::parse(message.body));
        return m_failures;
    }

private:
    std::vector<nlohmann::json> linesWith(const std::string& prefix)
    {
        std::vector<nlohmann::json> result;
        for (const auto& line : batches.lines()) {
            if (line.text.starts_with(prefix))
                result.push_back(nlohmann::json::parse(line.text.substr(prefix.size())));
        }
        return result;
    }

    boost::asio::io_context m_io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_guard;
    std::thread m_thread;
    std::vector<std::shared_ptr<core::KinesisEventSource>> m_sources;
    std::vector<nlohmann::json> m_failures;

public:
    core::Engine engine;
    Collected<core::BatchDelivered> batches;
    std::shared_ptr<core::StreamService> streams;
    std::string streamArn;
    std::string failures;
    std::string checkpointPath = ":memory:";
};

inline nlohmann::json n(int value)
{
    return {{"n", value}};
}


}  // namespace lambdadesk::tests::kinesis
