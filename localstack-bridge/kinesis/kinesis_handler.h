// SPDX-License-Identifier: MIT
#pragma once

#include "endpoint/service_handler.h"

#include <model/expected.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace lambdadesk::core {
class StreamService;
}

namespace lambdadesk::bridge {

struct ServiceDependencies;

/// Kinesis Data Streams' wire protocol (JSON 1.1: POST / with X-Amz-Target: Kinesis_20131202.<Operation>) over
/// core's StreamService. Checks the protocol (method, content type, body size, JSON), hands the members to
/// kinesis::runOperation and answers {"__type": code, "message": …} errors: 400 for the client's, 500 for
/// InternalFailure. CBOR, which the Java SDKs use for Kinesis by default, is refused with a message saying how
/// to turn it off. Answers synchronously: every operation is a short SQLite transaction.
class KinesisHandler : public ServiceHandler {
public:
    /// PutRecords carries up to 5 MiB of data, 6.7 MiB once base64-encoded, plus partition keys and JSON.
    static constexpr std::size_t kMaxRequestBytes = std::size_t{10} * 1024 * 1024;
    static constexpr const char* kTargetPrefix = "Kinesis_20131202.";

    /// A region's streams (opened on its first use), or why there are none.
    using StreamResolver =
        std::function<core::Expected<std::shared_ptr<core::StreamService>>(const std::string& region)>;

    /// One stream service for every region. A null service answers every request with an InternalFailure that
    /// says Kinesis is unavailable.
    explicit KinesisHandler(std::shared_ptr<core::StreamService> streams);
    /// Each region its own streams: a request reaches the region its StreamARN (or ConsumerARN) names, else the
    /// one it was signed for.
    explicit KinesisHandler(StreamResolver resolver);

    void handle(core::net::HttpRequest&& request, const RequestContext& context,
                core::net::HttpResponder respond) override;

    /// The response to one request; handle() sends it.
    [[nodiscard]] core::net::HttpResponse answer(const core::net::HttpRequest& request,
                                                 const RequestContext& context) const;

private:
    StreamResolver m_resolve;
};

/// The handler over the engine's stream service (null when the engine has none).
std::unique_ptr<ServiceHandler> makeKinesisHandler(const ServiceDependencies& dependencies);

} // namespace lambdadesk::bridge
