// SPDX-License-Identifier: MIT
// lambdadesk: the desktop app.
// `lambdadesk [--project DIR] [--debug FUNCTION] [--break FILE:LINE] [--experiment FILE.json]
//  [--screenshot FILE.png [--traffic SCENARIO --seconds N] [--dock NAME] [--size WxH]]`
#include "core_controller.h"
#include "main_window.h"
#include "regions/region_names.h"
#include "traffic/traffic_scenario.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QSettings>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string_view>

using namespace lambdadesk::gui;

namespace {

/// --help and --version need no window: answered before QApplication, which aborts without a display.
bool asksForTextOnly(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument(argv[i]);
        if (argument == "-h" || argument == "--help" || argument == "--help-all" || argument == "-v" ||
            argument == "--version" || argument == "-?")
            return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv)
{
    std::unique_ptr<QCoreApplication> application;
    if (asksForTextOnly(argc, argv))
        application = std::make_unique<QCoreApplication>(argc, argv);
    else
        application = std::make_unique<QApplication>(argc, argv);
    QCoreApplication& app = *application;
    QCoreApplication::setOrganizationName(QStringLiteral("LambdaDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("LambdaDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("LambdaDesk: AWS Lambda functions on this machine, live."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("SAM project folder or template"),
                                     QStringLiteral("DIR"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("render the window to FILE.png after the traffic, then exit"),
                                        QStringLiteral("FILE"));
    const QCommandLineOption traffic(QStringLiteral("traffic"),
                                     QStringLiteral("'demo' or FUNCTION|queue:NAME|stream:NAME[:SHAPE[:RATE]],… "
                                                    "to drive before the screenshot"),
                                     QStringLiteral("SCENARIO"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("how long to drive traffic (default 5)"),
                                     QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption dock(QStringLiteral("dock"),
                                  QStringLiteral("raise this dock (queues, logs, experiments, …) and give it room, "
                                                 "for screenshots"),
                                  QStringLiteral("NAME"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("window size for the screenshot, e.g. 1366x768 (default: the screen's)"),
                                  QStringLiteral("WxH"));
    const QCommandLineOption debug(QStringLiteral("debug"),
                                   QStringLiteral("put a function (native, Python or Node) in debug mode (repeatable)"),
                                   QStringLiteral("FUNCTION"));
    const QCommandLineOption breakAt(QStringLiteral("break"),
                                     QStringLiteral("a breakpoint, FILE:LINE (FILE matches by path suffix; repeatable)"),
                                     QStringLiteral("FILE:LINE"));
    const QCommandLineOption experiment(
        QStringLiteral("experiment"),
        QStringLiteral("start this fault experiment (an AWS FIS template, JSON) once the engine runs"),
        QStringLiteral("FILE.json"));
    const QCommandLineOption region(QStringLiteral("region"),
                                    QStringLiteral("default region: the template's functions, queues and streams live "
                                                   "here (default LAMBDADESK_REGION, else us-east-1)"),
                                    QStringLiteral("name"));
    parser.addOptions({project, screenshot, traffic, seconds, dock, size, debug, breakAt, experiment, region});
    parser.process(app);

    CoreController controller;
    QString regionName = parser.value(region);
    if (regionName.isEmpty())
        regionName = qEnvironmentVariable("LAMBDADESK_REGION");
    if (!regionName.isEmpty()) {
        if (const auto valid = lambdadesk::core::checkRegionName(regionName.toStdString()); !valid) {
            std::fprintf(stderr, "lambdadesk: --region: %s\n", valid.error().message.c_str());
            return 2;
        }
        controller.setDefaultRegion(regionName);
    }
    MainWindow window(&controller);
    const bool screenshotMode = parser.isSet(screenshot);
    if (screenshotMode)
        window.useFreshLayout();
    else
        window.restoreLayout();
    QString path = parser.value(project);
    if (path.isEmpty() && !screenshotMode)
        path = QSettings().value(QStringLiteral("projects/last")).toString();
    if (path.isEmpty())
        path = MainWindow::demoProjectPath();
    if (!window.openProject(path, screenshotMode) && screenshotMode) {
        QString error;
        controller.openProject(path, &error);
        std::fprintf(stderr, "lambdadesk: cannot open %s:\n%s\n", qPrintable(path), qPrintable(error));
        return 2;
    }
    for (const QString& spec : parser.values(breakAt)) {
        const int colon = spec.lastIndexOf(QLatin1Char(':'));
        const int line = colon > 0 ? spec.mid(colon + 1).toInt() : 0;
        if (line < 1) {
            std::fprintf(stderr, "lambdadesk: --break wants FILE:LINE, e.g. main.cpp:32; got %s\n", qPrintable(spec));
            return 2;
        }
        window.addBreakpoint(spec.left(colon), line);
    }
    for (const QString& function : parser.values(debug)) {
        if (!controller.project() || !controller.project()->findFunction(function.toStdString())) {
            std::fprintf(stderr, "lambdadesk: --debug %s: no such function in the project\n", qPrintable(function));
            return 2;
        }
        window.setDebugMode(function, true);
    }
    if (parser.isSet(size)) {
        const QStringList parts = parser.value(size).split(QLatin1Char('x'));
        const int width = parts.value(0).toInt();
        const int height = parts.value(1).toInt();
        if (parts.size() != 2 || width < 200 || height < 200) {
            std::fprintf(stderr, "lambdadesk: --size wants WIDTHxHEIGHT, e.g. 1366x768; got %s\n",
                         qPrintable(parser.value(size)));
            return 2;
        }
        window.resize(width, height);
    }
    window.show();
    if (parser.isSet(dock)) {
        auto* raised = window.findChild<QDockWidget*>(parser.value(dock));
        if (!raised) {
            std::fprintf(stderr, "lambdadesk: no dock named %s\n", qPrintable(parser.value(dock)));
            return 2;
        }
        // After the window has laid out its docks and given them their first sizes. The docks beside the
        // centre have minimum heights, so the window grows by what the raised dock gains.
        constexpr int kDockHeight = 420;
        QTimer::singleShot(100, &window, [&window, raised] {
            raised->show();
            raised->raise();
            window.resize(window.width(), window.height() + std::max(0, kDockHeight - raised->height()));
            QTimer::singleShot(0, &window,
                               [&window, raised] { window.resizeDocks({raised}, {kDockHeight}, Qt::Vertical); });
        });
    }

    if (parser.isSet(experiment)) {
        QString error;
        if (!window.startExperiment(parser.value(experiment), &error)) {
            std::fprintf(stderr, "lambdadesk: --experiment %s\n", qPrintable(error));
            return 2;
        }
    }

    if (!screenshotMode)
        return QCoreApplication::exec();

    const double runSeconds = parser.value(seconds).toDouble();
    if (parser.isSet(traffic)) {
        QString error;
        const auto plans = parseTrafficScenario(parser.value(traffic), *controller.project(), runSeconds, &error);
        if (!plans) {
            std::fprintf(stderr, "lambdadesk: %s\n", qPrintable(error));
            return 2;
        }
        for (const auto& plan : *plans)
            controller.startTraffic(plan);
    }
    const QString file = parser.value(screenshot);
    QTimer::singleShot(static_cast<int>(runSeconds * 1000), &window, [&] {
        controller.stopTraffic();
        controller.drain();
        window.repaint();
        const bool saved = window.grab().save(file);
        std::fprintf(saved ? stdout : stderr, saved ? "screenshot written to %s\n" : "lambdadesk: cannot write %s\n",
                     qPrintable(file));
        QCoreApplication::exit(saved ? 0 : 1);
    });
    return QCoreApplication::exec();
}
