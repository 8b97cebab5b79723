// SPDX-License-Identifier: MIT
// The window's shell: the timeline is the centre and the largest part, the docks around it fit a 1366×768
// screen without overlapping, View → Reset Layout brings a closed dock back, the toolbar carries the main
// commands (Debug and Experiments among them), a broken template gets a banner that opens it at the line, File →
// Reset Project State empties a queue, starting traffic resumes following live, a double click on a function opens
// its code beside the Invoke dock, and a hot reload is flagged on the timeline.
#include "core_controller.h"
#include "debug/debug_actions.h"
#include "editor/editor_panel.h"
#include "invoke/invoke_panel.h"
#include "timeline/timeline_model.h"
#include "main_actions.h"
#include "main_window.h"
#include "template_banner.h"
#include "timeline/timeline_view.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QPushButton>
#include <QScrollBar>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTableView>
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
    void startingTrafficResumesFollowing();
    void doubleClickOnAFunctionOpensItsCode();
    void aHotReloadIsMarkedOnTheTimeline();

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

    // The plot and its lanes' scroll bar, which sits beside the view.
    const QRect timeline = inWindow(window.timelineView(), &window)
                               .united(inWindow(window.timelineView()->verticalScrollBar(), &window));
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
    // The Invoke dock's buttons are whole, not cut off at the dock's edge.
    for (const QString& name : {QStringLiteral("invoke"), QStringLiteral("debug")}) {
        auto* button = window.docks().invoke->findChild<QPushButton*>(name);
        QVERIFY2(button, qPrintable(name));
        QVERIFY2(button->visibleRegion().boundingRect().size() == button->size(),
                 qPrintable(name + QStringLiteral(" is cut off")));
    }
    for (auto* button : window.docks().invoke->findChildren<QPushButton*>()) {
        if (button->text().startsWith(QStringLiteral("Save")))
            QVERIFY2(button->visibleRegion().boundingRect().size() == button->size(), "Save… is cut off");
    }
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
    QAction* debug = window.debugActions()->startDebugging;
    for (QAction* action :
         {actions->run, actions->stop, debug, actions->invoke, actions->startTraffic, actions->experiments,
          actions->exportProject}) {
        QVERIFY2(toolbar->actions().contains(action), qPrintable(action->text()));
        QVERIFY2(!action->icon().isNull(), qPrintable(action->text()));
        QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
    }
    QCOMPARE(actions->run->shortcut(), QKeySequence(Qt::Key_F5));
    QCOMPARE(actions->invoke->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_I));
    QCOMPARE(actions->experiments->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    QCOMPARE(actions->exportProject->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    // Debug sits next to Run/Stop: the engine's commands, then the debugger's, before Invoke.
    const QList<QAction*> order = toolbar->actions();
    QCOMPARE(order.indexOf(debug), order.indexOf(actions->stop) + 1);
    // Start Debugging shares F5 with Run; while it has nothing to start it is disabled and Run keeps the key.
    QVERIFY(!debug->isEnabled());
    QCOMPARE(debug->shortcut(), QKeySequence(Qt::Key_F5));
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

void TestWindow::startingTrafficResumesFollowing()
{
    CoreController controller;
    MainWindow window(&controller);
    window.useFreshLayout();
    QVERIFY(window.openProject(m_demo, true));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(controller.running());
    // The user scrolled back to look at something: the timeline stopped following.
    window.timelineView()->setFollowing(false);
    QVERIFY(!window.timelineView()->following());
    core::TrafficPlan plan;
    plan.function = "CartApi";
    plan.payload = R"({"httpMethod":"GET","pathParameters":{"cartId":"follow"}})";
    plan.ratePerSecond = 2;
    plan.duration = std::chrono::seconds(1);
    controller.startTraffic(plan);
    // New traffic is what they want to see: back to live.
    QVERIFY(window.timelineView()->following());
    // The toolbar's Start Traffic does the same (it starts the Traffic dock's plan, once it lists a target).
    auto* target = window.docks().traffic->findChild<QComboBox*>(QStringLiteral("target"));
    QVERIFY(target);
    QTRY_VERIFY_WITH_TIMEOUT(!target->currentText().isEmpty(), 5000);
    window.timelineView()->setFollowing(false);
    window.actions()->startTraffic->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window.timelineView()->following(), 5000);
    window.actions()->stopTraffic->trigger();
}

void TestWindow::doubleClickOnAFunctionOpensItsCode()
{
    CoreController controller;
    MainWindow window(&controller);
    window.useFreshLayout();
    window.resize(1366, 768);
    QVERIFY(window.openProject(m_demo, true));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* table = window.docks().functions->findChild<QTableView*>();
    QVERIFY(table);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 3, 5000);
    int cartRow = -1;
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data().toString() == QStringLiteral("CartApi"))
            cartRow = row;
    }
    QVERIFY(cartRow >= 0);
    window.docks().editor->close();
    auto* editor = window.findChild<EditorPanel*>();
    QVERIFY(editor);
    QVERIFY(editor->currentFile().isEmpty());

    const QRect cell = table->visualRect(table->model()->index(cartRow, 0));
    QVERIFY(!cell.isEmpty());
    QSignalSpy doubleClicked(table, &QAbstractItemView::doubleClicked);
    // A double click as a mouse makes it: press and release, then the second press arrives as a double click.
    QTest::mousePress(table->viewport(), Qt::LeftButton, Qt::NoModifier, cell.center());
    QTest::mouseRelease(table->viewport(), Qt::LeftButton, Qt::NoModifier, cell.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, cell.center());
    QCOMPARE(doubleClicked.count(), 1);

    // The handler is open in the editor, which is shown again, and the function is the Invoke dock's.
    QTRY_VERIFY_WITH_TIMEOUT(editor->currentFile().endsWith(QStringLiteral("cart-api/app.py")), 5000);
    QVERIFY(window.docks().editor->isVisible());
    QCOMPARE(window.invokePanel()->currentFunction(), QStringLiteral("CartApi"));
}

void TestWindow::aHotReloadIsMarkedOnTheTimeline()
{
    QTemporaryDir folder;
    const QString demo = MainWindow::copyDemoProject(folder.path());
    CoreController controller;
    MainWindow window(&controller);
    window.useFreshLayout();
    QVERIFY(window.openProject(demo, true));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const auto reloadsOf = [&controller](const QString& function) {
        int count = 0;
        for (const auto& marker : controller.timeline()->throttles().value(function))
            count += marker.kind == ThrottleMarker::Kind::Reload ? 1 : 0;
        return count;
    };
    QCOMPARE(reloadsOf(QStringLiteral("CartApi")), 0);

    // Saving the handler reloads the function (the project watcher sees it): the timeline flags it on its row.
    QFile handler(demo + QStringLiteral("/cart-api/app.py"));
    QVERIFY2(handler.open(QIODevice::Append), qPrintable(handler.fileName()));
    handler.write("\n# changed by tst_window\n");
    handler.close();
    QTRY_VERIFY_WITH_TIMEOUT(reloadsOf(QStringLiteral("CartApi")) == 1, 15000);
    QVERIFY(window.timelineView()->functionOrder().contains(QStringLiteral("CartApi")));
    QCOMPARE(reloadsOf(QStringLiteral("PriceCalculator")), 0);
}

QTEST_MAIN(TestWindow)
#include "tst_window.moc"
