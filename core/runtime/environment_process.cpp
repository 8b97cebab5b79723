// SPDX-License-Identifier: MIT
// The process side of an environment: its memory sampled against the function's limit, and stopping it
// (SIGTERM with a grace period, SIGKILL at once) as a process group.
#include "runtime/environment.h"

#include "runtime/process_memory.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

namespace lambdadesk::core {

void Environment::sampleMemory()
{
    if (m_state == State::Stopped || m_reaped)
        return;
    const long rss = m_residentSet.kilobytes();
    m_peakRssKb = std::max(m_peakRssKb, rss);
    m_lastMemorySample = Clock::now();
    if (!m_outOfMemory && rss > static_cast<long>(m_function.memoryMb) * 1024) {
        m_outOfMemory = true;
        m_stopReason = "out of memory";
        killGroup(SIGKILL);
        return;
    }
    m_memoryTimer.expires_after(kMemorySamplePeriod);
    m_memoryTimer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec)
            self->sampleMemory();
    });
}

void Environment::stop(const std::string& reason)
{
    if (m_state == State::Stopping || m_state == State::Stopped)
        return;
    m_stopReason = reason;
    setState(State::Stopping);
    killGroup(SIGTERM);
    m_killTimer.expires_after(m_settings.shutdownGrace);
    m_killTimer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec && !self->m_reaped)
            self->killGroup(SIGKILL);
    });
}

void Environment::terminateNow(const std::string& reason)
{
    if (m_state == State::Stopped)
        return;
    if (m_pid > 0 && !m_reaped) {
        ::kill(-m_pid, SIGKILL);
        if (!m_exitStatus)
            ::waitpid(m_pid, nullptr, 0);
        m_reaped = true;
    }
    if (m_stopReason.empty())
        m_stopReason = reason;
    setState(State::Stopped);
    m_settings.events->publish(EnvironmentStopped{m_function.name, m_id, m_stopReason});
}

void Environment::killGroup(int signal)
{
    if (m_pid > 0 && !m_reaped)
        ::kill(-m_pid, signal);
}

}  // namespace lambdadesk::core
