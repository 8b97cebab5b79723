// SPDX-License-Identifier: MIT
// SQS message operations: SendMessage, ReceiveMessage (long polls answer later), DeleteMessage,
// ChangeMessageVisibility.
#include "sqs/sqs_operations.h"

#include <queues/queue_service.h>

namespace lambdadesk::bridge {
namespace {

SqsResult sendMessage(SqsCall& call, SqsInput& input)
{
    core::SendMessageRequest request;
    request.queueUrl = input.queueUrl();
    request.messageBody = input.requiredString("MessageBody");
    request.delaySeconds = input.optionalInt("DelaySeconds");
    request.messageAttributes = input.messageAttributes({"MessageAttributes", "MessageAttribute"});
    request.messageSystemAttributes = input.messageAttributes({"MessageSystemAttributes", "MessageSystemAttribute"});
    request.messageGroupId = input.optionalString("MessageGroupId").value_or("");
    request.messageDeduplicationId = input.optionalString("MessageDeduplicationId").value_or("");
    if (auto failed = input.failure())
        return *failed;
    auto sent = call.queues.sendMessage(request);
    if (!sent)
        return sent.error();
    SqsOutput output;
    addSendResult(output, *sent);
    return output;
}

SqsOutput receiveOutput(const core::ReceiveMessageResult& received)
{
    SqsOutput output;
    for (const auto& message : received.messages) {
        auto& entry = output.appendEntry("Messages", "Message");
        entry.addString("MessageId", message.messageId);
        entry.addString("ReceiptHandle", message.receiptHandle);
        entry.addString("MD5OfBody", message.md5OfBody);
        entry.addString("Body", message.body);
        if (!message.attributes.empty())
            entry.addStringMap("Attributes", "Attribute", message.attributes);
        if (!message.md5OfMessageAttributes.empty())
            entry.addString("MD5OfMessageAttributes", message.md5OfMessageAttributes);
        if (!message.messageAttributes.empty())
            entry.addMessageAttributes("MessageAttributes", "MessageAttribute", message.messageAttributes);
    }
    return output;
}

void receiveMessage(SqsCall& call, SqsInput& input, const SqsReply& reply)
{
    core::ReceiveMessageRequest request;
    request.queueUrl = input.queueUrl();
    request.maxNumberOfMessages = input.optionalInt("MaxNumberOfMessages").value_or(1);
    request.visibilityTimeout = input.optionalInt("VisibilityTimeout");
    request.waitTimeSeconds = input.optionalInt("WaitTimeSeconds");
    // Newer models renamed AttributeNames to MessageSystemAttributeNames; clients send either.
    request.attributeNames = input.stringList({"AttributeNames", "AttributeName"});
    for (auto& name : input.stringList({"MessageSystemAttributeNames", "MessageSystemAttributeName"}))
        request.attributeNames.push_back(std::move(name));
    request.messageAttributeNames = input.stringList({"MessageAttributeNames", "MessageAttributeName"});
    request.receiveRequestAttemptId = input.optionalString("ReceiveRequestAttemptId").value_or("");
    if (auto failed = input.failure()) {
        reply(*failed);
        return;
    }
    // A long poll answers from an executor thread when a message arrives or the wait ends.
    call.queues.receiveMessage(request, [reply](core::Expected<core::ReceiveMessageResult> received) {
        if (!received)
            reply(received.error());
        else
            reply(receiveOutput(*received));
    });
}

SqsResult deleteMessage(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    const auto receiptHandle = input.requiredString("ReceiptHandle");
    if (auto failed = input.failure())
        return *failed;
    if (auto deleted = call.queues.deleteMessage(queue, receiptHandle); !deleted)
        return deleted.error();
    return SqsOutput::none();
}

SqsResult changeMessageVisibility(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    const auto receiptHandle = input.requiredString("ReceiptHandle");
    const auto visibilityTimeout = input.requiredInt("VisibilityTimeout");
    if (auto failed = input.failure())
        return *failed;
    if (auto changed = call.queues.changeMessageVisibility(queue, receiptHandle, visibilityTimeout); !changed)
        return changed.error();
    return SqsOutput::none();
}

} // namespace

void addSendResult(SqsOutput& output, const core::SendMessageResult& sent)
{
    output.addString("MessageId", sent.messageId);
    output.addString("MD5OfMessageBody", sent.md5OfMessageBody);
    if (!sent.md5OfMessageAttributes.empty())
        output.addString("MD5OfMessageAttributes", sent.md5OfMessageAttributes);
    if (!sent.md5OfMessageSystemAttributes.empty())
        output.addString("MD5OfMessageSystemAttributes", sent.md5OfMessageSystemAttributes);
    if (!sent.sequenceNumber.empty())
        output.addString("SequenceNumber", sent.sequenceNumber);
}

void addMessageOperations(SqsOperations& operations)
{
    operations.emplace("SendMessage", answerAtOnce(sendMessage));
    operations.emplace("ReceiveMessage", receiveMessage);
    operations.emplace("DeleteMessage", answerAtOnce(deleteMessage));
    operations.emplace("ChangeMessageVisibility", answerAtOnce(changeMessageVisibility));
}

} // namespace lambdadesk::bridge
