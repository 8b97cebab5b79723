// SPDX-License-Identifier: MIT
// The SQS operations, each written once over SqsInput/SqsOutput and mapped one to one onto
// core::QueueService. Grouped by file: queues, messages, batches, tags and message move tasks, permissions.
#pragma once

#include "sqs/sqs_input.h"
#include "sqs/sqs_memory.h"
#include "sqs/sqs_output.h"

#include <model/expected.h>

#include <functional>
#include <map>
#include <string>

namespace lambdadesk::core {
class QueueService;
}

namespace lambdadesk::bridge {

/// What an operation works on.
struct SqsCall {
    core::QueueService& queues;
    SqsMemory& memory;
};

using SqsResult = core::Expected<SqsOutput>;
/// Receives an operation's result exactly once, possibly later on another thread (a long poll).
using SqsReply = std::function<void(SqsResult)>;
using SqsOperation = std::function<void(SqsCall&, SqsInput&, SqsReply)>;
/// Operations by action name (CreateQueue, SendMessage…).
using SqsOperations = std::map<std::string, SqsOperation, std::less<>>;

/// Wraps an operation that answers at once.
SqsOperation answerAtOnce(SqsResult (*operation)(SqsCall&, SqsInput&));

/// CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, PurgeQueue, Get/SetQueueAttributes,
/// ListDeadLetterSourceQueues.
void addQueueOperations(SqsOperations& operations);
/// SendMessage, ReceiveMessage, DeleteMessage, ChangeMessageVisibility.
void addMessageOperations(SqsOperations& operations);
/// SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch.
void addBatchOperations(SqsOperations& operations);
/// TagQueue, UntagQueue, ListQueueTags, StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask.
void addTagAndMoveOperations(SqsOperations& operations);
/// AddPermission, RemovePermission (the queue's Policy attribute).
void addPermissionOperations(SqsOperations& operations);

/// MessageId, the MD5s and SequenceNumber of a sent message (SendMessage, SendMessageBatch entries).
void addSendResult(SqsOutput& output, const core::SendMessageResult& sent);

/// The queue's ARN, which also proves it exists (NonExistentQueue otherwise).
core::Expected<std::string> existingQueueArn(core::QueueService& queues, const std::string& queue);

} // namespace lambdadesk::bridge
