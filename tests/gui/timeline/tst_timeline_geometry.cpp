// SPDX-License-Identifier: MIT
// The timeline's time↔pixel math, without a GUI.
#include "timeline/timeline_geometry.h"

#include <QtTest>

using lambdadesk::gui::TimelineGeometry;

class TestTimelineGeometry : public QObject {
    Q_OBJECT

private slots:
    void mapsTimeToPixelsAndBack()
    {
        TimelineGeometry geometry;
        geometry.viewStartNs = 1'000'000'000;
        geometry.nsPerPixel = 1'000'000;  // 1 ms per pixel
        geometry.widthPx = 1000;
        QCOMPARE(geometry.xForTime(1'000'000'000), 0.0);
        QCOMPARE(geometry.xForTime(1'250'000'000), 250.0);
        QCOMPARE(geometry.timeForX(250), qint64(1'250'000'000));
        QCOMPARE(geometry.viewEndNs(), qint64(2'000'000'000));
        QCOMPARE(geometry.viewSpanNs(), qint64(1'000'000'000));
    }

    void zoomKeepsTheTimeUnderTheCursor()
    {
        TimelineGeometry geometry;
        geometry.viewStartNs = 0;
        geometry.nsPerPixel = 1'000'000;
        geometry.widthPx = 800;
        const qint64 anchor = geometry.timeForX(300);
        geometry.zoomAround(300, 2.0);
        QCOMPARE(geometry.nsPerPixel, 500'000.0);
        QCOMPARE(geometry.timeForX(300), anchor);
        geometry.zoomAround(100, 0.25);
        QCOMPARE(geometry.nsPerPixel, 2'000'000.0);
    }

    void zoomIsClamped()
    {
        TimelineGeometry geometry;
        geometry.zoomAround(0, 1e12);
        QCOMPARE(geometry.nsPerPixel, TimelineGeometry::kMinNsPerPixel);
        geometry.zoomAround(0, 1e-12);
        QCOMPARE(geometry.nsPerPixel, TimelineGeometry::kMaxNsPerPixel);
        geometry.zoomAround(0, 0);  // ignored, not a division by zero
        QCOMPARE(geometry.nsPerPixel, TimelineGeometry::kMaxNsPerPixel);
    }

    void panningRightShowsEarlierTimes()
    {
        TimelineGeometry geometry;
        geometry.viewStartNs = 10'000'000;
        geometry.nsPerPixel = 1000;
        geometry.panByPixels(100);
        QCOMPARE(geometry.viewStartNs, qint64(9'900'000));
        geometry.panByPixels(-50);
        QCOMPARE(geometry.viewStartNs, qint64(9'950'000));
    }

    void followPutsNowAtTheRightEdge()
    {
        TimelineGeometry geometry;
        geometry.nsPerPixel = 1'000'000;
        geometry.widthPx = 500;
        geometry.follow(10'000'000'000);
        QCOMPARE(geometry.viewEndNs(), qint64(10'000'000'000));
        geometry.setSpanNs(1'000'000'000);
        QCOMPARE(geometry.viewEndNs(), qint64(10'000'000'000));
        QCOMPARE(geometry.viewSpanNs(), qint64(1'000'000'000));
    }

    void pixelSpansAreClampedAndNeverEmptyWhenVisible()
    {
        TimelineGeometry geometry;
        geometry.viewStartNs = 0;
        geometry.nsPerPixel = 1'000'000;
        geometry.widthPx = 100;
        QCOMPARE(geometry.pixelSpan(10'000'000, 20'000'000), std::make_pair(10, 20));
        // A 1 µs invocation is still one pixel wide.
        const auto tiny = geometry.pixelSpan(50'000'000, 50'001'000);
        QCOMPARE(tiny.second - tiny.first, 1);
        // Clipped to one pixel beyond each edge.
        QCOMPARE(geometry.pixelSpan(-5'000'000'000, 5'000'000'000), std::make_pair(-1, 101));
        // Outside the view: empty.
        const auto outside = geometry.pixelSpan(200'000'000, 300'000'000);
        QVERIFY(outside.first >= outside.second);
        const auto before = geometry.pixelSpan(-300'000'000, -200'000'000);
        QVERIFY(before.first >= before.second);
    }
};

QTEST_GUILESS_MAIN(TestTimelineGeometry)
#include "tst_timeline_geometry.moc"
