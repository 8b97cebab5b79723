// SPDX-License-Identifier: MIT
// The Queue theory panel's formulas (app/gui/queue_theory), without a GUI: textbook M/M/c values,
// the Allen–Cunneen approximation, unstable queues, and large server counts.
#include "theory/queue_theory.h"

#include <QtTest>

#include <cmath>
#include <vector>

using namespace lambdadesk::gui;

namespace {

bool near(double actual, double expected, double tolerance = 1e-4)
{
    return std::abs(actual - expected) <= tolerance * std::max(1.0, std::abs(expected));
}

// Erlang C straight from its definition, summed in log space: an independent reference for large c.
double erlangCReference(int c, double a)
{
    std::vector<double> logs;
    for (int k = 0; k < c; ++k)
        logs.push_back(k * std::log(a) - std::lgamma(k + 1.0));
    const double logTail = c * std::log(a) - std::lgamma(c + 1.0) + std::log(c / (c - a));
    double top = logTail;
    for (const double value : logs)
        top = std::max(top, value);
    double sum = std::exp(logTail - top);
    for (const double value : logs)
        sum += std::exp(value - top);
    return std::exp(logTail - top) / sum;
}

}  // namespace

class TestQueueTheory : public QObject {
    Q_OBJECT

private slots:
    void mm1MatchesTheTextbook()
    {
        const MmcPrediction p = predictMmc({0.5, 1.0, 1});
        QVERIFY(p.stable);
        QVERIFY(near(p.rho, 0.5));
        QVERIFY(near(p.probabilityOfWaiting, 0.5));
        QVERIFY(near(p.expectedQueueLength, 0.5));
        QVERIFY(near(p.expectedWait, 1.0));
        QVERIFY(near(p.expectedInSystem, 1.0));
    }

    void mm2MatchesTheTextbook()
    {
        const MmcPrediction p = predictMmc({1.5, 1.0, 2});
        QVERIFY(p.stable);
        QVERIFY(near(p.rho, 0.75));
        QVERIFY(near(p.probabilityOfWaiting, 0.642857));
        QVERIFY(near(p.expectedQueueLength, 1.928571));
        QVERIFY(near(p.expectedWait, 1.928571 / 1.5));  // Little's law
        QVERIFY(near(p.expectedInSystem, 1.928571 + 1.5));
        QVERIFY(near(erlangB(2, 1.5), 0.310345));
        QVERIFY(near(erlangB(1, 1.0), 0.5));
    }

    void kingmanReducesToMm1AndMd1()
    {
        const MmcInputs inputs{0.5, 1.0, 1};
        QVERIFY(near(allenCunneenWait(inputs, 1, 1), predictMmc(inputs).expectedWait));
        // M/D/1 is exact under Pollaczek–Khinchine: ρ / (2μ(1 − ρ)) = 0.5.
        QVERIFY(near(allenCunneenWait(inputs, 1, 0), 0.5));
    }

    void varianceKills()
    {
        // Same load, same servers: only the spread of durations differs.
        const MmcInputs inputs{8.5, 1.0, 10};
        const double deterministic = allenCunneenWait(inputs, 1, 0);
        const double exponential = allenCunneenWait(inputs, 1, 1);
        const double spread = allenCunneenWait(inputs, 1, 4);
        QVERIFY(deterministic < exponential);
        QVERIFY(exponential < spread);
        QVERIFY(near(spread / exponential, 2.5));
        QVERIFY(near(exponential, predictMmc(inputs).expectedWait));
    }

    void unstableQueuesAreInfiniteNotNan()
    {
        for (const MmcInputs& inputs :
             {MmcInputs{2.0, 1.0, 1}, MmcInputs{4.0, 1.0, 4}, MmcInputs{1.0, 0.0, 3}, MmcInputs{1.0, 1.0, 0}}) {
            const MmcPrediction p = predictMmc(inputs);
            QVERIFY(!p.stable);
            QCOMPARE(p.probabilityOfWaiting, 1.0);
            QVERIFY(std::isinf(p.expectedQueueLength));
            QVERIFY(std::isinf(p.expectedWait));
            QVERIFY(std::isinf(p.expectedInSystem));
            QVERIFY(!std::isnan(p.rho));
            QVERIFY(std::isinf(allenCunneenWait(inputs, 1, 4)));
        }
        QVERIFY(near(predictMmc({2.0, 1.0, 1}).rho, 2.0));
        QVERIFY(near(predictMmc({4.0, 1.0, 4}).rho, 1.0));
    }

    void noArrivalsPredictAnEmptyQueue()
    {
        const MmcPrediction p = predictMmc({0.0, 0.0, 1});
        QVERIFY(p.stable);
        QCOMPARE(p.rho, 0.0);
        QCOMPARE(p.expectedWait, 0.0);
        QCOMPARE(allenCunneenWait({0.0, 2.0, 3}, 1, 1), 0.0);
    }

    void manyServersDoNotOverflow()
    {
        for (const auto& [c, a] :
             std::vector<std::pair<int, double>>{{500, 450.0}, {500, 495.0}, {1000, 990.0}, {50, 40.0}}) {
            const MmcPrediction p = predictMmc({a, 1.0, c});
            QVERIFY(p.stable);
            QVERIFY(std::isfinite(p.expectedQueueLength));
            QVERIFY(std::isfinite(p.expectedWait));
            QVERIFY(p.probabilityOfWaiting >= 0 && p.probabilityOfWaiting <= 1);
            QVERIFY2(near(p.probabilityOfWaiting, erlangCReference(c, a), 1e-9),
                     qPrintable(QStringLiteral("c=%1 a=%2: %3 vs %4")
                                    .arg(c)
                                    .arg(a)
                                    .arg(p.probabilityOfWaiting)
                                    .arg(erlangCReference(c, a))));
        }
        // Far from saturation many servers rarely make anyone wait.
        QVERIFY(predictMmc({300.0, 1.0, 500}).probabilityOfWaiting < 1e-12);
    }

    void momentsGiveMeanAndScv()
    {
        const std::vector<double> flat{2, 2, 2, 2};
        QCOMPARE(momentsOf(flat).scv, 0.0);
        QCOMPARE(momentsOf(flat).mean, 2.0);
        const std::vector<double> spread{1, 3};
        QVERIFY(near(momentsOf(spread).mean, 2.0));
        QVERIFY(near(momentsOf(spread).scv, 0.5));  // sample variance 2 over 2²
        QCOMPARE(momentsOf({}).count, std::size_t(0));
    }

    void curvesRiseWithLoad()
    {
        const auto curve = waitCurve(3, 2.0, 1, 1, 0.95, 20);
        QCOMPARE(curve.size(), std::size_t(20));
        QCOMPARE(curve.front().wait, 0.0);
        QVERIFY(near(curve.back().rho, 0.95));
        for (std::size_t i = 1; i < curve.size(); ++i)
            QVERIFY(curve[i].wait >= curve[i - 1].wait);
        QVERIFY(near(curve.back().wait, predictMmc({0.95 * 3 * 2.0, 2.0, 3}).expectedWait));
        QVERIFY(waitCurve(0, 1.0, 1, 1, 0.9, 10).empty());
    }
};

QTEST_APPLESS_MAIN(TestQueueTheory)
#include "tst_queue_theory.moc"
