// SPDX-License-Identifier: MIT
#pragma once

#include "queues/queue_types.h"

#include <string>
#include <string_view>

namespace lambdadesk::core {

/// MD5OfMessageBody / MD5OfBody: lowercase hex MD5 of the UTF-8 body.
std::string md5OfMessageBody(std::string_view body);

/// MD5OfMessageAttributes (and MD5OfMessageSystemAttributes): lowercase hex MD5 of the AWS byte layout
/// below; empty for no attributes, because AWS then omits the member.
std::string md5OfMessageAttributes(const MessageAttributes& attributes);

/// The byte layout AWS hashes: attributes sorted by name, each as length-prefixed (4-byte big-endian)
/// name and DataType, a transport byte (1 String/Number, 2 Binary) and the length-prefixed value.
/// It is lossless, so the store keeps message attributes in this form too.
std::string encodeMessageAttributes(const MessageAttributes& attributes);
/// Reverses encodeMessageAttributes; false on malformed bytes.
bool decodeMessageAttributes(std::string_view bytes, MessageAttributes& attributes);

/// True for Binary and Binary.<label> data types.
bool isBinaryDataType(std::string_view dataType);

} // namespace lambdadesk::core
