// SPDX-License-Identifier: MIT
#include "runtime/output_reader.h"

#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace lambdadesk::core {
namespace {

// A runaway line (no newline for a long time) is cut here so memory stays bounded.
constexpr std::size_t kMaxLineBytes = 256 * 1024;

}  // namespace

OutputReader::OutputReader(const boost::asio::any_io_executor& executor, UniqueFd fd, LineHandler onLine)
    : m_pipe(executor, fd.release()), m_onLine(std::move(onLine))
{
}

void OutputReader::start()
{
    wait();
}

void OutputReader::wait()
{
    m_pipe.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                      [self = shared_from_this()](const boost::system::error_code& ec) {
                          if (ec || self->m_finished)
                              return;
                          if (self->readAvailable())
                              self->wait();
                          else
                              self->finish();
                      });
}

bool OutputReader::readAvailable()
{
    if (m_finished || !m_pipe.is_open())
        return false;
    char buffer[16384];
    for (;;) {
        const ssize_t count = ::read(m_pipe.native_handle(), buffer, sizeof buffer);
        if (count > 0) {
            std::size_t start = 0;
            for (ssize_t i = 0; i < count; ++i) {
                if (buffer[i] != '\n')
                    continue;
                m_partial.append(buffer + start, static_cast<std::size_t>(i) - start);
                m_onLine(std::move(m_partial));
                m_partial.clear();
                start = static_cast<std::size_t>(i) + 1;
            }
            m_partial.append(buffer + start, static_cast<std::size_t>(count) - start);
            if (m_partial.size() > kMaxLineBytes) {
                m_onLine(std::move(m_partial));
                m_partial.clear();
            }
            continue;
        }
        if (count == 0)
            return false;
        if (errno == EINTR)
            continue;
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }
}

void OutputReader::drain()
{
    if (!readAvailable() && !m_finished)
        finish();
}

void OutputReader::drain(OutputReader& first, OutputReader& second)
{
    std::array<pollfd, 2> fds{};
    std::array<OutputReader*, 2> polled{};
    nfds_t count = 0;
    for (OutputReader* reader : {&first, &second}) {
        if (reader->m_finished)
            continue;
        if (!reader->m_pipe.is_open()) {
            reader->drain();  // finishes it, as a drain of a closed pipe does
            continue;
        }
        fds[count] = pollfd{reader->m_pipe.native_handle(), POLLIN, 0};
        polled[count++] = reader;
    }
    if (count == 0)
        return;
    int ready = 0;
    do
        ready = ::poll(fds.data(), count, 0);
    while (ready < 0 && errno == EINTR);
    for (nfds_t i = 0; i < count; ++i) {
        // Data, end of file (POLLHUP) or an error: drain() reads it, or finishes the reader as before.
        if (ready < 0 || fds[i].revents != 0)
            polled[i]->drain();
    }
}

void OutputReader::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (!m_partial.empty()) {
        m_onLine(std::move(m_partial));
        m_partial.clear();
    }
    boost::system::error_code ignored;
    m_pipe.close(ignored);
}

}  // namespace lambdadesk::core
