// SPDX-License-Identifier: MIT
#include "timeline/axis_labels.h"

#include "timeline/timeline_axis.h"

#include <QFont>
#include <QTransform>

namespace lambdadesk::gui {

const QStaticText& AxisLabels::label(qint64 wallNs, qint64 stepNs, const QFont& font)
{
    Entry& entry = m_labels[Key{wallNs, stepNs}];
    if (entry.usedIn == 0) {
        entry.text = QStaticText(wallClockLabel(static_cast<double>(wallNs) / 1e6, stepNs));
        entry.text.setTextFormat(Qt::PlainText);
        entry.text.prepare(QTransform(), font);
    }
    entry.usedIn = m_paint;
    return entry.text;
}

void AxisLabels::endPaint()
{
    m_labels.removeIf([this](QHash<Key, Entry>::iterator item) { return item->usedIn != m_paint; });
    ++m_paint;
}

}  // namespace lambdadesk::gui
