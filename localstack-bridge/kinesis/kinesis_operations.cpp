// SPDX-License-Identifier: MIT
#include "kinesis/kinesis_operations.h"

#include "kinesis/kinesis_requests.h"
#include "kinesis/kinesis_responses.h"

#include <streams/stream_service.h>

#include <array>
#include <utility>

namespace lambdadesk::bridge::kinesis {
namespace {

using Json = nlohmann::json;
using Result = core::Expected<Json>;
using Operation = Result (*)(core::StreamService&, const Json&);

/// Operations without output members answer an empty object.
Result emptyResult(const core::Expected<void>& done)
{
    if (!done)
        return done.error();
    return Json::object();
}

template <typename Value, typename Render> Result render(const core::Expected<Value>& value, Render toJson)
{
    if (!value)
        return value.error();
    return toJson(*value);
}

constexpr std::array<std::pair<std::string_view, Operation>, 24> kOperations = {{
    {"CreateStream",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = createStreamFromJson(body);
         return request ? emptyResult(streams.createStream(*request)) : Result(request.error());
     }},
    {"DeleteStream",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto stream = streamFromJson(body);
         return stream ? emptyResult(streams.deleteStream(*stream)) : Result(stream.error());
     }},
    {"DescribeStream",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = describeStreamFromJson(body);
         return request ? render(streams.describeStream(*request), describeStreamToJson) : Result(request.error());
     }},
    {"DescribeStreamSummary",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto stream = streamFromJson(body);
         return stream ? render(streams.describeStreamSummary(*stream), describeStreamSummaryToJson)
                       : Result(stream.error());
     }},
    {"ListStreams",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = listStreamsFromJson(body);
         return request ? render(streams.listStreams(*request), listStreamsToJson) : Result(request.error());
     }},
    {"ListShards",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = listShardsFromJson(body);
         return request ? render(streams.listShards(*request), listShardsToJson) : Result(request.error());
     }},
    {"PutRecord",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = putRecordFromJson(body);
         return request ? render(streams.putRecord(*request), putRecordToJson) : Result(request.error());
     }},
    {"PutRecords",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = putRecordsFromJson(body);
         return request ? render(streams.putRecords(request->stream, request->records), putRecordsToJson)
                        : Result(request.error());
     }},
    {"GetShardIterator",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = getShardIteratorFromJson(body);
         return request ? render(streams.getShardIterator(*request), getShardIteratorToJson) : Result(request.error());
     }},
    {"GetRecords",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = getRecordsFromJson(body);
         return request ? render(streams.getRecords(*request), getRecordsToJson) : Result(request.error());
     }},
    {"IncreaseStreamRetentionPeriod",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = retentionFromJson(body);
         return request
                    ? emptyResult(streams.increaseStreamRetentionPeriod(request->stream, request->retentionPeriodHours))
                    : Result(request.error());
     }},
    {"DecreaseStreamRetentionPeriod",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = retentionFromJson(body);
         return request
                    ? emptyResult(streams.decreaseStreamRetentionPeriod(request->stream, request->retentionPeriodHours))
                    : Result(request.error());
     }},
    {"SplitShard",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = splitShardFromJson(body);
         return request ? emptyResult(streams.splitShard(*request)) : Result(request.error());
     }},
    {"MergeShards",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = mergeShardsFromJson(body);
         return request ? emptyResult(streams.mergeShards(*request)) : Result(request.error());
     }},
    {"UpdateShardCount",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = updateShardCountFromJson(body);
         return request ? render(streams.updateShardCount(*request), updateShardCountToJson) : Result(request.error());
     }},
    {"UpdateStreamMode",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = updateStreamModeFromJson(body);
         return request ? emptyResult(streams.updateStreamMode(request->streamArn, request->streamMode))
                        : Result(request.error());
     }},
    {"DescribeLimits",
     [](core::StreamService& streams, const Json&) -> Result {
         return render(streams.describeLimits(), describeLimitsToJson);
     }},
    {"AddTagsToStream",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = addTagsFromJson(body);
         return request ? emptyResult(streams.addTagsToStream(request->stream, request->tags))
                        : Result(request.error());
     }},
    {"RemoveTagsFromStream",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = removeTagsFromJson(body);
         return request ? emptyResult(streams.removeTagsFromStream(request->stream, request->tagKeys))
                        : Result(request.error());
     }},
    {"ListTagsForStream",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = listTagsFromJson(body);
         return request ? render(streams.listTagsForStream(*request), listTagsToJson) : Result(request.error());
     }},
    {"RegisterStreamConsumer",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = consumerFromJson(body);
         return request ? render(streams.registerStreamConsumer(request->streamArn, request->consumerName),
                                 registerConsumerToJson)
                        : Result(request.error());
     }},
    {"DescribeStreamConsumer",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = consumerFromJson(body);
         return request ? render(streams.describeStreamConsumer(*request), describeConsumerToJson)
                        : Result(request.error());
     }},
    {"ListStreamConsumers",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = listConsumersFromJson(body);
         return request ? render(streams.listStreamConsumers(*request), listConsumersToJson)
                        : Result(request.error());
     }},
    {"DeregisterStreamConsumer",
     [](core::StreamService& streams, const Json& body) -> Result {
         auto request = consumerFromJson(body);
         return request ? emptyResult(streams.deregisterStreamConsumer(*request)) : Result(request.error());
     }},
}};

} // namespace

core::Expected<nlohmann::json> runOperation(core::StreamService& streams, std::string_view operation,
                                            const nlohmann::json& body)
{
    for (const auto& [name, run] : kOperations) {
        if (name == operation)
            return run(streams, body);
    }
    return core::Error{"UnknownOperationException", "LambdaDesk's Kinesis does not support the operation '" +
                                                        std::string(operation) +
                                                        "'. Supported: " + supportedOperations() + "."};
}

std::string supportedOperations()
{
    std::string list;
    for (const auto& [name, run] : kOperations) {
        (void)run;
        list += (list.empty() ? "" : ", ") + std::string(name);
    }
    return list;
}

} // namespace lambdadesk::bridge::kinesis
