// SPDX-License-Identifier: MIT
#include "logs/log_cell_delegate.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QStyle>

namespace lambdadesk::gui {

LogCellDelegate::LogCellDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

const QStaticText& LogCellDelegate::layout(const QString& text, int width, const QStyleOptionViewItem& option) const
{
    if (option.font != m_font) {  // another font (a theme or the user's): every layout is stale
        m_cells.clear();
        m_font = option.font;
    }
    Key key{text, width, static_cast<int>(option.textElideMode)};
    if (const QStaticText* found = m_cells.object(key))
        return *found;
    auto* laidOut = new QStaticText(QFontMetrics(option.font).elidedText(text, option.textElideMode, width));
    laidOut->setTextFormat(Qt::PlainText);
    laidOut->prepare(QTransform(), option.font);
    ++m_layoutsMade;
    m_cells.insert(key, laidOut);  // takes it; it stays until kMaxCells newer cells pushed it out
    return *laidOut;
}

void LogCellDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    const QWidget* widget = cell.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    // The style draws everything but the text (background, selection, focus), as it would with the text: the
    // option still says it has some (HasDisplay), so the rectangles come out the same. Asked with the text in it,
    // the style would measure the text, which costs a layout.
    const QString text = cell.text;
    cell.text.clear();
    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &cell, widget);
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);
    if (text.isEmpty())
        return;
    // The same inner margin the style leaves (QCommonStyle's item text margin).
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect inner = textRect.adjusted(margin, 0, -margin, 0);
    if (inner.width() <= 0)
        return;
    const QStaticText& laidOut = layout(text, inner.width(), cell);
    const QPalette::ColorGroup group = !(cell.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (cell.state & QStyle::State_Active)  ? QPalette::Normal
                                                                              : QPalette::Inactive;
    const QSizeF size = laidOut.size();
    const QRect at = QStyle::alignedRect(cell.direction, cell.displayAlignment, size.toSize(), inner);
    painter->save();
    painter->setFont(cell.font);
    painter->setPen(
        cell.palette.color(group, (cell.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text));
    painter->drawStaticText(at.topLeft(), laidOut);
    painter->restore();
}

}  // namespace lambdadesk::gui
