// SPDX-License-Identifier: MIT
#include "bench_stats.h"

#include <malloc.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstring>

extern char** environ;

namespace lambdadesk::bench {

std::vector<double> timeCommand(const std::vector<const char*>& argv, int runs)
{
    std::vector<double> times;
    std::vector<char*> args;
    for (const char* arg : argv)
        args.push_back(const_cast<char*>(arg));
    args.push_back(nullptr);
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        pid_t pid = -1;
        if (posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0)
            return {};
        waitpid(pid, nullptr, 0);
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    return times;
}

long residentKb()
{
    FILE* file = std::fopen("/proc/self/status", "r");
    if (!file)
        return 0;
    char line[256];
    long kb = 0;
    while (std::fgets(line, sizeof line, file)) {
        if (std::strncmp(line, "VmRSS:", 6) == 0)
            kb = std::strtol(line + 6, nullptr, 10);
    }
    std::fclose(file);
    return kb;
}

}  // namespace lambdadesk::bench

namespace lambdadesk::bench {

long heapInUseBytes()
{
    return static_cast<long>(mallinfo2().uordblks);
}

}  // namespace lambdadesk::bench
