// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::bridge {

/// A finished StartMessageMoveTask, as ListMessageMoveTasks reports it.
struct MessageMoveTask {
    std::string taskHandle;
    std::string status = "COMPLETED";
    std::string sourceArn;
    std::string destinationArn; ///< empty: each message went back to its source queue
    std::optional<int> maxNumberOfMessagesPerSecond;
    std::int64_t approximateNumberOfMessagesMoved = 0;
    std::int64_t approximateNumberOfMessagesToMove = 0;
    std::string failureReason;
    std::int64_t startedTimestamp = 0; ///< epoch milliseconds
};

/// What the SQS API keeps that core's QueueService does not model: queue tags and the record of message
/// move tasks (core moves messages at once). Kept in memory by queue ARN, so it is lost when the endpoint
/// stops; a deleted queue's tags go with it. Thread-safe.
class SqsMemory {
public:
    [[nodiscard]] std::map<std::string, std::string> tags(const std::string& queueArn) const;
    void tag(const std::string& queueArn, const std::map<std::string, std::string>& tags);
    void untag(const std::string& queueArn, const std::vector<std::string>& keys);
    void forgetQueue(const std::string& queueArn);

    void recordMoveTask(MessageMoveTask task);
    /// The source queue's tasks, newest first.
    [[nodiscard]] std::vector<MessageMoveTask> moveTasks(const std::string& sourceArn) const;
    [[nodiscard]] std::optional<MessageMoveTask> moveTask(const std::string& taskHandle) const;

private:
    mutable std::mutex m_mutex;
    std::map<std::string, std::map<std::string, std::string>> m_tags;
    std::vector<MessageMoveTask> m_moveTasks; ///< oldest first, at most kMaxMoveTasks
};

} // namespace lambdadesk::bridge
