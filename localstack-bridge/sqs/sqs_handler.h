// SPDX-License-Identifier: MIT
#pragma once

#include "endpoint/service_handler.h"
#include "sqs/sqs_memory.h"
#include "sqs/sqs_operations.h"

#include <model/expected.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lambdadesk::core {
class QueueService;
class RegionDirectory;
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

    /// A region's queues (opened on its first use), or why there are none.
    using QueueResolver = std::function<core::Expected<std::shared_ptr<core::QueueService>>(const std::string& region)>;

    /// One queue service for every region. `queues` may be null when the state database could not be opened:
    /// every request then gets an InternalFailure saying so. Queue URLs in responses point at `endpointUrl` when
    /// it is given.
    SqsHandler(std::shared_ptr<core::QueueService> queues, const std::string& endpointUrl);
    /// Each region its own queues: a request reaches the region its QueueUrl (or SourceArn) names, else the one it
    /// was signed for.
    explicit SqsHandler(QueueResolver resolver);
    /// The regions other than `region` that hold a queue of this name: a NonExistentQueue error then says where the
    /// queue is, since a client signing for the wrong region is the usual cause.
    using RegionFinder = std::function<std::vector<std::string>(const std::string& queueName, const std::string& region)>;
    void setRegionFinder(RegionFinder finder) { m_otherRegions = std::move(finder); }

    void handle(core::net::HttpRequest&& request, const RequestContext& context,
                core::net::HttpResponder respond) override;

private:
    QueueResolver m_resolve;
    RegionFinder m_otherRegions;
    SqsOperations m_operations;
    SqsMemory m_memory;
};

/// The endpoint's SqsHandler over a RegionDirectory: each request reaches the queues of its region (opened on first
/// use), a NonExistentQueue names the other regions holding the queue, and every region's queue URLs, now and later,
/// point at `endpointUrl`. `regions` must outlive the handler.
std::unique_ptr<SqsHandler> makeRegionalSqsHandler(core::RegionDirectory& regions, const std::string& endpointUrl);

} // namespace lambdadesk::bridge
