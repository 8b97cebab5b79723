// SPDX-License-Identifier: MIT
// bench_gui: the desktop app under load, offscreen. The traffic generator drives a native function
// of the demo at --rate invocations/s for --seconds; after every batch the controller applies, the
// timeline is repainted, and (apply + repaint) is timed. Baseline in the same run: repainting the
// same timeline widget with no data.
#include "bench_stats.h"

#include "core_controller.h"
#include "functions/function_list_model.h"
#include "logs/log_model.h"
#include "theory/queue_theory_model.h"
#include "main_window.h"
#include "timeline/timeline_model.h"
#include "timeline/timeline_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <time.h>

#include <cstdio>
#include <cstring>
#include <fstream>

using namespace lambdadesk;
using namespace lambdadesk::gui;

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    double seconds = 60;
    double rate = 5000;
    std::string jsonPath = "bench_gui.json";
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
            seconds = std::atof(argv[++i]);
        else if (std::strcmp(argv[i], "--rate") == 0 && i + 1 < argc)
            rate = std::atof(argv[++i]);
        else if (std::strcmp(argv[i], "--json") == 0 && i + 1 < argc)
            jsonPath = argv[++i];
    }
    QApplication app(argc, argv);
    CoreController controller;
    MainWindow window(&controller);
    window.useFreshLayout();
    window.resize(1600, 1000);
    // A fresh copy of the demo: neither this run's history nor an earlier one's touches the bundled demo.
    QTemporaryDir folder;
    const QString demo = MainWindow::copyDemoProject(folder.path());
    if (demo.isEmpty() || !window.openProject(demo, true)) {
        std::fprintf(stderr, "bench_gui: cannot open a copy of the demo at %s\n", qPrintable(MainWindow::demoProjectPath()));
        return 1;
    }
    window.show();
    // Let the window be exposed first: an unexposed widget's repaint() paints nothing.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 300)
        QApplication::processEvents(QEventLoop::AllEvents, 50);
    TimelineView* timeline = window.timelineView();

    // Baseline: the same repaint with nothing to draw.
    std::vector<double> baseline;
    for (int i = 0; i < 200; ++i) {
        QElapsedTimer timer;
        timer.start();
        timeline->repaint();
        baseline.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }

    // Thread CPU time next to wall time: on 2 busy cores the GUI thread also waits for a core, and
    // the difference says how much of a slow batch was our work and how much was waiting.
    const auto threadCpuMs = [] {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
    };
    std::vector<double> batchCpuMs;
    std::vector<double> batchMs;
    std::vector<double> applyMs;
    std::vector<double> eventsPerBatch;
    QObject::connect(&controller, &CoreController::batchApplied, timeline, [&](int events, qint64 applyNs, qint64 applyCpuNs) {
        QElapsedTimer timer;
        timer.start();
        const double cpuBeforePaint = threadCpuMs();
        timeline->repaint();
        const double paint = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        batchCpuMs.push_back(threadCpuMs() - cpuBeforePaint + static_cast<double>(applyCpuNs) / 1e6);
        applyMs.push_back(static_cast<double>(applyNs) / 1e6);
        batchMs.push_back(static_cast<double>(applyNs) / 1e6 + paint);
        eventsPerBatch.push_back(events);
    });

    core::TrafficPlan plan;
    plan.function = "PriceCalculator";
    plan.payload = R"({"items":[{"sku":"a","qty":1,"unitPrice":2.5}]})";
    plan.shape = core::TrafficShape::Constant;
    plan.ratePerSecond = rate;
    plan.duration = std::chrono::milliseconds(static_cast<qint64>(seconds * 1000));
    const long rssBefore = bench::residentKb();
    long rssMid = 0;
    controller.startTraffic(plan);
    QTimer::singleShot(static_cast<int>(seconds * 500), &app, [&] { rssMid = bench::residentKb(); });
    // Every 10 s, to show where memory levels off (the timeline's 100,000 segments fill in about 20 s at 5,000/s).
    std::vector<long> rssEvery10s;
    // Next to RSS, the heap actually allocated: when RSS grows and this does not, the growth is the allocator
    // keeping freed memory (fragmentation, arenas), not data some container still holds.
    std::vector<long> heapEvery10s;
    // Next to it, what the bounded histories hold, to see which of them is still filling when memory grows.
    std::vector<std::string> heldEvery10s;
    QTimer rssSampler;
    QObject::connect(&rssSampler, &QTimer::timeout, &app, [&] {
        rssEvery10s.push_back(bench::residentKb() / 1024);
        heapEvery10s.push_back(bench::heapInUseBytes() / (1024 * 1024));
        std::size_t markers = 0;
        for (const auto& perFunction : controller.timeline()->throttles())
            markers += perFunction.size();
        heldEvery10s.push_back(std::to_string(controller.timeline()->segmentCount()) + "/" +
                               std::to_string(controller.timeline()->laneCount()) + "/" + std::to_string(markers) + "/" +
                               std::to_string(controller.logs()->rowCount()) + "/" +
                               std::to_string(controller.theory()->heldServiceBins(QString::fromStdString(plan.function))));
    });
    rssSampler.start(10'000);
    QTimer::singleShot(static_cast<int>(seconds * 1000) + 500, &app, [&] { QApplication::quit(); });
    QApplication::exec();
    const auto stats = controller.trafficStats();
    controller.stopTraffic();
    const long rssAfter = bench::residentKb();

    const double p50 = bench::percentile(batchMs, 50);
    const double p99 = bench::percentile(batchMs, 99);
    const double maxMs = bench::percentile(batchMs, 100);
    const double baseP50 = bench::percentile(baseline, 50);
    const double achieved = static_cast<double>(stats.ok + stats.errors + stats.throttled) / seconds;
    std::printf("bench_gui: %.0f s of traffic at %.0f/s asked, %.0f/s completed (%llu ok, %llu throttled, %llu errors)\n",
                seconds, rate, achieved, static_cast<unsigned long long>(stats.ok),
                static_cast<unsigned long long>(stats.throttled), static_cast<unsigned long long>(stats.errors));
    std::printf("%-38s %10s %10s %10s\n", "per GUI batch", "p50 ms", "p99 ms", "max ms");
    std::printf("%-38s %10.3f %10.3f %10.3f\n", "apply batch + repaint timeline", p50, p99, maxMs);
    std::printf("%-38s %10.3f %10.3f %10.3f\n", "  same, GUI thread CPU time only", bench::percentile(batchCpuMs, 50),
                bench::percentile(batchCpuMs, 99), bench::percentile(batchCpuMs, 100));
    std::printf("%-38s %10.3f %10.3f %10.3f\n", "  of which applying to the models", bench::percentile(applyMs, 50),
                bench::percentile(applyMs, 99), bench::percentile(applyMs, 100));
    std::printf("%-38s %10.3f %10.3f %10.3f\n", "baseline: repaint of an empty timeline", baseP50,
                bench::percentile(baseline, 99), bench::percentile(baseline, 100));
    std::printf("batches %zu, events per batch p50 %.0f, max %.0f; timeline segments kept %d\n", batchMs.size(),
                bench::percentile(eventsPerBatch, 50), bench::percentile(eventsPerBatch, 100),
                controller.timeline()->segmentCount());
    std::printf("RSS: %ld MB before, %ld MB halfway, %ld MB at the end; every 10 s:", rssBefore / 1024, rssMid / 1024,
                rssAfter / 1024);
    for (const long mb : rssEvery10s)
        std::printf(" %ld", mb);
    std::printf(" MB\n");
    std::printf("heap in use every 10 s:");
    for (const long mb : heapEvery10s)
        std::printf(" %ld", mb);
    std::printf(" MB\n");
    std::printf("held every 10 s (timeline segments/lanes/function-row markers, log lines, queue-theory duration bins):");
    for (const std::string& held : heldEvery10s)
        std::printf(" %s", held.c_str());
    std::printf("\n");

    const nlohmann::json report = {
        {"seconds", seconds},
        {"rateAsked", rate},
        {"rateCompleted", achieved},
        {"batch", {{"p50Ms", p50}, {"p99Ms", p99}, {"maxMs", maxMs}, {"count", batchMs.size()}}},
        {"batchCpu", {{"p50Ms", bench::percentile(batchCpuMs, 50)}, {"p99Ms", bench::percentile(batchCpuMs, 99)}}},
        {"apply", {{"p50Ms", bench::percentile(applyMs, 50)}, {"p99Ms", bench::percentile(applyMs, 99)}}},
        {"baselineEmptyRepaint", {{"p50Ms", baseP50}, {"p99Ms", bench::percentile(baseline, 99)}}},
        {"eventsPerBatchP50", bench::percentile(eventsPerBatch, 50)},
        {"rssMb", {{"before", rssBefore / 1024}, {"halfway", rssMid / 1024}, {"end", rssAfter / 1024},
                   {"every10s", rssEvery10s}}},
        {"heapInUseMbEvery10s", heapEvery10s},
        {"heldEvery10s", heldEvery10s}};
    std::ofstream(jsonPath) << report.dump(2) << '\n';
    std::printf("wrote %s\n", jsonPath.c_str());
    return 0;
}
