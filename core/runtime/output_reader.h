// SPDX-License-Identifier: MIT
#pragma once

#include "runtime/unique_fd.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <functional>
#include <memory>
#include <string>

namespace lambdadesk::core {

/// Reads a child's output pipe on the environment's strand and cuts it into lines.
/// Reading happens only on the strand (readiness wait + non-blocking read), so drain() can
/// take everything already written before a Runtime API call, keeping log attribution exact.
class OutputReader : public std::enable_shared_from_this<OutputReader> {
public:
    using LineHandler = std::function<void(std::string line)>;

    OutputReader(const boost::asio::any_io_executor& executor, UniqueFd fd, LineHandler onLine);

    void start();
    /// Reads whatever is in the pipe now, without waiting.
    void drain();
    /// drain() for both pipes of a process, asking with one poll() which of them has anything: after most
    /// invocations neither has, and a read of each until EAGAIN would be two system calls per invocation.
    static void drain(OutputReader& first, OutputReader& second);
    /// Emits a trailing partial line and stops reading.
    void finish();

private:
    void wait();
    bool readAvailable();  // false at end of file

    boost::asio::posix::stream_descriptor m_pipe;
    LineHandler m_onLine;
    std::string m_partial;
    bool m_finished = false;
};

}  // namespace lambdadesk::core
