// SPDX-License-Identifier: MIT
#include "script_launch.h"

#include "runtime/runtime_catalog.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace lambdadesk::debugger {

std::filesystem::path runtimeLoopDir(ScriptRuntime runtime)
{
    switch (runtime) {
    case ScriptRuntime::Python: return core::resourcesDir() / "runtimes" / "python";
    case ScriptRuntime::Node: return core::resourcesDir() / "runtimes" / "node";
    case ScriptRuntime::None: break;
    }
    return {};
}

ScriptRuntime scriptRuntimeOf(const core::LaunchSpec& spec)
{
    // The runtime catalog starts the loop by its path in the resources (runtime_catalog.cpp); a native
    // bootstrap never is one of these files.
    for (auto runtime : {ScriptRuntime::Python, ScriptRuntime::Node}) {
        const auto loop = runtimeLoopDir(runtime) / (runtime == ScriptRuntime::Python ? "bootstrap.py" : "bootstrap.js");
        for (const auto& argument : spec.argv) {
            if (argument == loop.string())
                return runtime;
        }
    }
    return ScriptRuntime::None;
}

core::Expected<StartedScript> startScript(const core::LaunchSpec& spec, ScriptRuntime runtime,
                                          core::EnvironmentLauncher& plain,
                                          const std::vector<std::string>& interpreterFlags,
                                          const std::vector<std::string>& env)
{
    auto channel = DebugReportChannel::open();
    if (!channel)
        return channel.error();
    const auto dir = runtimeLoopDir(runtime);
    const bool python = runtime == ScriptRuntime::Python;
    core::LaunchSpec debugSpec = spec;
    // node bootstrap.js becomes node debug_entry.js bootstrap.js; python -u bootstrap.py likewise, with the
    // interpreter's flags before the entry.
    auto loop = std::find(debugSpec.argv.begin(), debugSpec.argv.end(),
                          (dir / (python ? "bootstrap.py" : "bootstrap.js")).string());
    loop = debugSpec.argv.insert(loop, (dir / (python ? "debug_entry.py" : "debug_entry.js")).string());
    debugSpec.argv.insert(loop, interpreterFlags.begin(), interpreterFlags.end());
    debugSpec.env.push_back("LAMBDADESK_DEBUG_REPORT=" + channel->address());
    debugSpec.env.insert(debugSpec.env.end(), env.begin(), env.end());

    auto launched = plain.launch(debugSpec);
    if (!launched)
        return launched.error();
    StartedScript started;
    started.what = spec.functionName + " (pid " + std::to_string(launched->pid) + ")";
    auto report = channel->receive(launched->pidFd.get(), std::chrono::seconds(30), started.what);
    if (!report) {
        abandonScript(*launched);
        return report.error();
    }
    started.report = std::move(*report);
    started.process = std::move(*launched);
    return started;
}

void abandonScript(const core::LaunchedProcess& process)
{
    ::kill(-process.pid, SIGKILL);
    ::waitpid(process.pid, nullptr, 0);
}

core::Expected<DebugReportChannel> DebugReportChannel::open()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return core::Error{"Debugger.LaunchFailed", "socket: " + std::string(std::strerror(errno))};
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 || ::listen(fd, 1) < 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) < 0) {
        const int error = errno;
        ::close(fd);
        return core::Error{"Debugger.LaunchFailed",
                           "cannot listen on 127.0.0.1 for the debugger's address: " + std::string(std::strerror(error))};
    }
    return DebugReportChannel(fd, ntohs(address.sin_port));
}

DebugReportChannel::DebugReportChannel(DebugReportChannel&& other) noexcept : m_fd(other.m_fd), m_port(other.m_port)
{
    other.m_fd = -1;
}

DebugReportChannel::~DebugReportChannel()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

std::string DebugReportChannel::address() const
{
    return "127.0.0.1:" + std::to_string(m_port);
}

core::Expected<std::string> DebugReportChannel::receive(int processFd, std::chrono::milliseconds timeout,
                                                        const std::string& what)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int connection = -1;
    std::string line;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            if (connection >= 0)
                ::close(connection);
            return core::Error{"Debugger.LaunchFailed", what + " did not report its debugger within " +
                                                            std::to_string(timeout.count() / 1000) + " s"};
        }
        pollfd fds[2] = {{connection >= 0 ? connection : m_fd, POLLIN, 0}, {processFd, POLLIN, 0}};
        const int ready = ::poll(fds, 2, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (fds[0].revents) {
            if (connection < 0) {
                connection = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
                continue;
            }
            char buffer[1024];
            const auto n = ::recv(connection, buffer, sizeof buffer, 0);
            if (n > 0) {
                line.append(buffer, static_cast<std::size_t>(n));
                if (line.find('\n') == std::string::npos)
                    continue;
            }
            ::close(connection);
            line = line.substr(0, line.find('\n'));
            if (line.rfind("error ", 0) == 0)
                return core::Error{"Debugger.LaunchFailed", what + ": " + line.substr(6)};
            if (line.empty())
                return core::Error{"Debugger.LaunchFailed", what + " closed the debug report without an address"};
            return line;
        }
        if (fds[1].revents) {
            if (connection >= 0)
                ::close(connection);
            return core::Error{"Debugger.LaunchFailed",
                               what + " ended before its debugger listened (see the function's log for why)"};
        }
    }
}

}  // namespace lambdadesk::debugger
