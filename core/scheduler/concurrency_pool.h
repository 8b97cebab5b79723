// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <mutex>

namespace lambdadesk::core {

/// The account's concurrency: functions with reserved concurrency keep their share; all others
/// draw from what is left (account limit minus every reservation). Thread-safe.
class ConcurrencyPool {
public:
    explicit ConcurrencyPool(int accountLimit) : m_accountLimit(accountLimit) {}

    [[nodiscard]] int accountLimit() const { return m_accountLimit; }
    /// Sets aside `count` for one function (call again with the difference when it changes).
    void adjustReserved(int delta);
    [[nodiscard]] int unreservedCapacity() const;

    /// Takes one unreserved slot; false when the account is at its limit.
    bool tryAcquireUnreserved();
    void releaseUnreserved();
    [[nodiscard]] int unreservedInUse() const { return m_unreservedInUse.load(); }

private:
    const int m_accountLimit;
    std::atomic<int> m_reserved{0};
    std::atomic<int> m_unreservedInUse{0};
};

}  // namespace lambdadesk::core
