// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lambdadesk::bench {

/// A minimal blocking HTTP/1.1 client on one keep-alive connection (TCP_NODELAY), as load generators
/// like wrk use: no TLS, no chunked responses (the endpoints measured send Content-Length).
class HttpLoadClient {
public:
    HttpLoadClient(const std::string& host, std::uint16_t port);
    ~HttpLoadClient();
    HttpLoadClient(const HttpLoadClient&) = delete;
    HttpLoadClient& operator=(const HttpLoadClient&) = delete;

    struct Response {
        int status = 0;
        std::string body;
    };

    /// Sends one request and reads its response; reconnects once if the server closed the connection.
    Response request(const std::string& method, const std::string& target, const std::string& body,
                     const std::vector<std::pair<std::string, std::string>>& headers = {});

private:
    void connect();
    bool exchange(const std::string& wire, Response& response);

    std::string m_host;
    std::uint16_t m_port;
    int m_socket = -1;
    std::string m_buffer;
};

/// A free TCP port on 127.0.0.1 (bound and released; racy but fine for a benchmark).
std::uint16_t freePort();

}  // namespace lambdadesk::bench
