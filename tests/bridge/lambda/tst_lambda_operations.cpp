// SPDX-License-Identifier: MIT
// Lambda's REST routes named as AWS names them: the table the handler dispatches on and fault experiments match.
#include "lambda/lambda_operations.h"

#include <QtTest>

using namespace lambdadesk::bridge;

class TestLambdaOperations : public QObject {
    Q_OBJECT

private slots:
    void routesAreNamedAsAwsNamesThem_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("resource");
        const auto row = [](const char* method, const char* path, const char* name, const char* resource) {
            QTest::addRow("%s %s", method, path) << QByteArray(method) << QByteArray(path) << QByteArray(name)
                                                 << QByteArray(resource);
        };
        row("POST", "2015-03-31/functions", "CreateFunction", "");
        row("GET", "2015-03-31/functions", "ListFunctions", "");
        row("GET", "2015-03-31/functions/Orders", "GetFunction", "Orders");
        row("DELETE", "2015-03-31/functions/Orders", "DeleteFunction", "Orders");
        row("POST", "2015-03-31/functions/Orders/invocations", "Invoke", "Orders");
        row("GET", "2015-03-31/functions/Orders/configuration", "GetFunctionConfiguration", "Orders");
        row("PUT", "2015-03-31/functions/Orders/configuration", "UpdateFunctionConfiguration", "Orders");
        row("PUT", "2015-03-31/functions/Orders/code", "UpdateFunctionCode", "Orders");
        row("POST", "2015-03-31/functions/Orders/versions", "PublishVersion", "Orders");
        row("GET", "2015-03-31/functions/Orders/aliases/live", "GetAlias", "Orders");
        row("POST", "2014-11-13/functions/Orders/invoke-async", "InvokeAsync", "Orders");
        row("PUT", "2017-10-31/functions/Orders/concurrency", "PutFunctionConcurrency", "Orders");
        row("GET", "2019-09-30/functions/Orders/concurrency", "GetFunctionConcurrency", "Orders");
        row("GET", "2019-09-25/functions/Orders/event-invoke-config/list", "ListFunctionEventInvokeConfigs", "Orders");
        row("POST", "2019-09-25/functions/Orders/event-invoke-config", "UpdateFunctionEventInvokeConfig", "Orders");
        row("POST", "2015-03-31/event-source-mappings", "CreateEventSourceMapping", "");
        row("GET", "2015-03-31/event-source-mappings", "ListEventSourceMappings", "");
        row("DELETE", "2015-03-31/event-source-mappings/1234-ab", "DeleteEventSourceMapping", "1234-ab");
        row("GET", "2016-08-19/account-settings", "GetAccountSettings", "");
        row("GET", "2017-03-31/tags/arn:aws:lambda:us-east-1:123456789012:function:Orders", "ListTags",
            "arn:aws:lambda:us-east-1:123456789012:function:Orders");
    }

    void routesAreNamedAsAwsNamesThem()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, resource);
        std::vector<std::string> segments;
        for (const QByteArray& segment : path.split('/'))
            segments.push_back(segment.toStdString());
        const auto operation = lambdaOperationOf(method.toStdString(), segments);
        QVERIFY(operation);
        QCOMPARE(QByteArray::fromStdString(operation->name), name);
        QCOMPARE(QByteArray::fromStdString(operation->resource), resource);
    }

    void whatLambdaDoesNotServeHasNoName()
    {
        QVERIFY(!lambdaOperationOf("GET", {}));
        QVERIFY(!lambdaOperationOf("GET", {"2015-03-31"}));
        QVERIFY(!lambdaOperationOf("PATCH", {"2015-03-31", "functions"}));
        QVERIFY(!lambdaOperationOf("GET", {"2015-03-31", "functions", "Orders", "invocations"}));
        QVERIFY(!lambdaOperationOf("GET", {"2015-03-31", "layers"}));
        QVERIFY(!lambdaOperationOf("POST", {"2020-01-01", "functions", "Orders", "invocations"}));
    }
};

QTEST_GUILESS_MAIN(TestLambdaOperations)
#include "tst_lambda_operations.moc"
