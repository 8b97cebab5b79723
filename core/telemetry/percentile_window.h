// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

namespace lambdadesk::core {

/// The most recent N samples of a quantity, for percentiles over a bounded window.
class PercentileWindow {
public:
    explicit PercentileWindow(std::size_t capacity = 8192) : m_capacity(capacity) {}

    void add(double value);
    /// The p-th percentile (0–100) by nearest rank; 0 when empty.
    [[nodiscard]] double percentile(double p) const;
    [[nodiscard]] std::size_t size() const { return m_values.size(); }

private:
    std::vector<double> m_values;
    std::size_t m_capacity;
    std::size_t m_next = 0;
};

}  // namespace lambdadesk::core
