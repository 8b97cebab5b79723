// SPDX-License-Identifier: MIT
// The Debug dock's models without a debugger, under QAbstractItemModelTester: the stack from FrameInfo lists,
// the variables tree expanded through a fake children provider (answering at once or later, and late answers
// dropped), values marked when they changed since the frame's previous stop, the breakpoints list writing
// edits through to the BreakpointBook, and watch expressions added, edited and removed in place.
#include "debug/breakpoint_marks.h"
#include "debug/breakpoints_model.h"
#include "debug/stack_model.h"
#include "debug/variables_model.h"
#include "debug/watch_model.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QtTest>

#include <map>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

debugger::VariableInfo variable(const std::string& name, const std::string& value, const std::string& path,
                                bool hasChildren = false, const std::string& type = "int")
{
    return {name, value, type, hasChildren, path};
}

debugger::FrameInfo frame(int index, const std::string& function, const std::string& file, int line)
{
    return {index, function, file, line, 0x401000u + static_cast<unsigned>(index)};
}

/// Children by path, handed out as a debugger would: either at once, or when the test says.
struct FakeChildren {
    std::map<QString, std::vector<debugger::VariableInfo>> children;
    QList<QPair<QString, quint64>> asked;
    bool immediate = false;
    VariablesModel* model = nullptr;

    VariablesModel::ChildrenProvider provider()
    {
        return [this](const QString& path, quint64 generation) {
            asked.append({path, generation});
            if (immediate)
                answer(asked.size() - 1);
        };
    }
    void answer(qsizetype request)
    {
        const auto [path, generation] = asked[request];
        model->setChildren(generation, path, children[path]);
    }
    /// Answers every request not answered yet, as a debugger thread would a moment later.
    void answerAll()
    {
        while (answered < asked.size())
            answer(answered++);
    }
    qsizetype answered = 0;
};

QString text(const QAbstractItemModel& model, const QModelIndex& index, int role = Qt::DisplayRole)
{
    return model.data(index, role).toString();
}

}  // namespace

class TestDebugModels : public QObject {
    Q_OBJECT

private slots:
    void stackShowsFramesAndTheCurrentOne()
    {
        StackModel stack;
        QAbstractItemModelTester tester(&stack, QAbstractItemModelTester::FailureReportingMode::QtTest);
        stack.setFrames({frame(0, "sum_items", "/src/fn/handler.c", 21), frame(1, "handle", "/src/fn/main.cpp", 40),
                         frame(2, "", "", 0)});
        QCOMPARE(stack.rowCount(), 3);
        QCOMPARE(text(stack, stack.index(0, StackModel::FunctionColumn)), QStringLiteral("sum_items"));
        QCOMPARE(text(stack, stack.index(0, StackModel::LocationColumn)), QStringLiteral("handler.c:21"));
        QCOMPARE(text(stack, stack.index(0, StackModel::LocationColumn), Qt::ToolTipRole),
                 QStringLiteral("/src/fn/handler.c:21"));
        QCOMPARE(stack.data(stack.index(1, 0), StackModel::FileRole).toString(), QStringLiteral("/src/fn/main.cpp"));
        QCOMPARE(stack.data(stack.index(1, 0), StackModel::LineRole).toInt(), 40);
        // A frame without a name or source shows its address, and no location.
        QCOMPARE(text(stack, stack.index(2, StackModel::FunctionColumn)), QStringLiteral("0x401002"));
        QVERIFY(text(stack, stack.index(2, StackModel::LocationColumn)).isEmpty());

        QSignalSpy changed(&stack, &QAbstractItemModel::dataChanged);
        stack.setCurrentFrame(1);
        QVERIFY(changed.count() >= 1);
        QVERIFY(stack.data(stack.index(1, 0), StackModel::CurrentRole).toBool());
        QVERIFY(stack.data(stack.index(1, 0), Qt::FontRole).value<QFont>().bold());
        QVERIFY(!stack.data(stack.index(0, 0), StackModel::CurrentRole).toBool());
        QCOMPARE(stack.rowOf(2), 2);
        QCOMPARE(stack.rowOf(7), -1);

        stack.clear();
        QCOMPARE(stack.rowCount(), 0);
    }

    void variablesAreReadOnlyWhenExpanded()
    {
        // No QAbstractItemModelTester here: it expands every row it can, and this test is about what is read
        // when nobody expands anything (the next test runs the tester over the same kind of tree).
        VariablesModel variables;
        FakeChildren fake;
        fake.model = &variables;
        fake.children[QStringLiteral("locals/1")] = {variable("x", "1", "locals/1/0"),
                                                     variable("inner", "{…}", "locals/1/1", true, "Inner")};
        fake.children[QStringLiteral("locals/1/1")] = {variable("z", "9", "locals/1/1/0")};
        variables.setChildrenProvider(fake.provider());

        variables.setVariables(QStringLiteral("fn|main"), 1,
                               {variable("count", "3", "locals/0"),
                                variable("point", "{…}", "locals/1", true, "Point")});
        QCOMPARE(variables.rowCount(), 2);
        const QModelIndex point = variables.findVariable(QStringLiteral("point"));
        QVERIFY(point.isValid());
        QCOMPARE(text(variables, variables.index(1, VariablesModel::TypeColumn)), QStringLiteral("Point"));
        // Nothing read yet: an expander, no rows, and a fetch to make.
        QVERIFY(variables.hasChildren(point));
        QCOMPARE(variables.rowCount(point), 0);
        QVERIFY(fake.asked.isEmpty());
        QVERIFY(variables.canFetchMore(point));
        QVERIFY(!variables.canFetchMore(variables.findVariable(QStringLiteral("count"))));

        variables.fetchMore(point);
        QCOMPARE(fake.asked.size(), 1);
        QCOMPARE(fake.asked[0].first, QStringLiteral("locals/1"));
        QVERIFY(!variables.canFetchMore(point));  // asked once, not again while the answer is on its way
        fake.answer(0);
        QCOMPARE(variables.rowCount(point), 2);
        const QModelIndex inner = variables.findVariable(QStringLiteral("point/inner"));
        QVERIFY(inner.isValid());
        QCOMPARE(variables.parent(inner), point);
        QCOMPARE(variables.data(inner, VariablesModel::PathRole).toString(), QStringLiteral("locals/1/1"));

        // A provider that answers at once (a cache) works the same.
        fake.immediate = true;
        variables.fetchMore(inner);
        QCOMPARE(variables.rowCount(inner), 1);
        QCOMPARE(text(variables, variables.findVariable(QStringLiteral("point/inner/z"), VariablesModel::ValueColumn)),
                 QStringLiteral("9"));

        // An answer for a frame the model has left is dropped.
        fake.immediate = false;
        variables.setVariables(QStringLiteral("fn|other"), 2, {variable("p", "{…}", "locals/0", true, "P")});
        variables.fetchMore(variables.findVariable(QStringLiteral("p")));
        const qsizetype late = fake.asked.size() - 1;
        variables.setVariables(QStringLiteral("fn|third"), 3, {variable("p", "{…}", "locals/0", true, "P")});
        fake.children[QStringLiteral("locals/0")] = {variable("stale", "1", "locals/0/0")};
        fake.answer(late);
        QCOMPARE(variables.rowCount(variables.findVariable(QStringLiteral("p"))), 0);
        QVERIFY(variables.canFetchMore(variables.findVariable(QStringLiteral("p"))));

        // No children after all: the expander goes.
        fake.children[QStringLiteral("locals/0")] = {};
        variables.fetchMore(variables.findVariable(QStringLiteral("p")));
        fake.answer(fake.asked.size() - 1);
        QVERIFY(!variables.hasChildren(variables.findVariable(QStringLiteral("p"))));

        variables.clear();
        QCOMPARE(variables.rowCount(), 0);
    }

    void valuesChangedSinceThePreviousStopAreMarked()
    {
        VariablesModel variables;
        QAbstractItemModelTester tester(&variables, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Answers come later, as from the inspector thread (the tester itself expands rows on a reset, and a
        // provider answering inside that would trip its bookkeeping).
        FakeChildren fake;
        fake.model = &variables;
        variables.setChildrenProvider(fake.provider());
        const auto changed = [&](const QString& name) {
            return variables.data(variables.findVariable(name), VariablesModel::ChangedRole).toBool();
        };
        const QString loop = QStringLiteral("Debuggee|sum_items");

        fake.children[QStringLiteral("locals/3")] = {variable("x", "1", "locals/3/0"),
                                                     variable("y", "2", "locals/3/1")};
        variables.setVariables(loop, 1,
                               {variable("count", "2", "locals/0"), variable("total", "0", "locals/1"),
                                variable("value", "4", "locals/2"), variable("point", "{…}", "locals/3", true)});
        QVERIFY(!changed(QStringLiteral("total")));  // a first stop has nothing to compare with
        variables.fetchMore(variables.findVariable(QStringLiteral("point")));
        fake.answerAll();
        QCOMPARE(variables.rowCount(variables.findVariable(QStringLiteral("point"))), 2);

        // The next iteration: same rows updated in place, the open struct read again.
        QSignalSpy resets(&variables, &QAbstractItemModel::modelReset);
        fake.children[QStringLiteral("locals/3")] = {variable("x", "1", "locals/3/0"),
                                                     variable("y", "3", "locals/3/1")};
        const auto asked = fake.asked.size();
        variables.setVariables(loop, 2,
                               {variable("count", "2", "locals/0"), variable("total", "4", "locals/1"),
                                variable("value", "5", "locals/2"), variable("point", "{…}", "locals/3", true)});
        QCOMPARE(resets.count(), 0);
        QCOMPARE(fake.asked.size(), asked + 1);
        QCOMPARE(fake.asked.last().first, QStringLiteral("locals/3"));
        QCOMPARE(variables.rowCount(variables.findVariable(QStringLiteral("point"))), 2);  // shown until answered
        fake.answerAll();
        QVERIFY(changed(QStringLiteral("total")));
        QVERIFY(changed(QStringLiteral("value")));
        QVERIFY(!changed(QStringLiteral("count")));
        QVERIFY(changed(QStringLiteral("point/y")));
        QVERIFY(!changed(QStringLiteral("point/x")));
        const QModelIndex total = variables.findVariable(QStringLiteral("total"), VariablesModel::ValueColumn);
        QVERIFY(variables.data(total, Qt::FontRole).value<QFont>().bold());
        QVERIFY(variables.data(total, Qt::ForegroundRole).isValid());
        QVERIFY(!variables.data(variables.findVariable(QStringLiteral("count")), Qt::FontRole).isValid());

        // Another function's frame: nothing of it is "changed"; back to the loop at the same stop, the marks stay.
        variables.setVariables(QStringLiteral("Debuggee|main"), 2, {variable("total", "99", "locals/0")});
        QCOMPARE(resets.count(), 1);
        QVERIFY(!changed(QStringLiteral("total")));
        variables.setVariables(loop, 2,
                               {variable("count", "2", "locals/0"), variable("total", "4", "locals/1"),
                                variable("value", "5", "locals/2"), variable("point", "{…}", "locals/3", true)});
        fake.answerAll();
        QVERIFY(changed(QStringLiteral("total")));
        QVERIFY(!changed(QStringLiteral("count")));

        // A stop where nothing moved clears the marks; a variable coming into scope is new, not changed.
        variables.setVariables(loop, 3,
                               {variable("count", "2", "locals/0"), variable("total", "4", "locals/1"),
                                variable("value", "5", "locals/2"), variable("point", "{…}", "locals/3", true),
                                variable("i", "1", "locals/4")});
        fake.answerAll();
        QVERIFY(!changed(QStringLiteral("total")));
        QVERIFY(!changed(QStringLiteral("i")));
    }

    void breakpointEditsWriteThroughToTheBook()
    {
        auto book = std::make_shared<debugger::BreakpointBook>();
        const auto first = book->toggle("handler.c", 21);
        debugger::BreakpointSpec byName;
        byName.function = "sum_items";
        const auto second = book->add(byName);
        BreakpointsModel breakpoints(book);
        QAbstractItemModelTester tester(&breakpoints, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy edited(&breakpoints, &BreakpointsModel::breakpointEdited);
        QCOMPARE(breakpoints.rowCount(), 2);
        QCOMPARE(text(breakpoints, breakpoints.index(0, BreakpointsModel::LocationColumn)),
                 QStringLiteral("handler.c:21"));
        QCOMPARE(text(breakpoints, breakpoints.index(1, BreakpointsModel::LocationColumn)),
                 QStringLiteral("sum_items"));
        QCOMPARE(breakpoints.data(breakpoints.index(0, 0), Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(breakpoints.flags(breakpoints.index(0, BreakpointsModel::ConditionColumn)) & Qt::ItemIsEditable);
        QVERIFY(breakpoints.flags(breakpoints.index(0, BreakpointsModel::HitCountColumn)) & Qt::ItemIsEditable);
        QVERIFY(!(breakpoints.flags(breakpoints.index(0, BreakpointsModel::HitsColumn)) & Qt::ItemIsEditable));

        QVERIFY(breakpoints.setData(breakpoints.index(0, BreakpointsModel::ConditionColumn),
                                    QStringLiteral("  value == 2 ")));
        QCOMPARE(book->all()[0].condition, std::string("value == 2"));
        QCOMPARE(edited.count(), 1);
        QCOMPARE(edited.last().at(0).toInt(), first.id);

        QVERIFY(breakpoints.setData(breakpoints.index(1, BreakpointsModel::HitCountColumn), 3));
        QCOMPARE(book->all()[1].hitCount, 3);
        QCOMPARE(text(breakpoints, breakpoints.index(1, BreakpointsModel::HitCountColumn)),
                 QStringLiteral("from hit 3"));
        QCOMPARE(breakpoints.data(breakpoints.index(1, BreakpointsModel::HitCountColumn), Qt::EditRole).toInt(), 3);
        QVERIFY(breakpoints.setData(breakpoints.index(1, BreakpointsModel::HitCountColumn), 1));
        QCOMPARE(book->all()[1].hitCount, 0);  // 1 and 0 both mean every hit; the book keeps 0
        QVERIFY(!breakpoints.setData(breakpoints.index(1, BreakpointsModel::HitCountColumn), QStringLiteral("many")));
        QCOMPARE(edited.count(), 3);

        QVERIFY(breakpoints.setData(breakpoints.index(0, 0), Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(!book->all()[0].enabled);
        QCOMPARE(edited.count(), 4);
        // The same value again is no edit.
        QVERIFY(breakpoints.setData(breakpoints.index(0, 0), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(edited.count(), 4);

        // What the debugger made of them, joined by spec id.
        debugger::BreakpointState resolved;
        resolved.specId = first.id;
        resolved.verified = true;
        resolved.locations = 1;
        resolved.hits = 2;
        resolved.resolvedFile = "/src/handler.c";
        resolved.resolvedLine = 21;
        debugger::BreakpointState missing;
        missing.specId = second.id;
        missing.message = "no function named sum_items in the loaded program";
        breakpoints.setStates({resolved, missing});
        QCOMPARE(breakpoints.data(breakpoints.index(0, BreakpointsModel::HitsColumn)).toInt(), 2);
        QCOMPARE(text(breakpoints, breakpoints.index(0, BreakpointsModel::StatusColumn)), QStringLiteral("verified"));
        QVERIFY(breakpoints.data(breakpoints.index(0, 0), BreakpointsModel::VerifiedRole).toBool());
        QCOMPARE(text(breakpoints, breakpoints.index(1, BreakpointsModel::StatusColumn)),
                 QStringLiteral("not resolved"));
        QVERIFY(text(breakpoints, breakpoints.index(1, BreakpointsModel::StatusColumn), Qt::ToolTipRole)
                    .contains(QStringLiteral("no function named sum_items")));

        // The owner changed the book: rows follow, states of the ones left stay.
        book->toggle("handler.c", 30);
        breakpoints.refresh();
        QCOMPARE(breakpoints.rowCount(), 3);
        QCOMPARE(text(breakpoints, breakpoints.index(0, BreakpointsModel::StatusColumn)), QStringLiteral("verified"));
        book->remove(first.id);
        breakpoints.refresh();
        QCOMPARE(breakpoints.rowCount(), 2);
        QCOMPARE(breakpoints.rowOf(first.id), -1);
        breakpoints.clearStates();
        QVERIFY(text(breakpoints, breakpoints.index(0, BreakpointsModel::StatusColumn)).isEmpty());
    }

    // The gutter's view of the book: suffixes name the open file, a reported failure is hollow with its reason,
    // a line with a live and a disabled breakpoint shows the live one, other files and function breakpoints
    // show nothing.
    void gutterMarksJoinTheBookWithWhatTheDebuggerSaid()
    {
        auto book = std::make_shared<debugger::BreakpointBook>();
        const auto live = book->toggle("handler.c", 21);
        const auto missing = book->toggle("src/handler.c", 30);
        debugger::BreakpointSpec off;  // added, not toggled: a toggle on line 21 would remove the one above
        off.file = "/work/src/handler.c";
        off.line = 21;
        off.enabled = false;
        book->add(off);
        debugger::BreakpointSpec conditional;
        conditional.file = "/work/src/handler.c";
        conditional.line = 40;
        conditional.condition = "value > 2";
        book->add(conditional);
        book->toggle("other.c", 21);
        debugger::BreakpointSpec byName;
        byName.function = "sum_items";
        book->add(byName);
        BreakpointsModel breakpoints(book);

        const QString path = QStringLiteral("/work/src/handler.c");
        auto marks = breakpointMarks(breakpoints, path);
        QCOMPARE(marks.size(), 3);
        QCOMPARE(marks[0].line, 21);
        QCOMPARE(marks[0].kind, GutterMark::Kind::Breakpoint);
        QVERIFY(marks[0].toolTip.contains(QStringLiteral("Disabled")));  // both breakpoints of the line are told
        QCOMPARE(marks[1].line, 30);
        QCOMPARE(marks[1].kind, GutterMark::Kind::Breakpoint);  // not checked yet: drawn as asked
        QVERIFY(marks[1].toolTip.contains(QStringLiteral("Not checked yet")));
        QCOMPARE(marks[2].line, 40);
        QVERIFY(marks[2].toolTip.contains(QStringLiteral("value > 2")));

        debugger::BreakpointState resolved;
        resolved.specId = live.id;
        resolved.verified = true;
        resolved.locations = 1;
        resolved.resolvedFile = path.toStdString();
        resolved.resolvedLine = 21;
        debugger::BreakpointState unresolved;
        unresolved.specId = missing.id;
        unresolved.message = "no code at src/handler.c:30";
        breakpoints.setStates({resolved, unresolved});
        marks = breakpointMarks(breakpoints, path);
        QCOMPARE(marks[1].kind, GutterMark::Kind::Unresolved);
        QVERIFY(marks[1].toolTip.contains(QStringLiteral("no code at src/handler.c:30")));

        // Only the disabled one left on line 21: grey.
        book->remove(live.id);
        breakpoints.refresh();
        marks = breakpointMarks(breakpoints, path);
        QCOMPARE(marks[0].kind, GutterMark::Kind::Disabled);
        QVERIFY(breakpointMarks(breakpoints, QStringLiteral("/work/src/main.c")).isEmpty());
    }

    void watchesAreTypedIntoTheLastRow()
    {
        WatchModel watches;
        QAbstractItemModelTester tester(&watches, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&watches, &WatchModel::expressionsChanged);
        QCOMPARE(watches.rowCount(), 1);  // the row to type into
        QVERIFY(watches.data(watches.index(0, 0), WatchModel::PlaceholderRole).toBool());

        QVERIFY(watches.setData(watches.index(0, WatchModel::ExpressionColumn), QStringLiteral("total * 10")));
        watches.addExpression(QStringLiteral("no_such_name"));
        QCOMPARE(watches.expressions(), QStringList({QStringLiteral("total * 10"), QStringLiteral("no_such_name")}));
        QCOMPARE(watches.rowCount(), 3);
        QCOMPARE(changed.count(), 2);
        QVERIFY(!watches.setData(watches.index(2, WatchModel::ExpressionColumn), QStringLiteral("  ")));

        watches.setResults(watches.expressions(), {{true, "40", "int"}, {false, "use of undeclared identifier", ""}});
        QCOMPARE(text(watches, watches.index(0, WatchModel::ValueColumn)), QStringLiteral("40"));
        QCOMPARE(text(watches, watches.index(0, WatchModel::TypeColumn)), QStringLiteral("int"));
        QVERIFY(watches.data(watches.index(1, 0), WatchModel::FailedRole).toBool());
        QVERIFY(watches.data(watches.index(1, WatchModel::ValueColumn), Qt::ForegroundRole).isValid());
        watches.setStale(true);
        QVERIFY(watches.data(watches.index(0, WatchModel::ValueColumn), Qt::ForegroundRole).isValid());

        // Editing an expression clears its value until it is evaluated again; clearing it removes the row.
        QVERIFY(watches.setData(watches.index(0, WatchModel::ExpressionColumn), QStringLiteral("total")));
        QVERIFY(text(watches, watches.index(0, WatchModel::ValueColumn)).isEmpty());
        QCOMPARE(changed.count(), 3);
        QVERIFY(watches.setData(watches.index(1, WatchModel::ExpressionColumn), QString()));
        QCOMPARE(watches.expressions(), QStringList({QStringLiteral("total")}));
        QCOMPARE(changed.count(), 4);
        watches.removeExpression(0);
        QCOMPARE(watches.rowCount(), 1);
    }
};

QTEST_MAIN(TestDebugModels)
#include "tst_debug_models.moc"
