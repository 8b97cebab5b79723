// SPDX-License-Identifier: MIT
// The experiments' fault windows as the Metrics charts shade them, without a chart: which windows count for
// the selected function, clipping to the shown seconds, open windows, merging, and the area's outline.
#include "metrics/fault_bands.h"

#include <QtTest>

using namespace lambdadesk::gui;

namespace {

constexpr qint64 kSecond = 1'000'000'000;

FaultWindow window(std::initializer_list<const char*> functions, double fromSeconds, double toSeconds)
{
    FaultWindow result;
    for (const char* function : functions)
        result.functions << QString::fromLatin1(function);
    result.experimentId = QStringLiteral("EXP1");
    result.actionName = QStringLiteral("act");
    result.startNs = static_cast<qint64>(fromSeconds * kSecond);
    result.endNs = toSeconds < 0 ? -1 : static_cast<qint64>(toSeconds * kSecond);
    return result;
}

}  // namespace

class TestFaultBands : public QObject {
    Q_OBJECT

private slots:
    void onlyTheSelectedFunctionsWindowsCountAndAllFunctionsTakesEvery()
    {
        const std::vector<FaultWindow> windows{window({"Orders"}, 10, 20), window({"Pricing"}, 30, 40)};
        QCOMPARE(faultBandsOf(windows, QStringLiteral("Orders"), 0, 100), (std::vector<FaultBand>{{10, 20}}));
        QCOMPARE(faultBandsOf(windows, QStringLiteral("Pricing"), 0, 100), (std::vector<FaultBand>{{30, 40}}));
        QCOMPARE(faultBandsOf(windows, QString(), 0, 100), (std::vector<FaultBand>{{10, 20}, {30, 40}}));
        QVERIFY(faultBandsOf(windows, QStringLiteral("Cart"), 0, 100).empty());
    }

    void windowsAreClippedToTheShownSecondsAndAnOpenOneRunsToTheNewest()
    {
        const std::vector<FaultWindow> windows{window({"Orders"}, 5, 15), window({"Orders"}, 50, -1),
                                               window({"Orders"}, 1, 3)};
        QCOMPARE(faultBandsOf(windows, QStringLiteral("Orders"), 10, 60), (std::vector<FaultBand>{{10, 15}, {50, 60}}));
        // A window that starts after the newest second shows nothing yet.
        QVERIFY(faultBandsOf({window({"Orders"}, 70, -1)}, QStringLiteral("Orders"), 10, 60).empty());
    }

    void overlappingAndTouchingWindowsMergeInTimeOrder()
    {
        const std::vector<FaultWindow> windows{window({"Orders", "Pricing"}, 30, 40), window({"Orders"}, 10, 20),
                                               window({"Orders"}, 20, 25), window({"Orders"}, 35, 45)};
        QCOMPARE(faultBandsOf(windows, QStringLiteral("Orders"), 0, 100), (std::vector<FaultBand>{{10, 25}, {30, 45}}));
    }

    void theOutlineIsARectanglePerBandStandingOnTheAxis()
    {
        const auto outline = bandOutline({{10, 25}, {30, 45}}, 8);
        const QList<QPointF> expected{{10, 0}, {10, 8}, {25, 8}, {25, 0}, {30, 0}, {30, 8}, {45, 8}, {45, 0}};
        QCOMPARE(outline, expected);
        QVERIFY(bandOutline({}, 8).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFaultBands)
#include "tst_fault_bands.moc"
