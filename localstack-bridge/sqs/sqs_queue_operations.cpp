// SPDX-License-Identifier: MIT
// SQS queue operations: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, PurgeQueue,
// GetQueueAttributes, SetQueueAttributes, ListDeadLetterSourceQueues.
#include "sqs/sqs_operations.h"

#include <encoding/base64.h>
#include <queues/queue_errors.h>
#include <queues/queue_service.h>

#include <algorithm>
#include <charconv>

namespace lambdadesk::bridge {
namespace {

namespace queue_error = core::queue_error;

SqsResult createQueue(SqsCall& call, SqsInput& input)
{
    core::CreateQueueRequest request;
    request.queueName = input.requiredString("QueueName");
    request.attributes = input.stringMap({"Attributes", "Attribute"});
    // The model spells the member `tags`; accept `Tags` as well, as TagQueue spells it.
    request.tags = input.stringMap({"tags", "Tag"}, "Key", "Value");
    if (request.tags.empty())
        request.tags = input.stringMap({"Tags", "Tag"}, "Key", "Value");
    if (auto failed = input.failure())
        return *failed;
    auto url = call.queues.createQueue(request);
    if (!url)
        return url.error();
    if (!request.tags.empty()) {
        if (auto arn = existingQueueArn(call.queues, *url))
            call.memory.tag(*arn, request.tags);
    }
    SqsOutput output;
    output.addString("QueueUrl", *url);
    return output;
}

SqsResult getQueueUrl(SqsCall& call, SqsInput& input)
{
    const auto name = input.requiredString("QueueName");
    input.optionalString("QueueOwnerAWSAccountId"); // one account here: any owner is this one
    if (auto failed = input.failure())
        return *failed;
    auto url = call.queues.getQueueUrl(name);
    if (!url)
        return url.error();
    SqsOutput output;
    output.addString("QueueUrl", *url);
    return output;
}

SqsResult listQueues(SqsCall& call, SqsInput& input)
{
    core::ListQueuesRequest request;
    request.queueNamePrefix = input.optionalString("QueueNamePrefix").value_or("");
    request.maxResults = input.optionalInt("MaxResults");
    request.nextToken = input.optionalString("NextToken").value_or("");
    if (auto failed = input.failure())
        return *failed;
    auto listed = call.queues.listQueues(request);
    if (!listed)
        return listed.error();
    SqsOutput output;
    if (!listed->queueUrls.empty())
        output.addStringList("QueueUrls", "QueueUrl", std::move(listed->queueUrls));
    if (!listed->nextToken.empty())
        output.addString("NextToken", listed->nextToken);
    return output;
}

SqsResult deleteQueue(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    if (auto failed = input.failure())
        return *failed;
    const auto arn = existingQueueArn(call.queues, queue);
    if (auto deleted = call.queues.deleteQueue(queue); !deleted)
        return deleted.error();
    if (arn)
        call.memory.forgetQueue(*arn);
    return SqsOutput::none();
}

SqsResult purgeQueue(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    if (auto failed = input.failure())
        return *failed;
    if (auto purged = call.queues.purgeQueue(queue); !purged)
        return purged.error();
    return SqsOutput::none();
}

SqsResult getQueueAttributes(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    const auto names = input.stringList({"AttributeNames", "AttributeName"});
    if (auto failed = input.failure())
        return *failed;
    auto attributes = call.queues.getQueueAttributes(queue, names);
    if (!attributes)
        return attributes.error();
    SqsOutput output;
    if (!attributes->empty())
        output.addStringMap("Attributes", "Attribute", *attributes);
    return output;
}

SqsResult setQueueAttributes(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    const auto attributes = input.stringMap({"Attributes", "Attribute"});
    if (auto failed = input.failure())
        return *failed;
    if (auto set = call.queues.setQueueAttributes(queue, attributes); !set)
        return set.error();
    return SqsOutput::none();
}

/// Core lists every source queue; the pages AWS's MaxResults/NextToken ask for are cut here. The token
/// is the base64 of the offset of the next page.
SqsResult listDeadLetterSourceQueues(SqsCall& call, SqsInput& input)
{
    const auto queue = input.queueUrl();
    const auto maxResults = input.optionalInt("MaxResults");
    const auto nextToken = input.optionalString("NextToken").value_or("");
    if (auto failed = input.failure())
        return *failed;
    if (maxResults && (*maxResults < 1 || *maxResults > 1000))
        return queue_error::invalidParameter("MaxResults", std::to_string(*maxResults),
                                             "MaxResults must be an integer between 1 and 1000.");
    std::size_t offset = 0;
    if (!nextToken.empty()) {
        std::string decoded;
        const bool decodedOk = core::decodeBase64(nextToken, decoded);
        const auto [end, status] = std::from_chars(decoded.data(), decoded.data() + decoded.size(), offset);
        if (!decodedOk || status != std::errc() || end != decoded.data() + decoded.size())
            return queue_error::make(queue_error::kInvalidParameterValue, "Invalid NextToken value.");
    }
    auto urls = call.queues.listDeadLetterSourceQueues(queue);
    if (!urls)
        return urls.error();
    offset = std::min(offset, urls->size());
    std::vector<std::string> page;
    const std::size_t limit = maxResults ? static_cast<std::size_t>(*maxResults) : 1000;
    for (std::size_t i = offset; i < urls->size() && page.size() < limit; ++i)
        page.push_back((*urls)[i]);
    SqsOutput output;
    // queueUrls (lower-case q) is required by the model, so it is written even when empty.
    output.addStringList("queueUrls", "QueueUrl", std::move(page));
    if (maxResults && offset + limit < urls->size())
        output.addString("NextToken", core::encodeBase64(std::to_string(offset + limit)));
    return output;
}

} // namespace

core::Expected<std::string> existingQueueArn(core::QueueService& queues, const std::string& queue)
{
    auto attributes = queues.getQueueAttributes(queue, {"QueueArn"});
    if (!attributes)
        return attributes.error();
    const auto found = attributes->find("QueueArn");
    if (found == attributes->end())
        return queue_error::nonExistentQueue();
    return found->second;
}

SqsOperation answerAtOnce(SqsResult (*operation)(SqsCall&, SqsInput&))
{
    return [operation](SqsCall& call, SqsInput& input, const SqsReply& reply) { reply(operation(call, input)); };
}

void addQueueOperations(SqsOperations& operations)
{
    operations.emplace("CreateQueue", answerAtOnce(createQueue));
    operations.emplace("GetQueueUrl", answerAtOnce(getQueueUrl));
    operations.emplace("ListQueues", answerAtOnce(listQueues));
    operations.emplace("DeleteQueue", answerAtOnce(deleteQueue));
    operations.emplace("PurgeQueue", answerAtOnce(purgeQueue));
    operations.emplace("GetQueueAttributes", answerAtOnce(getQueueAttributes));
    operations.emplace("SetQueueAttributes", answerAtOnce(setQueueAttributes));
    operations.emplace("ListDeadLetterSourceQueues", answerAtOnce(listDeadLetterSourceQueues));
}

} // namespace lambdadesk::bridge
