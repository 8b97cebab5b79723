// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace lambdadesk::bench {

/// The flags every benchmark takes: --quick (fewer rounds) and --json FILE (where the figures go).
struct BenchArgs {
    bool quick = false;
    std::string jsonPath;
};

inline BenchArgs parseBenchArgs(int argc, char** argv)
{
    BenchArgs args;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            args.quick = true;
        else if (std::strcmp(argv[i], "--json") == 0 && i + 1 < argc)
            args.jsonPath = argv[++i];
    }
    return args;
}

/// Nearest-rank percentile of a sample (sorted copy).
inline double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

/// Wall time of spawning a command and waiting for it, in milliseconds, `runs` times.
std::vector<double> timeCommand(const std::vector<const char*>& argv, int runs);

/// This process's resident set size in kB.
long residentKb();

/// Bytes of heap this process has allocated and not freed (glibc mallinfo2).
long heapInUseBytes();

}  // namespace lambdadesk::bench
