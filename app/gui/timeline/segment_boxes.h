// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QRect>

#include <utility>
#include <vector>

class QPainter;

namespace lambdadesk::gui {

/// The boxes of one repaint, collected by colour and filled with one QPainter::drawRects() per colour.
/// At thousands of invocations a second a repaint of the timeline draws thousands of boxes: through
/// fillRect() each pays QPainter's and the raster engine's set-up (state, clip, span functions, a
/// QRectF round trip), through drawRects() that is paid once per colour. Boxes of different colours
/// must not overlap (the lanes' segments do not), since the colours are filled one after the other.
class SegmentBoxes {
public:
    /// Adds a box; one that continues the last box of its colour on the same row (its left edge at that box's
    /// right edge) extends it instead.
    void add(const QColor& colour, const QRect& box);
    /// Fills every box collected since the last fill, then forgets them (their capacity is kept).
    void fill(QPainter& painter);
    [[nodiscard]] std::size_t size() const;

private:
    /// A handful of colours: a linear search is cheaper than a hash.
    std::vector<std::pair<QRgb, std::vector<QRect>>> m_byColour;
};

}  // namespace lambdadesk::gui
