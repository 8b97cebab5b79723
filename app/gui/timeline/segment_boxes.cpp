// SPDX-License-Identifier: MIT
#include "timeline/segment_boxes.h"

#include <QPainter>

#include <algorithm>

namespace lambdadesk::gui {

void SegmentBoxes::add(const QColor& colour, const QRect& box)
{
    const QRgb rgba = colour.rgba();
    auto found = std::find_if(m_byColour.begin(), m_byColour.end(), [rgba](const auto& entry) { return entry.first == rgba; });
    if (found == m_byColour.end()) {
        m_byColour.emplace_back(rgba, std::vector<QRect>{});
        found = std::prev(m_byColour.end());
    }
    // A busy environment's invocations touch each other on screen: one longer box instead of many.
    auto& boxes = found->second;
    if (!boxes.empty()) {
        QRect& last = boxes.back();
        if (last.top() == box.top() && last.height() == box.height() && last.x() + last.width() == box.x()) {
            last.setWidth(last.width() + box.width());
            return;
        }
    }
    boxes.push_back(box);
}

void SegmentBoxes::fill(QPainter& painter)
{
    painter.save();
    painter.setPen(Qt::NoPen);
    for (auto& [rgba, boxes] : m_byColour) {
        if (boxes.empty())
            continue;
        painter.setBrush(QColor::fromRgba(rgba));
        painter.drawRects(boxes.data(), static_cast<int>(boxes.size()));
        boxes.clear();
    }
    painter.restore();
}

std::size_t SegmentBoxes::size() const
{
    std::size_t total = 0;
    for (const auto& entry : m_byColour)
        total += entry.second.size();
    return total;
}

}  // namespace lambdadesk::gui
