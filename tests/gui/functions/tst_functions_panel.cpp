// SPDX-License-Identifier: MIT
// The functions panel with functions of one name in two regions: the table names both by their AWS name,
// shows the Region column and filter only then, and the filter hides the other region's rows.
#include "core_controller.h"
#include "functions/function_list_model.h"
#include "functions/functions_panel.h"

#include <model/function_name.h>

#include <QComboBox>
#include <QTableView>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

core::FunctionConfig function(const std::string& key, const std::string& region)
{
    core::FunctionConfig config;
    config.name = key;
    config.runtime = "python3.12";
    config.arn = core::functionArn(region, "123456789012", core::awsFunctionName(key));
    return config;
}

}  // namespace

class TestFunctionsPanel : public QObject {
    Q_OBJECT

private slots:
    void functionsOfTwoRegionsAreShownAndFiltered()
    {
        CoreController controller;
        FunctionsPanel panel(&controller);
        panel.show();
        auto* filter = panel.findChild<QComboBox*>(QStringLiteral("regionFilter"));
        auto* table = panel.findChild<QTableView*>();
        QVERIFY(filter && table);
        auto* functions = controller.functions();

        functions->setFunctions({function("report", "us-east-1"), function("orders", "us-east-1")});
        QVERIFY(!filter->isVisible());  // one region: no filter, no Region column
        QVERIFY(table->isColumnHidden(FunctionListModel::RegionColumn));

        functions->setFunctions({function("report", "us-east-1"), function("report@eu-west-1", "eu-west-1"),
                                 function("orders", "us-east-1")});
        QVERIFY(filter->isVisible());
        QVERIFY(!table->isColumnHidden(FunctionListModel::RegionColumn));
        const auto cell = [&](int row, int column) { return functions->index(row, column).data().toString(); };
        QCOMPARE(cell(1, FunctionListModel::NameColumn), QStringLiteral("report"));
        QCOMPARE(cell(1, FunctionListModel::RegionColumn), QStringLiteral("eu-west-1"));
        // Actions use the key, so "Invoke" on the second row reaches eu-west-1's report.
        QCOMPARE(functions->index(1, 0).data(FunctionListModel::NameRole).toString(), QStringLiteral("report@eu-west-1"));

        filter->setCurrentIndex(filter->findText(QStringLiteral("eu-west-1")));
        QVERIFY(table->isRowHidden(0));
        QVERIFY(!table->isRowHidden(1));
        QVERIFY(table->isRowHidden(2));
        // The choice survives a refresh of the list.
        functions->setFunctions({function("report", "us-east-1"), function("report@eu-west-1", "eu-west-1"),
                                 function("orders", "us-east-1")});
        QCOMPARE(filter->currentText(), QStringLiteral("eu-west-1"));
        QVERIFY(table->isRowHidden(0));
        filter->setCurrentIndex(0);
        for (int row = 0; row < functions->rowCount(); ++row)
            QVERIFY(!table->isRowHidden(row));
    }
};

QTEST_MAIN(TestFunctionsPanel)
#include "tst_functions_panel.moc"
