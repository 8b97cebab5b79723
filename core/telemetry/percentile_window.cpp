// SPDX-License-Identifier: MIT
#include "telemetry/percentile_window.h"

#include <algorithm>
#include <cmath>

namespace lambdadesk::core {

void PercentileWindow::add(double value)
{
    if (m_values.size() < m_capacity) {
        m_values.push_back(value);
        return;
    }
    m_values[m_next] = value;
    m_next = (m_next + 1) % m_capacity;
}

double PercentileWindow::percentile(double p) const
{
    if (m_values.empty())
        return 0;
    std::vector<double> sorted = m_values;
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    const std::size_t index = std::clamp<std::size_t>(rank, 1, sorted.size()) - 1;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(index), sorted.end());
    return sorted[index];
}

}  // namespace lambdadesk::core
