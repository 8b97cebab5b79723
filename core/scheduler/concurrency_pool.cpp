// SPDX-License-Identifier: MIT
#include "scheduler/concurrency_pool.h"

namespace lambdadesk::core {

void ConcurrencyPool::adjustReserved(int delta)
{
    m_reserved += delta;
}

int ConcurrencyPool::unreservedCapacity() const
{
    return m_accountLimit - m_reserved.load();
}

bool ConcurrencyPool::tryAcquireUnreserved()
{
    int inUse = m_unreservedInUse.load();
    do {
        if (inUse >= unreservedCapacity())
            return false;
    } while (!m_unreservedInUse.compare_exchange_weak(inUse, inUse + 1));
    return true;
}

void ConcurrencyPool::releaseUnreserved()
{
    --m_unreservedInUse;
}

}  // namespace lambdadesk::core
