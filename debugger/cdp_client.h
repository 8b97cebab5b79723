// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace lambdadesk::debugger {

/// A Chrome DevTools Protocol client over a WebSocket, as spoken by `node --inspect`.
///
/// Threads: one I/O thread owns the socket; a second, the dispatch thread, hands events to `onEvent` one at a
/// time and in the order they arrived. Because replies are matched on the I/O thread, an event handler may call
/// `call()` and wait for the reply without deadlocking; events that arrive meanwhile wait their turn.
///
/// Handlers must not throw. `call()`, `send()`, `isOpen()` and `close()` may be used from any thread.
class CdpClient {
public:
    using EventHandler = std::function<void(const std::string& method, const nlohmann::json& params)>;
    using ClosedHandler = std::function<void(const std::string& why)>;

    /// Connects to a ws://HOST:PORT/PATH URL (loopback), giving up after `timeout`. Errors name the URL and why:
    /// "Cdp.InvalidUrl" or "Cdp.ConnectFailed".
    static core::Expected<std::unique_ptr<CdpClient>> connect(const std::string& webSocketUrl, EventHandler onEvent,
                                                              ClosedHandler onClosed,
                                                              std::chrono::milliseconds timeout);

    /// Closes the connection and stops the handlers: events and an onClosed not yet delivered are dropped, and a
    /// handler that is running is waited for, so none runs once this returns. When called from a handler (the
    /// dispatch thread), that thread is detached instead and ends as soon as the handler returns.
    ~CdpClient();

    CdpClient(const CdpClient&) = delete;
    CdpClient& operator=(const CdpClient&) = delete;

    /// Sends a command and waits up to `timeout` for its reply: the reply's "result" object, or an Error with code
    /// "Cdp.Error" whose message carries CDP's error message, "Cdp.Timeout", or "Cdp.Closed" (at once when the
    /// connection is or becomes closed).
    core::Expected<nlohmann::json> call(const std::string& method, nlohmann::json params = nlohmann::json::object(),
                                        std::chrono::milliseconds timeout = std::chrono::seconds(10));

    /// Sends a command without waiting for its reply (dropped when the connection is closed).
    void send(const std::string& method, nlohmann::json params = nlohmann::json::object());

    [[nodiscard]] bool isOpen() const;

    /// Starts an orderly close: commands already sent are still written, then the WebSocket closing handshake
    /// runs. Pending calls fail with "Cdp.Closed" at once and onClosed follows the events received before.
    /// Idempotent.
    void close();

private:
    struct Impl;
    explicit CdpClient(std::shared_ptr<Impl> impl);

    /// Shared with the dispatch thread, so a handler may destroy the client without pulling the state from under
    /// its own feet.
    std::shared_ptr<Impl> m_impl;
};

}  // namespace lambdadesk::debugger
