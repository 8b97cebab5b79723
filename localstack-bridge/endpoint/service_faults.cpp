// SPDX-License-Identifier: MIT
#include "endpoint/service_faults.h"

#include "endpoint/aws_errors.h"
#include "endpoint/url_codec.h"
#include "kinesis/cbor_error.h"
#include "sqs/sqs_output.h"

#include <engine.h>
#include <telemetry/events.h>

#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <optional>

namespace lambdadesk::bridge {

using core::net::HttpRequest;
using core::net::HttpResponse;

namespace {

bool namesAction(std::string_view form)
{
    return form.starts_with("Action=") || form.find("&Action=") != std::string_view::npos;
}

/// Kinesis' data-plane operations: throttled per shard, with ProvisionedThroughputExceededException (the control
/// plane's limits answer LimitExceededException).
bool isKinesisDataPlane(const std::string& operation)
{
    return operation == "PutRecord" || operation == "PutRecords" || operation == "GetRecords" ||
           operation == "GetShardIterator";
}

/// The code an error gets when the fault names none: what the service itself says for that status. 429 stands
/// for throttling, answered with each service's own throttling error (AWS sends Kinesis' and SQS' with 400).
std::string defaultCode(const std::string& service, const std::string& operation, int status)
{
    if (status == 429) {
        if (service == "lambda")
            return "TooManyRequestsException";
        if (service == "kinesis")
            return isKinesisDataPlane(operation) ? "ProvisionedThroughputExceededException" : "LimitExceededException";
        if (service == "sqs")
            return "RequestThrottled";
        return "ThrottlingException";
    }
    if (status >= 500)
        return service == "lambda" ? "ServiceException" : (status == 503 ? "ServiceUnavailable" : "InternalFailure");
    return "InjectedFault";
}

std::string xmlError(ErrorProtocol protocol, int status, const std::string& code, const std::string& message,
                     const std::string& requestId)
{
    const std::string xmlns =
        protocol == ErrorProtocol::SqsQuery ? " xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"" : "";
    if (protocol == ErrorProtocol::RestXml)
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + xmlEscape(code) + "</Code><Message>" +
               xmlEscape(message) + "</Message><RequestId>" + xmlEscape(requestId) + "</RequestId></Error>";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse" + xmlns + "><Error><Type>" +
           (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + xmlEscape(code) + "</Code><Message>" +
           xmlEscape(message) + "</Message><Detail/></Error><RequestId>" + xmlEscape(requestId) +
           "</RequestId></ErrorResponse>";
}

} // namespace

ErrorProtocol errorProtocolOf(const HttpRequest& request, const std::string& service)
{
    const auto contentType = request.header("content-type");
    const auto target = request.header("x-amz-target");
    const bool json = !target.empty() || contentType.find("application/x-amz-json") != std::string_view::npos;
    if (service == "sqs")
        return json ? ErrorProtocol::SqsJson : ErrorProtocol::SqsQuery;
    if (contentType.starts_with("application/x-amz-cbor"))
        return ErrorProtocol::Cbor;
    if (json)
        return ErrorProtocol::Json;
    if (namesAction(request.body) || namesAction(queryOf(request.target)))
        return ErrorProtocol::Query;
    if (service == "s3")
        return ErrorProtocol::RestXml;
    return ErrorProtocol::RestJson;
}

HttpResponse serviceErrorResponse(ErrorProtocol protocol, int status, const std::string& code,
                                  const std::string& message, const std::string& requestId)
{
    switch (protocol) {
    case ErrorProtocol::RestJson:
        return restJsonError(status, code, message, requestId);
    case ErrorProtocol::Json:
        return jsonProtocolError(status, code, message, requestId);
    case ErrorProtocol::SqsJson: {
        auto response = jsonProtocolError(status, code, message, requestId);
        response.headers.front().second = "application/x-amz-json-1.0";
        // Query-compatible SDKs (botocore, the JS SDK) take the code from here, as from SQS's own errors.
        response.headers.emplace_back("x-amzn-query-error", code + (status >= 500 ? ";Receiver" : ";Sender"));
        return response;
    }
    case ErrorProtocol::Cbor:
        return kinesis::cborProtocolError(status, code, message, requestId);
    case ErrorProtocol::SqsQuery:
    case ErrorProtocol::Query:
    case ErrorProtocol::RestXml: {
        HttpResponse response;
        response.status = status;
        response.body = xmlError(protocol, status, code, message, requestId);
        response.headers.emplace_back("Content-Type",
                                      protocol == ErrorProtocol::RestXml ? "application/xml" : "text/xml");
        addRequestId(response, requestId);
        return response;
    }
    }
    return jsonProtocolError(status, code, message, requestId);
}

/// A request waiting out its latency. Emptied once answered, so a timer handler still queued holds nothing.
struct ServiceFaults::Delayed {
    explicit Delayed(const boost::asio::any_io_executor& executor) : timer(executor) {}

    boost::asio::steady_timer timer;
    ErrorProtocol protocol = ErrorProtocol::RestJson;
    std::string requestId;
    std::optional<HttpResponse> refusal; ///< the fault's error, sent once the latency passed
    Answer answer;
    Proceed proceed;

    [[nodiscard]] bool pending() const { return static_cast<bool>(answer); }

    void finish()
    {
        if (!pending())
            return;
        auto answerNow = std::move(answer);
        auto proceedNow = std::move(proceed);
        answer = nullptr;
        proceed = nullptr;
        if (refusal)
            answerNow(std::move(*refusal));
        else
            proceedNow();
    }
};

ServiceFaults::ServiceFaults(core::Engine& engine, boost::asio::any_io_executor executor)
    : m_engine(engine), m_executor(std::move(executor))
{
}

ServiceFaults::~ServiceFaults() = default;

bool ServiceFaults::applies(const std::string& service)
{
    return !service.empty() && !service.starts_with('_') && service != "fis";
}

void ServiceFaults::apply(const core::ServiceCallQuery& query, ErrorProtocol protocol, const std::string& requestId,
                          Answer answer, Proceed proceed)
{
    const auto policy = applies(query.service) ? m_engine.faultPolicy() : nullptr;
    if (!policy) {
        proceed();
        return;
    }
    auto fault = policy->onServiceCall(query);
    for (const auto& applied : fault.applied) {
        m_engine.events().publish(core::FaultApplied{
            query.functionName, {}, applied.experimentId, applied.actionName, applied.actionId, applied.effect});
    }
    std::optional<HttpResponse> refusal;
    if (fault.status != 0) {
        const auto code =
            fault.errorCode.empty() ? defaultCode(query.service, query.operation, fault.status) : fault.errorCode;
        auto message = fault.message;
        if (message.empty()) {
            message = "Injected by LambdaDesk";
            if (!fault.applied.empty())
                message += ": experiment " + fault.applied.front().experimentId + ", action " +
                           fault.applied.front().actionName;
        }
        refusal = serviceErrorResponse(protocol, fault.status, code, message, requestId);
    }
    if (fault.latency.count() <= 0) {
        if (refusal)
            answer(std::move(*refusal));
        else
            proceed();
        return;
    }
    auto delayed = std::make_shared<Delayed>(m_executor);
    delayed->protocol = protocol;
    delayed->requestId = requestId;
    delayed->refusal = std::move(refusal);
    delayed->answer = std::move(answer);
    delayed->proceed = std::move(proceed);
    std::erase_if(m_delayed, [](const std::weak_ptr<Delayed>& entry) { return entry.expired(); });
    m_delayed.push_back(delayed);
    delayed->timer.expires_after(fault.latency);
    // Cancelled (cancelAll) or not, finish() does the right thing: cancelAll already emptied it.
    delayed->timer.async_wait([delayed](const boost::system::error_code&) { delayed->finish(); });
}

void ServiceFaults::cancelAll()
{
    auto waiting = std::move(m_delayed);
    m_delayed.clear();
    for (const auto& entry : waiting) {
        const auto delayed = entry.lock();
        if (!delayed || !delayed->pending())
            continue;
        delayed->timer.cancel();
        delayed->refusal = serviceErrorResponse(delayed->protocol, 503, "ServiceUnavailable",
                                                "LambdaDesk's endpoint stopped while this call waited out an "
                                                "injected latency",
                                                delayed->requestId);
        delayed->finish();
    }
}

} // namespace lambdadesk::bridge
