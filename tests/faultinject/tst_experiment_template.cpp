// SPDX-License-Identifier: MIT
// faultinject/template: FIS experiment templates read and written back (aws-behaviour.md §5), selection modes, and
// every validation rule naming its JSON field path and what would be accepted (the catalogue: tst_action_catalogue).
#include "template_fixture.h"

#include "template/action_catalog.h"
#include "template/experiment_template.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

using namespace lambdadesk::faults;
using namespace lambdadesk::tests;
using nlohmann::json;

namespace {

// aws-behaviour.md §5's example with its "…" filled in. The example lists resourceArns and resourceTags together
// to show the shape; FIS takes one of them, so the ARNs are kept here and both together are tested as refused.
const char* const kFisExample = R"({"clientToken":"b6c1a2f0","description":"Delay a quarter of the invocations",
 "roleArn":"arn:aws:iam::123456789012:role/fis-lambda",
 "stopConditions":[{"source":"none"}],
 "targets":{"Fns":{"resourceType":"aws:lambda:function",
   "resourceArns":["arn:aws:lambda:us-east-1:123456789012:function:f"],
   "filters":[{"path":"Configuration.Runtime","values":["python3.12"]}],"selectionMode":"ALL"}},
 "actions":{"delay":{"actionId":"aws:lambda:invocation-add-delay",
   "parameters":{"duration":"PT2M","invocationPercentage":"25","startupDelayMilliseconds":"3000"},
   "targets":{"Functions":"Fns"},"startAfter":[]}},
 "tags":{},"experimentOptions":{"emptyTargetResolutionMode":"fail"}})";

/// Empty when `document` is refused with a ValidationException whose message holds every fragment; else why not.
std::string refusal(const json& document, std::initializer_list<std::string_view> fragments)
{
    const auto result = parseExperimentTemplate(document);
    if (result)
        return "accepted: " + document.dump();
    if (result.error().code != "ValidationException")
        return "code " + result.error().code;
    for (const auto fragment : fragments) {
        if (result.error().message.find(fragment) == std::string::npos)
            return "\"" + std::string(fragment) + "\" missing from: " + result.error().message;
    }
    return {};
}

/// Empty when `document` is accepted; else the error.
std::string acceptance(const json& document)
{
    const auto result = parseExperimentTemplate(document);
    return result ? std::string() : result.error().message;
}

/// The string at `pointer` in `document`, "" when absent: a missing member fails a QCOMPARE, not the whole run.
std::string textAt(const json& document, const char* pointer)
{
    const json::json_pointer at(pointer);
    return document.contains(at) && document[at].is_string() ? document[at].get<std::string>() : std::string();
}

json withTemplateTimesStripped(json answer)
{
    for (const char* member : {"id", "arn", "creationTime", "lastUpdateTime"})
        answer.erase(member);
    return answer;
}

}  // namespace

#define VERIFY_REFUSED(document, ...)                                                                                  \
    do {                                                                                                               \
        const std::string why = refusal((document), {__VA_ARGS__});                                                    \
        QVERIFY2(why.empty(), why.c_str());                                                                            \
    } while (false)

#define VERIFY_ACCEPTED(document)                                                                                      \
    do {                                                                                                               \
        const std::string why = acceptance(document);                                                                  \
        QVERIFY2(why.empty(), why.c_str());                                                                            \
    } while (false)

class TestExperimentTemplate : public QObject {
    Q_OBJECT

private slots:
    void fisExampleParsesAndRoundTrips()
    {
        auto parsed = parseExperimentTemplate(std::string(kFisExample));
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
        ExperimentTemplate& spec = *parsed;
        QCOMPARE(spec.description, std::string("Delay a quarter of the invocations"));
        QCOMPARE(spec.roleArn, std::string("arn:aws:iam::123456789012:role/fis-lambda"));
        QCOMPARE(spec.stopConditions.size(), std::size_t(1));
        QCOMPARE(spec.stopConditions[0].source, std::string("none"));
        const ExperimentTarget& target = spec.targets.at("Fns");
        QCOMPARE(target.resourceArns, std::vector<std::string>{"arn:aws:lambda:us-east-1:123456789012:function:f"});
        QCOMPARE(target.filters.size(), std::size_t(1));
        QCOMPARE(target.filters[0].path, std::string("Configuration.Runtime"));
        QCOMPARE(target.filters[0].values, std::vector<std::string>{"python3.12"});
        QVERIFY(target.selectionMode.kind == SelectionMode::Kind::All);
        const ExperimentAction& delay = spec.actions.at("delay");
        QCOMPARE(delay.actionId, std::string("aws:lambda:invocation-add-delay"));
        QCOMPARE(delay.parameters.at("startupDelayMilliseconds"), std::string("3000"));
        QCOMPARE(delay.parameters.size(), std::size_t(3));  // defaults are the catalogue's, not filled in
        QCOMPARE(delay.targets.at("Functions"), std::string("Fns"));
        QCOMPARE(spec.emptyTargetResolutionMode, std::string("fail"));
        QVERIFY(!spec.seed);

        spec.id = "EXT1a2b3c4d5e6f7g";
        spec.arn = "arn:aws:fis:us-east-1:123456789012:experiment-template/EXT1a2b3c4d5e6f7g";
        spec.creationTime = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'500));
        spec.lastUpdateTime = spec.creationTime + std::chrono::seconds(2);
        const json answer = toJson(spec);
        QCOMPARE(textAt(answer, "/id"), spec.id);
        QCOMPARE(textAt(answer, "/arn"), spec.arn);
        QVERIFY(answer.value("creationTime", json()).is_number_float());
        QCOMPARE(answer.value("creationTime", 0.0), 1'700'000'000.5);
        QCOMPARE(answer.value("lastUpdateTime", 0.0), 1'700'000'002.5);
        QCOMPARE(textAt(answer, "/experimentOptions/accountTargeting"), std::string("single-account"));
        QVERIFY(!answer.contains("clientToken"));

        // Everything the example gave comes back as it was given (but the ignored clientToken).
        json expected = json::parse(kFisExample);
        expected.erase("clientToken");
        expected["experimentOptions"]["accountTargeting"] = "single-account";
        const json echoed = withTemplateTimesStripped(answer);
        QVERIFY2(echoed == expected, (echoed.dump() + "\n!=\n" + expected.dump()).c_str());

        // And the echo reads back to the same template.
        auto reread = parseExperimentTemplate(echoed);
        QVERIFY2(reread.ok(), reread.ok() ? "" : reread.error().message.c_str());
        QVERIFY(withTemplateTimesStripped(toJson(*reread)) == echoed);
    }

    void roundTripsTagsStopConditionsAndSeed()
    {
        const json document = changed([](json& d) {
            d["targets"]["Fns"] = {{"resourceType", "aws:lambda:function"},
                                   {"resourceTags", {{"team", "orders"}}},
                                   {"selectionMode", "PERCENT(50)"}};
            d["stopConditions"] = json::parse(R"([{"source": "lambdadesk:alarm",
                "value": "ErrorRate(OrderProcessor) > 50 for 5s"},
                {"source": "aws:cloudwatch:alarm", "value": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:High"}])");
            d["tags"] = {{"owner", "me"}};
            d["experimentOptions"] = {{"accountTargeting", "single-account"}, {"emptyTargetResolutionMode", "skip"}};
            d["lambdadesk"] = {{"seed", 7}};
            d["actions"]["delay"]["description"] = "slow start";
        });
        auto parsed = parseExperimentTemplate(document);
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
        QCOMPARE(parsed->seed.value_or(0), std::uint64_t(7));
        QCOMPARE(parsed->emptyTargetResolutionMode, std::string("skip"));
        QCOMPARE(parsed->stopConditions.at(1).value,
                 std::string("arn:aws:cloudwatch:us-east-1:123456789012:alarm:High"));
        const json answer = withTemplateTimesStripped(toJson(*parsed));
        QCOMPARE(textAt(answer, "/targets/Fns/selectionMode"), std::string("PERCENT(50)"));
        QCOMPARE(textAt(answer, "/targets/Fns/resourceTags/team"), std::string("orders"));
        QVERIFY(!answer.contains(json::json_pointer("/targets/Fns/resourceArns")));
        QCOMPARE(answer.value(json::json_pointer("/lambdadesk/seed"), std::uint64_t(0)), std::uint64_t(7));
        auto reread = parseExperimentTemplate(answer);
        QVERIFY2(reread.ok(), reread.ok() ? "" : reread.error().message.c_str());
        QVERIFY(withTemplateTimesStripped(toJson(*reread)) == answer);
    }

    void aSeedTravelsAsATagWhereTheAwsCliRefusesOurMember()
    {
        auto tagged = parseExperimentTemplate(changed([](json& d) { d["tags"] = {{"lambdadesk:seed", "42"}}; }));
        QVERIFY2(tagged.ok(), tagged.ok() ? "" : tagged.error().message.c_str());
        QCOMPARE(tagged->seed.value_or(0), std::uint64_t(42));
        // The member wins over the tag when both are given.
        auto both = parseExperimentTemplate(changed([](json& d) {
            d["tags"] = {{"lambdadesk:seed", "42"}};
            d["lambdadesk"] = {{"seed", 7}};
        }));
        QCOMPARE(both->seed.value_or(0), std::uint64_t(7));
        VERIFY_REFUSED(changed([](json& d) { d["tags"] = {{"lambdadesk:seed", "-3"}}; }), "tags.lambdadesk:seed",
                       "unsigned integer");
        VERIFY_REFUSED(changed([](json& d) { d["tags"] = {{"lambdadesk:seed", "99999999999999999999999"}}; }),
                       "tags.lambdadesk:seed");
        QCOMPARE(parseSeedTag("18446744073709551615").value_or(0), std::uint64_t(18446744073709551615ULL));
        QVERIFY(!parseSeedTag("18446744073709551616"));
        QVERIFY(!parseSeedTag(""));
    }

    void parsesSelectionModes()
    {
        const auto mode = [](const char* text) {
            return changed([text](json& d) { d["targets"]["Fns"]["selectionMode"] = text; });
        };
        auto count = parseExperimentTemplate(mode("COUNT(3)"));
        QVERIFY(count.ok());
        QVERIFY(count->targets.at("Fns").selectionMode.kind == SelectionMode::Kind::Count);
        QCOMPARE(count->targets.at("Fns").selectionMode.value, 3);
        QCOMPARE(count->targets.at("Fns").selectionModeText, std::string("COUNT(3)"));
        auto percent = parseExperimentTemplate(mode("PERCENT(25)"));
        QVERIFY(percent.ok());
        QVERIFY(percent->targets.at("Fns").selectionMode.kind == SelectionMode::Kind::Percent);
        QCOMPARE(percent->targets.at("Fns").selectionMode.value, 25);
        QVERIFY(parseExperimentTemplate(mode("PERCENT(100)")).ok());
        auto all = parseExperimentTemplate(mode("ALL"));
        QVERIFY(all.ok());
        QVERIFY(all->targets.at("Fns").selectionMode.kind == SelectionMode::Kind::All);
        auto absent = parseExperimentTemplate(validTemplate());
        QVERIFY(absent.ok());
        QCOMPARE(absent->targets.at("Fns").selectionModeText, std::string("ALL"));

        for (const char* text : {"COUNT(0)", "COUNT(-1)", "COUNT()", "COUNT(x)", "COUNT(3", "count(3)", "PERCENT(0)",
                                 "PERCENT(101)", "PERCENT(2.5)", "SOME", "", "ALL ", "COUNT( 3)"})
            VERIFY_REFUSED(mode(text), "targets.Fns.selectionMode", "COUNT(n)", "PERCENT(n)");
    }

    void refusesTopLevelMistakes()
    {
        VERIFY_REFUSED(changed([](json& d) { d["descripton"] = "typo"; }), "descripton", "accepted:", "description",
                       "stopConditions", "lambdadesk", "experimentReportConfiguration");
        VERIFY_REFUSED(changed([](json& d) { d.erase("description"); }), "description: is required");
        VERIFY_REFUSED(changed([](json& d) { d["description"] = 5; }), "description: must be a string");
        VERIFY_REFUSED(changed([](json& d) { d["description"] = std::string(513, 'x'); }), "description:", "513",
                       "at most 512");
        VERIFY_ACCEPTED(changed([](json& d) { d["description"] = std::string(512, 'x'); }));
        std::string accents;
        for (int i = 0; i < 512; ++i)
            accents += "\xc3\xa9";  // é: 512 characters in 1024 bytes
        VERIFY_ACCEPTED(changed([&](json& d) { d["description"] = accents; }));
        VERIFY_REFUSED(changed([](json& d) { d["roleArn"] = json::array(); }), "roleArn: must be a string");
        VERIFY_REFUSED(changed([](json& d) { d["clientToken"] = 1; }), "clientToken: must be a string");
        VERIFY_REFUSED(changed([](json& d) { d.erase("actions"); }), "actions: is required");
        VERIFY_REFUSED(changed([](json& d) { d["actions"] = json::object(); }), "actions: is empty", "at least one");
        VERIFY_REFUSED(changed([](json& d) { d["targets"] = json::array(); }), "targets: must be an object");
        VERIFY_REFUSED(changed([](json& d) { d["tags"] = {{"k", 1}}; }), "tags.k: must be a string");
        VERIFY_REFUSED(changed([](json& d) { d["tags"] = {{"k", std::string(257, 'v')}}; }), "tags.k:", "256");
        VERIFY_REFUSED(changed([](json& d) {
                           d["experimentOptions"] = {{"accountTargeting", "multi-account"}};
                       }),
                       "experimentOptions.accountTargeting", "single-account");
        VERIFY_REFUSED(changed([](json& d) {
                           d["experimentOptions"] = {{"emptyTargetResolutionMode", "maybe"}};
                       }),
                       "experimentOptions.emptyTargetResolutionMode", R"("fail" or "skip")");
        VERIFY_REFUSED(changed([](json& d) {
                           d["experimentOptions"] = {{"actionsMode", "run-all"}};
                       }),
                       "experimentOptions.actionsMode", "emptyTargetResolutionMode");
        VERIFY_REFUSED(changed([](json& d) {
                           d["lambdadesk"] = {{"seed", -1}};
                       }),
                       "lambdadesk.seed", "unsigned integer");
        VERIFY_REFUSED(changed([](json& d) { d["lambdadesk"] = {{"seed", "7"}}; }), "lambdadesk.seed");
        VERIFY_REFUSED(changed([](json& d) { d["lambdadesk"] = {{"seed", 1.5}}; }), "lambdadesk.seed");
        VERIFY_REFUSED(changed([](json& d) { d["lambdadesk"] = {{"seeds", 1}}; }), "lambdadesk.seeds", "seed");
        VERIFY_REFUSED(changed([](json& d) { d["logConfiguration"] = "s3"; }), "logConfiguration: must be an object");
        VERIFY_ACCEPTED(changed([](json& d) {
            d["clientToken"] = "t";
            d["logConfiguration"] = {{"logSchemaVersion", 2}};
            d["experimentReportConfiguration"] = json::object();
        }));
        VERIFY_REFUSED(json::array(), "template: must be a JSON object");

        auto seeded = parseExperimentTemplate(std::string(R"({"description": "d", "stopConditions": [],
            "actions": {"w": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1S"}}},
            "lambdadesk": {"seed": 18446744073709551615}})"));
        QVERIFY2(seeded.ok(), seeded ? "" : seeded.error().message.c_str());
        QCOMPARE(seeded->seed.value_or(0), std::uint64_t(18446744073709551615ULL));
    }

    void refusesStopConditionMistakes()
    {
        VERIFY_REFUSED(changed([](json& d) { d.erase("stopConditions"); }), "stopConditions: is required");
        VERIFY_REFUSED(changed([](json& d) {
                           d["stopConditions"] = {{"source", "none"}};
                       }),
                       "stopConditions: must be an array");
        VERIFY_REFUSED(changed([](json& d) { d["stopConditions"][0]["source"] = "aws:sns:topic"; }),
                       "stopConditions[0].source", "aws:cloudwatch:alarm", "lambdadesk:alarm");
        VERIFY_REFUSED(changed([](json& d) { d["stopConditions"][0] = json::object(); }),
                       "stopConditions[0].source: is required");
        VERIFY_REFUSED(changed([](json& d) { d["stopConditions"][0]["value"] = "x"; }), "stopConditions[0].value",
                       "none");
        VERIFY_REFUSED(changed([](json& d) { d["stopConditions"][0]["source"] = "aws:cloudwatch:alarm"; }),
                       "stopConditions[0].value: is required");
        VERIFY_REFUSED(changed([](json& d) { d["stopConditions"][0]["source"] = "lambdadesk:alarm"; }),
                       "stopConditions[0].value: is required");
        VERIFY_REFUSED(changed([](json& d) {
                           d["stopConditions"][0] = {{"source", "aws:cloudwatch:alarm"}, {"value", "HighErrors"}};
                       }),
                       "stopConditions[0].value", "arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME");
        VERIFY_REFUSED(changed([](json& d) {
                           d["stopConditions"].push_back({{"source", "none"}, {"when", 1}});
                       }),
                       "stopConditions[1].when", "source, value");
    }

    void refusesTargetMistakes()
    {
        VERIFY_REFUSED(changed([](json& d) { d["targets"]["Fns"]["resourceType"] = "aws:ec2:instance"; }),
                       "targets.Fns.resourceType", R"("aws:ec2:instance")", R"("aws:lambda:function")");
        VERIFY_REFUSED(changed([](json& d) { d["targets"]["Fns"].erase("resourceType"); }),
                       "targets.Fns.resourceType: is required");
        VERIFY_REFUSED(changed([](json& d) {
                           d["targets"]["Fns"]["resourceTags"] = {{"team", "orders"}};
                       }),
                       "targets.Fns:", "both resourceArns and resourceTags", "exactly one");
        VERIFY_REFUSED(changed([](json& d) { d["targets"]["Fns"].erase("resourceArns"); }), "targets.Fns:", "neither",
                       "exactly one");
        VERIFY_REFUSED(changed([](json& d) { d["targets"]["Fns"]["resourceArns"] = {"a", "b", "c", "d", "e", "f"}; }),
                       "targets.Fns.resourceArns:", "holds 6", "at most 5");
        VERIFY_ACCEPTED(changed([](json& d) { d["targets"]["Fns"]["resourceArns"] = {"a", "b", "c", "d", "e"}; }));
        VERIFY_REFUSED(changed([](json& d) { d["targets"]["Fns"]["resourceArns"][0] = "arn:aws:s3:::bucket"; }),
                       "targets.Fns.resourceArns[0]", "arn:aws:s3:::bucket",
                       "arn:aws:lambda:REGION:ACCOUNT:function:NAME");
        VERIFY_REFUSED(changed([](json& d) {
                           d["targets"]["Fns"]["resourceArns"] = {"f", "arn:aws:lambda:us-east-1:12345:function:f"};
                       }),
                       "targets.Fns.resourceArns[1]");
        VERIFY_REFUSED(changed([](json& d) { d["targets"]["Fns"]["resourceArns"][0] = "my function"; }),
                       "targets.Fns.resourceArns[0]");
        VERIFY_REFUSED(changed([](json& d) { d["targets"]["Fns"]["resourceArns"][0] = 5; }),
                       "targets.Fns.resourceArns[0]: must be a string");
        VERIFY_ACCEPTED(changed([](json& d) {
            d["targets"]["Fns"]["resourceArns"] = {"arn:aws:lambda:eu-west-1:000000000000:function:orders",
                                                   "arn:aws:lambda:us-east-1:123456789012:function:orders:live",
                                                   "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST",
                                                   "arn:aws-cn:lambda:cn-north-1:123456789012:function:orders:7",
                                                   "Order_Processor-2"};
        }));
        VERIFY_REFUSED(changed([](json& d) {
                           d["targets"]["Fns"]["filters"] = {{{"path", "Configuration.Runtime"}}};
                       }),
                       "targets.Fns.filters[0].values: is required");
        VERIFY_REFUSED(changed([](json& d) {
                           d["targets"]["Fns"]["filters"] = {{{"path", 1}, {"values", {"a"}}}};
                       }),
                       "targets.Fns.filters[0].path: must be a string");
        VERIFY_REFUSED(changed([](json& d) {
                           d["targets"]["Fns"]["filters"] = {{{"path", "Configuration.MemorySize"}, {"values", {128}}}};
                       }),
                       "targets.Fns.filters[0].values[0]: must be a string");
        VERIFY_REFUSED(changed([](json& d) {
                           d["targets"]["Fns"]["filters"] = {{{"path", "p"}, {"values", {"a"}}, {"op", "eq"}}};
                       }),
                       "targets.Fns.filters[0].op", "path, values");
        VERIFY_REFUSED(changed([](json& d) { d["targets"]["Fns"]["filters"] = "Configuration.Runtime"; }),
                       "targets.Fns.filters: must be an array");
        VERIFY_REFUSED(changed([](json& d) {
                           d["targets"]["Fns"]["parameters"] = {{"availabilityZoneIdentifier", "a"}};
                       }),
                       "targets.Fns.parameters");
        VERIFY_ACCEPTED(changed([](json& d) { d["targets"]["Fns"]["parameters"] = json::object(); }));
        VERIFY_REFUSED(changed([](json& d) { d["targets"]["Fns"]["resourceArn"] = {"f"}; }),
                       "targets.Fns.resourceArn:", "resourceArns, resourceTags, filters, selectionMode");
        VERIFY_REFUSED(changed([](json& d) { d["targets"]["Fns"] = "OrderProcessor"; }),
                       "targets.Fns: must be an object");
    }

    void refusesBadNames()
    {
        for (const std::string& name : {std::string("my target"), std::string(65, 'a'), std::string(),
                                        std::string("fns.all"), std::string("f\xc3\xa9")}) {
            VERIFY_REFUSED(changed([&](json& d) { d["targets"][name] = d["targets"]["Fns"]; }),
                           "targets:", "target name", "1 to 64 characters");
            VERIFY_REFUSED(changed([&](json& d) { d["actions"][name] = d["actions"]["delay"]; }),
                           "actions:", "action name", "1 to 64 characters");
        }
        VERIFY_ACCEPTED(changed([](json& d) { d["targets"][std::string(64, 'a')] = d["targets"]["Fns"]; }));
        VERIFY_ACCEPTED(changed([](json& d) { d["actions"]["Delay_2-b"] = d["actions"]["delay"]; }));
    }

    void refusesActionMistakes()
    {
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"]["actionId"] = "aws:ec2:stop-instances"; }),
                       "actions.delay.actionId", "aws:ec2:stop-instances", "aws:lambda:invocation-add-delay",
                       "aws:fis:wait", "lambdadesk:api-error");
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"].erase("actionId"); }),
                       "actions.delay.actionId: is required");
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"]["parameter"] = json::object(); }),
                       "actions.delay.parameter:", "actionId, description, parameters, targets, startAfter");
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"]["parameters"]["delay"] = "5"; }),
                       "actions.delay.parameters.delay", "duration, invocationPercentage, startupDelayMilliseconds");
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"]["parameters"] = json::object(); }),
                       "actions.delay.parameters.duration: is required", "ISO 8601");
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"]["parameters"]["duration"] = "PT1X"; }),
                       "actions.delay.parameters.duration", "PT1X", "ISO 8601");
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"]["parameters"]["invocationPercentage"] = "0"; }),
                       "actions.delay.parameters.invocationPercentage", "from 1 to 100");
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"]["parameters"] = "PT1M"; }),
                       "actions.delay.parameters: must be an object");
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"]["description"] = std::string(513, 'd'); }),
                       "actions.delay.description", "512");

        const auto outOfRange = parseExperimentTemplate(
            changed([](json& d) { d["actions"]["delay"]["parameters"]["startupDelayMilliseconds"] = "950000"; }));
        QVERIFY(!outOfRange.ok());
        QCOMPARE(outOfRange.error().message, std::string("actions.delay.parameters.startupDelayMilliseconds: 950000 "
                                                         "is out of range; accepted: an integer from 0 to 900000"));

        const auto action = [](const char* id, json parameters) {
            return changed([&](json& d) {
                d["actions"]["x"] = {{"actionId", id}, {"parameters", parameters}, {"targets", {{"Functions", "Fns"}}}};
            });
        };
        VERIFY_REFUSED(action("aws:lambda:invocation-error", {{"duration", "PT1M"}, {"preventExecution", "yes"}}),
                       "actions.x.parameters.preventExecution", R"("true" or "false")");
        VERIFY_REFUSED(action("aws:lambda:invocation-http-integration-response", {{"duration", "PT1M"}}),
                       "actions.x.parameters.statusCode: is required", "from 0 to 999");
        VERIFY_REFUSED(
            action("aws:lambda:invocation-http-integration-response", {{"duration", "PT1M"}, {"statusCode", "1000"}}),
            "actions.x.parameters.statusCode", "1000 is out of range");
        VERIFY_REFUSED(action("lambdadesk:concurrency-limit", {{"duration", "PT1M"}}),
                       "actions.x.parameters.reservedConcurrency: is required");
        VERIFY_REFUSED(action("lambdadesk:api-error", {{"duration", "PT1M"}, {"statusCode", "200"}}),
                       "actions.x.parameters.statusCode", "from 400 to 599");
        VERIFY_REFUSED(action("lambdadesk:api-latency", {{"duration", "PT1M"}, {"latencyMilliseconds", "60001"}}),
                       "actions.x.parameters.latencyMilliseconds", "from 0 to 60000");
        VERIFY_REFUSED(action("lambdadesk:invocation-crash", {{"duration", "PT1M"}, {"startupDelayMilliseconds", "1"}}),
                       "actions.x.parameters.startupDelayMilliseconds", "afterMilliseconds");
    }

    void refusesNumbersAsParameters()
    {
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"]["parameters"]["invocationPercentage"] = 25; }),
                       "actions.delay.parameters.invocationPercentage", "must be a string", "a number (25)",
                       R"(write "25")");
        VERIFY_REFUSED(changed([](json& d) {
                           d["actions"]["delay"] = {{"actionId", "aws:lambda:invocation-error"},
                                                    {"parameters", {{"duration", "PT1M"}, {"preventExecution", true}}},
                                                    {"targets", {{"Functions", "Fns"}}}};
                       }),
                       "actions.delay.parameters.preventExecution", R"(write "true")");
        VERIFY_REFUSED(changed([](json& d) {
                           d["actions"]["delay"]["parameters"]["duration"] = {{"minutes", 1}};
                       }),
                       "actions.delay.parameters.duration", "must be a string, got an object");
    }

    void checksActionTargets()
    {
        VERIFY_REFUSED(changed([](json& d) {
                           d["actions"]["delay"]["targets"] = {{"Function", "Fns"}};
                       }),
                       "actions.delay.targets.Function", "accepted: Functions");
        VERIFY_REFUSED(changed([](json& d) {
                           d["actions"]["delay"]["targets"] = {{"Functions", "Nope"}};
                       }),
                       "actions.delay.targets.Functions", R"("Nope")", "one of Fns");
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"].erase("targets"); }),
                       "actions.delay.targets.Functions: is required", "one of Fns");
        VERIFY_REFUSED(changed([](json& d) {
                           d.erase("targets");
                           d["actions"]["delay"].erase("targets");
                       }),
                       "actions.delay.targets.Functions: is required", "targets");
        VERIFY_REFUSED(changed([](json& d) {
                           d["actions"]["delay"]["targets"] = {{"Functions", {"Fns"}}};
                       }),
                       "actions.delay.targets.Functions: must be a string");
        VERIFY_REFUSED(changed([](json& d) {
                           d["actions"]["wait"] = {{"actionId", "aws:fis:wait"},
                                                   {"parameters", {{"duration", "PT1M"}}},
                                                   {"targets", {{"Functions", "Fns"}}}};
                       }),
                       "actions.wait.targets", "aws:fis:wait takes no targets");
        VERIFY_ACCEPTED(changed([](json& d) {
            d["actions"]["wait"] = {
                {"actionId", "aws:fis:wait"}, {"parameters", {{"duration", "PT1M"}}}, {"targets", json::object()}};
        }));

        // The api-* actions work without a target (every caller) or with one (those functions' calls).
        auto untargeted = parseExperimentTemplate(changed([](json& d) {
            d["actions"]["slow"] = {{"actionId", "lambdadesk:api-latency"}, {"parameters", {{"duration", "PT1M"}}}};
            d["actions"]["fail"] = {{"actionId", "lambdadesk:api-error"},
                                    {"parameters", {{"duration", "PT1M"}, {"services", "sqs,kinesis"}}},
                                    {"targets", {{"Functions", "Fns"}}}};
        }));
        QVERIFY2(untargeted.ok(), untargeted ? "" : untargeted.error().message.c_str());
        QVERIFY(untargeted->actions.at("slow").targets.empty());
        QCOMPARE(untargeted->actions.at("fail").targets.at("Functions"), std::string("Fns"));
    }

    void checksStartAfter()
    {
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"]["startAfter"] = {"nope"}; }),
                       "actions.delay.startAfter[0]", R"("nope")", "no other action");
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"]["startAfter"] = {"delay"}; }),
                       "actions.delay.startAfter[0]", "itself");
        VERIFY_REFUSED(changed([](json& d) { d["actions"]["delay"]["startAfter"] = "wait"; }),
                       "actions.delay.startAfter: must be an array");
        const json wait = {{"actionId", "aws:fis:wait"}, {"parameters", {{"duration", "PT1M"}}}};
        VERIFY_REFUSED(changed([&](json& d) {
                           d["actions"]["wait"] = wait;
                           d["actions"]["delay"]["startAfter"] = {"wait", "wait"};
                       }),
                       "actions.delay.startAfter[1]", "twice");
        VERIFY_REFUSED(changed([&](json& d) {
                           d["actions"]["wait"] = wait;
                           d["actions"]["delay"]["startAfter"] = {"wiat"};
                       }),
                       "actions.delay.startAfter[0]", R"("wiat")", "one of wait");

        // A diamond is fine: d after b and c, both after a.
        auto diamond = parseExperimentTemplate(changed([&](json& d) {
            d["actions"] = {{"a", wait}, {"b", wait}, {"c", wait}, {"d", wait}};
            d["actions"]["b"]["startAfter"] = {"a"};
            d["actions"]["c"]["startAfter"] = {"a"};
            d["actions"]["d"]["startAfter"] = {"b", "c"};
        }));
        QVERIFY2(diamond.ok(), diamond ? "" : diamond.error().message.c_str());
        QCOMPARE(diamond->actions.at("d").startAfter, (std::vector<std::string>{"b", "c"}));
    }

    void detectsStartAfterCycles()
    {
        const json wait = {{"actionId", "aws:fis:wait"}, {"parameters", {{"duration", "PT1M"}}}};
        const auto withCycle = changed([&](json& d) {
            d["actions"] = {{"a", wait}, {"b", wait}, {"c", wait}, {"free", wait}};
            d["actions"]["a"]["startAfter"] = {"b"};
            d["actions"]["b"]["startAfter"] = {"c"};
            d["actions"]["c"]["startAfter"] = {"free", "a"};
        });
        VERIFY_REFUSED(withCycle, "actions.a.startAfter:", "cycle", "a -> b -> c -> a");

        // The cycle is named even when the search enters it from outside.
        const auto enteredFromOutside = changed([&](json& d) {
            d["actions"] = {{"a", wait}, {"x", wait}, {"y", wait}};
            d["actions"]["a"]["startAfter"] = {"x"};
            d["actions"]["x"]["startAfter"] = {"y"};
            d["actions"]["y"]["startAfter"] = {"x"};
        });
        VERIFY_REFUSED(enteredFromOutside, "actions.x.startAfter:", "x -> y -> x");
    }

    void reportsWhereTextIsNotJson()
    {
        const auto truncated = parseExperimentTemplate(std::string(R"({"description": "d", "actions": )"));
        QVERIFY(!truncated.ok());
        QCOMPARE(truncated.error().code, std::string("ValidationException"));
        QVERIFY2(truncated.error().message.find("not valid JSON") != std::string::npos,
                 truncated.error().message.c_str());
        QVERIFY2(truncated.error().message.find("byte 33") != std::string::npos, truncated.error().message.c_str());

        const auto garbage = parseExperimentTemplate(std::string("{description: 1}"));
        QVERIFY(!garbage.ok());
        QVERIFY2(garbage.error().message.find("byte 2") != std::string::npos, garbage.error().message.c_str());
        QVERIFY(!parseExperimentTemplate(std::string()).ok());
        QVERIFY(!parseExperimentTemplate(std::string(R"({"description": 1e999})")).ok());

        const auto valid = parseExperimentTemplate(validTemplate().dump());
        QVERIFY2(valid.ok(), valid ? "" : valid.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestExperimentTemplate)
#include "tst_experiment_template.moc"
