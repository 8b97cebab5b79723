// SPDX-License-Identifier: MIT
// Drives SqsHandler without a network, in either protocol, the way botocore would: one JSON description of
// the input, serialised as a query form or as AWS JSON 1.0, and the response (XML or JSON) read back into
// one JSON shape, so a test is written once and run for both protocols.
#pragma once

#include <endpoint/url_codec.h>
#include <sqs/sqs_errors.h>
#include <sqs/sqs_handler.h>

#include <queues/queue_service.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <nlohmann/json.hpp>

#include <QXmlStreamReader>
#include <QtTest>

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <thread>

namespace QTest {
template <> inline char* toString(const std::string& value)
{
    return qstrdup(value.c_str());
}
template <> inline char* toString(const nlohmann::json& value)
{
    return qstrdup(value.dump().c_str());
}
} // namespace QTest

namespace sqs_test {

using lambdadesk::bridge::SqsProtocol;
using nlohmann::json;
using HttpRequest = lambdadesk::core::net::HttpRequest;
using HttpResponse = lambdadesk::core::net::HttpResponse;

constexpr const char* kEndpoint = "http://127.0.0.1:4599";
constexpr const char* kRequestId = "11111111-2222-3333-4444-555555555555";

inline std::string header(const HttpResponse& response, std::string_view name)
{
    for (const auto& [key, value] : response.headers) {
        if (lambdadesk::core::net::equalsIgnoreCase(key, name))
            return value;
    }
    return {};
}

/// The query protocol's flattened form of a JSON input, as botocore's QuerySerializer writes it.
inline void flatten(lambdadesk::bridge::QueryParameters& out, const std::string& action, const std::string& prefix,
                    const json& object)
{
    static const std::map<std::string, std::tuple<std::string, std::string, std::string>> kMaps = {
        {"Attributes", {"Attribute", "Name", "Value"}},
        {"tags", {"Tag", "Key", "Value"}},
        {"Tags", {"Tag", "Key", "Value"}}};
    static const std::map<std::string, std::string> kLists = {
        {"AttributeNames", "AttributeName"},
        {"MessageAttributeNames", "MessageAttributeName"},
        {"MessageSystemAttributeNames", "MessageSystemAttributeName"},
        {"TagKeys", "TagKey"},
        {"AWSAccountIds", "AWSAccountId"},
        {"Actions", "ActionName"}};
    static const std::map<std::string, std::string> kAttributeMaps = {
        {"MessageAttributes", "MessageAttribute"}, {"MessageSystemAttributes", "MessageSystemAttribute"}};
    const auto scalar = [](const json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); };
    for (const auto& [key, value] : object.items()) {
        if (const auto map = kMaps.find(key); map != kMaps.end() && value.is_object()) {
            const auto& [name, keyTag, valueTag] = map->second;
            int index = 0;
            for (const auto& [k, v] : value.items()) {
                const std::string at = prefix + name + "." + std::to_string(++index) + ".";
                out.emplace_back(at + keyTag, k);
                out.emplace_back(at + valueTag, scalar(v));
            }
        } else if (const auto list = kLists.find(key); list != kLists.end() && value.is_array()) {
            int index = 0;
            for (const auto& item : value)
                out.emplace_back(prefix + list->second + "." + std::to_string(++index), scalar(item));
        } else if (const auto attributes = kAttributeMaps.find(key);
                   attributes != kAttributeMaps.end() && value.is_object()) {
            int index = 0;
            for (const auto& [name, fields] : value.items()) {
                const std::string at = prefix + attributes->second + "." + std::to_string(++index) + ".";
                out.emplace_back(at + "Name", name);
                for (const auto& [field, text] : fields.items())
                    out.emplace_back(at + "Value." + field, scalar(text));
            }
        } else if (key == "Entries" && value.is_array()) {
            int index = 0;
            for (const auto& entry : value)
                flatten(out, action, prefix + action + "RequestEntry." + std::to_string(++index) + ".", entry);
        } else {
            out.emplace_back(prefix + key, scalar(value));
        }
    }
}

inline std::string formBody(const lambdadesk::bridge::QueryParameters& parameters)
{
    std::string body;
    for (const auto& [key, value] : parameters) {
        if (!body.empty())
            body += '&';
        body += lambdadesk::bridge::percentEncode(key) + "=" + lambdadesk::bridge::percentEncode(value);
    }
    return body;
}

/// Reads one XML element (positioned at its start) into JSON the way botocore's query parser does for
/// SQS: flattened lists and maps become arrays and objects under their JSON member names. `element` is
/// the name of the element read (<Message> is a list entry in ReceiveMessageResult, text elsewhere).
inline json readXmlElement(QXmlStreamReader& xml, const QString& resultName, const QString& element = {})
{
    static const std::map<QString, QString> kLists = {
        {QStringLiteral("Message"), QStringLiteral("Messages")},
        {QStringLiteral("SendMessageBatchResultEntry"), QStringLiteral("Successful")},
        {QStringLiteral("DeleteMessageBatchResultEntry"), QStringLiteral("Successful")},
        {QStringLiteral("ChangeMessageVisibilityBatchResultEntry"), QStringLiteral("Successful")},
        {QStringLiteral("BatchResultErrorEntry"), QStringLiteral("Failed")},
        {QStringLiteral("ListMessageMoveTasksResultEntry"), QStringLiteral("Results")}};
    static const std::map<QString, std::tuple<QString, QString, QString>> kMaps = {
        {QStringLiteral("Attribute"), {QStringLiteral("Attributes"), QStringLiteral("Name"), QStringLiteral("Value")}},
        {QStringLiteral("Tag"), {QStringLiteral("Tags"), QStringLiteral("Key"), QStringLiteral("Value")}},
        {QStringLiteral("MessageAttribute"),
         {QStringLiteral("MessageAttributes"), QStringLiteral("Name"), QStringLiteral("Value")}}};
    json object = json::object();
    QString text;
    bool hasChildren = false;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::Characters) {
            text += xml.text();
        } else if (token == QXmlStreamReader::EndElement) {
            break;
        } else if (token == QXmlStreamReader::StartElement) {
            hasChildren = true;
            const QString name = xml.name().toString();
            json child = readXmlElement(xml, resultName, name);
            if (const auto map = kMaps.find(name); map != kMaps.end()) {
                const auto& [jsonName, keyTag, valueTag] = map->second;
                object[jsonName.toStdString()][child[keyTag.toStdString()].get<std::string>()] =
                    child[valueTag.toStdString()];
            } else if (const auto list = kLists.find(name);
                       list != kLists.end() && (name != QStringLiteral("Message") || element == resultName)) {
                object[list->second.toStdString()].push_back(child);
            } else if (name == QStringLiteral("QueueUrl") && resultName == QStringLiteral("ListQueuesResult")) {
                object["QueueUrls"].push_back(child);
            } else if (name == QStringLiteral("QueueUrl") &&
                       resultName == QStringLiteral("ListDeadLetterSourceQueuesResult")) {
                object["queueUrls"].push_back(child);
            } else {
                object[name.toStdString()] = child;
            }
        }
    }
    if (!hasChildren)
        return text.toStdString();
    return object;
}

/// A response read back: status, headers, and the members as JSON ({"Error":{Code,Message,Type}} for
/// errors in either protocol).
struct Reply {
    HttpResponse http;
    json data = json::object();
    bool xmlOk = true;

    [[nodiscard]] int status() const { return http.status; }
    [[nodiscard]] std::string errorCode() const { return data.value(json::json_pointer("/Error/Code"), std::string()); }
    [[nodiscard]] std::string errorMessage() const
    {
        return data.value(json::json_pointer("/Error/Message"), std::string());
    }
    /// A member as text, whatever its JSON type ("" when absent).
    [[nodiscard]] std::string text(const json::json_pointer& pointer) const
    {
        if (!data.contains(pointer))
            return {};
        const auto& value = data.at(pointer);
        return value.is_string() ? value.get<std::string>() : value.dump();
    }
    [[nodiscard]] std::string text(const std::string& name) const { return text(json::json_pointer("/" + name)); }
    [[nodiscard]] json list(const std::string& name) const
    {
        return data.contains(name) ? data.at(name) : json::array();
    }
};

inline Reply readReply(SqsProtocol protocol, HttpResponse http)
{
    Reply reply;
    reply.http = std::move(http);
    if (protocol == SqsProtocol::Json) {
        auto body = json::parse(reply.http.body, nullptr, false);
        if (body.is_discarded())
            return reply;
        if (reply.http.status >= 300) {
            // botocore takes the code from x-amzn-query-error (the model is awsQueryCompatible).
            const auto queryError = header(reply.http, "x-amzn-query-error");
            const auto semicolon = queryError.find(';');
            reply.data["Error"] = {{"Code", queryError.substr(0, semicolon)},
                                   {"Type", semicolon == std::string::npos ? "" : queryError.substr(semicolon + 1)},
                                   {"Message", body.value("message", "")},
                                   {"JsonType", body.value("__type", "")}};
        } else {
            reply.data = body;
        }
        return reply;
    }
    QXmlStreamReader xml(QByteArray::fromStdString(reply.http.body));
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const QString name = xml.name().toString();
        if (name == QStringLiteral("Error")) {
            reply.data["Error"] = readXmlElement(xml, name);
        } else if (name == QStringLiteral("RequestId")) {
            reply.data["RequestId"] = readXmlElement(xml, name);
        } else if (name.endsWith(QStringLiteral("Result"))) {
            auto result = readXmlElement(xml, name, name);
            reply.data = result.is_object() ? result : json::object();
        }
    }
    reply.xmlOk = !xml.hasError();
    return reply;
}

/// A QueueService on an io_context run by a thread, and an SqsHandler over it.
class Fixture {
public:
    explicit Fixture(bool withQueues = true)
    {
        if (withQueues) {
            lambdadesk::core::QueueServiceOptions options;
            auto opened = lambdadesk::core::QueueService::open(m_io.get_executor(), options);
            if (!opened)
                qFatal("cannot open the queue service: %s", opened.error().message.c_str());
            queues = *opened;
        }
        handler = std::make_unique<lambdadesk::bridge::SqsHandler>(queues, kEndpoint);
        m_thread = std::thread([this] { m_io.run(); });
    }
    ~Fixture()
    {
        handler.reset();
        queues.reset();
        m_work.reset();
        m_thread.join();
    }
    Fixture(const Fixture&) = delete;
    Fixture& operator=(const Fixture&) = delete;

    /// Sends a raw request and waits (up to 30 s) for its answer.
    HttpResponse send(HttpRequest request, std::chrono::seconds timeout = std::chrono::seconds(30))
    {
        auto future = start(std::move(request));
        if (future.wait_for(timeout) != std::future_status::ready)
            qFatal("the SQS handler did not answer within %d s", static_cast<int>(timeout.count()));
        return future.get();
    }
    /// Hands a request to the handler and returns at once with the future answer.
    std::future<HttpResponse> start(HttpRequest request)
    {
        auto promise = std::make_shared<std::promise<HttpResponse>>();
        auto future = promise->get_future();
        lambdadesk::bridge::RequestContext context;
        context.requestId = kRequestId;
        context.service = "sqs";
        context.region = "us-east-1";
        context.accountId = "123456789012";
        context.endpointUrl = kEndpoint;
        handler->handle(std::move(request), context,
                        [promise](HttpResponse response) { promise->set_value(std::move(response)); });
        return future;
    }

    static HttpRequest request(SqsProtocol protocol, const std::string& action, const json& input)
    {
        HttpRequest request;
        request.method = "POST";
        request.target = "/";
        if (protocol == SqsProtocol::Json) {
            request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                               {"X-Amz-Target", "AmazonSQS." + action},
                               {"x-amzn-query-mode", "true"}};
            request.body = input.dump();
        } else {
            lambdadesk::bridge::QueryParameters parameters = {{"Action", action}, {"Version", "2012-11-05"}};
            flatten(parameters, action, "", input);
            request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
            request.body = formBody(parameters);
        }
        return request;
    }

    Reply call(SqsProtocol protocol, const std::string& action, const json& input = json::object())
    {
        return readReply(protocol, send(request(protocol, action, input)));
    }

    std::shared_ptr<lambdadesk::core::QueueService> queues;
    std::unique_ptr<lambdadesk::bridge::SqsHandler> handler;

private:
    boost::asio::io_context m_io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work{m_io.get_executor()};
    std::thread m_thread;
};

/// The protocol column of a data-driven test.
inline SqsProtocol fetchProtocol()
{
    QFETCH(int, protocol);
    return static_cast<SqsProtocol>(protocol);
}

/// Adds the rows "query" and "json".
inline void addProtocols()
{
    QTest::addColumn<int>("protocol");
    QTest::newRow("query") << static_cast<int>(SqsProtocol::Query);
    QTest::newRow("json") << static_cast<int>(SqsProtocol::Json);
}

inline std::string queueUrl(const std::string& name)
{
    return std::string(kEndpoint) + "/123456789012/" + name;
}

/// Creates a queue and returns its URL (failing the test when it cannot).
inline std::string create(Fixture& fixture, SqsProtocol protocol, const std::string& name, const json& attributes = {})
{
    json input = {{"QueueName", name}};
    if (!attributes.is_null())
        input["Attributes"] = attributes;
    const auto reply = fixture.call(protocol, "CreateQueue", input);
    if (reply.status() != 200)
        qWarning("CreateQueue %s: %d %s", name.c_str(), reply.status(), reply.http.body.c_str());
    return reply.text("QueueUrl");
}

} // namespace sqs_test
