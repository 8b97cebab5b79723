// SPDX-License-Identifier: MIT
// The dock's ready experiments: FIS templates that validate, name the project's own functions by ARN, say what
// they do, and start on a runner whose engine has those functions.
#include "experiments/experiment_templates.h"

#include "engine.h"

#include <run/experiment_runner.h>
#include <template/experiment_template.h>

#include <nlohmann/json.hpp>

#include <QtTest>

#include <set>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

core::FunctionConfig function(const std::string& name)
{
    core::FunctionConfig config;
    config.name = name;
    config.logicalId = name;
    config.runtime = "python3.12";
    config.handler = "app.handler";
    config.codeDir = "/nonexistent/" + name;  // never invoked here
    return config;
}

core::Project project(const std::vector<std::string>& names)
{
    core::Project result;
    result.region = "eu-west-1";
    result.accountId = "000000000042";
    for (const auto& name : names)
        result.functions.push_back(function(name));
    return result;
}

faults::ExperimentTemplate parsed(const ReadyExperiment& ready)
{
    auto spec = faults::parseExperimentTemplate(ready.json.toStdString());
    if (!spec)
        qFatal("%s does not validate: %s", qPrintable(ready.title), spec.error().message.c_str());
    return *spec;
}

std::vector<std::string> arnsOf(const faults::ExperimentTemplate& spec)
{
    std::vector<std::string> arns;
    for (const auto& [name, target] : spec.targets)
        arns.insert(arns.end(), target.resourceArns.begin(), target.resourceArns.end());
    return arns;
}

std::string arn(const std::string& name)
{
    return "arn:aws:lambda:eu-west-1:000000000042:function:" + name;
}

}  // namespace

class TestExperimentTemplates : public QObject {
    Q_OBJECT

private slots:
    void readyExperimentsValidateAndNameTheProjectsFunctions()
    {
        const auto ready = readyExperiments(project({"OrderProcessor", "PaymentApi", "Mailer"}));
        QCOMPARE(ready.size(), std::size_t(3));

        QCOMPARE(ready[0].title, QStringLiteral("30 % of OrderProcessor calls 500 ms slower"));
        const auto slow = parsed(ready[0]);
        QCOMPARE(slow.actions.size(), std::size_t(1));
        const auto& delay = slow.actions.begin()->second;
        QCOMPARE(delay.actionId, std::string("aws:lambda:invocation-add-delay"));
        QCOMPARE(delay.parameters.at("startupDelayMilliseconds"), std::string("500"));
        QCOMPARE(delay.parameters.at("invocationPercentage"), std::string("30"));
        QCOMPARE(delay.parameters.at("duration"), std::string("PT2M"));
        QCOMPARE(arnsOf(slow), std::vector<std::string>{arn("OrderProcessor")});

        QCOMPARE(ready[1].title, QStringLiteral("PaymentApi down for 20 s"));
        const auto down = parsed(ready[1]);
        const auto& error = down.actions.begin()->second;
        QCOMPARE(error.actionId, std::string("aws:lambda:invocation-error"));
        QCOMPARE(error.parameters.at("preventExecution"), std::string("true"));
        QCOMPARE(error.parameters.at("duration"), std::string("PT20S"));
        QCOMPARE(arnsOf(down), std::vector<std::string>{arn("PaymentApi")});

        QVERIFY(ready[2].title.contains(QStringLiteral("Cold-start storm")));
        const auto storm = parsed(ready[2]);
        for (const auto& [name, action] : storm.actions) {
            QCOMPARE(action.actionId, std::string("lambdadesk:cold-start"));
            QCOMPARE(action.parameters.at("duration"), std::string("PT1M"));
        }
        QCOMPARE(arnsOf(storm), (std::vector<std::string>{arn("OrderProcessor"), arn("PaymentApi"), arn("Mailer")}));
    }

    void aStormOnManyFunctionsKeepsToFiveArnsATarget()
    {
        std::vector<std::string> names;
        for (int i = 1; i <= 12; ++i)
            names.push_back("Fn" + std::to_string(i));
        const auto storm = parsed(readyExperiments(project(names))[2]);
        QCOMPARE(storm.targets.size(), std::size_t(3));
        QCOMPARE(storm.actions.size(), std::size_t(3));
        for (const auto& [name, target] : storm.targets)
            QVERIFY(target.resourceArns.size() <= 5);
        const auto arns = arnsOf(storm);
        QCOMPARE(std::set<std::string>(arns.begin(), arns.end()).size(), names.size());
    }

    void aProjectOfOneFunctionBreaksThatOneAndNoneGetsNothing()
    {
        const auto ready = readyExperiments(project({"Solo"}));
        QCOMPARE(ready.size(), std::size_t(3));
        QCOMPARE(ready[1].title, QStringLiteral("Solo down for 20 s"));
        QCOMPARE(arnsOf(parsed(ready[1])), std::vector<std::string>{arn("Solo")});
        QVERIFY(readyExperiments(project({})).empty());
    }

    void theSummarySaysWhatATemplateDoesAndForHowLong()
    {
        const auto ready = readyExperiments(project({"OrderProcessor", "PaymentApi"}));
        QCOMPARE(templateSummary(parsed(ready[0])), QStringLiteral("valid: 1 action on 1 target, runs 2:00"));
        QCOMPARE(templateSummary(parsed(ready[1])), QStringLiteral("valid: 1 action on 1 target, runs 0:20"));
        auto spec = parsed(ready[0]);
        const std::string delayed = spec.actions.begin()->first;
        spec.actions["pause"] = faults::ExperimentAction{"aws:fis:wait", {}, {{"duration", "PT30S"}}, {}, {}};
        spec.actions[delayed].startAfter = {"pause"};
        spec.targets["Other"] = spec.targets.begin()->second;
        QCOMPARE(templateSummary(spec), QStringLiteral("valid: 2 actions on 2 targets, runs 2:30"));
    }

    void readyExperimentsStartOnTheProjectsFunctions()
    {
        const auto shop = project({"OrderProcessor", "PaymentApi"});
        core::EngineOptions options;
        options.region = shop.region;
        options.accountId = shop.accountId;
        options.shutdownGrace = std::chrono::milliseconds(500);
        core::Engine engine(options);
        for (const auto& config : shop.functions)
            engine.putFunction(config);
        const auto runner = faults::ExperimentRunner::create(engine);
        for (const auto& ready : readyExperiments(shop)) {
            auto made = runner->createTemplate(nlohmann::json::parse(ready.json.toStdString()));
            QVERIFY2(made.ok(), made.ok() ? "" : made.error().message.c_str());
            auto started = runner->start(made->id);
            QVERIFY2(started.ok(), started.ok() ? "" : started.error().message.c_str());
            QVERIFY2(started->status != faults::ExperimentStatus::Failed, started->reason.c_str());
            for (const auto& [target, functions] : started->resolvedTargets)
                QVERIFY2(!functions.empty(), target.c_str());
            QVERIFY(runner->stop(started->id).ok());
        }
        runner->shutdown();
    }
};

QTEST_GUILESS_MAIN(TestExperimentTemplates)
#include "tst_experiment_templates.moc"
