// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "net/http_message.h"
#include "net/http_stream.h"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace lambdadesk::core::net {

struct HttpServerOptions {
    std::string bindAddress = "127.0.0.1";
    std::uint16_t port = 0;                    ///< 0 = an ephemeral port
    std::size_t bodyLimit = 6 * 1024 * 1024;   ///< larger bodies reach the handler with bodyTooLarge set
    /// Longest wait for the rest of a request once its first byte arrived; zero = no limit.
    std::chrono::milliseconds requestReadTimeout{30000};
};

/// An HTTP/1.1 server (Beast listener → session → handler) with keep-alive. Pipelined requests are served one
/// after the other, in order: the next is read (from what already arrived) once the answer before it is written.
/// Requests are read whole for the handler, or, where `streaming` wants them, streamed both ways (see http_stream.h).
/// All of its work runs on the executor given at start, typically a strand, so handlers see
/// the same serialisation as the object that owns the server.
class HttpServer {
public:
    virtual ~HttpServer() = default;

    /// Binds and starts accepting. A taken port or a bad address is an Error naming it.
    static Expected<std::unique_ptr<HttpServer>> start(const boost::asio::any_io_executor& executor,
                                                       const HttpServerOptions& options, HttpHandler handler,
                                                       HttpStreaming streaming = {});

    [[nodiscard]] virtual std::uint16_t port() const = 0;
    /// Stops accepting and closes every connection. Must run on the server's executor.
    virtual void stop() = 0;
};

}  // namespace lambdadesk::core::net
