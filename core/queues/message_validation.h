// SPDX-License-Identifier: MIT
// SQS's input rules for message contents, attributes, ids and queue names, with AWS's error messages.
#pragma once

#include "model/expected.h"
#include "queues/queue_types.h"

#include <cstddef>
#include <string_view>
#include <vector>

namespace lambdadesk::core {

/// SQS's character rule: valid UTF-8 of #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF.
bool isValidMessageText(std::string_view text);
/// A body must be non-empty and follow the character rule.
Expected<void> validateMessageBody(std::string_view body);
/// Names, data types and values of user attributes (at most 10).
Expected<void> validateMessageAttributes(const MessageAttributes& attributes);
/// MessageSystemAttributes: only AWSTraceHeader, a String.
Expected<void> validateMessageSystemAttributes(const MessageAttributes& attributes);
/// What attributes count towards MaximumMessageSize: name, data type and value bytes.
std::size_t messageAttributesSize(const MessageAttributes& attributes);
/// MessageGroupId / MessageDeduplicationId: 1–128 alphanumeric or punctuation characters.
Expected<void> validateFifoId(std::string_view value, std::string_view parameter);
/// The request-level rules of a batch: 1–10 entries, ids of [A-Za-z0-9_-]{1,80}, distinct.
/// `entryName` is the member name AWS uses in its message, e.g. "SendMessageBatchRequestEntry".
Expected<void> validateBatchEntryIds(const std::vector<std::string_view>& ids, std::string_view entryName);
/// The same for any batch whose entries have an `id` member.
template <typename Entries>
Expected<void> validateBatchEntries(const Entries& entries, std::string_view entryName)
{
    std::vector<std::string_view> ids;
    ids.reserve(entries.size());
    for (const auto& entry : entries)
        ids.emplace_back(entry.id);
    return validateBatchEntryIds(ids, entryName);
}
/// 1–80 characters of [A-Za-z0-9_-]; FIFO names end in ".fifo", which counts towards the 80.
Expected<void> validateQueueName(std::string_view name, bool fifo);

} // namespace lambdadesk::core
