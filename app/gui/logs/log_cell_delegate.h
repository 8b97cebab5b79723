// SPDX-License-Identifier: MIT
#pragma once

#include <QCache>
#include <QFont>
#include <QStaticText>
#include <QStyledItemDelegate>

namespace lambdadesk::gui {

/// Draws the Logs table's cells with their text laid out once: a cell's elided text is kept as a QStaticText,
/// keyed by the text, the width it was elided to and the elide mode.
///
/// Why: the log follows thousands of lines a second, so the table repaints with nearly every batch, and the
/// stock delegate lays out (shapes) every visible cell's text twice per repaint — to elide it and to draw it.
/// That was the Logs table's whole cost (`QTextEngine::shapeText`, 16 % of the GUI thread under load). The same
/// line keeps its text while it scrolls by, so its layout is reused until it leaves the cache.
///
/// The cache needs no invalidation for what changes a cell's text or width: those are part of the key (a
/// resized column asks for another width; a trimmed or filtered log shows other texts). A change of font
/// forgets everything (checked on every paint: the option carries the font). Colours are not cached: the pen
/// is set from the option's palette on every paint.
class LogCellDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit LogCellDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    /// Cells laid out and kept (for tests).
    [[nodiscard]] int cachedCells() const { return m_cells.count(); }
    /// Layouts made since construction (for tests: a repaint of unchanged cells makes none).
    [[nodiscard]] int layoutsMade() const { return m_layoutsMade; }

private:
    struct Key {
        QString text;
        int width = 0;
        int elideMode = 0;
        friend bool operator==(const Key& a, const Key& b) = default;
        friend size_t qHash(const Key& key, size_t seed = 0) { return qHashMulti(seed, key.text, key.width, key.elideMode); }
    };

    /// About 20 screens of a 50-row table, 5 columns each: enough for scrolling back and forth without laying out
    /// again, small enough to be a few hundred kB.
    static constexpr int kMaxCells = 5'000;

    const QStaticText& layout(const QString& text, int width, const QStyleOptionViewItem& option) const;

    mutable QCache<Key, QStaticText> m_cells{kMaxCells};
    mutable QFont m_font;  ///< the font the cached layouts were made with
    mutable int m_layoutsMade = 0;
};

}  // namespace lambdadesk::gui
