// SPDX-License-Identifier: MIT
#pragma once
// Helpers for the queue suites: a QueueService on a manual clock (or the real one), with its executor
// optionally run by a thread, and shortcuts for the calls most tests make.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "queues/queue_errors.h"
#include "queues/queue_service.h"

#include <QtGlobal>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace lambdadesk::tests {

template <typename T> const char* why(const core::Expected<T>& result)
{
    return result.ok() ? "" : result.error().message.c_str();
}

/// A service on a manual clock (or the real one), with its executor optionally run by a thread.
struct Harness {
    explicit Harness(double timeScale = 1.0, bool realClock = false)
    {
        core::QueueServiceOptions options;
        options.timeScale = timeScale;
        if (!realClock)
            options.clock = [this] { return now.load(); };
        auto opened = core::QueueService::open(io.get_executor(), options);
        if (!opened)
            qFatal("cannot open the queue service: %s", opened.error().message.c_str());
        service = *opened;
    }
    ~Harness()
    {
        service.reset();
        work.reset();
        if (thread.joinable())
            thread.join();
    }
    void runExecutor()
    {
        thread = std::thread([this] { io.run(); });
    }
    void advance(double seconds) { now += static_cast<std::int64_t>(seconds * 1e6); }

    std::string create(const std::string& name, core::QueueAttributeMap attributes = {})
    {
        auto url = service->createQueue({name, std::move(attributes), {}});
        if (!url)
            qWarning("createQueue %s: %s", name.c_str(), url.error().message.c_str());
        return url ? *url : std::string();
    }
    core::Expected<core::SendMessageResult> send(const std::string& queue, const std::string& body,
                                                 const std::string& group = {}, const std::string& dedup = {})
    {
        core::SendMessageRequest request;
        request.queueUrl = queue;
        request.messageBody = body;
        request.messageGroupId = group;
        request.messageDeduplicationId = dedup;
        return service->sendMessage(request);
    }
    std::vector<core::ReceivedMessage> receive(const std::string& queue, int max = 10,
                                               std::optional<int> visibility = {})
    {
        core::ReceiveMessageRequest request;
        request.queueUrl = queue;
        request.maxNumberOfMessages = max;
        request.visibilityTimeout = visibility;
        request.waitTimeSeconds = 0;
        request.attributeNames = {"All"};
        request.messageAttributeNames = {"All"};
        auto result = service->receiveMessage(request);
        if (!result)
            qWarning("receiveMessage: %s", result.error().message.c_str());
        return result ? result->messages : std::vector<core::ReceivedMessage>{};
    }
    std::string attribute(const std::string& queue, const std::string& name)
    {
        auto attributes = service->getQueueAttributes(queue, {name});
        return attributes && attributes->count(name) ? attributes->at(name) : std::string("<none>");
    }

    std::atomic<std::int64_t> now{1'700'000'000'000'000};
    boost::asio::io_context io;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work{io.get_executor()};
    std::thread thread;
    std::shared_ptr<core::QueueService> service;
};

} // namespace lambdadesk::tests
