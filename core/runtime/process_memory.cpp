// SPDX-License-Identifier: MIT
#include "runtime/process_memory.h"

#include <unistd.h>

#include <cstdio>

namespace lambdadesk::core {

long residentKb(int pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/statm", pid);
    FILE* file = std::fopen(path, "r");
    if (!file)
        return 0;
    long size = 0;
    long resident = 0;
    const int read = std::fscanf(file, "%ld %ld", &size, &resident);
    std::fclose(file);
    static const long pageKb = ::sysconf(_SC_PAGESIZE) / 1024;
    return read == 2 ? resident * pageKb : 0;
}

}  // namespace lambdadesk::core
