// SPDX-License-Identifier: MIT
#pragma once
// Helpers for the event-source suites: an engine with queues, queue reads, and event filters.

#include "engine_fixture.h"

#include "mappings/event_sources.h"
#include "queues/queue_service.h"

#include <QtTest>

#include <string>
#include <vector>

namespace lambdadesk::tests {

inline core::EngineOptions scaledOptions(double timeScale)
{
    auto options = quickOptions();
    options.timeScale = timeScale;
    return options;
}

inline std::string createQueue(core::Engine& engine, const std::string& name, core::QueueAttributeMap attributes = {})
{
    core::CreateQueueRequest request;
    request.queueName = name;
    request.attributes = std::move(attributes);
    auto created = engine.sources()->queues()->createQueue(request);
    if (!created)
        qFatal("createQueue %s: %s", name.c_str(), created.error().message.c_str());
    return engine.sources()->queues()->queueArn(name);
}

inline void send(core::Engine& engine, const std::string& queue, const std::string& body, const std::string& group = {})
{
    core::SendMessageRequest request;
    request.queueUrl = queue;
    request.messageBody = body;
    request.messageGroupId = group;
    if (!group.empty())
        request.messageDeduplicationId = body;
    auto sent = engine.sources()->queues()->sendMessage(request);
    if (!sent)
        qFatal("send: %s", sent.error().message.c_str());
}

/// Receives what is visible in a queue now (up to 10), without waiting.
inline std::vector<core::ReceivedMessage> receiveNow(core::Engine& engine, const std::string& queue)
{
    core::ReceiveMessageRequest request;
    request.queueUrl = queue;
    request.maxNumberOfMessages = 10;
    request.waitTimeSeconds = 0;
    request.attributeNames = {"All"};
    request.messageAttributeNames = {"All"};
    auto received = engine.sources()->queues()->receiveMessage(request);
    return received ? received->messages : std::vector<core::ReceivedMessage>{};
}

inline std::int64_t messagesIn(core::Engine& engine, const std::string& queue)
{
    const auto stats = engine.sources()->queues()->stats(queue);
    return stats ? stats->visible + stats->inFlight + stats->delayed : -1;
}

/// Every event of type T seen so far by a queued sink (drained and kept).
template <typename T>
class Collected {
public:
    explicit Collected(core::Engine& engine) : m_sink(std::make_shared<core::QueuedEventSink>())
    {
        engine.events().subscribe(m_sink);
    }
    const std::vector<T>& all()
    {
        for (const auto& event : m_sink->drain()) {
            if (const auto* item = std::get_if<T>(&event.payload))
                m_items.push_back(*item);
            else if constexpr (!std::is_same_v<T, core::LogLine>)
                if (const auto* line = std::get_if<core::LogLine>(&event.payload))
                    m_lines.push_back(*line);
        }
        return m_items;
    }
    const std::vector<core::LogLine>& lines()
    {
        all();
        return m_lines;
    }

private:
    std::shared_ptr<core::QueuedEventSink> m_sink;
    std::vector<T> m_items;
    std::vector<core::LogLine> m_lines;
};

}  // namespace lambdadesk::tests
