// SPDX-License-Identifier: MIT
// The time axis's labels kept between repaints: each says what wallClockLabel says, is laid out once while it is
// on screen, and is forgotten by the first repaint that does not show it.
#include "timeline/axis_labels.h"
#include "timeline/timeline_axis.h"

#include <QFont>
#include <QtTest>

using namespace lambdadesk::gui;

class TestAxisLabels : public QObject {
    Q_OBJECT

private slots:
    void aLabelSaysWhatTheAxisWouldWrite();
    void aLabelOnScreenIsLaidOutOnce();
    void onlyTheLabelsOfTheLastRepaintAreKept();
};

namespace {

constexpr qint64 kSecond = 1'000'000'000;
// 2026-12-05 12:00:00 UTC, and ticks a second apart.
constexpr qint64 kWallNs = 1'796'558'400 * kSecond;

}  // namespace

void TestAxisLabels::aLabelSaysWhatTheAxisWouldWrite()
{
    AxisLabels labels;
    const QFont font;
    QCOMPARE(labels.label(kWallNs, kSecond, font).text(), wallClockLabel(static_cast<double>(kWallNs) / 1e6, kSecond));
    const qint64 milli = 1'000'000;
    QCOMPARE(labels.label(kWallNs + 250 * milli, milli, font).text(),
             wallClockLabel(static_cast<double>(kWallNs + 250 * milli) / 1e6, milli));
    // The same instant at another step is another label (more digits).
    QVERIFY(labels.label(kWallNs, milli, font).text() != labels.label(kWallNs, kSecond, font).text());
}

void TestAxisLabels::aLabelOnScreenIsLaidOutOnce()
{
    AxisLabels labels;
    const QFont font;
    const QStaticText* first = &labels.label(kWallNs, kSecond, font);
    labels.endPaint();
    // The next repaint gets the very object laid out before, not a new one.
    QCOMPARE(&labels.label(kWallNs, kSecond, font), first);
    QCOMPARE(labels.size(), 1);
}

void TestAxisLabels::onlyTheLabelsOfTheLastRepaintAreKept()
{
    AxisLabels labels;
    const QFont font;
    for (int tick = 0; tick < 10; ++tick)
        labels.label(kWallNs + tick * kSecond, kSecond, font);
    labels.endPaint();
    QCOMPARE(labels.size(), 10);
    // Following: the view moved on by three seconds, three labels left on the left and three came on the right.
    for (int tick = 3; tick < 13; ++tick)
        labels.label(kWallNs + tick * kSecond, kSecond, font);
    labels.endPaint();
    QCOMPARE(labels.size(), 10);
    labels.clear();
    QCOMPARE(labels.size(), 0);
}

QTEST_MAIN(TestAxisLabels)
#include "tst_axis_labels.moc"
