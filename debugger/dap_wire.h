// SPDX-License-Identifier: MIT
#pragma once

// The Debug Adapter Protocol's framing: "Content-Length: N\r\n\r\n" and N bytes of UTF-8 JSON. Used both as a
// client (to debugpy) and as a server (editors attached to LambdaDesk).

#include "model/expected.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace lambdadesk::debugger {

/// One message, framed for the wire.
std::string frameDapMessage(const nlohmann::json& message);

/// Cuts a byte stream into messages. A malformed header or body is an error that names it; the stream is
/// then unusable (DAP has no way to resynchronise).
class DapFrameReader {
public:
    void append(std::string_view bytes);
    /// The next complete message, nothing when more bytes are needed, or an error.
    std::optional<core::Expected<nlohmann::json>> next();

private:
    std::string m_buffer;
};

}  // namespace lambdadesk::debugger
