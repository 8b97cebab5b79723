// SPDX-License-Identifier: MIT
#pragma once

#include "telemetry/events.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace lambdadesk::core {

/// How much of the host the engine's environments may take (a local deviation from AWS, where every
/// environment has its own CPU). 0 means "derive from the host" (see defaultMaxConcurrentInits and
/// defaultMaxEnvironments).
struct HostCapacityLimits {
    int maxConcurrentInits = 0;  ///< environments in INIT at once, across all functions
    int maxEnvironments = 0;     ///< live environment processes, across all functions
    bool unbounded = false;      ///< `--scale-out aws`: no bound at all, as on AWS
    /// How long an invocation may wait for the host before it is answered TooManyRequestsException
    /// (Reason HostCapacityWaitExceeded). The wait does not consume the function's timeout.
    std::chrono::milliseconds maxWait{30000};
};

/// max(2, cores): INIT is CPU work (starting an interpreter, importing modules); more INITs than cores only
/// time-slice, so each takes longer and none finishes sooner. Two at least, so one INIT that sleeps or waits
/// on the network does not hold every other function back on a single-core host.
int defaultMaxConcurrentInits();
/// min(32 × cores, half the physical memory / 64 MB), at least 8: an idle environment costs no CPU but a
/// runtime's resident memory (a Node runtime ≈ 40–60 MB), and half the memory stays with the rest of the desktop.
int defaultMaxEnvironments();

/// A point-in-time view of the host's capacity, for status bars and charts.
struct HostCapacityStats {
    int initsRunning = 0;         ///< INIT slots taken (granted, spawning or in INIT)
    int environments = 0;         ///< environment slots taken (live processes, or about to be)
    int waiting = 0;              ///< cold starts queued for a slot
    int maxConcurrentInits = 0;
    int maxEnvironments = 0;
    bool unbounded = false;
    std::uint64_t waitsTotal = 0;     ///< cold starts that had to queue, since the engine started
    std::uint64_t reapedForRoom = 0;  ///< idle environments stopped because the host was at maxEnvironments
};

/// A function's side of the host capacity (implemented by its scheduler). Every method may be called on any
/// thread; implementations post to their own strand.
class HostCapacityMember {
public:
    virtual ~HostCapacityMember() = default;
    /// A slot asked for with HostCapacity::request is now this member's (one INIT + one environment).
    virtual void hostSlotGranted() = 0;
    /// When the least recently used idle (on-demand) environment was last used; max() when there is none.
    [[nodiscard]] virtual Clock::time_point oldestIdleSince() const = 0;
    /// Stop the least recently used idle environment to make room; answer with HostCapacity::reapDone.
    virtual void reapForRoom() = 0;
};

/// The host-capacity governor shared by every function's scheduler of one Engine: it bounds the environments
/// in INIT at once and the live environments. A cold start that finds the host full queues (FIFO, across
/// functions) until an INIT finishes or an environment goes; at the live bound, the least recently used idle
/// environment of any function is stopped to make room. Thread-safe and non-blocking: a grant is a callback.
class HostCapacity {
public:
    explicit HostCapacity(HostCapacityLimits limits = {});

    [[nodiscard]] const HostCapacityLimits& limits() const { return m_limits; }

    void join(const std::weak_ptr<HostCapacityMember>& member);
    /// Forgets a member and its queued requests (its slots must have been returned).
    void leave(const HostCapacityMember* member);

    /// Takes a slot at once when nobody queues and the host has room.
    bool tryAcquire();
    /// Queues for a slot; the member's hostSlotGranted() runs once it is granted.
    void request(const std::shared_ptr<HostCapacityMember>& member);
    /// Withdraws the member's newest queued request; false when none is queued (a grant may be on its way).
    bool cancel(const HostCapacityMember* member);
    /// A granted slot that was not used.
    void giveBack();
    /// An environment's INIT ended (done, failed, or the process went during INIT).
    void initFinished();
    /// An environment's process is gone; `stoppedForRoom` when reapForRoom stopped it.
    void environmentGone(bool stoppedForRoom);
    /// The answer to reapForRoom.
    void reapDone(bool reaped);
    /// An environment went idle: it may be reaped to make room for a queued cold start.
    void idleAvailable();

    [[nodiscard]] bool hasWaiters() const;
    [[nodiscard]] HostCapacityStats stats() const;

private:
    struct Actions {
        std::vector<std::shared_ptr<HostCapacityMember>> grants;
        std::shared_ptr<HostCapacityMember> reapFrom;
    };
    Actions pumpLocked();
    void pump();
    [[nodiscard]] bool roomLocked() const;

    HostCapacityLimits m_limits;
    mutable std::mutex m_mutex;
    std::deque<std::weak_ptr<HostCapacityMember>> m_queue;
    std::vector<std::weak_ptr<HostCapacityMember>> m_members;
    int m_inits = 0;
    int m_environments = 0;
    int m_reapsAsked = 0;       ///< reapForRoom calls not yet answered
    int m_stoppingForRoom = 0;  ///< environments stopped for room whose process has not gone yet
    std::uint64_t m_waitsTotal = 0;
    std::uint64_t m_reapedForRoom = 0;
};

}  // namespace lambdadesk::core
