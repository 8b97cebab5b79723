// SPDX-License-Identifier: MIT
// LogCellDelegate keeps each cell's laid-out text between repaints. Whatever it keeps, the table must look
// exactly as it would with a delegate that has kept nothing, and as with Qt's own delegate: after the columns are
// resized (text elided to another width), after the log dropped its oldest lines, after the font and the palette
// (a theme) changed. And a repaint of unchanged cells lays out nothing.
#include "event_fixture.h"
#include "logs/log_cell_delegate.h"
#include "logs/log_model.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QtTest>

#include <memory>

using namespace lambdadesk;
using namespace lambdadesk::gui;
using namespace lambdadesk::tests;

namespace {

// Lines long enough to be elided in the Message column, each one different.
std::vector<core::Event> longLines(int first, int count)
{
    std::vector<core::Event> events;
    for (int i = first; i < first + count; ++i) {
        const std::string id = "req-" + std::to_string(i);
        std::string text = "line " + std::to_string(i) + ":";
        for (int word = 0; word < 12; ++word)
            text += " word" + std::to_string((i * 7 + word) % 100);
        events.push_back(at(0.001 * i, core::LogLine{"PriceCalculator", "env-1", id, core::LogLine::Stream::Stdout, text}));
    }
    return events;
}

// A table set up as the Logs panel sets up its own.
std::unique_ptr<QTableView> table(QAbstractItemModel* model, QAbstractItemDelegate* delegate)
{
    auto view = std::make_unique<QTableView>();
    view->setModel(model);
    view->setItemDelegate(delegate);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    view->resize(640, 300);
    return view;
}

}  // namespace

class TestLogCellDelegate : public QObject {
    Q_OBJECT

private:
    LogModel m_logs;
    LogCellDelegate m_delegate;
    std::unique_ptr<QTableView> m_view;

    // The picture of m_view next to the one the same table paints, in the same state, with a fresh delegate that
    // has kept nothing.
    void compareWithFreshDelegate()
    {
        const QImage cached = m_view->grab().toImage();
        LogCellDelegate fresh;
        m_view->setItemDelegate(&fresh);
        const QImage expected = m_view->grab().toImage();
        m_view->setItemDelegate(&m_delegate);
        QCOMPARE(cached.size(), expected.size());
        QVERIFY2(cached == expected, "the cached layouts paint another picture than fresh ones");
        QVERIFY(fresh.layoutsMade() > 0);  // the reference did paint text
    }

private slots:
    void init()
    {
        m_logs.clear();
        m_logs.setCapacity(200);
        m_logs.apply(longLines(0, 100), kEpoch);
        m_view = table(&m_logs, &m_delegate);
    }

    void repaintOfUnchangedCellsLaysOutNothing()
    {
        m_view->grab();
        const int made = m_delegate.layoutsMade();
        QVERIFY(made > 0);
        QVERIFY(m_delegate.cachedCells() > 0);
        m_view->grab();
        QCOMPARE(m_delegate.layoutsMade(), made);
        compareWithFreshDelegate();
        // And the same picture Qt's own delegate paints, which lays the text out on every repaint.
        const QImage cached = m_view->grab().toImage();
        QStyledItemDelegate stock;
        m_view->setItemDelegate(&stock);
        const QImage expected = m_view->grab().toImage();
        m_view->setItemDelegate(&m_delegate);
        QVERIFY2(cached == expected, "the cells look otherwise than with Qt's delegate");
    }

    void resizedColumnsAreElidedAgain()
    {
        m_view->grab();
        m_view->setColumnWidth(LogModel::FunctionColumn, 40);  // "PriceCalculator" no longer fits
        m_view->resize(420, 300);                               // nor the messages
        const int before = m_delegate.layoutsMade();
        compareWithFreshDelegate();
        QVERIFY(m_delegate.layoutsMade() > before);
        m_view->resize(900, 300);
        compareWithFreshDelegate();
    }

    void trimmedLogShowsItsNewLines()
    {
        m_view->scrollToBottom();
        m_view->grab();
        // 150 more lines: the log keeps 200, so the 50 oldest leave and every row shows another line.
        m_logs.apply(longLines(100, 150), kEpoch);
        QCOMPARE(m_logs.rowCount(), 200);
        m_view->scrollToBottom();
        compareWithFreshDelegate();
        m_view->scrollToTop();
        compareWithFreshDelegate();
    }

    void fontAndThemeChangesAreFollowed()
    {
        m_view->grab();
        QFont larger = m_view->font();
        larger.setPointSizeF(larger.pointSizeF() * 1.5);
        m_view->setFont(larger);
        const int before = m_delegate.layoutsMade();
        compareWithFreshDelegate();
        QVERIFY(m_delegate.layoutsMade() > before);  // laid out again in the new font

        QPalette dark = m_view->palette();
        dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
        m_view->setPalette(dark);
        compareWithFreshDelegate();
        // Selected rows are drawn in the highlight's text colour.
        m_view->selectRow(2);
        compareWithFreshDelegate();
    }
};

QTEST_MAIN(TestLogCellDelegate)
#include "tst_log_cell_delegate.moc"
