// SPDX-License-Identifier: MIT
// Plain request and result structs of the queue service: the shapes of SQS's API without its wire
// formats (the bridge maps query and JSON protocol members onto these one to one).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// A user message attribute. DataType is String, Number or Binary, optionally with a custom label
/// ("Number.int"); String and Number carry stringValue, Binary carries binaryValue (raw bytes, not base64).
struct MessageAttributeValue {
    std::string dataType;
    std::string stringValue;
    std::string binaryValue;

    bool operator==(const MessageAttributeValue&) const = default;
};

/// Attributes by name; ordered by name because that is the order AWS's MD5 needs.
using MessageAttributes = std::map<std::string, MessageAttributeValue>;
/// Queue attributes on the wire: names to string values (numbers and booleans included).
using QueueAttributeMap = std::map<std::string, std::string>;

/// RedrivePolicy: where messages go once they were received more than maxReceiveCount times.
struct RedrivePolicy {
    std::string deadLetterTargetArn;
    int maxReceiveCount = 0;
};

/// Every attribute a queue can have, typed, with AWS's defaults (botocore 1.29 model; message sizes as AWS
/// raised them in August 2025: 1 MiB, for every client version).
struct QueueAttributes {
    int delaySeconds = 0;
    int maximumMessageSize = 1048576;
    int messageRetentionPeriod = 345600;
    int receiveMessageWaitTimeSeconds = 0;
    int visibilityTimeout = 30;
    std::optional<RedrivePolicy> redrivePolicy;
    std::string redriveAllowPolicy; ///< normalized JSON, empty when not set
    std::string policy;             ///< JSON as given, empty when not set
    std::string kmsMasterKeyId;
    int kmsDataKeyReusePeriodSeconds = 300;
    bool sqsManagedSseEnabled = true;
    bool fifoQueue = false;
    bool contentBasedDeduplication = false;
    std::string deduplicationScope = "queue";     ///< queue | messageGroup
    std::string fifoThroughputLimit = "perQueue"; ///< perQueue | perMessageGroupId
};

struct CreateQueueRequest {
    std::string queueName;
    QueueAttributeMap attributes;
    std::map<std::string, std::string> tags;
};

struct ListQueuesRequest {
    std::string queueNamePrefix;
    std::optional<int> maxResults; ///< 1–1000; NextToken is only returned when this is set, as on AWS
    std::string nextToken;
};

struct ListQueuesResult {
    std::vector<std::string> queueUrls;
    std::string nextToken;
};

/// `queueUrl` everywhere accepts a queue URL (its last path segment names the queue), an ARN or a bare name.
struct SendMessageRequest {
    std::string queueUrl;
    std::string messageBody;
    std::optional<int> delaySeconds;
    MessageAttributes messageAttributes;
    MessageAttributes messageSystemAttributes; ///< AWSTraceHeader only
    std::string messageGroupId;
    std::string messageDeduplicationId;
};

struct SendMessageResult {
    std::string messageId;
    std::string md5OfMessageBody;
    std::string md5OfMessageAttributes;       ///< empty when the message has no attributes
    std::string md5OfMessageSystemAttributes; ///< empty without AWSTraceHeader
    std::string sequenceNumber;               ///< FIFO only
};

struct SendMessageBatchEntry {
    std::string id;
    std::string messageBody;
    std::optional<int> delaySeconds;
    MessageAttributes messageAttributes;
    MessageAttributes messageSystemAttributes;
    std::string messageGroupId;
    std::string messageDeduplicationId;
};

/// One failed entry of a batch request (BatchResultErrorEntry).
struct BatchResultError {
    std::string id;
    bool senderFault = true;
    std::string code;
    std::string message;
};

struct SendMessageBatchResultEntry {
    std::string id;
    SendMessageResult result;
};

struct SendMessageBatchResult {
    std::vector<SendMessageBatchResultEntry> successful;
    std::vector<BatchResultError> failed;
};

struct ReceiveMessageRequest {
    std::string queueUrl;
    int maxNumberOfMessages = 1;
    std::optional<int> visibilityTimeout;    ///< default: the queue's VisibilityTimeout
    std::optional<int> waitTimeSeconds;      ///< default: the queue's ReceiveMessageWaitTimeSeconds
    std::vector<std::string> attributeNames; ///< system attributes (AttributeNames / MessageSystemAttributeNames)
    std::vector<std::string> messageAttributeNames; ///< All, .*, prefix.* or exact names
    std::string receiveRequestAttemptId;            ///< accepted, not used
};

struct ReceivedMessage {
    std::string messageId;
    std::string receiptHandle;
    std::string body;
    std::string md5OfBody;
    std::string md5OfMessageAttributes; ///< of the attributes returned; empty when none are
    std::map<std::string, std::string> attributes;
    MessageAttributes messageAttributes;
};

struct ReceiveMessageResult {
    std::vector<ReceivedMessage> messages;
};

struct DeleteMessageBatchEntry {
    std::string id;
    std::string receiptHandle;
};

struct ChangeMessageVisibilityBatchEntry {
    std::string id;
    std::string receiptHandle;
    int visibilityTimeout = 0;
};

/// Result of DeleteMessageBatch and ChangeMessageVisibilityBatch: the ids that succeeded and the failures.
struct BatchResult {
    std::vector<std::string> successful;
    std::vector<BatchResultError> failed;
};

/// What a DLQ redrive (StartMessageMoveTask) did.
struct MessageMoveResult {
    std::int64_t approximateNumberOfMessagesMoved = 0;
    std::int64_t approximateNumberOfMessagesToMove = 0;
    std::int64_t failed = 0; ///< messages left in the DLQ (their source queue is gone)
};

/// A cheap snapshot of a queue for the GUI and metrics.
struct QueueStats {
    std::int64_t visible = 0;
    std::int64_t inFlight = 0;
    std::int64_t delayed = 0;
    std::int64_t oldestAgeMs = 0; ///< age of the oldest message by its SentTimestamp; 0 when empty
};

/// A message as a browser sees it (QueueService::peekMessages): looking at it changes nothing — not its
/// receive count, its visibility or its receipt handles.
struct PeekedMessage {
    enum class State {
        Visible,  ///< in the queue; for FIFO it may still wait behind its group's message in flight
        InFlight, ///< received, hidden until visibleAtMs
        Delayed,  ///< sent with a delay that ends at visibleAtMs
    };

    std::string messageId;
    std::string body;
    std::string md5OfBody;
    std::int64_t sentTimestampMs = 0;
    int approximateReceiveCount = 0;
    State state = State::Visible;
    std::int64_t visibleAtMs = 0; ///< InFlight: end of the visibility timeout; Delayed: end of the delay; else 0
    std::string messageGroupId;      ///< FIFO only
    std::string deadLetterSourceArn; ///< set on messages a redrive policy moved here
    MessageAttributes messageAttributes;
};

/// What happened to a queue; the engine turns these into telemetry events.
enum class QueueChangeKind {
    Created,
    Deleted,
    AttributesChanged,
    Purged,
    MessagesSent,
    MessagesReceived,
    MessagesDeleted,
    VisibilityChanged,
    MovedToDeadLetterQueue,
    Redriven,
    Expired,
};

struct QueueChange {
    std::string queueName;
    QueueChangeKind kind = QueueChangeKind::MessagesSent;
    std::int64_t count = 0; ///< messages concerned, when the change is about messages
};

using QueueChangeListener = std::function<void(const QueueChange&)>;

} // namespace lambdadesk::core
