// SPDX-License-Identifier: MIT
#include "dap_wire.h"

#include <charconv>

namespace lambdadesk::debugger {

std::string frameDapMessage(const nlohmann::json& message)
{
    const auto body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

void DapFrameReader::append(std::string_view bytes)
{
    m_buffer.append(bytes);
}

std::optional<core::Expected<nlohmann::json>> DapFrameReader::next()
{
    const auto headerEnd = m_buffer.find("\r\n\r\n");
    if (headerEnd == std::string::npos) {
        if (m_buffer.size() > 4096)
            return core::Expected<nlohmann::json>(core::Error{
                "Dap.BadFrame", "no end of header in the first 4096 bytes (expected \"Content-Length: N\\r\\n\\r\\n\")"});
        return std::nullopt;
    }
    // Header fields other than Content-Length are allowed and ignored, as the specification says.
    std::size_t length = 0;
    bool found = false;
    std::size_t lineStart = 0;
    while (lineStart < headerEnd) {
        auto lineEnd = m_buffer.find("\r\n", lineStart);
        if (lineEnd == std::string::npos || lineEnd > headerEnd)
            lineEnd = headerEnd;
        const std::string_view line(m_buffer.data() + lineStart, lineEnd - lineStart);
        constexpr std::string_view name = "Content-Length:";
        if (line.substr(0, name.size()) == name) {
            auto value = line.substr(name.size());
            while (!value.empty() && value.front() == ' ')
                value.remove_prefix(1);
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
            found = ec == std::errc() && end == value.data() + value.size();
            if (!found)
                break;
        }
        lineStart = lineEnd + 2;
    }
    if (!found)
        return core::Expected<nlohmann::json>(
            core::Error{"Dap.BadFrame", "header without a valid Content-Length: '" + m_buffer.substr(0, headerEnd) + "'"});
    const auto bodyStart = headerEnd + 4;
    if (m_buffer.size() - bodyStart < length)
        return std::nullopt;
    auto message = nlohmann::json::parse(m_buffer.begin() + static_cast<std::ptrdiff_t>(bodyStart),
                                         m_buffer.begin() + static_cast<std::ptrdiff_t>(bodyStart + length), nullptr,
                                         false);
    m_buffer.erase(0, bodyStart + length);
    if (message.is_discarded() || !message.is_object())
        return core::Expected<nlohmann::json>(
            core::Error{"Dap.BadMessage", "a DAP message must be a JSON object ({\"seq\", \"type\", …})"});
    return core::Expected<nlohmann::json>(std::move(message));
}

}  // namespace lambdadesk::debugger
