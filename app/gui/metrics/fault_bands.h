// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/fault_windows.h"

#include <QList>
#include <QPointF>
#include <QString>

#include <vector>

namespace lambdadesk::gui {

/// A stretch of the charts' time axis (seconds since the controller started) during which an experiment acted.
struct FaultBand {
    double from = 0;
    double to = 0;
    bool operator==(const FaultBand&) const = default;
};

/// The stretches of [first, last] during which an experiment's action acted on `function` (on any function
/// when `function` is empty), merged where they overlap or touch, in time order. A window still open runs to
/// `last`. Pure: tested without a chart.
std::vector<FaultBand> faultBandsOf(const std::vector<FaultWindow>& windows, const QString& function, double first,
                                    double last);

/// The outline of `bands` as rectangles from 0 to `top`, for an area series' upper line (its lower edge is
/// the x axis): rising and falling edges at each band's ends, flat at 0 between bands.
QList<QPointF> bandOutline(const std::vector<FaultBand>& bands, double top);

}  // namespace lambdadesk::gui
