// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>

namespace lambdadesk::debugger {

/// A Debug Adapter Protocol client over a loopback TCP connection (to debugpy's adapter). Requests are
/// answered through futures; events arrive in order on a dispatch thread of their own, so a handler may make
/// requests and wait for them. Thread-safe.
class DapClient {
public:
    using EventHandler = std::function<void(const std::string& event, const nlohmann::json& body)>;
    using ClosedHandler = std::function<void(const std::string& why)>;

    /// Connects to 127.0.0.1:port. Errors name the port and why.
    static core::Expected<std::unique_ptr<DapClient>> connect(int port, EventHandler onEvent, ClosedHandler onClosed,
                                                              std::chrono::milliseconds timeout);
    ~DapClient();
    DapClient(const DapClient&) = delete;
    DapClient& operator=(const DapClient&) = delete;

    /// Sends a request; the future gives the response's body, or an error with the adapter's message
    /// ("Dap.Failed"), or "Dap.Closed" when the connection ends first.
    std::future<core::Expected<nlohmann::json>> request(const std::string& command,
                                                        nlohmann::json arguments = nlohmann::json::object());
    /// request() and a wait of at most `timeout` ("Dap.Timeout").
    core::Expected<nlohmann::json> call(const std::string& command, nlohmann::json arguments = nlohmann::json::object(),
                                        std::chrono::milliseconds timeout = std::chrono::seconds(10));
    [[nodiscard]] bool isOpen() const;
    void close();

    struct Impl;

private:
    DapClient();
    std::shared_ptr<Impl> m_impl;
};

}  // namespace lambdadesk::debugger
