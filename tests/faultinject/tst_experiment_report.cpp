// SPDX-License-Identifier: MIT
// faultinject/run's experiment report: the JSON's numbers and nulls, the HTML page's tables, charts and escaping,
// and the page as a real browser sees it (Debian's chromium, headless: the DOM it builds and a screenshot).
#include "run/experiment_report.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <string>

using namespace lambdadesk::faults;

namespace {

// 2024-05-01T12:00:00.250Z
const std::chrono::system_clock::time_point kStart =
    std::chrono::system_clock::time_point(std::chrono::seconds(1714564800)) + std::chrono::milliseconds(250);

PhaseFigures phase(double seconds, std::uint64_t invocations, std::uint64_t errors, std::uint64_t throttles,
                   std::uint64_t faulted, double p50Ms, double p99Ms)
{
    return {seconds, invocations, errors, throttles, faulted, p50Ms, p99Ms};
}

// Two functions, two overlapping actions (delay on OrderProcessor 0–10 s, errors on both 5–15 s) and a
// series from 5 s before the start to 20 s after it.
ExperimentReport sampleReport()
{
    ExperimentReport report;
    report.experiment.id = "EXPa1B2c3D4e5F6g7";
    report.experiment.templateId = "EXTz9Y8x7W6v5U4t3";
    report.experiment.spec.description = "Slow orders <script>alert(1)</script> & \"friends\"";
    report.experiment.status = ExperimentStatus::Completed;
    report.experiment.seed = 42;
    report.experiment.startTime = kStart;
    report.experiment.endTime = kStart + std::chrono::seconds(20);
    report.durationSeconds = 20;
    report.actions = {
        {"delay", "aws:lambda:invocation-add-delay", "completed", 0, 10, 40, 80, {"OrderProcessor"}},
        {"errors", "aws:lambda:invocation-error", "completed", 5, 15, 12, 60, {"OrderProcessor", "PaymentGateway"}},
    };
    report.functions = {
        {"OrderProcessor", phase(5, 50, 0, 0, 0, 12, 20), phase(20, 200, 30, 4, 52, 260.5, 1200),
         phase(10, 100, 2, 0, 0, 13, 25), 6, 1, 9, 2, 3.5, {{"orders", 3, 120, 80, 80, 0, 42.5}}},
        {"PaymentGateway", phase(5, 25, 0, 0, 0, 8, 15), phase(20, 100, 10, 0, 10, 9, 30), phase(5, 40, 5, 0, 0, 8, 16),
         0, 0, 0, 0, std::nullopt, {}},
    };
    for (int second = -5; second <= 20; ++second) {
        const bool delayed = second >= 0 && second < 10;
        const bool failing = second >= 5 && second < 15;
        report.series.push_back({second, "OrderProcessor", 10, failing ? 3u : 0u, second == 7 ? 4u : 0u,
                                 delayed || failing ? 5u : 0u, delayed ? 1200.0 : 20.0, failing ? 80.0 : 3.0});
        // PaymentGateway had nothing to do at +18 s: a bucket without invocations (no p99 point there).
        report.series.push_back({second, "PaymentGateway", second == 18 ? 0u : 5u, failing ? 1u : 0u, 0, 0,
                                 second == 18 ? 0.0 : 30.0, 0.0});
    }
    return report;
}

std::size_t count(const std::string& text, const std::string& needle)
{
    std::size_t found = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size()))
        ++found;
    return found;
}

// The markup of one function's <svg class="chart">, "" when there is none.
std::string chartOf(const std::string& page, const std::string& function)
{
    const auto begin = page.find("<svg class=\"chart\" data-function=\"" + function + "\"");
    const auto end = page.find("</svg>", begin);
    return begin == std::string::npos || end == std::string::npos ? std::string() : page.substr(begin, end - begin);
}

// One <tr> of the functions table.
std::string rowOf(const std::string& page, const std::string& function, const std::string& phaseName)
{
    const auto begin = page.find("<tr data-function=\"" + function + "\" data-phase=\"" + phaseName + "\"");
    const auto end = page.find("</tr>", begin);
    return begin == std::string::npos || end == std::string::npos ? std::string() : page.substr(begin, end - begin);
}

QString chromiumPath()
{
    if (QFileInfo::exists(QStringLiteral("/usr/bin/chromium")))
        return QStringLiteral("/usr/bin/chromium");
    return QStandardPaths::findExecutable(QStringLiteral("chromium"));
}

struct BrowserRun {
    bool finished = false;
    int exitCode = -1;
    QByteArray output;
    QByteArray errors;
};

// Headless chromium on a file with a 60 s limit. Its profile, crash reports and dconf cache go to the
// temporary folder: even with --user-data-dir it writes under $HOME/.config and $HOME/.cache.
BrowserRun runChromium(const QString& chromium, const QTemporaryDir& dir, QStringList arguments)
{
    arguments.prepend(QStringLiteral("--user-data-dir=") + dir.filePath(QStringLiteral("profile")));
    arguments.prepend(QStringLiteral("--disable-gpu"));
    arguments.prepend(QStringLiteral("--no-sandbox"));  // tests run as root in containers
    arguments.prepend(QStringLiteral("--headless=new"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), dir.filePath(QStringLiteral("home")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("home/.config")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("home/.cache")));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(chromium, arguments);
    BrowserRun run;
    run.finished = process.waitForStarted(10000) && process.waitForFinished(60000);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.exitCode = process.exitCode();
    run.output = process.readAllStandardOutput();
    run.errors = process.readAllStandardError();
    return run;
}

}  // namespace

class TestExperimentReport : public QObject {
    Q_OBJECT

private slots:
    void jsonCarriesTheExperimentAndTimesInUtc()
    {
        const nlohmann::json json = toJson(sampleReport());
        const auto& experiment = json.at("experiment");
        QCOMPARE(experiment.at("id").get<std::string>(), std::string("EXPa1B2c3D4e5F6g7"));
        QCOMPARE(experiment.at("templateId").get<std::string>(), std::string("EXTz9Y8x7W6v5U4t3"));
        QCOMPARE(experiment.at("status").get<std::string>(), std::string("completed"));
        QCOMPARE(experiment.at("reason").get<std::string>(), std::string());
        QCOMPARE(experiment.at("seed").get<std::uint64_t>(), std::uint64_t(42));
        QCOMPARE(experiment.at("startTime").get<std::string>(), std::string("2024-05-01T12:00:00.250Z"));
        QCOMPARE(experiment.at("endTime").get<std::string>(), std::string("2024-05-01T12:00:20.250Z"));
        QCOMPARE(experiment.at("description").get<std::string>(),
                 std::string("Slow orders <script>alert(1)</script> & \"friends\""));  // JSON needs no HTML escaping
        QCOMPARE(json.at("durationSeconds").get<double>(), 20.0);
    }

    void jsonNullsWhatHasNotHappened()
    {
        ExperimentReport report = sampleReport();
        report.experiment.status = ExperimentStatus::Running;
        report.experiment.endTime.reset();
        nlohmann::json json = toJson(report);
        QCOMPARE(json["experiment"]["status"].get<std::string>(), std::string("running"));
        QVERIFY(json["experiment"]["endTime"].is_null());
        QVERIFY(json["functions"][1]["recoverySeconds"].is_null());
        QCOMPARE(json["functions"][0]["recoverySeconds"].get<double>(), 3.5);

        report.experiment.status = ExperimentStatus::Pending;
        report.experiment.startTime.reset();
        json = toJson(report);
        QVERIFY(json["experiment"]["startTime"].is_null());
        QVERIFY(json["experiment"]["endTime"].is_null());
    }

    void jsonCarriesActionsFunctionsAndSeries()
    {
        const nlohmann::json json = toJson(sampleReport());
        QCOMPARE(json.at("actions").size(), std::size_t(2));
        const auto& errors = json["actions"][1];
        QCOMPARE(errors.at("name").get<std::string>(), std::string("errors"));
        QCOMPARE(errors.at("actionId").get<std::string>(), std::string("aws:lambda:invocation-error"));
        QCOMPARE(errors.at("status").get<std::string>(), std::string("completed"));
        QCOMPARE(errors.at("startSecond").get<double>(), 5.0);
        QCOMPARE(errors.at("endSecond").get<double>(), 15.0);
        QCOMPARE(errors.at("affected").get<std::uint64_t>(), std::uint64_t(12));
        QCOMPARE(errors.at("considered").get<std::uint64_t>(), std::uint64_t(60));
        QVERIFY(errors.at("functions") == nlohmann::json({"OrderProcessor", "PaymentGateway"}));

        QCOMPARE(json.at("functions").size(), std::size_t(2));
        const auto& orders = json["functions"][0];
        QCOMPARE(orders.at("function").get<std::string>(), std::string("OrderProcessor"));
        QCOMPARE(orders["before"]["seconds"].get<double>(), 5.0);
        QCOMPARE(orders["before"]["errorRate"].get<double>(), 0.0);
        QCOMPARE(orders["during"]["invocations"].get<std::uint64_t>(), std::uint64_t(200));
        QCOMPARE(orders["during"]["errors"].get<std::uint64_t>(), std::uint64_t(30));
        QCOMPARE(orders["during"]["throttles"].get<std::uint64_t>(), std::uint64_t(4));
        QCOMPARE(orders["during"]["faulted"].get<std::uint64_t>(), std::uint64_t(52));
        QCOMPARE(orders["during"]["errorRate"].get<double>(), 15.0);
        QCOMPARE(orders["during"]["p50Ms"].get<double>(), 260.5);
        QCOMPARE(orders["during"]["p99Ms"].get<double>(), 1200.0);
        QCOMPARE(orders["queues"][0]["queue"].get<std::string>(), std::string("orders"));
        QCOMPARE(orders["queues"][0]["maxDuring"].get<double>(), 120.0);
        QCOMPARE(orders["queues"][0]["last"].get<double>(), 0.0);
        QCOMPARE(orders["after"]["errors"].get<std::uint64_t>(), std::uint64_t(2));
        QCOMPARE(orders.at("asyncRetries").get<std::uint64_t>(), std::uint64_t(6));
        QCOMPARE(orders.at("deadLetters").get<std::uint64_t>(), std::uint64_t(1));
        QCOMPARE(orders.at("redeliveries").get<std::uint64_t>(), std::uint64_t(9));
        QCOMPARE(orders.at("movedToDeadLetterQueue").get<std::uint64_t>(), std::uint64_t(2));
        QCOMPARE(json["functions"][1]["after"]["errorRate"].get<double>(), 12.5);

        QCOMPARE(json.at("series").size(), std::size_t(52));
        const auto& first = json["series"][0];
        QCOMPARE(first.at("second").get<int>(), -5);
        QCOMPARE(first.at("function").get<std::string>(), std::string("OrderProcessor"));
        const auto& seventh = json["series"][2 * 12];  // OrderProcessor at +7 s
        QCOMPARE(seventh.at("second").get<int>(), 7);
        QCOMPARE(seventh.at("invocations").get<std::uint64_t>(), std::uint64_t(10));
        QCOMPARE(seventh.at("errors").get<std::uint64_t>(), std::uint64_t(3));
        QCOMPARE(seventh.at("throttles").get<std::uint64_t>(), std::uint64_t(4));
        QCOMPARE(seventh.at("faulted").get<std::uint64_t>(), std::uint64_t(5));
        QCOMPARE(seventh.at("p99Ms").get<double>(), 1200.0);
    }

    void htmlHasTheSummaryAndTables()
    {
        const std::string page = toHtml(sampleReport());
        QVERIFY(page.rfind("<!DOCTYPE html>", 0) == 0);
        QVERIFY(page.find("<span id=\"experiment-id\">EXPa1B2c3D4e5F6g7</span>") != std::string::npos);
        QVERIFY(page.find("<dd id=\"status\" class=\"status-completed\">completed</dd>") != std::string::npos);
        QVERIFY(page.find("<dd id=\"seed\">42</dd>") != std::string::npos);
        QVERIFY(page.find("<dd id=\"duration\">20.0 s</dd>") != std::string::npos);
        QVERIFY(page.find("2024-05-01T12:00:00.250Z") != std::string::npos);

        QCOMPARE(count(page, "<table id=\"actions\""), std::size_t(1));
        QVERIFY(page.find("<tr data-action=\"delay\">") != std::string::npos);
        QVERIFY(page.find("aws:lambda:invocation-add-delay") != std::string::npos);
        QVERIFY(page.find("<td class=\"window\">5.0–15.0</td>") != std::string::npos);
        QVERIFY(page.find("<td class=\"affected\">12 / 60</td>") != std::string::npos);

        QCOMPARE(count(page, "<table id=\"functions\""), std::size_t(1));
        QCOMPARE(count(page, "<table id=\"queues\""), std::size_t(1));  // OrderProcessor has a queue
        QVERIFY(page.find("data-queue=\"orders\"") != std::string::npos);
        const std::string during = rowOf(page, "OrderProcessor", "during");
        QVERIFY(!during.empty());
        QVERIFY(during.find("<td class=\"invocations\">200</td>") != std::string::npos);
        QVERIFY(during.find("<td class=\"errors\">30</td>") != std::string::npos);
        QVERIFY(during.find("<td class=\"error-rate\">15.0 %</td>") != std::string::npos);
        QVERIFY(during.find("<td class=\"throttles\">4</td>") != std::string::npos);
        QVERIFY(during.find("<td class=\"faulted\">52</td>") != std::string::npos);
        QVERIFY(during.find("<td class=\"p50\">260.5</td>") != std::string::npos);
        QVERIFY(during.find("<td class=\"p99\">1200.0</td>") != std::string::npos);
        const std::string before = rowOf(page, "OrderProcessor", "before");
        QVERIFY(before.find("<td class=\"async-retries\" rowspan=\"3\">6</td>") != std::string::npos);
        QVERIFY(before.find("<td class=\"dead-letters\" rowspan=\"3\">1</td>") != std::string::npos);
        QVERIFY(before.find("<td class=\"redeliveries\" rowspan=\"3\">9</td>") != std::string::npos);
        QVERIFY(before.find("<td class=\"moved-to-dlq\" rowspan=\"3\">2</td>") != std::string::npos);
        QVERIFY(before.find(">3.5 s</td>") != std::string::npos);
        QVERIFY(rowOf(page, "PaymentGateway", "before").find(">not recovered</td>") != std::string::npos);
        QVERIFY(rowOf(page, "PaymentGateway", "after").find("<td class=\"error-rate\">12.5 %</td>") !=
                std::string::npos);
    }

    void htmlDrawsAChartPerFunctionWithItsFaultWindows()
    {
        const std::string page = toHtml(sampleReport());
        QCOMPARE(count(page, "<svg class=\"chart\""), std::size_t(2));

        const std::string orders = chartOf(page, "OrderProcessor");
        QVERIFY(!orders.empty());
        QCOMPARE(count(orders, "<rect class=\"fault-window\""), std::size_t(2));
        QVERIFY(orders.find("<rect class=\"fault-window\" data-action=\"delay\"") != std::string::npos);
        QVERIFY(orders.find("<rect class=\"fault-window\" data-action=\"errors\"") != std::string::npos);
        QCOMPARE(count(orders, "<rect class=\"invocations\""), std::size_t(26));
        QCOMPARE(count(orders, "<rect class=\"errors\""), std::size_t(10));
        QVERIFY(orders.find("<rect class=\"errors\" data-second=\"5\" data-count=\"3\"") != std::string::npos);
        QVERIFY(orders.find("<rect class=\"throttles\" data-second=\"7\" data-count=\"4\"") != std::string::npos);
        QCOMPARE(count(orders, "<polyline class=\"p99\""), std::size_t(1));
        QVERIFY(orders.find("<g class=\"legend-item\" data-action=\"delay\"") != std::string::npos);

        // PaymentGateway is only a target of "errors"; its idle second has a bar of 0 and no p99 point.
        const std::string payments = chartOf(page, "PaymentGateway");
        QVERIFY(!payments.empty());
        QCOMPARE(count(payments, "<rect class=\"fault-window\""), std::size_t(1));
        QVERIFY(payments.find("data-action=\"errors\"") != std::string::npos);
        QVERIFY(payments.find("data-action=\"delay\"") == std::string::npos);
        QVERIFY(payments.find("<rect class=\"invocations\" data-second=\"18\" data-count=\"0\"") != std::string::npos);
        const auto points = payments.find("points=\"", payments.find("<polyline class=\"p99\""));
        QVERIFY(points != std::string::npos);
        const std::string pointList = payments.substr(points, payments.find('"', points + 8) - points);
        QCOMPARE(count(pointList, ","), std::size_t(25));
    }

    void htmlEscapesTextAndFetchesNothing()
    {
        ExperimentReport report = sampleReport();
        report.functions[1].function = "Pay\"<b>&'";
        for (auto& bucket : report.series) {
            if (bucket.function == "PaymentGateway")
                bucket.function = "Pay\"<b>&'";
        }
        report.actions[1].functions = {"Pay\"<b>&'"};
        const std::string page = toHtml(report);
        QVERIFY(page.find("Slow orders &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;") !=
                std::string::npos);
        QVERIFY(page.find("<svg class=\"chart\" data-function=\"Pay&quot;&lt;b&gt;&amp;&#39;\"") != std::string::npos);
        QVERIFY(page.find("<b>") == std::string::npos);

        std::string lower = page;
        for (char& c : lower)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        QCOMPARE(count(lower, "<script"), std::size_t(0));
        for (const char* reference : {"src=", "href=", "url(", "@import", "<link", "<img", "<iframe", "<object"})
            QVERIFY2(lower.find(reference) == std::string::npos, reference);
        // The SVG namespace is a name, not a fetch; nothing else may name a web address.
        std::string rest = lower;
        const std::string svgNamespace = "xmlns=\"http://www.w3.org/2000/svg\"";
        for (auto at = rest.find(svgNamespace); at != std::string::npos; at = rest.find(svgNamespace))
            rest.erase(at, svgNamespace.size());
        QCOMPARE(count(rest, "http://"), std::size_t(0));
        QCOMPARE(count(rest, "https://"), std::size_t(0));
    }

    void htmlOfAnEmptyReportStillReads()
    {
        ExperimentReport report;
        report.experiment.id = "EXPempty";
        const std::string page = toHtml(report);
        QVERIFY(page.find("No actions.") != std::string::npos);
        QVERIFY(page.find("No target functions.") != std::string::npos);
        QCOMPARE(count(page, "<svg"), std::size_t(0));
        const nlohmann::json json = toJson(report);
        QVERIFY(json["actions"].empty() && json["functions"].empty() && json["series"].empty());
        QVERIFY(json["experiment"]["startTime"].is_null());
    }

    void chromiumRendersThePage()
    {
        const QString chromium = chromiumPath();
        if (chromium.isEmpty())
            QSKIP("chromium is not installed; scripts/setup installs Debian's chromium package");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString pagePath = dir.filePath(QStringLiteral("report.html"));
        {
            QFile file(pagePath);
            QVERIFY(file.open(QIODevice::WriteOnly));
            const std::string page = toHtml(sampleReport());
            QCOMPARE(file.write(page.data(), qint64(page.size())), qint64(page.size()));
        }
        const QString url = QUrl::fromLocalFile(pagePath).toString();

        const BrowserRun dom = runChromium(chromium, dir, {QStringLiteral("--dump-dom"), url});
        QVERIFY2(dom.finished, "chromium --dump-dom did not finish within 60 s");
        QVERIFY2(dom.exitCode == 0, dom.errors.right(2000).constData());
        const std::string tree = dom.output.toStdString();
        QCOMPARE(count(tree, "<svg class=\"chart\""), std::size_t(2));
        QCOMPARE(count(tree, "<rect class=\"fault-window\""), std::size_t(3));
        QCOMPARE(count(tree, "<polyline class=\"p99\""), std::size_t(2));
        QCOMPARE(count(tree, "<rect class=\"invocations\""), std::size_t(52));
        QVERIFY(chartOf(tree, "OrderProcessor").find("data-action=\"delay\"") != std::string::npos);
        QVERIFY(tree.find("<table id=\"actions\"") != std::string::npos);
        QVERIFY(tree.find("<table id=\"functions\"") != std::string::npos);
        QVERIFY(rowOf(tree, "OrderProcessor", "during").find(">15.0 %<") != std::string::npos);
        QVERIFY(tree.find(">not recovered<") != std::string::npos);
        QVERIFY(tree.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
        QCOMPARE(count(tree, "<script"), std::size_t(0));

        const QString shot = dir.filePath(QStringLiteral("report.png"));
        const BrowserRun picture = runChromium(
            chromium, dir,
            {QStringLiteral("--screenshot=") + shot, QStringLiteral("--window-size=1200,900"),
             QStringLiteral("--hide-scrollbars"), url});
        QVERIFY2(picture.finished, "chromium --screenshot did not finish within 60 s");
        QVERIFY2(picture.exitCode == 0, picture.errors.right(2000).constData());
        QVERIFY(QFileInfo(shot).size() > 0);
        QImage image(shot);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1200, 900));
        const QRgb corner = image.pixel(0, 0);
        bool varied = false;
        for (int y = 0; y < image.height() && !varied; y += 3) {
            for (int x = 0; x < image.width() && !varied; x += 3)
                varied = image.pixel(x, y) != corner;
        }
        QVERIFY2(varied, "the screenshot is a single colour");
    }
};

QTEST_GUILESS_MAIN(TestExperimentReport)
#include "tst_experiment_report.moc"
