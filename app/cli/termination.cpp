// SPDX-License-Identifier: MIT
#include "termination.h"

#include <pthread.h>
#include <csignal>

namespace lambdadesk::cli {
namespace {

sigset_t terminationSignals()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    return signals;
}

}  // namespace

void blockTerminationSignals()
{
    const auto signals = terminationSignals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int waitForTermination()
{
    const auto signals = terminationSignals();
    int received = 0;
    sigwait(&signals, &received);
    return received;
}

}  // namespace lambdadesk::cli
