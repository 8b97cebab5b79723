// SPDX-License-Identifier: MIT
// The DAP server's transport, its life and the launcher's events; the requests are in dap_server_requests.cpp.
#include "dap_server.h"

#include "dap_wire.h"
#include "telemetry/events.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lambdadesk::debugger {

using nlohmann::json;

core::Expected<std::shared_ptr<DapServer>> DapServer::start(int port, std::shared_ptr<BreakpointBook> book,
                                                            DapServerHooks hooks)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return core::Error{"Dap.ListenFailed", "socket: " + std::string(std::strerror(errno))};
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    // Loopback only: a debug adapter runs code in the functions for whoever connects.
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 || ::listen(fd, 4) < 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) < 0) {
        const int error = errno;
        ::close(fd);
        return core::Error{error == EADDRINUSE ? "AddressInUse" : "Dap.ListenFailed",
                           "cannot listen for editors on 127.0.0.1:" + std::to_string(port) + ": " +
                               std::strerror(error)};
    }
    std::shared_ptr<DapServer> server(new DapServer(fd, ntohs(address.sin_port), std::move(book), std::move(hooks)));
    server->m_acceptThread = std::thread([raw = server.get()] { raw->acceptLoop(); });
    return server;
}

DapServer::DapServer(int listener, int port, std::shared_ptr<BreakpointBook> book, DapServerHooks hooks)
    : m_listener(listener), m_port(port), m_book(std::move(book)), m_hooks(std::move(hooks))
{
}

DapServer::~DapServer()
{
    stop();
}

void DapServer::setLauncher(std::shared_ptr<DebugLauncher> launcher)
{
    std::lock_guard lock(m_mutex);
    m_launcher = std::move(launcher);
}

void DapServer::setRunsOnWithoutEditor(bool runsOn)
{
    std::lock_guard lock(m_mutex);
    m_runsOnWithoutEditor = runsOn;
}

void DapServer::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return;
        m_stopping = true;
        if (m_client >= 0)
            ::shutdown(m_client, SHUT_RDWR);
    }
    ::shutdown(m_listener, SHUT_RDWR);
    if (m_acceptThread.joinable())
        m_acceptThread.join();
    ::close(m_listener);
}

void DapServer::acceptLoop()
{
    while (true) {
        const int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            return;  // the listener was shut down
        }
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) {
                ::close(client);
                return;
            }
        }
        const int one = 1;
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        serve(client);
        ::close(client);
    }
}

void DapServer::serve(int client)
{
    {
        std::lock_guard lock(m_mutex);
        m_client = client;
        m_seq = 1;
        m_linesStartAt1 = true;
    }
    DapFrameReader frames;
    char buffer[65536];
    bool open = true;
    while (open) {
        const auto n = ::recv(client, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        frames.append(std::string_view(buffer, static_cast<std::size_t>(n)));
        while (auto message = frames.next()) {
            if (!*message) {
                sendEvent("output", {{"category", "stderr"}, {"output", "LambdaDesk: " + message->error().message + "\n"}});
                open = false;
                break;
            }
            const auto& request = message->value();
            if (request.value("type", std::string()) != "request")
                continue;
            const auto command = request.value("command", std::string());
            const auto arguments = request.contains("arguments") ? request["arguments"] : json::object();
            auto result = handle(command, arguments);
            json response = {{"type", "response"},
                             {"request_seq", request.value("seq", 0)},
                             {"command", command},
                             {"success", result.ok()}};
            if (result.ok())
                response["body"] = std::move(*result);
            else
                response["message"] = result.error().message;
            send(std::move(response));
            // The order the specification asks for: initialized after attach's response.
            if (result.ok() && command == "attach")
                sendEvent("initialized");
            if (command == "disconnect" || command == "terminate")
                open = false;
        }
    }
    detachFunctions();
    std::lock_guard lock(m_mutex);
    m_client = -1;
    m_threads.clear();
    m_threadSession.clear();
    m_frames.clear();
    m_variables.clear();
}

void DapServer::send(json message)
{
    int client = -1;
    {
        std::lock_guard lock(m_mutex);
        client = m_client;
        message["seq"] = m_seq++;
    }
    if (client < 0)
        return;
    const auto frame = frameDapMessage(message);
    std::lock_guard writing(m_writeMutex);
    std::size_t sent = 0;
    while (sent < frame.size()) {
        const auto n = ::send(client, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ::shutdown(client, SHUT_RDWR);  // the reader ends the connection
            return;
        }
        sent += static_cast<std::size_t>(n);
    }
}

void DapServer::sendEvent(const std::string& event, json body)
{
    send({{"type", "event"}, {"event", event}, {"body", std::move(body)}});
}

void DapServer::functionOutput(const std::string& function, bool isStderr, const std::string& text)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_client < 0 || !m_attached.count(function))
            return;
    }
    sendEvent("output", {{"category", isStderr ? "stderr" : "stdout"}, {"output", text + "\n"}});
}

namespace {

class OutputSink final : public core::EventSink {
public:
    explicit OutputSink(std::weak_ptr<DapServer> server) : m_server(std::move(server)) {}
    void onEvent(const core::Event& event) override
    {
        const auto* line = std::get_if<core::LogLine>(&event.payload);
        if (!line || line->stream == core::LogLine::Stream::Platform)
            return;
        if (auto server = m_server.lock())
            server->functionOutput(line->functionName, line->stream == core::LogLine::Stream::Stderr, line->text);
    }

private:
    std::weak_ptr<DapServer> m_server;
};

}  // namespace

std::shared_ptr<core::EventSink> makeDapOutputSink(std::weak_ptr<DapServer> server)
{
    return std::make_shared<OutputSink>(std::move(server));
}

void DapServer::detachFunctions()
{
    std::set<std::string> attached;
    std::shared_ptr<DebugLauncher> launcher;
    {
        std::lock_guard lock(m_mutex);
        attached.swap(m_attached);
        launcher = m_launcher;
    }
    if (m_hooks.editorChanged && !attached.empty())
        m_hooks.editorChanged({});
    if (!launcher)
        return;
    // Whatever the editor left stopped runs on: the invocations finish instead of waiting for a debugger.
    for (const auto& session : launcher->sessions()) {
        if (attached.count(session->functionName()) && session->isStopped())
            session->continueRun();
    }
    for (const auto& function : attached) {
        launcher->setDebugged(function, false);
        if (m_hooks.reloadFunction)
            m_hooks.reloadFunction(function);
    }
}

void DapServer::sessionStarted(const std::shared_ptr<DebugSession>& session)
{
    const int thread = threadIdFor(session, 0);
    sendEvent("thread", {{"reason", "started"}, {"threadId", thread}});
    sendEvent("output", {{"category", "console"},
                         {"output", session->functionName() + ": process " + std::to_string(session->pid()) +
                                        " started under " + session->engineName() + "\n"}});
}

void DapServer::stopped(const std::shared_ptr<DebugSession>& session, const StopInfo& stop)
{
    bool editor = false;
    bool runOn = false;
    {
        std::lock_guard lock(m_mutex);
        editor = m_client >= 0 && m_attached.count(session->functionName()) > 0;
        runOn = m_runsOnWithoutEditor;
    }
    if (!editor) {
        if (runOn)
            session->continueRun();
        return;
    }
    forgetReferences(session->id());
    // In StopReason's order; a signal is what DAP calls an exception, and Other is a run-to-line location or
    // a debugger statement.
    const char* reasons[] = {"breakpoint", "step", "exception", "exception", "pause", "entry", "goto"};
    const char* reason = reasons[static_cast<int>(stop.reason)];
    json body = {{"reason", reason},
                 {"threadId", threadIdFor(session, stop.threadId)},
                 {"description", stop.description},
                 {"allThreadsStopped", true},
                 {"preserveFocusHint", false}};
    if (stop.reason == StopReason::Exception || stop.reason == StopReason::Signal)
        body["text"] = stop.description;
    if (stop.breakpointSpecId > 0)
        body["hitBreakpointIds"] = json::array({stop.breakpointSpecId});
    sendEvent("stopped", std::move(body));
}

void DapServer::resumed(const std::shared_ptr<DebugSession>& session)
{
    forgetReferences(session->id());
    sendEvent("continued", {{"threadId", threadIdFor(session, 0)}, {"allThreadsContinued", true}});
}

void DapServer::breakpointsResolved(const std::shared_ptr<DebugSession>&, const std::vector<BreakpointState>& states)
{
    std::vector<json> changed;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& state : states) {
            auto& kept = m_states[state.specId];
            if (kept.verified && !state.verified)
                continue;  // one session placed it: a later one without the file does not unplace it
            if (kept.verified == state.verified && kept.resolvedLine == state.resolvedLine)
                continue;
            kept = state;
        }
    }
    for (const auto& spec : m_book->all()) {
        bool known = false;
        for (const auto& state : states)
            known = known || state.specId == spec.id;
        if (known)
            changed.push_back(describeBreakpoint(spec));
    }
    for (auto& breakpoint : changed)
        sendEvent("breakpoint", {{"reason", "changed"}, {"breakpoint", std::move(breakpoint)}});
}

void DapServer::sessionEnded(const std::shared_ptr<DebugSession>& session, const std::string& how)
{
    forgetReferences(session->id());
    std::vector<int> gone;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& [thread, sessionId] : m_threadSession) {
            if (sessionId == session->id())
                gone.push_back(thread);
        }
        for (int thread : gone) {
            m_threadSession.erase(thread);
            m_threads.erase(thread);
        }
    }
    for (int thread : gone)
        sendEvent("thread", {{"reason", "exited"}, {"threadId", thread}});
    sendEvent("output", {{"category", "console"},
                         {"output", session->functionName() + ": process " + std::to_string(session->pid()) + " " +
                                        how + "\n"}});
}

int DapServer::threadIdFor(const std::shared_ptr<DebugSession>& session, std::uint64_t threadId)
{
    std::lock_guard lock(m_mutex);
    // Thread 0 stands for the session as a whole (its first thread once one is known).
    for (const auto& [id, ref] : m_threads) {
        const auto known = ref.session.lock();
        if (known == session && (ref.threadId == threadId || threadId == 0))
            return id;
    }
    for (auto& [id, ref] : m_threads) {
        if (ref.session.lock() == session && ref.threadId == 0) {
            ref.threadId = threadId;  // the placeholder becomes the real thread
            return id;
        }
    }
    const int id = m_nextThread++;
    m_threads[id] = {session, threadId};
    m_threadSession[id] = session->id();
    return id;
}

void DapServer::forgetReferences(int sessionId)
{
    std::lock_guard lock(m_mutex);
    for (auto frame = m_frames.begin(); frame != m_frames.end();) {
        const auto session = m_threadSession.find(frame->second.thread);
        if (session == m_threadSession.end() || session->second == sessionId) {
            for (auto variable = m_variables.begin(); variable != m_variables.end();) {
                if (variable->second.frameRef == frame->first)
                    variable = m_variables.erase(variable);
                else
                    ++variable;
            }
            frame = m_frames.erase(frame);
        } else {
            ++frame;
        }
    }
}

}  // namespace lambdadesk::debugger
