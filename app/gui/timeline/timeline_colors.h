// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>

namespace lambdadesk::gui::timeline_colors {

// One palette for the view and its legend, so the legend cannot drift from what is drawn.
inline const QColor kInit(0xf0, 0x9a, 0x2e);
inline const QColor kWarm(0x3a, 0x7b, 0xd5);
inline const QColor kColdInvoke(0x23, 0x5a, 0xa8);
inline const QColor kError(0xd0, 0x35, 0x35);
inline const QColor kTimeout(0x8e, 0x24, 0xaa);
inline const QColor kIdle(0xe4, 0xe8, 0xee);
inline const QColor kThrottle(0xe0, 0x40, 0x10);
inline const QColor kReload(0x1e, 0x8e, 0x3e);
inline const QColor kHostWait(0x70, 0x70, 0x78);
inline const QColor kDebugStopped(0xf2, 0xc9, 0x1d);  // a yellow band: "held on a breakpoint, not running"
inline const QColor kFault(0x1a, 0x1a, 0x1a);  // a dark hatch and top edge over any colour: "an experiment did this"
inline const QColor kFaultWindow(0xe8, 0x50, 0x28, 80);  // a translucent red-orange band: "an experiment acted here"

}  // namespace lambdadesk::gui::timeline_colors
