// SPDX-License-Identifier: MIT
// SegmentBoxes: boxes collected by colour, touching boxes of a colour merged, filled where they were asked
// for and forgotten after the fill.
#include "timeline/segment_boxes.h"

#include <QImage>
#include <QPainter>
#include <QtTest>

using namespace lambdadesk::gui;

class TestSegmentBoxes : public QObject {
    Q_OBJECT

private slots:
    void touchingBoxesOfAColourBecomeOne()
    {
        SegmentBoxes boxes;
        const QColor green(0, 160, 0);
        boxes.add(green, QRect(10, 2, 3, 10));
        boxes.add(green, QRect(13, 2, 2, 10));  // starts where the first ends: merged
        boxes.add(green, QRect(16, 2, 2, 10));  // a pixel's gap: a box of its own
        boxes.add(green, QRect(18, 20, 2, 10)); // touching, but on another row
        boxes.add(QColor(200, 0, 0), QRect(20, 2, 2, 10));
        QCOMPARE(boxes.size(), std::size_t(4));
    }

    void fillPaintsEveryBoxInItsColourAndForgetsThem()
    {
        QImage image(40, 30, QImage::Format_RGB32);
        image.fill(Qt::white);
        SegmentBoxes boxes;
        const QColor green(0, 160, 0);
        const QColor red(200, 0, 0);
        boxes.add(green, QRect(10, 2, 3, 10));
        boxes.add(green, QRect(13, 2, 2, 10));
        boxes.add(red, QRect(20, 2, 2, 10));
        {
            QPainter painter(&image);
            painter.setPen(QPen(Qt::blue));  // fill() must not outline with the caller's pen
            boxes.fill(painter);
            QCOMPARE(painter.pen().color(), QColor(Qt::blue));  // and leaves the painter as it was
        }
        QCOMPARE(boxes.size(), std::size_t(0));
        // Inside the merged box, at both of its ends, and exactly to its edges.
        QCOMPARE(image.pixelColor(10, 2), green);
        QCOMPARE(image.pixelColor(14, 11), green);
        QCOMPARE(image.pixelColor(15, 5), QColor(Qt::white));
        QCOMPARE(image.pixelColor(9, 5), QColor(Qt::white));
        QCOMPARE(image.pixelColor(12, 12), QColor(Qt::white));
        QCOMPARE(image.pixelColor(21, 11), red);
        QCOMPARE(image.pixelColor(22, 5), QColor(Qt::white));
        // A second fill with nothing added paints nothing.
        image.fill(Qt::white);
        QPainter painter(&image);
        boxes.fill(painter);
        painter.end();
        QCOMPARE(image.pixelColor(11, 5), QColor(Qt::white));
    }
};

QTEST_MAIN(TestSegmentBoxes)
#include "tst_segment_boxes.moc"
