// SPDX-License-Identifier: MIT
#include "metrics/fault_bands.h"

#include <algorithm>

namespace lambdadesk::gui {

std::vector<FaultBand> faultBandsOf(const std::vector<FaultWindow>& windows, const QString& function, double first,
                                    double last)
{
    std::vector<FaultBand> clipped;
    for (const FaultWindow& window : windows) {
        if (!function.isEmpty() && !window.functions.contains(function))
            continue;
        const double from = std::max(first, static_cast<double>(window.startNs) / 1e9);
        const double to = std::min(last, window.endNs < 0 ? last : static_cast<double>(window.endNs) / 1e9);
        if (to > from)
            clipped.push_back({from, to});
    }
    std::sort(clipped.begin(), clipped.end(), [](const FaultBand& a, const FaultBand& b) { return a.from < b.from; });
    std::vector<FaultBand> merged;
    for (const FaultBand& band : clipped) {
        if (!merged.empty() && band.from <= merged.back().to)
            merged.back().to = std::max(merged.back().to, band.to);
        else
            merged.push_back(band);
    }
    return merged;
}

QList<QPointF> bandOutline(const std::vector<FaultBand>& bands, double top)
{
    QList<QPointF> outline;
    outline.reserve(static_cast<qsizetype>(bands.size()) * 4);
    for (const FaultBand& band : bands) {
        outline << QPointF(band.from, 0) << QPointF(band.from, top) << QPointF(band.to, top) << QPointF(band.to, 0);
    }
    return outline;
}

}  // namespace lambdadesk::gui
