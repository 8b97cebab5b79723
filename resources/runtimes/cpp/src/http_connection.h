// SPDX-License-Identifier: MIT
#pragma once

#include "http_response.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <vector>

namespace lambdadesk::runtime {

/// A blocking HTTP/1.1 client on one persistent TCP connection (keep-alive, TCP_NODELAY).
/// Requests carry a Content-Length; responses are framed by Content-Length (chunked and
/// read-until-close are understood too). A connection the server dropped is reopened once per request.
class HttpConnection {
public:
    struct Header {
        std::string_view name;
        std::string_view value;
    };

    /// address is "host:port" (an IPv6 host in brackets). Check isValid() afterwards.
    explicit HttpConnection(std::string_view address);
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    [[nodiscard]] bool isValid() const noexcept { return m_addressLength != 0; }

    /// Sends one request and reads its response into response. Returns false when no response could be
    /// obtained even after reconnecting (the server is gone). `pipelined`, when not empty, is a further request
    /// (from encodeRequest) sent in the same write; its answer stays on the connection for readPipelined().
    bool request(std::string_view method, std::string_view target, std::string_view body,
                 std::span<const Header> headers, HttpResponse& response, std::string_view pipelined = {});
    /// A bodiless request's bytes, for request()'s `pipelined`.
    [[nodiscard]] std::string encodeRequest(std::string_view method, std::string_view target) const;
    /// Whether the last request() sent a pipelined request whose answer has not been read yet (false when the
    /// server closed the connection after the first answer: it never read the second request).
    [[nodiscard]] bool hasPipelined() const noexcept { return m_pipelinedPending; }
    /// Reads the answer to the pipelined request. False (and the connection closed) when it cannot.
    bool readPipelined(HttpResponse& response);

private:
    bool connect();
    void close() noexcept;
    bool sendRequest(std::string_view body, std::string_view pipelined);
    bool readResponse(HttpResponse& response);
    bool readHead(HttpResponse& response);
    bool readBody(std::size_t length, std::string& body);
    bool readChunkedBody(std::string& body);
    bool readLine(std::string_view& line);
    bool fill();
    void consume(std::size_t count) noexcept;
    [[nodiscard]] std::string_view buffered() const noexcept;

    sockaddr_storage m_address{};
    socklen_t m_addressLength = 0;
    std::string m_hostHeader;
    int m_fd = -1;
    std::string m_head;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
    bool m_pipelinedPending = false;
};

} // namespace lambdadesk::runtime
