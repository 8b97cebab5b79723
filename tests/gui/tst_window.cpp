// SPDX-License-Identifier: MIT
// The window's shell: the timeline is the centre and the largest part, the docks around it fit a 1366×768
// screen without overlapping, View → Reset Layout brings a closed dock back, the toolbar carries the main
// commands, a broken template gets a banner that opens it at the line, and File → Reset Project State
// empties a queue.
#include "core_controller.h"
#include "editor/editor_panel.h"
#include "main_actions.h"
#include "main_window.h"
#include "template_banner.h"
#include "timeline/timeline_view.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QPushButton>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>

#include <filesystem>

using namespace lambdadesk;
using namespace lambdadesk::gui;

class TestWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void shrinksToASmallLaptopScreen();
    void defaultLayoutFitsWithoutOverlapAndTheTimelineIsTheLargest_data();
    void defaultLayoutFitsWithoutOverlapAndTheTimelineIsTheLargest();
    void resetLayoutBringsAClosedDockBack();
    void toolbarCarriesTheMainCommandsWithIconsAndShortcuts();
    void firstTemplateProblemIsLocated();
    void brokenTemplateShowsABannerThatOpensTheLine();
    void resetProjectStateEmptiesTheQueues();

private:
    QTemporaryDir m_folder;
    QString m_demo;
};

namespace {

QRect inWindow(QWidget* widget, QWidget* window)
{
    return QRect(widget->mapTo(window, QPoint(0, 0)), widget->size());
}

}  // namespace

void TestWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_folder.isValid());
    m_demo = MainWindow::copyDemoProject(m_folder.path());
    QVERIFY(!m_demo.isEmpty());
}

void TestWindow::shrinksToASmallLaptopScreen()
{
    CoreController controller;
    MainWindow window(&controller);
    window.useFreshLayout();
    QVERIFY(window.openProject(m_demo, true));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QSize minimum = window.minimumSizeHint();
    QVERIFY2(minimum.width() <= 1024 && minimum.height() <= 700,
             qPrintable(QStringLiteral("minimum %1×%2").arg(minimum.width()).arg(minimum.height())));
}

void TestWindow::defaultLayoutFitsWithoutOverlapAndTheTimelineIsTheLargest_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1366x768") << QSize(1366, 768);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestWindow::defaultLayoutFitsWithoutOverlapAndTheTimelineIsTheLargest()
{
    QFETCH(QSize, size);
    CoreController controller;
    MainWindow window(&controller);
    window.useFreshLayout();
    QVERIFY(window.openProject(m_demo, true));
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.resetLayout();
    QTest::qWait(100);
    QCOMPARE(window.size(), size);

    const QRect timeline = inWindow(window.timelineView(), &window);
    const int timelineArea = timeline.width() * timeline.height();
    QList<QDockWidget*> visible;
    for (auto* dock : window.findChildren<QDockWidget*>()) {
        if (dock->isVisible() && !dock->visibleRegion().isEmpty())
            visible << dock;
    }
    QVERIFY2(visible.size() >= 4, qPrintable(QString::number(visible.size())));
    for (auto* dock : visible) {
        const QRect rect = inWindow(dock, &window);
        QVERIFY2(window.rect().contains(rect), qPrintable(dock->objectName() + QStringLiteral(" is off-screen")));
        QVERIFY2(!rect.intersects(timeline), qPrintable(dock->objectName() + QStringLiteral(" covers the timeline")));
        QVERIFY2(rect.width() * rect.height() < timelineArea,
                 qPrintable(dock->objectName() + QStringLiteral(" is larger than the timeline")));
        for (auto* other : visible) {
            if (other != dock)
                QVERIFY2(!rect.intersects(inWindow(other, &window)),
                         qPrintable(dock->objectName() + QStringLiteral(" overlaps ") + other->objectName()));
        }
    }
    // Invoke and the editor are visible together, and the status bar is on screen.
    QVERIFY(!window.docks().invoke->visibleRegion().isEmpty());
    QVERIFY(!window.docks().editor->visibleRegion().isEmpty());
    QVERIFY(window.rect().contains(inWindow(window.statusBar(), &window)));
    // The timeline gets at least a third of the window.
    QVERIFY2(timelineArea * 3 >= size.width() * size.height(),
             qPrintable(QStringLiteral("timeline %1×%2").arg(timeline.width()).arg(timeline.height())));
}

void TestWindow::resetLayoutBringsAClosedDockBack()
{
    CoreController controller;
    MainWindow window(&controller);
    window.useFreshLayout();
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.docks().functions->close();
    window.docks().logs->setFloating(true);
    QVERIFY(!window.docks().functions->isVisible());
    window.actions()->resetLayout->trigger();
    QTest::qWait(50);
    QVERIFY(window.docks().functions->isVisible());
    QVERIFY(!window.docks().logs->isFloating());
    QCOMPARE(window.dockWidgetArea(window.docks().functions), Qt::LeftDockWidgetArea);
}

void TestWindow::toolbarCarriesTheMainCommandsWithIconsAndShortcuts()
{
    CoreController controller;
    MainWindow window(&controller);
    auto* toolbar = window.findChild<QToolBar*>(QStringLiteral("mainToolbar"));
    QVERIFY(toolbar);
    const auto* actions = window.actions();
    for (QAction* action : {actions->run, actions->stop, actions->invoke, actions->startTraffic}) {
        QVERIFY2(toolbar->actions().contains(action), qPrintable(action->text()));
        QVERIFY2(!action->icon().isNull(), qPrintable(action->text()));
        QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
    }
    QCOMPARE(actions->run->shortcut(), QKeySequence(Qt::Key_F5));
    QCOMPARE(actions->invoke->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_I));
}

void TestWindow::firstTemplateProblemIsLocated()
{
    const auto problem = firstTemplateProblem(QStringLiteral(
        "template.yaml:3:1: warning: unused parameter\ntemplate.yaml:12:5: error: Timeout must be an integer 1–900\n"));
    QVERIFY(problem);
    QCOMPARE(problem->file, QStringLiteral("template.yaml"));
    QCOMPARE(problem->line, 12);
    QCOMPARE(problem->column, 5);
    QCOMPARE(problem->text, QStringLiteral("Timeout must be an integer 1–900"));
    const auto plain = firstTemplateProblem(QStringLiteral("cannot read the template"));
    QVERIFY(plain);
    QCOMPARE(plain->line, 0);
    QVERIFY(!firstTemplateProblem(QString()));
}

void TestWindow::brokenTemplateShowsABannerThatOpensTheLine()
{
    QTemporaryDir folder;
    const QString demo = MainWindow::copyDemoProject(folder.path());
    CoreController controller;
    MainWindow window(&controller);
    window.useFreshLayout();
    QVERIFY(window.openProject(demo, true));
    window.show();
    QVERIFY(!window.templateBanner()->isVisible());

    // Break the template on disk: a Timeout that is not a number, on a known line.
    const QString path = demo + QStringLiteral("/template.yaml");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    file.close();
    int brokenLine = -1;
    for (int i = 0; i < lines.size() && brokenLine < 0; ++i) {
        if (lines[i].trimmed().startsWith(QLatin1String("Timeout:"))) {
            lines[i] = lines[i].section(QLatin1Char(':'), 0, 0) + QStringLiteral(": soon");
            brokenLine = i + 1;
        }
    }
    QVERIFY(brokenLine > 0);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(lines.join(QLatin1Char('\n')).toUtf8());
    file.close();

    QTRY_VERIFY_WITH_TIMEOUT(window.templateBanner()->isVisible(), 15000);
    QVERIFY(window.templateBanner()->problem());
    QCOMPARE(window.templateBanner()->problem()->line, brokenLine);
    QVERIFY(controller.running());  // the previous version keeps running
    auto* open = window.templateBanner()->findChild<QPushButton*>();
    QVERIFY(open);
    open->click();
    auto* editor = window.findChild<EditorPanel*>();
    QVERIFY(editor);
    QCOMPARE(QFileInfo(editor->currentFile()).canonicalFilePath(), QFileInfo(path).canonicalFilePath());
}

void TestWindow::resetProjectStateEmptiesTheQueues()
{
    QTemporaryDir folder;
    const QString demo = MainWindow::copyDemoProject(folder.path());
    CoreController controller;
    QString error;
    QVERIFY(controller.openProject(demo, &error));
    // A message on the dead-letter queue (nothing consumes it) is part of the project's durable state.
    const QString dlq = QStringLiteral("orders-dlq-dev");
    auto depth = [&controller, &dlq] {
        int count = -1;
        bool answered = false;
        controller.peekQueue(dlq, 10, [&](bool, const QString&, const CoreController::QueuePeek& peek) {
            count = static_cast<int>(peek.messages.size());
            answered = true;
        });
        if (!QTest::qWaitFor([&] { return answered; }, 10000))
            return -2;
        return count;
    };
    bool sent = false;
    controller.sendMessage(dlq, QStringLiteral("left over from an earlier run"), [&](bool success, const QString&) {
        sent = success;
    });
    QTRY_VERIFY_WITH_TIMEOUT(sent, 10000);
    QCOMPARE(depth(), 1);
    bool done = false;
    bool ok = false;
    QString message;
    controller.resetProjectState([&](bool success, const QString& text) {
        done = true;
        ok = success;
        message = text;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    QVERIFY2(ok, qPrintable(message));
    QVERIFY(controller.running());  // it was running, so it runs again
    QCOMPARE(depth(), 0);
}

QTEST_MAIN(TestWindow)
#include "tst_window.moc"
