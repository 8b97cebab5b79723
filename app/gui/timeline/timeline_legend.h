// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QString>
#include <QWidget>

#include <vector>

namespace lambdadesk::gui {

/// The timeline's key: a colour swatch or marker glyph per thing drawn, in rows that wrap to the width.
class TimelineLegend : public QWidget {
    Q_OBJECT

public:
    /// How an entry is drawn: a filled box (segments) or one of the function-row marker glyphs.
    enum class Glyph { Box, Idle, Tick, Caret, Cross, Square, Reload, HourGlass, Hatch };
    struct Entry {
        Glyph glyph;
        QColor color;
        QString label;
        QString toolTip;
    };

    explicit TimelineLegend(QWidget* parent = nullptr);

    [[nodiscard]] const std::vector<Entry>& entries() const { return m_entries; }
    [[nodiscard]] bool hasHeightForWidth() const override { return true; }
    [[nodiscard]] int heightForWidth(int width) const override;
    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    /// Where each entry goes for a width: one rectangle per entry, wrapping to new rows.
    [[nodiscard]] std::vector<QRect> layoutFor(int width) const;

    std::vector<Entry> m_entries;
};

}  // namespace lambdadesk::gui
