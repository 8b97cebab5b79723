// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QStaticText>

class QFont;

namespace lambdadesk::gui {

/// The time axis's tick labels, laid out once and kept while they are on screen. In follow mode the axis is
/// repainted with every batch (60 times a second) and shows the same dozen labels for a second or more;
/// formatting a local time and shaping its text for each of them on every repaint is most of the axis's cost.
class AxisLabels {
public:
    /// The label of the tick at `wallNs` (ns since the Unix epoch) for ticks `stepNs` apart, laid out in `font`.
    /// The reference stays valid until the next endPaint() or clear().
    const QStaticText& label(qint64 wallNs, qint64 stepNs, const QFont& font);
    /// Ends a repaint: labels it did not ask for are forgotten, so only those on screen are kept.
    void endPaint();
    /// Forgets every label (the font changed).
    void clear() { m_labels.clear(); }
    /// Labels held (for tests).
    [[nodiscard]] int size() const { return static_cast<int>(m_labels.size()); }

private:
    struct Key {
        qint64 wallNs = 0;
        qint64 stepNs = 0;
        friend bool operator==(const Key&, const Key&) = default;
        friend size_t qHash(const Key& key, size_t seed = 0) { return qHashMulti(seed, key.wallNs, key.stepNs); }
    };
    struct Entry {
        QStaticText text;
        quint64 usedIn = 0;  ///< the repaint that last asked for it
    };
    QHash<Key, Entry> m_labels;
    quint64 m_paint = 1;
};

}  // namespace lambdadesk::gui
