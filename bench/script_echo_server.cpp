// SPDX-License-Identifier: MIT
#include "script_echo_server.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace lambdadesk::bench {

ScriptEchoServer::ScriptEchoServer(const std::string& interpreter, const std::string& script)
{
    int input[2];
    int output[2];
    if (::pipe2(input, O_CLOEXEC) != 0 || ::pipe2(output, O_CLOEXEC) != 0)
        throw std::runtime_error("cannot create pipes for " + script);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input[0], 0);
    posix_spawn_file_actions_adddup2(&actions, output[1], 1);
    const char* argv[] = {interpreter.c_str(), script.c_str(), nullptr};
    const int failed = posix_spawnp(&m_pid, interpreter.c_str(), &actions, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(input[0]);
    ::close(output[1]);
    m_stdin = input[1];
    if (failed != 0) {
        ::close(output[0]);
        ::close(m_stdin);
        throw std::runtime_error("cannot start " + interpreter + " " + script);
    }
    // The first line is "port N"; anything else (or nothing within 10 s) means the server did not come up.
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        pollfd readable{output[0], POLLIN, 0};
        if (::poll(&readable, 1, 100) <= 0)
            continue;
        char chunk[64];
        const ssize_t count = ::read(output[0], chunk, sizeof chunk);
        if (count <= 0)
            break;
        line.append(chunk, static_cast<std::size_t>(count));
    }
    ::close(output[0]);
    if (line.rfind("port ", 0) == 0)
        m_port = static_cast<std::uint16_t>(std::stoul(line.substr(5)));
    if (m_port == 0) {
        stop();
        throw std::runtime_error(interpreter + " " + script + " reported no port (it printed '" + line + "')");
    }
}

ScriptEchoServer::~ScriptEchoServer()
{
    stop();
}

void ScriptEchoServer::stop()
{
    if (m_stdin >= 0)
        ::close(m_stdin);
    m_stdin = -1;
    if (m_pid <= 0)
        return;
    for (int i = 0; i < 50; ++i) {
        if (::waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
            m_pid = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
    m_pid = -1;
}

}  // namespace lambdadesk::bench
