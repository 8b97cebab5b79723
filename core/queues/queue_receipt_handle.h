// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lambdadesk::core {

/// What a receipt handle names: one receive of one message. A handle is current while the message's
/// receive count still equals `receiveCount`; after the next receive it is stale (deletes succeed
/// without deleting, as on AWS). Nothing is stored per handle, so handles survive restarts.
struct ReceiptHandle {
    std::int64_t queueId = 0;
    std::int64_t messageKey = 0;
    int receiveCount = 0;
};

std::string encodeReceiptHandle(const ReceiptHandle& handle);
/// nullopt when `text` is not a handle this service issued (ReceiptHandleIsInvalid).
std::optional<ReceiptHandle> decodeReceiptHandle(std::string_view text);

} // namespace lambdadesk::core
