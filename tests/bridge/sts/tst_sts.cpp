// SPDX-License-Identifier: MIT
// STS's JSON form (X-Amz-Target AWSSecurityTokenServiceV20110615.*), which no client on this machine speaks
// yet, and the answers the SDKs' own validation keeps the end-to-end suites from reaching: the handler is
// driven directly. The query form is covered end to end (tests/e2e/sts_e2e.py, sts_cli_e2e.sh, the JS SDK).
#include "endpoint/aws_router.h"
#include "sts/sts_handler.h"

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace lambdadesk;
using nlohmann::json;

namespace {

core::net::HttpResponse call(bridge::StsHandler& handler, const std::string& target, const std::string& body,
                             const std::string& authorization = {})
{
    core::net::HttpRequest request;
    request.method = "POST";
    request.target = "/";
    request.headers.emplace_back("X-Amz-Target", "AWSSecurityTokenServiceV20110615." + target);
    request.headers.emplace_back("Content-Type", "application/x-amz-json-1.0");
    if (!authorization.empty())
        request.headers.emplace_back("Authorization", authorization);
    request.body = body;
    bridge::RequestContext context{"req-1", "sts", "us-east-1", "123456789012", "http://127.0.0.1:4566"};
    core::net::HttpResponse response;
    handler.handle(std::move(request), context, [&](core::net::HttpResponse answer) { response = std::move(answer); });
    return response;
}

}  // namespace

class TestSts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theJsonFormIsRoutedToSts()
    {
        core::net::HttpRequest request;
        request.headers.emplace_back("X-Amz-Target", "AWSSecurityTokenServiceV20110615.GetCallerIdentity");
        QCOMPARE(bridge::routeRequest(request).service, std::string("sts"));
    }

    void assumeRoleAndWhoAmIInJson()
    {
        bridge::StsHandler handler("123456789012");
        const auto me = call(handler, "GetCallerIdentity", "{}");
        QCOMPARE(me.status, 200);
        QCOMPARE(json::parse(me.body)["Arn"].get<std::string>(), std::string("arn:aws:iam::123456789012:root"));

        const auto assumed = call(handler, "AssumeRole",
                                  R"({"RoleArn":"arn:aws:iam::210987654321:role/Cross","RoleSessionName":"ci"})");
        QCOMPARE(assumed.status, 200);
        const auto body = json::parse(assumed.body);
        QVERIFY(body["Credentials"]["Expiration"].is_number());  // JSON protocols: epoch seconds
        QCOMPARE(body["AssumedRoleUser"]["Arn"].get<std::string>(),
                 std::string("arn:aws:sts::210987654321:assumed-role/Cross/ci"));
        const auto key = body["Credentials"]["AccessKeyId"].get<std::string>();
        const auto them = call(handler, "GetCallerIdentity", "{}",
                               "AWS4-HMAC-SHA256 Credential=" + key + "/20261207/us-east-1/sts/aws4_request, "
                                                                      "SignedHeaders=host, Signature=0");
        QCOMPARE(json::parse(them.body)["Account"].get<std::string>(), std::string("210987654321"));
        QCOMPARE(json::parse(them.body)["Arn"].get<std::string>(),
                 std::string("arn:aws:sts::210987654321:assumed-role/Cross/ci"));
    }

    void errorsNameTheProblem()
    {
        bridge::StsHandler handler("123456789012");
        const auto missing = call(handler, "AssumeRole", R"({"RoleSessionName":"ci"})");
        QCOMPARE(missing.status, 400);
        QCOMPARE(json::parse(missing.body)["__type"].get<std::string>(), std::string("ValidationError"));
        QVERIFY(json::parse(missing.body)["message"].get<std::string>().find("roleArn") != std::string::npos);
        const auto unknown = call(handler, "GetFederationToken", "{}");
        QCOMPARE(unknown.status, 400);
        QCOMPARE(json::parse(unknown.body)["__type"].get<std::string>(), std::string("InvalidAction"));
        QVERIFY(json::parse(unknown.body)["message"].get<std::string>().find("GetFederationToken") != std::string::npos);
        const auto garbled = call(handler, "GetSessionToken", R"({"DurationSeconds":"soon"})");
        QCOMPARE(garbled.status, 400);
        QVERIFY(garbled.body.find("soon") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestSts)
#include "tst_sts.moc"
