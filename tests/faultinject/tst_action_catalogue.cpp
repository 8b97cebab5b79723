// SPDX-License-Identifier: MIT
// faultinject/template: the action catalogue (FIS's Lambda actions, aws:fis:wait and the lambdadesk: ones) with
// their parameters' specs and what each says it accepts, and ISO 8601 durations.
#include "template_fixture.h"

#include "template/action_catalog.h"
#include "template/experiment_template.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace lambdadesk::faults;
using namespace lambdadesk::tests;
using nlohmann::json;

namespace {

/// A value each parameter kind accepts, for templates that set every parameter of an action.
std::string validValue(const ParameterSpec& spec)
{
    if (!spec.defaultValue.empty())
        return spec.defaultValue;
    switch (spec.kind) {
    case ParameterSpec::Kind::Duration:
        return "PT1M";
    case ParameterSpec::Kind::Integer:
        return std::to_string(spec.max);
    case ParameterSpec::Kind::Boolean:
        return "true";
    case ParameterSpec::Kind::String:
        break;
    }
    return spec.choices.empty() ? "text" : spec.choices.front();
}

}  // namespace

class TestActionCatalogue : public QObject {
    Q_OBJECT

private slots:
    void catalogueHoldsTheActionsInOrder()
    {
        std::vector<std::string> ids;
        for (const auto& spec : actionCatalog())
            ids.push_back(spec.id);
        const std::vector<std::string> expected{"aws:lambda:invocation-add-delay",
                                                "aws:lambda:invocation-error",
                                                "aws:lambda:invocation-http-integration-response",
                                                "aws:fis:wait",
                                                "lambdadesk:invocation-crash",
                                                "lambdadesk:invocation-timeout",
                                                "lambdadesk:cold-start",
                                                "lambdadesk:concurrency-limit",
                                                "lambdadesk:api-latency",
                                                "lambdadesk:api-error",
                                                "lambdadesk:delivery-delay",
                                                "lambdadesk:delivery-duplicate"};
        QCOMPARE(ids, expected);
        QVERIFY(findAction("aws:lambda:invocation-error") == &actionCatalog()[1]);
        QVERIFY(findAction("aws:lambda:nope") == nullptr);
        QCOMPARE(findAction("aws:fis:wait")->targetResourceType, std::string());
        QVERIFY(!findAction("lambdadesk:api-latency")->targetRequired);
        QVERIFY(!findAction("lambdadesk:api-error")->targetRequired);
        QVERIFY(findAction("lambdadesk:cold-start")->targetRequired);
        QVERIFY(findAction("lambdadesk:delivery-duplicate")->targetRequired);
        QCOMPARE(findAction("lambdadesk:cold-start")->targetResourceType, std::string("aws:lambda:function"));
        for (const auto& spec : actionCatalog()) {
            QVERIFY2(!spec.description.empty(), spec.id.c_str());
            QVERIFY2(!spec.parameters.empty() && spec.parameters.front().name == "duration", spec.id.c_str());
            QVERIFY2(spec.parameters.front().required, spec.id.c_str());
            for (const auto& parameter : spec.parameters)
                QVERIFY2(!parameter.description.empty(), (spec.id + " " + parameter.name).c_str());
        }
    }

    void catalogueParametersMatchTheirSpecs_data()
    {
        using Kind = ParameterSpec::Kind;
        QTest::addColumn<QByteArray>("action");
        QTest::addColumn<QByteArray>("parameter");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("required");
        QTest::addColumn<qint64>("min");
        QTest::addColumn<qint64>("max");
        QTest::addColumn<QByteArray>("defaultValue");
        const auto row = [](const char* action, const char* parameter, Kind kind, bool required, qint64 min, qint64 max,
                            const char* defaultValue) {
            QTest::addRow("%s %s", action, parameter) << QByteArray(action) << QByteArray(parameter) << int(kind)
                                                      << required << min << max << QByteArray(defaultValue);
        };
        row("aws:lambda:invocation-add-delay", "invocationPercentage", Kind::Integer, false, 1, 100, "100");
        row("aws:lambda:invocation-add-delay", "startupDelayMilliseconds", Kind::Integer, false, 0, 900000, "1000");
        row("aws:lambda:invocation-error", "preventExecution", Kind::Boolean, false, 0, 0, "false");
        row("aws:lambda:invocation-http-integration-response", "statusCode", Kind::Integer, true, 0, 999, "");
        row("aws:lambda:invocation-http-integration-response", "contentTypeHeader", Kind::String, false, 0, 0,
            "application/json");
        row("aws:lambda:invocation-http-integration-response", "preventExecution", Kind::Boolean, false, 0, 0, "false");
        row("aws:fis:wait", "duration", Kind::Duration, true, 0, 0, "");
        row("lambdadesk:invocation-crash", "afterMilliseconds", Kind::Integer, false, 0, 900000, "0");
        row("lambdadesk:invocation-timeout", "afterMilliseconds", Kind::Integer, false, 0, 900000, "0");
        row("lambdadesk:cold-start", "invocationPercentage", Kind::Integer, false, 1, 100, "100");
        row("lambdadesk:concurrency-limit", "reservedConcurrency", Kind::Integer, true, 0, 1000, "");
        row("lambdadesk:api-latency", "latencyMilliseconds", Kind::Integer, false, 0, 60000, "1000");
        row("lambdadesk:api-latency", "services", Kind::String, false, 0, 0, "*");
        row("lambdadesk:api-latency", "operations", Kind::String, false, 0, 0, "*");
        row("lambdadesk:api-error", "statusCode", Kind::Integer, false, 400, 599, "503");
        row("lambdadesk:api-error", "errorCode", Kind::String, false, 0, 0, "");  // the service's own, by status
        row("lambdadesk:api-error", "services", Kind::String, false, 0, 0, "*");
        row("lambdadesk:delivery-delay", "deliveryPercentage", Kind::Integer, false, 1, 100, "100");
        row("lambdadesk:delivery-delay", "delayMilliseconds", Kind::Integer, false, 0, 900000, "5000");
        row("lambdadesk:delivery-duplicate", "copies", Kind::Integer, false, 1, 10, "1");
    }

    void catalogueParametersMatchTheirSpecs()
    {
        QFETCH(QByteArray, action);
        QFETCH(QByteArray, parameter);
        QFETCH(int, kind);
        QFETCH(bool, required);
        QFETCH(qint64, min);
        QFETCH(qint64, max);
        QFETCH(QByteArray, defaultValue);
        const ActionSpec* spec = findAction(action.toStdString());
        QVERIFY(spec);
        const auto found = std::find_if(spec->parameters.begin(), spec->parameters.end(),
                                        [&](const ParameterSpec& p) { return p.name == parameter.toStdString(); });
        QVERIFY(found != spec->parameters.end());
        QCOMPARE(int(found->kind), kind);
        QCOMPARE(found->required, required);
        if (found->kind == ParameterSpec::Kind::Integer) {
            QCOMPARE(qint64(found->min), min);
            QCOMPARE(qint64(found->max), max);
        }
        QCOMPARE(found->defaultValue, defaultValue.toStdString());
    }

    void catalogueParameterNamesAreExactly()
    {
        const auto names = [](const char* id) {
            std::vector<std::string> result;
            for (const auto& parameter : findAction(id)->parameters)
                result.push_back(parameter.name);
            return result;
        };
        using Names = std::vector<std::string>;
        QCOMPARE(names("aws:lambda:invocation-add-delay"),
                 (Names{"duration", "invocationPercentage", "startupDelayMilliseconds"}));
        QCOMPARE(names("aws:lambda:invocation-error"), (Names{"duration", "invocationPercentage", "preventExecution"}));
        QCOMPARE(names("aws:lambda:invocation-http-integration-response"),
                 (Names{"duration", "invocationPercentage", "preventExecution", "statusCode", "contentTypeHeader"}));
        QCOMPARE(names("aws:fis:wait"), (Names{"duration"}));
        QCOMPARE(names("lambdadesk:invocation-crash"),
                 (Names{"duration", "invocationPercentage", "afterMilliseconds"}));
        QCOMPARE(names("lambdadesk:invocation-timeout"),
                 (Names{"duration", "invocationPercentage", "afterMilliseconds"}));
        QCOMPARE(names("lambdadesk:cold-start"), (Names{"duration", "invocationPercentage"}));
        QCOMPARE(names("lambdadesk:concurrency-limit"), (Names{"duration", "reservedConcurrency"}));
        QCOMPARE(names("lambdadesk:api-latency"),
                 (Names{"duration", "invocationPercentage", "latencyMilliseconds", "services", "operations"}));
        QCOMPARE(names("lambdadesk:api-error"),
                 (Names{"duration", "invocationPercentage", "statusCode", "errorCode", "services", "operations"}));
        QCOMPARE(names("lambdadesk:delivery-delay"), (Names{"duration", "deliveryPercentage", "delayMilliseconds"}));
        QCOMPARE(names("lambdadesk:delivery-duplicate"), (Names{"duration", "deliveryPercentage", "copies"}));
    }

    void everyCatalogueActionParsesWithEveryParameter()
    {
        for (const auto& spec : actionCatalog()) {
            json parameters = json::object();
            for (const auto& parameter : spec.parameters)
                parameters[parameter.name] = validValue(parameter);
            json action = {{"actionId", spec.id}, {"parameters", parameters}};
            if (!spec.targetResourceType.empty())
                action["targets"] = {{"Functions", "Fns"}};
            const json document = changed([&](json& d) { d["actions"] = {{"a", action}}; });
            const auto parsed = parseExperimentTemplate(document);
            QVERIFY2(parsed.ok(), (spec.id + ": " + (parsed ? std::string() : parsed.error().message)).c_str());
            QCOMPARE(parsed->actions.at("a").parameters.size(), spec.parameters.size());
        }
    }

    void checkParameterSaysWhatIsAccepted()
    {
        const ActionSpec* delay = findAction("aws:lambda:invocation-add-delay");
        const ParameterSpec& startupDelay = delay->parameters[2];
        QVERIFY(!checkParameter(startupDelay, "0"));
        QVERIFY(!checkParameter(startupDelay, "900000"));
        QCOMPARE(checkParameter(startupDelay, "900001").value_or(""),
                 std::string("900001 is out of range; accepted: an integer from 0 to 900000"));
        QCOMPARE(checkParameter(startupDelay, "-1").value_or(""),
                 std::string("-1 is out of range; accepted: an integer from 0 to 900000"));
        for (const char* notInteger : {"", "1.5", " 5", "5 ", "+5", "1e3", "ten", "0x10"})
            QVERIFY2(checkParameter(startupDelay, notInteger).value_or("").find("is not an integer") !=
                         std::string::npos,
                     notInteger);
        QVERIFY(checkParameter(startupDelay, "99999999999999999999").value_or("").find("out of range") !=
                std::string::npos);

        const ParameterSpec& duration = delay->parameters[0];
        QVERIFY(!checkParameter(duration, "PT1M"));
        QVERIFY(checkParameter(duration, "1 minute").value_or("").find("ISO 8601") != std::string::npos);

        const ParameterSpec& prevent = findAction("aws:lambda:invocation-error")->parameters[2];
        QVERIFY(!checkParameter(prevent, "true"));
        QVERIFY(!checkParameter(prevent, "false"));
        QVERIFY(checkParameter(prevent, "True").value_or("").find(R"("true" or "false")") != std::string::npos);

        const ParameterSpec& errorCode = findAction("lambdadesk:api-error")->parameters[3];
        QVERIFY(!checkParameter(errorCode, "ThrottlingException"));
        QVERIFY(checkParameter(errorCode, "").value_or("").find("leave the parameter out for its default") !=
                std::string::npos);

        ParameterSpec choice{"mode", "a mode", ParameterSpec::Kind::String, false, 0, 0, "", {"fast", "slow"}};
        QVERIFY(!checkParameter(choice, "slow"));
        QVERIFY(checkParameter(choice, "medium").value_or("").find("fast, slow") != std::string::npos);
    }

    void parsesIsoDurations_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("milliseconds");
        const auto row = [](const char* text, qint64 milliseconds) {
            QTest::newRow(text) << QByteArray(text) << milliseconds;
        };
        row("PT30S", 30'000);
        row("PT1M", 60'000);
        row("PT1H30M", 5'400'000);
        row("PT0.5S", 500);
        row("P1D", 86'400'000);
        row("PT1M30.5S", 90'500);
        row("P1DT2H", 93'600'000);
        row("PT0S", 0);
        row("PT0.001S", 1);
        row("PT1.2349S", 1'234);  // beyond the millisecond is dropped
        row("PT12H", 43'200'000);
        row("PT90S", 90'000);
        row("P2DT1H1M1.25S", 176'461'250);
    }

    void parsesIsoDurations()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, milliseconds);
        const auto parsed = parseIsoDuration(text.toStdString());
        QVERIFY(parsed.has_value());
        QCOMPARE(qint64(parsed->count()), milliseconds);
    }

    void refusesMalformedIsoDurations()
    {
        for (const char* text :
             {"",       "P",      "PT",    "30S",   "PT-1S", "PT1X", "garbage", "P1DT",
              "PT1S1M", "PT1M1M", "pt30s", "PT.5S", "PT1.S", "P1M",  "P1Y",     "P1W",
              "PT1.5M", " PT1S",  "PT1S ", "PTT1S", "PT+1S", "PT1",  "T1S",     "PT99999999999999999999S",
              "P1DT1D"})
            QVERIFY2(!parseIsoDuration(text).has_value(), text);
    }
};

QTEST_GUILESS_MAIN(TestActionCatalogue)
#include "tst_action_catalogue.moc"
