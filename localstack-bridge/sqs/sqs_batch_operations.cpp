// SPDX-License-Identifier: MIT
// SQS batch operations: SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch. Request-level
// problems are errors; per-entry problems are BatchResultErrorEntry members of a 200.
#include "sqs/sqs_operations.h"

#include <queues/queue_service.h>

namespace lambdadesk::bridge {
namespace {

/// Successful and Failed are required members: JSON always has both lists.
void addFailures(SqsOutput& output, const std::vector<core::BatchResultError>& failed)
{
    output.declareList("Failed", "BatchResultErrorEntry");
    for (const auto& failure : failed) {
        output.appendEntry("Failed", "BatchResultErrorEntry")
            .addString("Id", failure.id)
            .addBoolean("SenderFault", failure.senderFault)
            .addString("Code", failure.code)
            .addString("Message", failure.message);
    }
}

SqsOutput batchOutput(const core::BatchResult& result, const std::string& entryName)
{
    SqsOutput output;
    output.declareList("Successful", entryName);
    for (const auto& id : result.successful)
        output.appendEntry("Successful", entryName).addString("Id", id);
    addFailures(output, result.failed);
    return output;
}

SqsResult sendMessageBatch(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    std::vector<core::SendMessageBatchEntry> entries;
    for (auto& member : input.entries({"Entries", "SendMessageBatchRequestEntry"})) {
        core::SendMessageBatchEntry entry;
        entry.id = member.requiredString("Id");
        entry.messageBody = member.requiredString("MessageBody");
        entry.delaySeconds = member.optionalInt("DelaySeconds");
        entry.messageAttributes = member.messageAttributes({"MessageAttributes", "MessageAttribute"});
        entry.messageSystemAttributes = member.messageAttributes({"MessageSystemAttributes", "MessageSystemAttribute"});
        entry.messageGroupId = member.optionalString("MessageGroupId").value_or("");
        entry.messageDeduplicationId = member.optionalString("MessageDeduplicationId").value_or("");
        entries.push_back(std::move(entry));
    }
    if (auto failed = input.failure())
        return *failed;
    auto sent = call.queues.sendMessageBatch(queue, entries);
    if (!sent)
        return sent.error();
    SqsOutput output;
    output.declareList("Successful", "SendMessageBatchResultEntry");
    for (const auto& entry : sent->successful) {
        auto& added = output.appendEntry("Successful", "SendMessageBatchResultEntry");
        added.addString("Id", entry.id);
        addSendResult(added, entry.result);
    }
    addFailures(output, sent->failed);
    return output;
}

SqsResult deleteMessageBatch(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    std::vector<core::DeleteMessageBatchEntry> entries;
    for (auto& member : input.entries({"Entries", "DeleteMessageBatchRequestEntry"})) {
        core::DeleteMessageBatchEntry entry;
        entry.id = member.requiredString("Id");
        entry.receiptHandle = member.requiredString("ReceiptHandle");
        entries.push_back(std::move(entry));
    }
    if (auto failed = input.failure())
        return *failed;
    auto deleted = call.queues.deleteMessageBatch(queue, entries);
    if (!deleted)
        return deleted.error();
    return batchOutput(*deleted, "DeleteMessageBatchResultEntry");
}

SqsResult changeMessageVisibilityBatch(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    std::vector<core::ChangeMessageVisibilityBatchEntry> entries;
    for (auto& member : input.entries({"Entries", "ChangeMessageVisibilityBatchRequestEntry"})) {
        core::ChangeMessageVisibilityBatchEntry entry;
        entry.id = member.requiredString("Id");
        entry.receiptHandle = member.requiredString("ReceiptHandle");
        entry.visibilityTimeout = member.optionalInt("VisibilityTimeout").value_or(0); // optional in the model
        entries.push_back(std::move(entry));
    }
    if (auto failed = input.failure())
        return *failed;
    auto changed = call.queues.changeMessageVisibilityBatch(queue, entries);
    if (!changed)
        return changed.error();
    return batchOutput(*changed, "ChangeMessageVisibilityBatchResultEntry");
}

} // namespace

void addBatchOperations(SqsOperations& operations)
{
    operations.emplace("SendMessageBatch", answerAtOnce(sendMessageBatch));
    operations.emplace("DeleteMessageBatch", answerAtOnce(deleteMessageBatch));
    operations.emplace("ChangeMessageVisibilityBatch", answerAtOnce(changeMessageVisibilityBatch));
}

} // namespace lambdadesk::bridge
