// SPDX-License-Identifier: MIT
// Api and HttpApi event sources without a listener: route matching precedence, routes from SAM events, the proxy
// events of payload formats 1.0 and 2.0 built from requests, and API Gateway's response mapping and error answers.
// The listener in front of a real engine is tst_api_gateway_listener.
#include "apigateway/api_gateway_fixture.h"
#include "encoding/base64.h"
#include "encoding/ids.h"
#include "apigateway/api_gateway_event.h"
#include "apigateway/api_gateway_response.h"
#include "apigateway/api_gateway_routes.h"

#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::core;
using namespace lambdadesk::tests::apigateway;
using json = nlohmann::json;

namespace {

net::HttpRequest request(const std::string& method, const std::string& target, std::string body = {},
                         std::vector<std::pair<std::string, std::string>> headers = {})
{
    net::HttpRequest request;
    request.method = method;
    request.target = target;
    request.headers = {{"Host", "127.0.0.1:3000"}, {"User-Agent", "tst/1.0"}};
    request.headers.insert(request.headers.end(), headers.begin(), headers.end());
    request.body = std::move(body);
    return request;
}

std::string header(const net::HttpResponse& response, std::string_view name)
{
    for (const auto& [key, value] : response.headers) {
        if (net::equalsIgnoreCase(key, name))
            return value;
    }
    return "<none>";
}

}  // namespace

class TestApiGatewayEvents : public QObject {
    Q_OBJECT

private slots:
    void routeMatchingPrecedence()
    {
        ApiGatewayRoutes routes;
        QVERIFY(routes.add(route(ApiKind::Rest, "List", "GET", "/items")).ok());
        QVERIFY(routes.add(route(ApiKind::Rest, "GetItem", "GET", "/items/{id}")).ok());
        QVERIFY(routes.add(route(ApiKind::Rest, "AnyItem", "ANY", "/items/{id}")).ok());
        QVERIFY(routes.add(route(ApiKind::Rest, "Special", "GET", "/items/special")).ok());
        QVERIFY(routes.add(route(ApiKind::Rest, "Proxy", "ANY", "/{proxy+}")).ok());
        QVERIFY(routes.add(route(ApiKind::Http, "Files", "GET", "/files/{path+}")).ok());
        QVERIFY(routes.add(route(ApiKind::Http, "Default", "ANY", "$default")).ok());

        const auto at = [&](const char* method, const char* path) {
            const auto match = routes.match(method, path);
            return match ? match->route.function : std::string("<none>");
        };
        QCOMPARE(at("GET", "/items/special"), std::string("Special")); // literal over parameter
        QCOMPARE(at("GET", "/items/42"), std::string("GetItem"));      // specific method over ANY
        QCOMPARE(at("POST", "/items/42"), std::string("AnyItem"));
        QCOMPARE(at("GET", "/items"), std::string("List"));
        QCOMPARE(at("GET", "/items/"), std::string("List"));
        QCOMPARE(at("PUT", "/items"), std::string("Proxy")); // no PUT /items: the greedy route
        QCOMPARE(at("DELETE", "/a/b/c"), std::string("Proxy"));
        QCOMPARE(at("GET", "/files/a/b.txt"), std::string("Files")); // literal prefix over greedy root
        QCOMPARE(at("GET", "/"), std::string("Default"));            // {proxy+} needs a segment
        QCOMPARE(at("POST", "/items/42/parts"), std::string("Proxy"));

        const auto item = routes.match("GET", "/items/a%20b");
        QVERIFY(item);
        QCOMPARE(item->pathParameters.at("id"), std::string("a b"));
        const auto proxied = routes.match("DELETE", "/a/b%2Fc/d");
        QCOMPARE(proxied->pathParameters.at("proxy"), std::string("a/b/c/d"));
        const auto file = routes.match("GET", "/files/docs/read%20me.txt");
        QCOMPARE(file->pathParameters.at("path"), std::string("docs/read me.txt"));

        // Routes that cannot be told apart, or cannot be served, are refused.
        QVERIFY(!routes.add(route(ApiKind::Rest, "Twin", "GET", "/items/{other}")).ok());
        QVERIFY(!routes.add(route(ApiKind::Http, "Twin", "ANY", "$default")).ok());
        QVERIFY(!routes.add(route(ApiKind::Rest, "Bad", "GET", "items")).ok());
        QVERIFY(!routes.add(route(ApiKind::Rest, "Bad", "GET", "/a/{proxy+}/b")).ok());
        QVERIFY(!routes.add(route(ApiKind::Rest, "Bad", "GET", "/a/x{id}")).ok());
        QVERIFY(!routes.add(route(ApiKind::Rest, "Bad", "GET", "/a//b")).ok());
        const auto badMethod = routes.add(route(ApiKind::Rest, "Bad", "FETCH", "/x"));
        QVERIFY(!badMethod.ok());
        QVERIFY2(badMethod.error().message.find("GET, POST") != std::string::npos, badMethod.error().message.c_str());

        QCOMPARE(routes.unmatchedKind(), ApiKind::Http);
        ApiGatewayRoutes restOnly;
        QVERIFY(restOnly.add(route(ApiKind::Rest, "List", "GET", "/items")).ok());
        QCOMPARE(restOnly.unmatchedKind(), ApiKind::Rest);
        QVERIFY(!restOnly.match("GET", "/other"));
        QVERIFY(!restOnly.match("POST", "/items"));
    }

    void routesFromSamEvents()
    {
        FunctionConfig function;
        function.name = "Fn";
        function.events = {
            apiEvent("Get", "Api", {{"Path", "/items/{id}"}, {"Method", "get"}}),
            apiEvent("Catch", "HttpApi", json::object()),
            apiEvent("Old", "HttpApi",
                     {{"Path", "/v1"}, {"Method", "post"}, {"PayloadFormatVersion", "1.0"}, {"TimeoutInMillis", 5000}}),
            apiEvent("NoPath", "Api", {{"Method", "get"}}),
            apiEvent("Slow", "Api", {{"Path", "/slow"}, {"Method", "get"}, {"TimeoutInMillis", 40000}}),
            apiEvent("Queue", "SQS", {{"Queue", "arn:aws:sqs:us-east-1:123456789012:q"}}),
        };
        std::vector<Error> problems;
        const auto routes = ApiGatewayRoutes::fromFunctions({function}, &problems);
        QCOMPARE(routes.routes().size(), std::size_t(3));
        QCOMPARE(problems.size(), std::size_t(2));
        QVERIFY2(problems[0].message.find("function Fn, event NoPath") != std::string::npos,
                 problems[0].message.c_str());
        QVERIFY2(problems[1].message.find("50 to 29000") != std::string::npos, problems[1].message.c_str());

        const auto& get = routes.routes()[0];
        QCOMPARE(get.routeKey(), std::string("GET /items/{id}"));
        QCOMPARE(get.payloadFormatVersion, std::string("1.0"));
        QCOMPARE(get.timeout, std::chrono::milliseconds(29000));
        const auto& catchAll = routes.routes()[1];
        QCOMPARE(catchAll.routeKey(), std::string("$default"));
        QCOMPARE(catchAll.payloadFormatVersion, std::string("2.0"));
        QCOMPARE(catchAll.timeout, std::chrono::milliseconds(30000));
        const auto& old = routes.routes()[2];
        QCOMPARE(old.kind, ApiKind::Http);
        QCOMPARE(old.payloadFormatVersion, std::string("1.0"));
        QCOMPARE(old.timeout, std::chrono::milliseconds(5000));
    }

    void restEventV1()
    {
        const auto match = ApiRouteMatch{route(ApiKind::Rest, "Fn", "GET", "/items/{id}"), {{"id", "42"}}};
        ApiRequestContext context;
        context.requestId = newRequestId();
        context.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795212000123));
        const auto event = buildProxyEventV1(
            request("GET", "/items/42?verbose=true&tag=a&tag=b&q=a%20b+c", {}, {{"X-Dup", "1"}, {"X-Dup", "2"}}), match,
            context);
        QCOMPARE(event["resource"], "/items/{id}");
        QCOMPARE(event["path"], "/items/42");
        QCOMPARE(event["httpMethod"], "GET");
        QCOMPARE(event["headers"]["X-Dup"], "2");
        QCOMPARE(event["multiValueHeaders"]["X-Dup"], nlohmann::ordered_json({"1", "2"}));
        QCOMPARE(event["headers"]["User-Agent"], "tst/1.0");
        QCOMPARE(event["headers"]["X-Forwarded-Proto"], "http");
        QCOMPARE(event["headers"]["X-Forwarded-Port"], "3000");
        QCOMPARE(event["queryStringParameters"]["tag"], "b");
        QCOMPARE(event["queryStringParameters"]["verbose"], "true");
        QCOMPARE(event["queryStringParameters"]["q"], "a b c");
        QCOMPARE(event["multiValueQueryStringParameters"]["tag"], nlohmann::ordered_json({"a", "b"}));
        QCOMPARE(event["pathParameters"]["id"], "42");
        QVERIFY(event["stageVariables"].is_null());
        QVERIFY(event["body"].is_null());
        QCOMPARE(event["isBase64Encoded"], false);
        const auto& context1 = event["requestContext"];
        QCOMPARE(context1["stage"], "Prod");
        QCOMPARE(context1["path"], "/Prod/items/42");
        QCOMPARE(context1["resourcePath"], "/items/{id}");
        QCOMPARE(context1["httpMethod"], "GET");
        QCOMPARE(context1["requestId"], context.requestId);
        QCOMPARE(context1["accountId"], "123456789012");
        QCOMPARE(context1["identity"]["sourceIp"], "127.0.0.1");
        QCOMPARE(context1["identity"]["userAgent"], "tst/1.0");
        QVERIFY(context1["identity"]["user"].is_null());
        QCOMPARE(context1["requestTimeEpoch"], 1795212000123LL);
        QCOMPARE(context1["requestTime"], "20/Nov/2026:22:00:00 +0000");
        QCOMPARE(context1["domainName"], "127.0.0.1");
        QCOMPARE(context1["protocol"], "HTTP/1.1");

        const auto noQuery = buildProxyEventV1(request("GET", "/items/42"), match, context);
        QVERIFY(noQuery["queryStringParameters"].is_null());
        QVERIFY(noQuery["multiValueQueryStringParameters"].is_null());

        const auto post = ApiRouteMatch{route(ApiKind::Rest, "Fn", "POST", "/items"), {}};
        const auto text = buildProxyEventV1(
            request("POST", "/items", R"({"name":"widget"})", {{"Content-Type", "application/json"}}), post, context);
        QCOMPARE(text["body"], R"({"name":"widget"})");
        QCOMPARE(text["isBase64Encoded"], false);
        QVERIFY(text["pathParameters"].is_null());
        const auto binary = buildProxyEventV1(
            request("POST", "/items", allBytes(), {{"Content-Type", "application/octet-stream"}}), post, context);
        QCOMPARE(binary["isBase64Encoded"], true);
        QCOMPARE(binary["body"], encodeBase64(allBytes()));
        // A textual type whose bytes are not UTF-8 still has to travel as base64.
        const auto latin1 =
            buildProxyEventV1(request("POST", "/items", "caf\xE9", {{"Content-Type", "text/plain"}}), post, context);
        QCOMPARE(latin1["isBase64Encoded"], true);
    }

    void httpEventV2()
    {
        const auto match = ApiRouteMatch{route(ApiKind::Http, "Fn", "GET", "/orders/{id}"), {{"id", "7"}}};
        ApiRequestContext context;
        context.requestId = "MIZRNhJtIAMEMDw=";
        context.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795212000123));
        const auto event =
            buildProxyEventV2(request("GET", "/orders/7?a=1&a=2&b=x%21", {},
                                      {{"X-Dup", "1"}, {"x-dup", "2"}, {"Cookie", "s=1; t=2"}, {"Cookie", "u=3"}}),
                              match, context);
        QCOMPARE(event["version"], "2.0");
        QCOMPARE(event["routeKey"], "GET /orders/{id}");
        QCOMPARE(event["rawPath"], "/orders/7");
        QCOMPARE(event["rawQueryString"], "a=1&a=2&b=x%21");
        QCOMPARE(event["cookies"], nlohmann::ordered_json({"s=1", "t=2", "u=3"}));
        QCOMPARE(event["headers"]["x-dup"], "1,2");
        QCOMPARE(event["headers"]["user-agent"], "tst/1.0");
        QCOMPARE(event["headers"]["host"], "127.0.0.1:3000");
        QVERIFY(!event["headers"].contains("cookie"));
        QVERIFY(!event["headers"].contains("X-Dup"));
        QCOMPARE(event["queryStringParameters"]["a"], "1,2");
        QCOMPARE(event["queryStringParameters"]["b"], "x!");
        QCOMPARE(event["pathParameters"]["id"], "7");
        QVERIFY(!event.contains("body"));
        QCOMPARE(event["isBase64Encoded"], false);
        const auto& requestContext = event["requestContext"];
        QCOMPARE(requestContext["http"]["method"], "GET");
        QCOMPARE(requestContext["http"]["path"], "/orders/7");
        QCOMPARE(requestContext["http"]["protocol"], "HTTP/1.1");
        QCOMPARE(requestContext["http"]["sourceIp"], "127.0.0.1");
        QCOMPARE(requestContext["http"]["userAgent"], "tst/1.0");
        QCOMPARE(requestContext["routeKey"], "GET /orders/{id}");
        QCOMPARE(requestContext["stage"], "$default");
        QCOMPARE(requestContext["requestId"], "MIZRNhJtIAMEMDw=");
        QCOMPARE(requestContext["time"], "20/Nov/2026:22:00:00 +0000");
        QCOMPARE(requestContext["timeEpoch"], 1795212000123LL);
        QCOMPARE(requestContext["accountId"], "123456789012");

        const auto catchAll = ApiRouteMatch{route(ApiKind::Http, "Fn", "ANY", "$default"), {}};
        const auto posted = buildProxyEventV2(
            request("POST", "/anything", R"({"n":1})", {{"Content-Type", "application/json"}}), catchAll, context);
        QCOMPARE(posted["routeKey"], "$default");
        QCOMPARE(posted["requestContext"]["routeKey"], "$default");
        QVERIFY(!posted.contains("pathParameters"));
        QVERIFY(!posted.contains("queryStringParameters"));
        QVERIFY(!posted.contains("cookies"));
        QCOMPARE(posted["rawQueryString"], "");
        QCOMPARE(posted["body"], R"({"n":1})");
        QCOMPARE(posted["isBase64Encoded"], false);
        const auto image =
            buildProxyEventV2(request("POST", "/up", allBytes(), {{"Content-Type", "image/png"}}), catchAll, context);
        QCOMPARE(image["isBase64Encoded"], true);
        QCOMPARE(image["body"], encodeBase64(allBytes()));
    }

    void restResponseMapping()
    {
        const auto mapped = mapProxyResponseV1(
            "{\"statusCode\": 201, \"headers\": {\"X-A\": \"1\", \"X-N\": 5, \"Content-Length\": \"999\"}, "
            "\"multiValueHeaders\": {\"X-B\": [\"1\", \"2\"], \"x-a\": [\"m\"]}, \"body\": \"hi\", "
            "\"isBase64Encoded\": false}",
            true);
        QVERIFY(mapped);
        QCOMPARE(mapped->status, 201);
        QCOMPARE(headers(mapped->headers, "X-B"), (std::vector<std::string>{"1", "2"}));
        QCOMPARE(headers(mapped->headers, "X-A"), std::vector<std::string>{"m"}); // multiValueHeaders win
        QCOMPARE(header(*mapped, "X-N"), std::string("5"));
        QCOMPARE(header(*mapped, "Content-Length"), std::string("<none>")); // the server frames the body
        QCOMPARE(header(*mapped, "Content-Type"), std::string("application/json"));
        QCOMPARE(mapped->body, std::string("hi"));

        QCOMPARE(mapProxyResponseV1("{\"statusCode\": \"404\"}", true)->status, 404);
        QCOMPARE(mapProxyResponseV1("{\"statusCode\": 204, \"body\": null}", true)->body, std::string());
        const auto binary = mapProxyResponseV1("{\"statusCode\": 200, \"headers\": {\"Content-Type\": \"image/png\"}, "
                                               "\"isBase64Encoded\": true, \"body\": \"" +
                                                   encodeBase64(allBytes()) + "\"}",
                                               true);
        QVERIFY(binary);
        QCOMPARE(binary->body, allBytes());
        QCOMPARE(header(*binary, "Content-Type"), std::string("image/png"));

        for (const char* malformed :
             {"\"hello\"", "{\"body\": \"no status\"}", "{\"statusCode\": 200, \"body\": {\"a\": 1}}",
              "{\"statusCode\": 200, \"extra\": 1}",
              "{\"statusCode\": 200, \"isBase64Encoded\": true, \"body\": \"*!*\"}", "{\"statusCode\": 700}",
              "{\"statusCode\": 200, \"headers\": {\"X\": {\"y\": 1}}}",
              "{\"statusCode\": 200, \"multiValueHeaders\": {\"X\": \"not a list\"}}", "{\"statusCode\": 2.5}",
              "not json"})
            QVERIFY2(!mapProxyResponseV1(malformed, true), malformed);
        // An HTTP API route on payload 1.0 is not strict about other keys.
        QVERIFY(mapProxyResponseV1("{\"statusCode\": 200, \"extra\": 1}", false));

        InvokeResult result;
        result.payload = "{\"statusCode\": 200, \"body\": {\"a\": 1}}";
        const auto rest = route(ApiKind::Rest, "Fn", "GET", "/x");
        const auto bad = mapInvokeResult(rest, result);
        QCOMPARE(bad.status, 502);
        QCOMPARE(bad.body, std::string("{\"message\": \"Internal server error\"}"));
        QCOMPARE(header(bad, "x-amzn-ErrorType"), std::string("InternalServerErrorException"));
        result.status = InvokeStatus::FunctionError;
        QCOMPARE(mapInvokeResult(rest, result).status, 502);
        result.status = InvokeStatus::Throttled;
        QCOMPARE(mapInvokeResult(rest, result).status, 500);

        const auto notFound = apiGatewayFailure(ApiKind::Rest, ApiGatewayFailure::NotFound);
        QCOMPARE(notFound.status, 403);
        QCOMPARE(notFound.body, std::string("{\"message\":\"Missing Authentication Token\"}"));
        QCOMPARE(header(notFound, "x-amzn-ErrorType"), std::string("MissingAuthenticationTokenException"));
        const auto timeout = apiGatewayFailure(ApiKind::Rest, ApiGatewayFailure::Timeout);
        QCOMPARE(timeout.status, 504);
        QCOMPARE(timeout.body, std::string("{\"message\": \"Endpoint request timed out\"}"));
    }

    void httpApiResponseMapping()
    {
        for (const char* bare : {R"({"hello":"world"})", R"("text")", "[1,2]", "42", "null"}) {
            const auto mapped = mapProxyResponseV2(bare);
            QVERIFY2(mapped, bare);
            QCOMPARE(mapped->status, 200);
            QCOMPARE(mapped->body, std::string(bare));
            QCOMPARE(header(*mapped, "Content-Type"), std::string("application/json"));
        }
        const auto structured = mapProxyResponseV2(
            R"({"statusCode": 302, "headers": {"Location": "/next"}, "cookies": ["a=1; Secure", "b=2"],
                "body": ")" +
            encodeBase64("moved") + R"(", "isBase64Encoded": true})");
        QVERIFY(structured);
        QCOMPARE(structured->status, 302);
        QCOMPARE(header(*structured, "Location"), std::string("/next"));
        QCOMPARE(headers(structured->headers, "Set-Cookie"), (std::vector<std::string>{"a=1; Secure", "b=2"}));
        QCOMPARE(header(*structured, "Content-Type"), std::string("text/plain; charset=utf-8"));
        QCOMPARE(structured->body, std::string("moved"));
        for (const char* malformed : {R"({"statusCode": "abc"})", R"({"statusCode": 200, "cookies": "a=1"})",
                                      R"({"statusCode": 200, "body": 5})", "not json"})
            QVERIFY2(!mapProxyResponseV2(malformed), malformed);

        InvokeResult result;
        result.payload = R"({"statusCode": "abc"})";
        const auto http = route(ApiKind::Http, "Fn", "GET", "/x");
        const auto bad = mapInvokeResult(http, result);
        QCOMPARE(bad.status, 500);
        QCOMPARE(bad.body, std::string(R"({"message":"Internal Server Error"})"));
        result.status = InvokeStatus::FunctionError;
        QCOMPARE(mapInvokeResult(http, result).status, 500);
        QCOMPARE(apiGatewayFailure(ApiKind::Http, ApiGatewayFailure::NotFound).status, 404);
        QCOMPARE(apiGatewayFailure(ApiKind::Http, ApiGatewayFailure::NotFound).body,
                 std::string(R"({"message":"Not Found"})"));
        QCOMPARE(apiGatewayFailure(ApiKind::Http, ApiGatewayFailure::Timeout).status, 503);
        QCOMPARE(apiGatewayFailure(ApiKind::Http, ApiGatewayFailure::PayloadTooLarge).status, 413);
    }

};

QTEST_GUILESS_MAIN(TestApiGatewayEvents)
#include "tst_api_gateway_events.moc"
