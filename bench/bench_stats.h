// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace lambdadesk::bench {

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
