// SPDX-License-Identifier: MIT
// ExperimentListModel under QAbstractItemModelTester, fed whole lists as the runner gives them: newest first,
// rows changed in place (no reset), countdowns while running, affected counts, vanished experiments removed.
#include "experiments/experiment_list_model.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;
using namespace std::chrono_literals;

namespace {

const std::chrono::system_clock::time_point kStart{std::chrono::seconds(1'700'000'000)};

faults::Experiment experiment(const std::string& id, faults::ExperimentStatus status, std::uint64_t hits,
                              std::uint64_t considered)
{
    faults::Experiment result;
    result.id = id;
    result.templateId = "EXT" + id;
    result.spec.description = "slow " + id;
    result.status = status;
    result.startTime = kStart;
    faults::ActionRun action;
    action.name = "slowCalls";
    action.spec.actionId = "aws:lambda:invocation-add-delay";
    action.spec.parameters["duration"] = "PT2M";
    action.duration = 120s;
    action.status =
        status == faults::ExperimentStatus::Running ? faults::ActionStatus::Running : faults::ActionStatus::Completed;
    action.startTime = kStart;
    action.hits = hits;
    action.considered = considered;
    result.actions.push_back(action);
    result.resolvedTargets["Slowed"] = {"OrderProcessor"};
    return result;
}

QString cell(const ExperimentListModel& model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role).toString();
}

}  // namespace

class TestExperimentListModel : public QObject {
    Q_OBJECT

private slots:
    void rowsShowTheRunnersExperimentsNewestFirst()
    {
        ExperimentListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        auto first = experiment("EXP1", faults::ExperimentStatus::Running, 3, 10);
        model.update({first}, kStart + 20s);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(cell(model, 0, ExperimentListModel::IdColumn), QStringLiteral("EXP1"));
        QCOMPARE(cell(model, 0, ExperimentListModel::DescriptionColumn), QStringLiteral("slow EXP1"));
        QCOMPARE(cell(model, 0, ExperimentListModel::StatusColumn), QStringLiteral("running"));
        QCOMPARE(cell(model, 0, ExperimentListModel::CountdownColumn), QStringLiteral("1:40 left"));
        QCOMPARE(cell(model, 0, ExperimentListModel::AffectedColumn), QStringLiteral("3 of 10"));
        QVERIFY(
            cell(model, 0, ExperimentListModel::AffectedColumn, Qt::ToolTipRole).contains(QStringLiteral("slowCalls")));
        QVERIFY(cell(model, 0, ExperimentListModel::DescriptionColumn, Qt::ToolTipRole)
                    .contains(QStringLiteral("Slowed → OrderProcessor")));
        QVERIFY(model.data(model.index(0, 0), ExperimentListModel::UnderWayRole).toBool());

        // A newer experiment goes on top; the first one's row changes in place.
        auto second = experiment("EXP2", faults::ExperimentStatus::Running, 0, 0);
        first.actions[0].hits = 7;
        first.actions[0].considered = 20;
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.update({first, second}, kStart + 50s);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.findRow(QStringLiteral("EXP2")), 0);
        QCOMPARE(model.findRow(QStringLiteral("EXP1")), 1);
        QCOMPARE(cell(model, 1, ExperimentListModel::AffectedColumn), QStringLiteral("7 of 20"));
        QCOMPARE(cell(model, 1, ExperimentListModel::CountdownColumn), QStringLiteral("1:10 left"));
        QCOMPARE(cell(model, 0, ExperimentListModel::AffectedColumn), QStringLiteral("0"));
        QVERIFY(!changed.isEmpty());
        QCOMPARE(model.data(model.index(1, 0), ExperimentListModel::AffectedRole).toULongLong(), 7ULL);

        // Ended: no countdown but how long it ran; nothing else changed, so no row is touched.
        first.status = faults::ExperimentStatus::Stopped;
        first.reason = "Experiment stopped.";
        first.endTime = kStart + 65s;
        first.actions[0].status = faults::ActionStatus::Stopped;
        second.status = faults::ExperimentStatus::Failed;
        second.reason = "Target 'Slowed' resolved to no function";
        second.endTime = kStart + 50s;
        model.update({first, second}, kStart + 70s);
        QCOMPARE(cell(model, 1, ExperimentListModel::StatusColumn), QStringLiteral("stopped"));
        QCOMPARE(cell(model, 1, ExperimentListModel::CountdownColumn), QStringLiteral("ran 1:05"));
        QCOMPARE(cell(model, 1, ExperimentListModel::StatusColumn, Qt::ToolTipRole),
                 QStringLiteral("Experiment stopped."));
        QVERIFY(!model.data(model.index(1, 0), ExperimentListModel::UnderWayRole).toBool());
        QVERIFY(model.data(model.index(0, ExperimentListModel::StatusColumn), Qt::ForegroundRole).isValid());
        changed.clear();
        model.update({first, second}, kStart + 80s);
        QVERIFY(changed.isEmpty());
        QCOMPARE(resets.size(), 0);
    }

    void experimentsTheRunnerNoLongerHasLeave()
    {
        ExperimentListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto a = experiment("EXPa", faults::ExperimentStatus::Completed, 1, 1);
        const auto b = experiment("EXPb", faults::ExperimentStatus::Completed, 2, 2);
        const auto c = experiment("EXPc", faults::ExperimentStatus::Running, 3, 3);
        model.update({a, b, c}, kStart);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.experiment(0).id, std::string("EXPc"));
        model.update({a, c}, kStart);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.findRow(QStringLiteral("EXPb")), -1);
        QCOMPARE(model.experiment(1).id, std::string("EXPa"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(affectedCounts(c).hits, std::uint64_t(3));
    }

    void startingExperimentsSaySo()
    {
        ExperimentListModel model;
        auto pending = experiment("EXPp", faults::ExperimentStatus::Initiating, 0, 0);
        model.update({pending}, kStart);
        QCOMPARE(cell(model, 0, ExperimentListModel::CountdownColumn), QStringLiteral("starting"));
        QCOMPARE(model.headerData(ExperimentListModel::AffectedColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Affected"));
    }
};

QTEST_MAIN(TestExperimentListModel)
#include "tst_experiment_list_model.moc"
