// SPDX-License-Identifier: MIT
// SQS operations core does not model, answered from SqsMemory: TagQueue, UntagQueue, ListQueueTags;
// and message move tasks, which core's redriveDeadLetterQueue completes at once: StartMessageMoveTask,
// ListMessageMoveTasks, CancelMessageMoveTask.
#include "sqs/sqs_operations.h"

#include <encoding/base64.h>
#include <encoding/ids.h>
#include <queues/queue_errors.h>
#include <queues/queue_service.h>

#include <chrono>

namespace lambdadesk::bridge {
namespace {

namespace queue_error = core::queue_error;

constexpr std::size_t kMaxTags = 50;

SqsResult tagQueue(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    const auto tags = input.stringMap({"Tags", "Tag"}, "Key", "Value");
    if (auto failed = input.failure())
        return *failed;
    auto arn = existingQueueArn(call.queues, queue);
    if (!arn)
        return arn.error();
    if (tags.empty())
        return queue_error::make(queue_error::kMissingParameter, "The request must contain the parameter Tags.");
    // A queue holds at most 50 tags; a request that would pass that changes nothing.
    auto merged = call.memory.tags(*arn);
    for (const auto& [key, value] : tags)
        merged[key] = value;
    if (merged.size() > kMaxTags)
        return queue_error::make(queue_error::kInvalidParameterValue,
                                 "Too many tags added for queue " + arn->substr(arn->rfind(':') + 1) + ".");
    call.memory.tag(*arn, tags);
    return SqsOutput::none();
}

SqsResult untagQueue(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    const auto keys = input.stringList({"TagKeys", "TagKey"});
    if (auto failed = input.failure())
        return *failed;
    auto arn = existingQueueArn(call.queues, queue);
    if (!arn)
        return arn.error();
    if (keys.empty())
        return queue_error::make(queue_error::kInvalidParameterValue,
                                 "Tag keys must be between 1 and 128 characters in length.");
    call.memory.untag(*arn, keys);
    return SqsOutput::none();
}

SqsResult listQueueTags(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    if (auto failed = input.failure())
        return *failed;
    auto arn = existingQueueArn(call.queues, queue);
    if (!arn)
        return arn.error();
    SqsOutput output;
    if (auto tags = call.memory.tags(*arn); !tags.empty())
        output.addStringMap("Tags", "Tag", tags, "Key", "Value");
    return output;
}

/// The source must be a queue: its ARN, or ResourceNotFoundException as move tasks report it.
core::Expected<std::string> sourceQueueArn(core::QueueService& queues, const std::string& source)
{
    auto arn = existingQueueArn(queues, source);
    if (!arn)
        return queue_error::make(queue_error::kResourceNotFound,
                                 "The resource that you specified for the SourceArn parameter doesn't exist.");
    return arn;
}

SqsResult startMessageMoveTask(SqsCall& call, SqsInput& input)
{
    const auto source = input.requiredString("SourceArn");
    const auto destination = input.optionalString("DestinationArn").value_or("");
    const auto rate = input.optionalInt("MaxNumberOfMessagesPerSecond");
    if (auto failed = input.failure())
        return *failed;
    if (rate && (*rate < 1 || *rate > 500))
        return queue_error::invalidParameter("MaxNumberOfMessagesPerSecond", std::to_string(*rate),
                                             "Must be between 1 and 500, if provided.");
    auto sourceArn = sourceQueueArn(call.queues, source);
    if (!sourceArn)
        return sourceArn.error();
    std::string destinationArn;
    if (!destination.empty()) {
        auto found = existingQueueArn(call.queues, destination);
        if (!found)
            return queue_error::make(queue_error::kResourceNotFound,
                                     "The resource that you specified for the DestinationArn parameter doesn't "
                                     "exist.");
        destinationArn = *found;
    }
    const auto startedMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    auto moved = call.queues.redriveDeadLetterQueue(*sourceArn, destinationArn);
    if (!moved)
        return moved.error();
    MessageMoveTask task;
    task.taskHandle = core::encodeBase64(core::newRequestId());
    task.sourceArn = *sourceArn;
    task.destinationArn = destinationArn;
    task.maxNumberOfMessagesPerSecond = rate;
    task.approximateNumberOfMessagesMoved = moved->approximateNumberOfMessagesMoved;
    task.approximateNumberOfMessagesToMove = moved->approximateNumberOfMessagesToMove;
    if (moved->failed > 0)
        task.failureReason = std::to_string(moved->failed) + " message(s) stayed: their source queue no longer exists.";
    task.startedTimestamp = startedMs;
    SqsOutput output;
    output.addString("TaskHandle", task.taskHandle);
    call.memory.recordMoveTask(std::move(task));
    return output;
}

SqsResult listMessageMoveTasks(SqsCall& call, SqsInput& input)
{
    const auto source = input.requiredString("SourceArn");
    const auto maxResults = input.optionalInt("MaxResults");
    if (auto failed = input.failure())
        return *failed;
    if (maxResults && (*maxResults < 1 || *maxResults > 10))
        return queue_error::invalidParameter("MaxResults", std::to_string(*maxResults),
                                             "Must be between 1 and 10, if provided.");
    auto arn = sourceQueueArn(call.queues, source);
    if (!arn)
        return arn.error();
    const auto tasks = call.memory.moveTasks(*arn);
    SqsOutput output;
    output.declareList("Results", "ListMessageMoveTasksResultEntry");
    const auto limit = static_cast<std::size_t>(maxResults.value_or(1));
    for (std::size_t i = 0; i < tasks.size() && i < limit; ++i) {
        const auto& task = tasks[i];
        auto& entry = output.appendEntry("Results", "ListMessageMoveTasksResultEntry");
        entry.addString("Status", task.status).addString("SourceArn", task.sourceArn);
        if (!task.destinationArn.empty())
            entry.addString("DestinationArn", task.destinationArn);
        if (task.maxNumberOfMessagesPerSecond)
            entry.addInteger("MaxNumberOfMessagesPerSecond", *task.maxNumberOfMessagesPerSecond);
        entry.addInteger("ApproximateNumberOfMessagesMoved", task.approximateNumberOfMessagesMoved)
            .addInteger("ApproximateNumberOfMessagesToMove", task.approximateNumberOfMessagesToMove);
        if (!task.failureReason.empty())
            entry.addString("FailureReason", task.failureReason);
        entry.addInteger("StartedTimestamp", task.startedTimestamp);
    }
    return output;
}

SqsResult cancelMessageMoveTask(SqsCall& call, SqsInput& input)
{
    const auto handle = input.requiredString("TaskHandle");
    if (auto failed = input.failure())
        return *failed;
    if (!call.memory.moveTask(handle))
        return queue_error::make(queue_error::kResourceNotFound, "The task handle " + handle + " is not valid.");
    // Moves finish within StartMessageMoveTask here, so a known task is never running any more.
    return queue_error::make(queue_error::kResourceNotFound,
                             "Task " + handle +
                                 " is no longer running: LambdaDesk completes message move tasks "
                                 "when they start, so there is nothing to cancel.");
}

} // namespace

void addTagAndMoveOperations(SqsOperations& operations)
{
    operations.emplace("TagQueue", answerAtOnce(tagQueue));
    operations.emplace("UntagQueue", answerAtOnce(untagQueue));
    operations.emplace("ListQueueTags", answerAtOnce(listQueueTags));
    operations.emplace("StartMessageMoveTask", answerAtOnce(startMessageMoveTask));
    operations.emplace("ListMessageMoveTasks", answerAtOnce(listMessageMoveTasks));
    operations.emplace("CancelMessageMoveTask", answerAtOnce(cancelMessageMoveTask));
}

} // namespace lambdadesk::bridge
