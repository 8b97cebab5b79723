// SPDX-License-Identifier: MIT
// The user's layer of breakpoints: parsing what a person types, toggling, and the saved project file.
#include "breakpoint_book.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace lambdadesk;

class TestBreakpointBook : public QObject {
    Q_OBJECT
private slots:
    void parsesFileLineAndFunctionNames()
    {
        auto source = debugger::parseBreakpoint("src/handler.c:50");
        QVERIFY(source.ok());
        QCOMPARE(source->file, std::string("src/handler.c"));
        QCOMPARE(source->line, 50);
        auto function = debugger::parseBreakpoint("ns::sum_items");
        QVERIFY(function.ok());
        QCOMPARE(function->function, std::string("ns::sum_items"));
        QVERIFY(function->file.empty());
    }

    void refusesBadLinesNamingWhatIsAccepted()
    {
        for (const char* text : {"handler.c:", "handler.c:0", "handler.c:x1", ":12", ""}) {
            auto parsed = debugger::parseBreakpoint(text);
            QVERIFY2(!parsed.ok(), text);
            QVERIFY(parsed.error().message.find("FILE:LINE") != std::string::npos);
        }
    }

    void toggleAddsThenRemoves()
    {
        debugger::BreakpointBook book;
        const auto added = book.toggle("handler.c", 12);
        QVERIFY(added.id > 0);
        QCOMPARE(book.all().size(), std::size_t(1));
        QCOMPARE(book.toggle("handler.c", 12).id, 0);
        QVERIFY(book.all().empty());
    }

    void aFileNamesAPathByWholeFolderSuffixes()
    {
        const auto spec = [](const char* file) {
            debugger::BreakpointSpec made;
            made.file = file;
            made.line = 3;
            return made;
        };
        const std::string path = "/work/src/handler.c";
        QVERIFY(debugger::namesFile(spec("handler.c"), path));
        QVERIFY(debugger::namesFile(spec("src/handler.c"), path));
        QVERIFY(debugger::namesFile(spec("/work/src/handler.c"), path));
        QVERIFY(!debugger::namesFile(spec("ler.c"), path));
        QVERIFY(!debugger::namesFile(spec("other/handler.c"), path));
        QVERIFY(!debugger::namesFile(spec("/x/work/src/handler.c"), path));
        QVERIFY(!debugger::namesFile(spec(""), path));
    }

    // The gutter shows handler.c:12 from the command line on /full/path/handler.c; a click there removes it.
    void aClickOnTheFullPathRemovesWhatASuffixSet()
    {
        debugger::BreakpointBook book;
        debugger::BreakpointSpec fromCli;
        fromCli.file = "handler.c";
        fromCli.line = 12;
        book.add(fromCli);
        QCOMPARE(book.toggle("/work/src/handler.c", 12).id, 0);
        QVERIFY(book.all().empty());
        QVERIFY(book.toggle("/work/src/handler.c", 12).id > 0);
        QCOMPARE(book.all().front().file, std::string("/work/src/handler.c"));
    }

    void savesAndLoadsConditionsHitCountsAndDisabledOnes()
    {
        QTemporaryDir dir;
        const auto file = std::filesystem::path(dir.path().toStdString()) / ".lambdadesk" / "breakpoints.json";
        debugger::BreakpointBook book;
        debugger::BreakpointSpec spec;
        spec.file = "handler.c";
        spec.line = 21;
        spec.condition = "value == 2";
        spec.hitCount = 3;
        book.add(spec);
        debugger::BreakpointSpec byName;
        byName.function = "sum_items";
        byName.enabled = false;
        book.add(byName);
        QVERIFY(book.save(file).ok());

        debugger::BreakpointBook loaded;
        QVERIFY(loaded.load(file).ok());
        const auto all = loaded.all();
        QCOMPARE(all.size(), std::size_t(2));
        QCOMPARE(all[0].condition, std::string("value == 2"));
        QCOMPARE(all[0].hitCount, 3);
        QCOMPARE(all[1].function, std::string("sum_items"));
        QVERIFY(!all[1].enabled);
    }

    void aBrokenFileIsReportedAndKeepsTheCurrentSet()
    {
        QTemporaryDir dir;
        const auto file = std::filesystem::path(dir.path().toStdString()) / "breakpoints.json";
        std::ofstream(file) << "{\"breakpoints\": 12";
        debugger::BreakpointBook book;
        book.toggle("handler.c", 3);
        auto loaded = book.load(file);
        QVERIFY(!loaded.ok());
        QVERIFY(loaded.error().message.find("breakpoints.json") != std::string::npos);
        QCOMPARE(book.all().size(), std::size_t(1));
    }

    void aMissingFileIsAnEmptySet()
    {
        debugger::BreakpointBook book;
        QVERIFY(book.load("/nonexistent/breakpoints.json").ok());
        QVERIFY(book.all().empty());
    }
};

QTEST_GUILESS_MAIN(TestBreakpointBook)
#include "tst_breakpoint_book.moc"
