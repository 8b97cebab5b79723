// SPDX-License-Identifier: MIT
#include "dap_client.h"

#include "dap_wire.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace lambdadesk::debugger {

struct DapClient::Impl {
    int fd = -1;
    EventHandler onEvent;
    ClosedHandler onClosed;

    std::mutex writeMutex;  ///< one message on the wire at a time
    std::mutex mutex;       ///< the fields below
    int nextSeq = 1;
    bool open = true;
    std::map<int, std::promise<core::Expected<nlohmann::json>>> pending;

    // Events wait here for the dispatch thread; an empty name with `closedWhy` set is the end.
    std::condition_variable queued;
    std::deque<std::pair<std::string, nlohmann::json>> events;
    std::optional<std::string> closedWhy;

    std::thread reader;
    std::thread dispatcher;

    void readLoop();
    void dispatchLoop();
    void finish(const std::string& why);
};

DapClient::DapClient() : m_impl(std::make_shared<Impl>()) {}

core::Expected<std::unique_ptr<DapClient>> DapClient::connect(int port, EventHandler onEvent, ClosedHandler onClosed,
                                                              std::chrono::milliseconds timeout)
{
    const std::string where = "127.0.0.1:" + std::to_string(port);
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return core::Error{"Dap.ConnectFailed", "socket: " + std::string(std::strerror(errno))};
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int result = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    if (result < 0 && errno == EINPROGRESS) {
        pollfd waiting{fd, POLLOUT, 0};
        result = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
        int error = result == 0 ? ETIMEDOUT : 0;
        socklen_t length = sizeof error;
        if (result > 0)
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
            ::close(fd);
            return core::Error{"Dap.ConnectFailed",
                               "cannot reach the debug adapter at " + where + ": " + std::strerror(error)};
        }
    } else if (result < 0) {
        const int error = errno;
        ::close(fd);
        return core::Error{"Dap.ConnectFailed",
                           "cannot reach the debug adapter at " + where + ": " + std::strerror(error)};
    }
    // Blocking from here on: one reader thread, writers under a mutex. Small requests must not wait for
    // Nagle's algorithm.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    std::unique_ptr<DapClient> client(new DapClient());
    auto impl = client->m_impl;
    impl->fd = fd;
    impl->onEvent = std::move(onEvent);
    impl->onClosed = std::move(onClosed);
    // The threads hold the Impl, not the client: a handler may drop the last client reference.
    impl->reader = std::thread([impl] { impl->readLoop(); });
    impl->dispatcher = std::thread([impl] { impl->dispatchLoop(); });
    return client;
}

DapClient::~DapClient()
{
    close();
    for (auto* thread : {&m_impl->reader, &m_impl->dispatcher}) {
        if (!thread->joinable())
            continue;
        if (thread->get_id() == std::this_thread::get_id())
            thread->detach();
        else
            thread->join();
    }
    if (m_impl->fd >= 0)
        ::close(m_impl->fd);
}

void DapClient::close()
{
    // shutdown() wakes the blocked reader, which then finishes the client.
    if (m_impl->fd >= 0)
        ::shutdown(m_impl->fd, SHUT_RDWR);
}

bool DapClient::isOpen() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->open;
}

std::future<core::Expected<nlohmann::json>> DapClient::request(const std::string& command, nlohmann::json arguments)
{
    std::promise<core::Expected<nlohmann::json>> promise;
    auto future = promise.get_future();
    int seq = 0;
    {
        std::lock_guard lock(m_impl->mutex);
        if (!m_impl->open) {
            promise.set_value(core::Error{"Dap.Closed", "the debug adapter connection is closed (" + command + ")"});
            return future;
        }
        seq = m_impl->nextSeq++;
        m_impl->pending.emplace(seq, std::move(promise));
    }
    const auto frame = frameDapMessage(
        {{"seq", seq}, {"type", "request"}, {"command", command}, {"arguments", std::move(arguments)}});
    std::lock_guard writing(m_impl->writeMutex);
    std::size_t sent = 0;
    while (sent < frame.size()) {
        const auto n = ::send(m_impl->fd, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            ::shutdown(m_impl->fd, SHUT_RDWR);  // the reader fails every pending request
            break;
        }
        sent += static_cast<std::size_t>(n);
    }
    return future;
}

core::Expected<nlohmann::json> DapClient::call(const std::string& command, nlohmann::json arguments,
                                               std::chrono::milliseconds timeout)
{
    auto future = request(command, std::move(arguments));
    if (future.wait_for(timeout) != std::future_status::ready)
        return core::Error{"Dap.Timeout", "the debug adapter did not answer '" + command + "' within " +
                                              std::to_string(timeout.count()) + " ms"};
    return future.get();
}

void DapClient::Impl::readLoop()
{
    DapFrameReader frames;
    char buffer[65536];
    std::string why = "the debug adapter closed the connection";
    const int one = 1;
    while (true) {
        // debugpy writes a message's header and body in separate sends; with our ACK delayed (40 ms on Linux)
        // Nagle holds its body back, and every request took about 50 ms. Quick ACKs lift that; the kernel
        // clears the flag again, so it is set before every read.
        ::setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        frames.append(std::string_view(buffer, static_cast<std::size_t>(n)));
        bool broken = false;
        while (auto message = frames.next()) {
            if (!*message) {
                why = message->error().message;
                broken = true;
                break;
            }
            auto& json = message->value();
            const auto type = json.value("type", std::string());
            if (type == "response") {
                std::optional<std::promise<core::Expected<nlohmann::json>>> promise;
                {
                    std::lock_guard lock(mutex);
                    const auto found = pending.find(json.value("request_seq", 0));
                    if (found != pending.end()) {
                        promise.emplace(std::move(found->second));
                        pending.erase(found);
                    }
                }
                if (!promise)
                    continue;
                if (json.value("success", false))
                    promise->set_value(json.contains("body") ? json["body"] : nlohmann::json::object());
                else
                    promise->set_value(core::Error{
                        "Dap.Failed", json.value("message", std::string("the debug adapter refused '" +
                                                                        json.value("command", std::string()) + "'"))});
            } else if (type == "event") {
                std::lock_guard lock(mutex);
                events.emplace_back(json.value("event", std::string()),
                                    json.contains("body") ? json["body"] : nlohmann::json::object());
                queued.notify_one();
            }
            // Reverse requests (runInTerminal, startDebugging) are not asked for in an attach session.
        }
        if (broken)
            break;
    }
    finish(why);
}

void DapClient::Impl::finish(const std::string& why)
{
    std::map<int, std::promise<core::Expected<nlohmann::json>>> failed;
    {
        std::lock_guard lock(mutex);
        open = false;
        failed.swap(pending);
        closedWhy = why;
        queued.notify_one();
    }
    for (auto& [seq, promise] : failed)
        promise.set_value(core::Error{"Dap.Closed", "the debug adapter connection closed: " + why});
}

void DapClient::Impl::dispatchLoop()
{
    std::unique_lock lock(mutex);
    while (true) {
        queued.wait(lock, [this] { return !events.empty() || closedWhy; });
        if (!events.empty()) {
            auto [event, body] = std::move(events.front());
            events.pop_front();
            lock.unlock();
            if (onEvent)
                onEvent(event, body);
            lock.lock();
            continue;
        }
        const auto why = *closedWhy;
        lock.unlock();
        if (onClosed)
            onClosed(why);
        return;
    }
}

}  // namespace lambdadesk::debugger
