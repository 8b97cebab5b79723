// SPDX-License-Identifier: MIT
#pragma once

#include "endpoint/service_handler.h"
#include "sqs/sqs_memory.h"
#include "sqs/sqs_operations.h"

#include <cstddef>
#include <memory>
#include <string>

namespace lambdadesk::core {
class QueueService;
}

namespace lambdadesk::bridge {

/// SQS's two wire protocols over core::QueueService: the query protocol (a form with Action=, answered in
/// XML) and AWS JSON 1.0 (X-Amz-Target: AmazonSQS.<Action>, answered in JSON). Both reach the same
/// operation code and the same QueueService calls. ReceiveMessage long polls answer later without
/// holding the endpoint's thread.
class SqsHandler : public ServiceHandler {
public:
    /// The largest request body read: AWS limits the message (256 KiB), the request carries it encoded.
    /// Room for a 1 MiB message (or batch) with its attributes, percent-encoded in the query protocol (up to
    /// three bytes per byte) or escaped in JSON.
    static constexpr std::size_t kMaxRequestBytes = std::size_t{4} * 1024 * 1024;

    /// `queues` may be null when the state database could not be opened: every request then gets an
    /// InternalFailure saying so. Queue URLs in responses point at `endpointUrl` when it is given.
    SqsHandler(std::shared_ptr<core::QueueService> queues, const std::string& endpointUrl);

    void handle(core::net::HttpRequest&& request, const RequestContext& context,
                core::net::HttpResponder respond) override;

private:
    std::shared_ptr<core::QueueService> m_queues;
    SqsOperations m_operations;
    SqsMemory m_memory;
};

} // namespace lambdadesk::bridge
