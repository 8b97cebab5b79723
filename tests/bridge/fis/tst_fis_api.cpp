// SPDX-License-Identifier: MIT
// The FIS API on the endpoint, over real HTTP on 127.0.0.1: templates, experiments through their states, the
// action catalogue, every error shape, and which runner the endpoint drives. Downstream faults are in
// tst_fis_downstream.
#include "fis/fis_fixture.h"

#include <future>
#include <set>

using namespace lambdadesk;
using namespace lambdadesk::tests;

class TestFisApi : public QObject, public FisApiFixture {
    Q_OBJECT

private slots:
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void listedInHealthBesideLambdasPaths()
    {
        QCOMPARE(send("GET", "/_localstack/health", {}).json["services"]["fis"], "running");
        const auto own = send("GET", "/_lambdadesk/health", {}).json;
        QVERIFY2(own.dump().find("\"fis\"") != std::string::npos, own.dump().c_str());
        // Lambda's unsigned path routing is untouched: FIS's paths carry no dated version segment.
        QCOMPARE(send("GET", "/2015-03-31/functions/", {}).response.status, 200);
        QCOMPARE(fis("GET", "/experimentTemplates").response.status, 200);
    }

    void templateLifecycle()
    {
        auto created = fis("POST", "/experimentTemplates", exampleTemplate());
        QVERIFY2(created.response.status == 200, created.response.body.c_str());
        const auto& made = created.json["experimentTemplate"];
        const auto id = made["id"].get<std::string>();
        QVERIFY2(id.starts_with("EXT"), id.c_str());
        QVERIFY(made["arn"].get<std::string>().find(":experiment-template/" + id) != std::string::npos);
        QCOMPARE(made["targets"]["Fns"]["resourceArns"][0], functionArn());
        QCOMPARE(made["actions"]["delay"]["actionId"], "aws:lambda:invocation-add-delay");
        QCOMPARE(made["actions"]["delay"]["parameters"]["duration"], "PT2M");
        QCOMPARE(made["actions"]["delay"]["targets"]["Functions"], "Fns");
        QCOMPARE(made["tags"]["team"], "orders");
        QVERIFY(made["creationTime"].is_number()); // rest-json timestamps: epoch seconds

        auto got = fis("GET", "/experimentTemplates/" + id);
        QCOMPARE(got.response.status, 200);
        QCOMPARE(got.json["experimentTemplate"]["id"], id);
        QCOMPARE(got.json["experimentTemplate"]["description"], made["description"]);

        auto listed = fis("GET", "/experimentTemplates");
        QCOMPARE(listed.response.status, 200);
        QCOMPARE(listed.json["experimentTemplates"].size(), std::size_t{1});
        const auto& summary = listed.json["experimentTemplates"][0];
        std::set<std::string> keys;
        for (const auto& [key, value] : summary.items())
            keys.insert(key);
        QCOMPARE(keys, (std::set<std::string>{"id", "arn", "description", "creationTime", "lastUpdateTime", "tags"}));
        QCOMPARE(summary["id"], id);
        QCOMPARE(summary["tags"]["team"], "orders");

        auto updated = fis("PATCH", "/experimentTemplates/" + id, Json{{"description", "Changed"}});
        QVERIFY2(updated.response.status == 200, updated.response.body.c_str());
        QCOMPARE(updated.json["experimentTemplate"]["description"], "Changed");
        QCOMPARE(updated.json["experimentTemplate"]["actions"]["delay"]["actionId"], "aws:lambda:invocation-add-delay");
        QCOMPARE(fis("GET", "/experimentTemplates/" + id).json["experimentTemplate"]["description"], "Changed");

        auto deleted = fis("DELETE", "/experimentTemplates/" + id);
        QCOMPARE(deleted.response.status, 200);
        QCOMPARE(deleted.json["experimentTemplate"]["id"], id);
        verifyFisError(fis("GET", "/experimentTemplates/" + id), 404, "ResourceNotFoundException", id);
        QCOMPARE(fis("GET", "/experimentTemplates").json["experimentTemplates"].size(), std::size_t{0});
    }

    void experimentRunsToCompletion()
    {
        const auto templateId = createTemplate(exampleTemplate("PT1S"));
        auto started =
            fis("POST", "/experiments",
                Json{{"clientToken", "run-1"}, {"experimentTemplateId", templateId}, {"tags", {{"run", "1"}}}});
        QVERIFY2(started.response.status == 200, started.response.body.c_str());
        const auto& experiment = started.json["experiment"];
        const auto id = experiment["id"].get<std::string>();
        QVERIFY2(id.starts_with("EXP"), id.c_str());
        QCOMPARE(experiment["experimentTemplateId"], templateId);
        const auto status = experiment["state"]["status"].get<std::string>();
        QVERIFY2(status == "initiating" || status == "running", status.c_str());
        QCOMPARE(experiment["tags"]["run"], "1");
        QCOMPARE(experiment["actions"]["delay"]["actionId"], "aws:lambda:invocation-add-delay");

        // The same client token starts nothing new.
        auto again = fis("POST", "/experiments", Json{{"clientToken", "run-1"}, {"experimentTemplateId", templateId}});
        QCOMPARE(again.json["experiment"]["id"], id);

        QTRY_COMPARE_WITH_TIMEOUT(experimentStatus(id), std::string("completed"), 15000);
        auto got = fis("GET", "/experiments/" + id).json["experiment"];
        QVERIFY(got["startTime"].is_number() && got["endTime"].is_number());

        auto listed = fis("GET", "/experiments?experimentTemplateId=" + templateId);
        QCOMPARE(listed.response.status, 200);
        QCOMPARE(listed.json["experiments"].size(), std::size_t{1});
        const auto& summary = listed.json["experiments"][0];
        QCOMPARE(summary["id"], id);
        QCOMPARE(summary["experimentTemplateId"], templateId);
        QCOMPARE(summary["state"]["status"], "completed");
        QVERIFY(summary["creationTime"].is_number());
        QCOMPARE(summary["tags"]["run"], "1");
        QVERIFY(!summary.contains("actions"));
        QCOMPARE(fis("GET", "/experiments?experimentTemplateId=EXTnone").json["experiments"].size(), std::size_t{0});

        auto report = fis("GET", "/experiments/" + id + "/report");
        QVERIFY2(report.response.status == 200, report.response.body.c_str());
        QCOMPARE(report.json["experiment"]["id"], id);
        QVERIFY(report.json["actions"].is_array());
        auto page = fis("GET", "/experiments/" + id + "/report.html");
        QCOMPARE(page.response.status, 200);
        QVERIFY2(page.header("Content-Type").starts_with("text/html"), page.header("Content-Type").c_str());
        QVERIFY(page.response.body.find("<html") != std::string::npos ||
                page.response.body.find("<!DOCTYPE") != std::string::npos);
        verifyFisError(fis("GET", "/experiments/EXPnone/report"), 404, "ResourceNotFoundException", "EXPnone");
    }

    void experimentStops()
    {
        const auto templateId = createTemplate(exampleTemplate("PT5M"));
        const auto id = startExperiment(templateId);
        QTRY_COMPARE_WITH_TIMEOUT(experimentStatus(id), std::string("running"), 10000);
        auto stopped = fis("DELETE", "/experiments/" + id);
        QVERIFY2(stopped.response.status == 200, stopped.response.body.c_str());
        const auto status = stopped.json["experiment"]["state"]["status"].get<std::string>();
        QVERIFY2(status == "stopping" || status == "stopped", status.c_str());
        QTRY_COMPARE_WITH_TIMEOUT(experimentStatus(id), std::string("stopped"), 10000);
        // Stopping what has stopped answers its state again.
        QCOMPARE(fis("DELETE", "/experiments/" + id).response.status, 200);
    }

    void actionCatalogue()
    {
        auto listed = fis("GET", "/actions");
        QCOMPARE(listed.response.status, 200);
        const auto& actions = listed.json["actions"];
        QVERIFY(actions.size() >= 4);
        const Json* delay = nullptr;
        for (const auto& action : actions) {
            if (action["id"] == "aws:lambda:invocation-add-delay")
                delay = &action;
        }
        QVERIFY(delay);
        QCOMPARE((*delay)["arn"], "arn:aws:fis:us-east-1::action/aws:lambda:invocation-add-delay");
        QCOMPARE((*delay)["targets"]["Functions"]["resourceType"], "aws:lambda:function");
        QCOMPARE((*delay)["tags"], Json::object());
        QVERIFY(!(*delay)["description"].get<std::string>().empty());
        QVERIFY(!delay->contains("parameters"));

        // Pages: maxResults and the nextToken it hands out.
        auto first = fis("GET", "/actions?maxResults=2");
        QCOMPARE(first.json["actions"].size(), std::size_t{2});
        const auto token = first.text("nextToken");
        QVERIFY(!token.empty());
        auto second = fis("GET", "/actions?maxResults=100&nextToken=" + token);
        QCOMPARE(second.json["actions"].size(), actions.size() - 2);
        QVERIFY(!second.json.contains("nextToken"));

        // botocore percent-encodes the colons of the id in the path.
        auto got = fis("GET", "/actions/aws%3Alambda%3Ainvocation-add-delay");
        QVERIFY2(got.response.status == 200, got.response.body.c_str());
        const auto& action = got.json["action"];
        QCOMPARE(action["id"], "aws:lambda:invocation-add-delay");
        QCOMPARE(action["parameters"]["duration"]["required"], true);
        QCOMPARE(action["parameters"]["startupDelayMilliseconds"]["required"], false);
        QVERIFY(!action["parameters"]["duration"]["description"].get<std::string>().empty());
        QCOMPARE(action["targets"]["Functions"]["resourceType"], "aws:lambda:function");
        verifyFisError(fis("GET", "/actions/aws:nothing:here"), 404, "ResourceNotFoundException", "aws:nothing:here");

        auto types = fis("GET", "/targetResourceTypes");
        QCOMPARE(types.json["targetResourceTypes"][0]["resourceType"], "aws:lambda:function");
        QCOMPARE(fis("GET", "/targetResourceTypes/aws%3Alambda%3Afunction").json["targetResourceType"]["resourceType"],
                 "aws:lambda:function");
    }

    void errorsInFisShape()
    {
        // ResourceNotFoundException (404) for every id that names nothing.
        verifyFisError(fis("GET", "/experimentTemplates/EXTmissing"), 404, "ResourceNotFoundException", "EXTmissing");
        verifyFisError(fis("PATCH", "/experimentTemplates/EXTmissing", Json{{"description", "x"}}), 404,
                       "ResourceNotFoundException", "EXTmissing");
        verifyFisError(fis("DELETE", "/experimentTemplates/EXTmissing"), 404, "ResourceNotFoundException",
                       "EXTmissing");
        verifyFisError(fis("POST", "/experiments", Json{{"clientToken", "t"}, {"experimentTemplateId", "EXTmissing"}}),
                       404, "ResourceNotFoundException", "EXTmissing");
        verifyFisError(fis("GET", "/experiments/EXPmissing"), 404, "ResourceNotFoundException", "EXPmissing");
        verifyFisError(fis("DELETE", "/experiments/EXPmissing"), 404, "ResourceNotFoundException", "EXPmissing");

        // ValidationException (400): bodies that are not JSON, or whose members are wrong, named.
        verifyFisError(fis("POST", "/experimentTemplates", std::string(R"({"description": )")), 400,
                       "ValidationException", "not valid JSON");
        verifyFisError(fis("POST", "/experiments", std::string("[1, 2]")), 400, "ValidationException", "JSON object");
        auto badTargets = exampleTemplate();
        badTargets["targets"] = "Fns";
        verifyFisError(fis("POST", "/experimentTemplates", badTargets), 400, "ValidationException", "targets");
        auto badDuration = exampleTemplate("two minutes");
        verifyFisError(fis("POST", "/experimentTemplates", badDuration), 400, "ValidationException",
                       "actions.delay.parameters.duration");
        auto noDescription = exampleTemplate();
        noDescription.erase("description");
        verifyFisError(fis("POST", "/experimentTemplates", noDescription), 400, "ValidationException", "description");
        verifyFisError(fis("POST", "/experiments", Json{{"clientToken", "t"}, {"experimentTemplateId", 7}}), 400,
                       "ValidationException", "experimentTemplateId");
        verifyFisError(fis("POST", "/experiments", Json{{"clientToken", "t"}}), 400, "ValidationException",
                       "experimentTemplateId");
        verifyFisError(fis("POST", "/experiments", Json{{"experimentTemplateId", "EXT1"}, {"tags", {{"k", 1}}}}), 400,
                       "ValidationException", "tags.k");
        verifyFisError(fis("POST", "/experiments", Json{{"experimentTemplateId", "EXT1"}, {"colour", "red"}}), 400,
                       "ValidationException", "colour");
        verifyFisError(fis("GET", "/experimentTemplates?maxResults=0"), 400, "ValidationException", "maxResults");
        verifyFisError(fis("GET", "/experiments?nextToken=abc"), 400, "ValidationException", "nextToken");

        // Operations LambdaDesk does not serve.
        verifyFisError(fis("GET", "/tags/arn%3Aaws%3Afis%3Aus-east-1%3A123456789012%3Aexperiment%2FEXP1"), 404,
                       "UnknownOperationException", "/tags/");
    }

    void conflictWhenTheRunnerIsShuttingDown()
    {
        m_endpoint.reset();
        auto runner = faults::ExperimentRunner::create(*m_engine);
        startEndpoint(runner);
        const auto templateId = createTemplate(exampleTemplate());
        runner->shutdown();
        verifyFisError(fis("POST", "/experiments", Json{{"clientToken", "late"}, {"experimentTemplateId", templateId}}),
                       409, "ConflictException", "shutting down");
    }

    void drivesTheRunnerItIsGivenOrFinds()
    {
        // Created by the endpoint: installed into the engine while it runs, gone with it.
        QVERIFY(faults::ExperimentRunner::installedIn(*m_engine));
        m_endpoint.reset();
        QVERIFY(!faults::ExperimentRunner::installedIn(*m_engine));

        // Found in the engine: the endpoint drives it and leaves it installed.
        auto runner = faults::ExperimentRunner::create(*m_engine);
        startEndpoint();
        const auto id = createTemplate(exampleTemplate());
        QVERIFY(runner->getTemplate(id));
        m_endpoint.reset();
        QVERIFY(faults::ExperimentRunner::installedIn(*m_engine) == runner);
        runner->shutdown();
    }
};

QTEST_GUILESS_MAIN(TestFisApi)
#include "tst_fis_api.moc"
