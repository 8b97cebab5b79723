// SPDX-License-Identifier: MIT
// QueueDepthHistory: the Queues panel's per-queue ring buffers of depth samples.
#include "queues/queue_depth_history.h"

#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

QueueDepthHistory::Depth depth(const QString& queue, std::int64_t visible, std::int64_t inFlight = 0)
{
    core::QueueStats stats;
    stats.visible = visible;
    stats.inFlight = inFlight;
    return {queue, stats};
}

std::vector<qint64> times(const std::vector<QueueDepthHistory::Sample>& samples)
{
    std::vector<qint64> result;
    for (const auto& sample : samples)
        result.push_back(sample.timeMs);
    return result;
}

}  // namespace

class TestQueueDepthHistory : public QObject {
    Q_OBJECT

private slots:
    void boundedAndOldestFirst()
    {
        QueueDepthHistory history(4);
        for (qint64 t = 1; t <= 10; ++t)
            history.record(t * 500, {depth(QStringLiteral("q"), t)});
        const auto samples = history.samples(QStringLiteral("q"));
        QCOMPARE(samples.size(), std::size_t(4));
        QCOMPARE(times(samples), (std::vector<qint64>{3500, 4000, 4500, 5000}));
        QCOMPARE(samples.back().stats.visible, std::int64_t(10));
        QCOMPARE(history.lastTimeMs(), qint64(5000));
        history.record(4000, {depth(QStringLiteral("q"), 99)});  // time never runs backwards
        QCOMPARE(history.samples(QStringLiteral("q")).back().stats.visible, std::int64_t(10));
    }

    void keepsEachQueueApart()
    {
        QueueDepthHistory history(3);
        history.record(0, {depth(QStringLiteral("a"), 1), depth(QStringLiteral("b"), 5, 2)});
        history.record(500, {depth(QStringLiteral("a"), 2), depth(QStringLiteral("b"), 6, 3)});
        history.record(1000, {depth(QStringLiteral("a"), 3), depth(QStringLiteral("b"), 7, 4),
                              depth(QStringLiteral("c"), 9)});
        QCOMPARE(history.queues(), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(history.samples(QStringLiteral("a")).size(), std::size_t(3));
        QCOMPARE(history.samples(QStringLiteral("b"))[1].stats.inFlight, std::int64_t(3));
        QCOMPARE(history.samples(QStringLiteral("c")).size(), std::size_t(1));  // starts when the queue appears
        QVERIFY(history.samples(QStringLiteral("unknown")).empty());
    }

    void dropsQueuesThatDisappear()
    {
        QueueDepthHistory history;
        QCOMPARE(history.capacity(), QueueDepthHistory::kDefaultCapacity);
        history.record(0, {depth(QStringLiteral("a"), 1), depth(QStringLiteral("gone"), 1)});
        history.record(500, {depth(QStringLiteral("a"), 2)});
        QVERIFY(!history.contains(QStringLiteral("gone")));
        QVERIFY(history.samples(QStringLiteral("gone")).empty());
        // A queue created again under the same name starts a new history.
        history.record(1000, {depth(QStringLiteral("a"), 3), depth(QStringLiteral("gone"), 4)});
        QCOMPARE(history.samples(QStringLiteral("gone")).size(), std::size_t(1));
        history.record(1500, {});
        QVERIFY(history.queues().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestQueueDepthHistory)
#include "tst_queue_depth_history.moc"
