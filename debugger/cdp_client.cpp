// SPDX-License-Identifier: MIT
#include "cdp_client.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace lambdadesk::debugger {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using nlohmann::json;

namespace {

/// Runtime.getProperties on a large object or a long string preview easily exceeds Beast's 16 MiB default.
constexpr std::size_t kMaxMessageBytes = 64 * 1024 * 1024;

/// How long close() allows for writing what was already sent plus the closing handshake before it simply shuts the
/// socket, so a stopped or wedged debuggee cannot hang the destructor.
constexpr auto kCloseGrace = std::chrono::seconds(2);

struct WebSocketUrl {
    std::string host;  ///< without IPv6 brackets, for the resolver
    std::string port;
    std::string hostHeader;  ///< host:port as the Host header wants it; Node's inspector checks it
    std::string target;      ///< /path
};

std::optional<WebSocketUrl> parseWebSocketUrl(const std::string& url)
{
    const std::string scheme = "ws://";
    if (url.rfind(scheme, 0) != 0) {
        return std::nullopt;
    }
    const auto pathStart = url.find('/', scheme.size());
    const std::string authority = url.substr(scheme.size(), pathStart - scheme.size());
    WebSocketUrl parsed;
    parsed.target = pathStart == std::string::npos ? "/" : url.substr(pathStart);

    std::string portPart;
    if (!authority.empty() && authority.front() == '[') {  // [::1]:9229
        const auto bracket = authority.find(']');
        if (bracket == std::string::npos) {
            return std::nullopt;
        }
        parsed.host = authority.substr(1, bracket - 1);
        portPart = authority.substr(bracket + 1);
    } else {
        const auto colon = authority.find(':');
        parsed.host = authority.substr(0, colon);
        portPart = colon == std::string::npos ? "" : authority.substr(colon);
    }
    if (portPart.empty()) {
        parsed.port = "80";
    } else if (portPart.front() == ':' && portPart.size() > 1 &&
               portPart.find_first_not_of("0123456789", 1) == std::string::npos) {
        parsed.port = portPart.substr(1);
    } else {
        return std::nullopt;
    }
    if (parsed.host.empty()) {
        return std::nullopt;
    }
    parsed.hostHeader = authority.front() == '[' ? authority : parsed.host + ":" + parsed.port;
    return parsed;
}

std::string describeReadEnd(const beast::error_code& ec, const websocket::close_reason& reason)
{
    if (ec == websocket::error::closed) {
        return reason.reason.empty()
                   ? std::string("the debuggee closed the connection")
                   : "the debuggee closed the connection: " + std::string(reason.reason.data(), reason.reason.size());
    }
    return "the connection was lost: " + ec.message();
}

}  // namespace

struct CdpClient::Impl {
    /// A call() waiting for its reply; whoever takes it out of `pending` fulfils the promise.
    struct PendingCall {
        std::string method;
        std::promise<core::Expected<json>> reply;
    };

    /// An event for onEvent, or (when `isClose`) the final onClosed.
    struct Delivery {
        bool isClose = false;
        std::string methodOrWhy;
        json params;
    };

    Impl(EventHandler eventHandler, ClosedHandler closedHandler)
        : onEvent(std::move(eventHandler)), onClosed(std::move(closedHandler))
    {
    }

    // Declared first so it is destroyed last: the stream and the timer use its services.
    net::io_context ioc;

    // I/O thread only (and the connecting thread before the I/O thread starts).
    websocket::stream<beast::tcp_stream> ws{ioc};
    beast::flat_buffer readBuffer;
    std::deque<std::string> outbox;  ///< serialized messages; the front one is being written
    bool closeRequested = false;     ///< close() reached the I/O thread; later writes are dropped
    bool closeHandshakeStarted = false;
    bool readEnded = false;
    net::steady_timer closeDeadline{ioc};

    // Any thread, under `mutex`.
    std::mutex mutex;
    std::condition_variable deliveryReady;
    bool closed = false;
    std::string closeReason;
    bool stopDelivering = false;  ///< set by the destructor: drop what is not delivered yet
    std::int64_t nextId = 1;
    std::map<std::int64_t, std::shared_ptr<PendingCall>> pending;
    std::deque<Delivery> deliveries;

    const EventHandler onEvent;
    const ClosedHandler onClosed;
    std::thread ioThread;
    std::thread dispatchThread;

    /// Any thread. Assigns an id and queues the message for the I/O thread; with `call`, registers it for the
    /// reply, or fails it at once when the connection is closed. Returns the id (0 when closed).
    std::int64_t submit(const std::string& method, json params, const std::shared_ptr<PendingCall>& call)
    {
        std::int64_t id = 0;
        {
            std::lock_guard lock(mutex);
            if (closed) {
                if (call) {
                    call->reply.set_value(closedError(method));
                }
                return 0;
            }
            id = nextId++;
            if (call) {
                pending.emplace(id, call);
            }
        }
        json message = {{"id", id}, {"method", method}, {"params", std::move(params)}};
        // Replace rather than throw on invalid UTF-8 in a caller's string (an expression typed by the user).
        std::string text = message.dump(-1, ' ', false, json::error_handler_t::replace);
        net::post(ioc, [this, text = std::move(text)]() mutable { enqueueWrite(std::move(text)); });
        return id;
    }

    /// Any thread. True when the call was still waiting, i.e. no reply or close will fulfil it any more.
    bool forget(std::int64_t id)
    {
        std::lock_guard lock(mutex);
        return pending.erase(id) == 1;
    }

    /// Under `mutex`.
    core::Error closedError(const std::string& method) const
    {
        return core::Error{"Cdp.Closed", method + ": the DevTools connection is closed (" + closeReason + ")"};
    }

    /// Any thread. The single point where the connection counts as closed: fails every pending call and queues
    /// onClosed behind the events already queued. False when it was closed before.
    bool markClosed(const std::string& why)
    {
        std::map<std::int64_t, std::shared_ptr<PendingCall>> failed;
        {
            std::lock_guard lock(mutex);
            if (closed) {
                return false;
            }
            closed = true;
            closeReason = why;
            failed.swap(pending);
            for (auto& [id, call] : failed) {
                call->reply.set_value(closedError(call->method));
            }
            deliveries.push_back(Delivery{true, why, {}});
        }
        deliveryReady.notify_all();
        return true;
    }

    // ---- I/O thread ----

    void startRead()
    {
        // Node writes a frame's header and payload in separate sends; with our ACK delayed (40 ms on Linux),
        // Nagle on its side held the payload back and a stopped function's inspection took about 45 ms per
        // stop. The kernel clears quick-ACK mode again, so it is asked for before every read.
        const int quickAck = 1;
        ::setsockopt(beast::get_lowest_layer(ws).socket().native_handle(), IPPROTO_TCP, TCP_QUICKACK, &quickAck,
                     sizeof quickAck);
        ws.async_read(readBuffer, [this](beast::error_code ec, std::size_t) {
            if (ec) {
                readEnded = true;
                markClosed(describeReadEnd(ec, ws.reason()));
                // A closing handshake under way finishes (or times out) by itself and tears down then.
                if (!closeHandshakeStarted) {
                    tearDown();
                }
                return;
            }
            handleMessage(beast::buffers_to_string(readBuffer.data()));
            readBuffer.consume(readBuffer.size());
            startRead();
        });
    }

    void handleMessage(const std::string& text)
    {
        json message = json::parse(text, nullptr, false);
        if (message.is_discarded() || !message.is_object()) {
            return;  // not CDP; nobody can be waiting for it
        }
        if (auto id = message.find("id"); id != message.end() && id->is_number_integer()) {
            resolve(id->get<std::int64_t>(), message);
            return;
        }
        auto method = message.find("method");
        if (method == message.end() || !method->is_string()) {
            return;
        }
        auto params = message.find("params");
        {
            std::lock_guard lock(mutex);
            if (closed) {
                return;  // onClosed is queued already and must stay the last delivery
            }
            deliveries.push_back(
                Delivery{false, method->get<std::string>(), params != message.end() ? *params : json::object()});
        }
        deliveryReady.notify_all();
    }

    void resolve(std::int64_t id, const json& message)
    {
        std::shared_ptr<PendingCall> call;
        {
            std::lock_guard lock(mutex);
            auto it = pending.find(id);
            if (it == pending.end()) {
                return;  // a send(), or a call() that timed out
            }
            call = std::move(it->second);
            pending.erase(it);
        }
        if (auto error = message.find("error"); error != message.end()) {
            std::string text = call->method + ": " + error->value("message", std::string("unknown CDP error"));
            if (auto data = error->find("data"); data != error->end()) {
                text += " (" + (data->is_string() ? data->get<std::string>() : data->dump()) + ")";
            }
            call->reply.set_value(core::Error{"Cdp.Error", text});
            return;
        }
        call->reply.set_value(message.value("result", json::object()));
    }

    void enqueueWrite(std::string text)
    {
        if (readEnded || closeRequested) {
            return;  // raced with the close; markClosed has already failed a call waiting for this
        }
        outbox.push_back(std::move(text));
        if (outbox.size() == 1) {
            writeFront();
        }
    }

    void writeFront()
    {
        ws.async_write(net::buffer(outbox.front()), [this](beast::error_code ec, std::size_t) {
            if (ec) {
                outbox.clear();
                markClosed("the connection was lost: " + ec.message());
                tearDown();
                return;
            }
            outbox.pop_front();
            if (!outbox.empty()) {
                writeFront();
            } else if (closeRequested) {
                startCloseHandshake();
            }
        });
    }

    void beginClose()
    {
        if (readEnded || closeRequested) {
            return;
        }
        closeRequested = true;
        closeDeadline.expires_after(kCloseGrace);
        closeDeadline.async_wait([this](beast::error_code ec) {
            if (!ec) {
                tearDown();
            }
        });
        // Beast allows one write at a time, and what was sent before close() should still go out first.
        if (outbox.empty()) {
            startCloseHandshake();
        }
    }

    void startCloseHandshake()
    {
        closeHandshakeStarted = true;
        ws.async_close(websocket::close_code::normal, [this](beast::error_code) { tearDown(); });
    }

    /// Ends all I/O: cancels the pending read and write, so io_context::run() returns and the thread ends.
    void tearDown()
    {
        closeDeadline.cancel();
        beast::get_lowest_layer(ws).close();
    }

    // ---- dispatch thread ----

    void dispatchLoop()
    {
        for (;;) {
            Delivery next;
            {
                std::unique_lock lock(mutex);
                deliveryReady.wait(lock, [this] { return stopDelivering || !deliveries.empty(); });
                if (stopDelivering) {
                    return;
                }
                next = std::move(deliveries.front());
                deliveries.pop_front();
            }
            if (next.isClose) {
                if (onClosed) {
                    onClosed(next.methodOrWhy);
                }
                return;
            }
            if (onEvent) {
                onEvent(next.methodOrWhy, next.params);
            }
        }
    }
};

CdpClient::CdpClient(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}

core::Expected<std::unique_ptr<CdpClient>> CdpClient::connect(const std::string& webSocketUrl, EventHandler onEvent,
                                                              ClosedHandler onClosed, std::chrono::milliseconds timeout)
{
    const auto url = parseWebSocketUrl(webSocketUrl);
    if (!url) {
        return core::Error{"Cdp.InvalidUrl", "'" + webSocketUrl + "' is not a ws://host:port/path URL"};
    }
    auto fail = [&](const std::string& why) {
        return core::Error{"Cdp.ConnectFailed", "cannot connect to " + webSocketUrl + ": " + why};
    };

    auto impl = std::make_shared<Impl>(std::move(onEvent), std::move(onClosed));
    impl->ws.read_message_max(kMaxMessageBytes);
    impl->ws.text(true);

    // The host is loopback (a literal address or "localhost"), so a blocking lookup costs nothing.
    tcp::resolver resolver(impl->ioc);
    beast::error_code ec;
    const auto endpoints = resolver.resolve(url->host, url->port, ec);
    if (ec) {
        return fail(ec.message());
    }

    // Connect and upgrade on this thread, before any other exists; one deadline covers both steps.
    auto& stream = beast::get_lowest_layer(impl->ws);
    stream.expires_after(timeout);
    stream.async_connect(endpoints, [&](beast::error_code connectEc, const tcp::endpoint&) {
        if (connectEc) {
            ec = connectEc;
            return;
        }
        beast::error_code ignored;  // Nagle only delays the small request/reply messages CDP consists of
        stream.socket().set_option(tcp::no_delay(true), ignored);
        impl->ws.async_handshake(url->hostHeader, url->target,
                                 [&](beast::error_code handshakeEc) { ec = handshakeEc; });
    });
    impl->ioc.run();
    if (ec == beast::error::timeout) {
        return fail("no answer within " + std::to_string(timeout.count()) + " ms");
    }
    if (ec) {
        return fail(ec.message());
    }

    // A debuggee may sit idle at a breakpoint for as long as the user likes; only close() is bounded.
    stream.expires_never();
    impl->ioc.restart();
    impl->startRead();  // gives run() work before the I/O thread starts, so it does not return at once
    impl->ioThread = std::thread([raw = impl.get()] { raw->ioc.run(); });
    // The dispatch thread shares ownership: a handler that destroys the client leaves the thread detached.
    impl->dispatchThread = std::thread([impl] { impl->dispatchLoop(); });
    return std::unique_ptr<CdpClient>(new CdpClient(std::move(impl)));
}

CdpClient::~CdpClient()
{
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopDelivering = true;
        m_impl->deliveries.clear();
    }
    m_impl->deliveryReady.notify_all();
    close();
    // The I/O thread never runs user code, so joining it cannot deadlock; kCloseGrace bounds the wait.
    m_impl->ioThread.join();
    if (std::this_thread::get_id() == m_impl->dispatchThread.get_id()) {
        m_impl->dispatchThread.detach();  // we are inside a handler; the thread ends when it returns
    } else {
        m_impl->dispatchThread.join();
    }
}

core::Expected<json> CdpClient::call(const std::string& method, json params, std::chrono::milliseconds timeout)
{
    auto pendingCall = std::make_shared<Impl::PendingCall>();
    pendingCall->method = method;
    auto reply = pendingCall->reply.get_future();
    const std::int64_t id = m_impl->submit(method, std::move(params), pendingCall);
    // A reply racing the timeout has already been taken out of `pending`; then get() returns it.
    if (reply.wait_for(timeout) == std::future_status::timeout && m_impl->forget(id)) {
        return core::Error{"Cdp.Timeout", method + ": no reply within " + std::to_string(timeout.count()) + " ms"};
    }
    return reply.get();
}

void CdpClient::send(const std::string& method, json params)
{
    m_impl->submit(method, std::move(params), nullptr);
}

bool CdpClient::isOpen() const
{
    std::lock_guard lock(m_impl->mutex);
    return !m_impl->closed;
}

void CdpClient::close()
{
    if (m_impl->markClosed("closed by the client")) {
        net::post(m_impl->ioc, [raw = m_impl.get()] { raw->beginClose(); });
    }
}

}  // namespace lambdadesk::debugger
