// SPDX-License-Identifier: MIT
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace lambdadesk::bench {

/// One of bench/echo_servers/ (a keep-alive HTTP echo written in Python or Node) as a child process: started
/// with the interpreter, its port read from the "port N" line it prints, stopped by closing its stdin (and
/// killed if it does not leave). The physical limit of that runtime's HTTP handling, for bench_warm's ratios.
class ScriptEchoServer {
public:
    /// Throws std::runtime_error naming the command when it cannot start or reports no port within 10 s.
    ScriptEchoServer(const std::string& interpreter, const std::string& script);
    ~ScriptEchoServer();
    ScriptEchoServer(const ScriptEchoServer&) = delete;
    ScriptEchoServer& operator=(const ScriptEchoServer&) = delete;

    [[nodiscard]] std::uint16_t port() const { return m_port; }

private:
    void stop();

    pid_t m_pid = -1;
    int m_stdin = -1;
    std::uint16_t m_port = 0;
};

}  // namespace lambdadesk::bench
