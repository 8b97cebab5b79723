// SPDX-License-Identifier: MIT
#include "endpoint/endpoint.h"

#include "endpoint/aws_errors.h"
#include "endpoint/aws_router.h"
#include "endpoint/health.h"
#include "endpoint/request_guard.h"
#include "endpoint/service_faults.h"
#include "endpoint/service_registry.h"
#include "endpoint/url_codec.h"
#include "endpoint/sigv4.h"
#include "lambda/lambda_operations.h"
#include "upstream/upstream_proxy.h"

#include <engine.h>
#include <encoding/ids.h>
#include <net/http_server.h>
#include <runtime/environment_variables.h>
#include <runtime/thread_priority.h>
#include <telemetry/events.h>
#include <mappings/event_sources.h>
#include <queues/queue_service.h>
#include <streams/stream_service.h>

#include <run/experiment_runner.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <unistd.h>

#include <atomic>
#include <optional>
#include <filesystem>
#include <future>
#include <thread>

namespace lambdadesk::bridge {

namespace asio = boost::asio;
using core::net::HttpRequest;
using core::net::HttpResponder;
using core::net::HttpResponse;

struct Endpoint::Impl : std::enable_shared_from_this<Impl> {
    Impl(core::Engine& engine, EndpointOptions options)
        : engine(engine), options(std::move(options)), work(asio::make_work_guard(io))
    {
        guard.bindAddress = this->options.bindAddress;
        guard.allowedHosts = this->options.allowedHosts;
        guard.allowedOrigins = this->options.allowedOrigins;
    }

    /// One request's books: every answer passes through them once, whole or streamed.
    struct Ledger {
        std::shared_ptr<Impl> endpoint;
        std::string requestId;
        std::string origin;
        std::optional<core::ServiceCall> downstream;
        std::chrono::steady_clock::time_point startedAt = std::chrono::steady_clock::now();
        bool closed = false;

        /// Tags the answer with the request id and allows the origin (checkRequest let it through).
        void decorate(core::net::Headers& headers) const
        {
            bool hasId = false;
            for (const auto& [name, value] : headers)
                hasId = hasId || core::net::equalsIgnoreCase(name, "x-amzn-RequestId");
            if (!hasId)
                headers.emplace_back("x-amzn-RequestId", requestId);
            if (!origin.empty()) {
                headers.emplace_back("Access-Control-Allow-Origin", origin);
                headers.emplace_back("Access-Control-Expose-Headers", "*");
            }
        }

        /// Counts the answer as served and reports a function's own call as a downstream call.
        void close(int status)
        {
            if (closed)
                return;
            closed = true;
            if (downstream) {
                downstream->status = status;
                downstream->durationMs =
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - startedAt).count();
                endpoint->engine.events().publish(std::move(*downstream));
            }
            endpoint->served.fetch_add(1, std::memory_order_relaxed);
            endpoint->inFlight.fetch_sub(1, std::memory_order_relaxed);
        }
    };

    std::shared_ptr<Ledger> openLedger(const HttpRequest& request, const ServiceRoute& route, RequestContext& context)
    {
        context.requestId = core::newRequestId();
        context.accountId = engine.options().accountId;
        context.endpointUrl = url;
        inFlight.fetch_add(1, std::memory_order_relaxed);
        auto ledger = std::make_shared<Ledger>();
        ledger->endpoint = shared_from_this();
        ledger->requestId = context.requestId;
        ledger->origin = std::string(request.header("origin"));
        // A call from a function's own SDK (its access key names it) is reported as a downstream call.
        if (auto function = core::functionFromAccessKeyId(route.accessKeyId); !function.empty())
            ledger->downstream =
                core::ServiceCall{std::move(function), route.service, operationName(request, route), 0, 0};
        return ledger;
    }

    /// The checks every request passes before its service sees it: the DNS-rebinding and origin guard, a CORS
    /// preflight's answer, and with --verify-signatures the signature. Returns the answer that ends the request
    /// here, or nullopt to go on. Fills in the context's service and region.
    std::optional<HttpResponse> admit(const HttpRequest& request, const ServiceRoute& route, RequestContext& context)
    {
        if (auto refused = checkRequest(request, guard, context.requestId))
            return refused;
        if (request.method == "OPTIONS") {  // a CORS preflight from an allowed origin
            HttpResponse response;
            response.status = 204;
            response.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, HEAD, OPTIONS");
            response.headers.emplace_back("Access-Control-Allow-Headers", "*");
            return response;
        }
        context.service = route.service;
        context.region = route.region.empty() ? engine.options().region : route.region;
        // The endpoint's own paths (health, /_lambdadesk/…) are not AWS APIs and stay unsigned.
        if (options.verifySignatures && !route.service.starts_with('_') &&
            request.path() != "/_lambdadesk/health") {
            // Functions sign with their own key id and the secret "test" (see functionAccessKeyId).
            const bool functionKey = !core::functionFromAccessKeyId(route.accessKeyId).empty();
            auto keys = functionKey ? std::map<std::string, std::string>{{route.accessKeyId, "test"}}
                                    : std::map<std::string, std::string>{};
            if (auto verified = verifySignature(request, functionKey ? keys : options.credentials,
                                                std::chrono::system_clock::now());
                !verified)
                return jsonProtocolError(403, verified.error().code, verified.error().message, context.requestId);
        }
        return std::nullopt;
    }

    void handle(HttpRequest&& request, HttpResponder respond)
    {
        RequestContext context;
        const auto route = routeRequest(request);
        auto ledger = openLedger(request, route, context);
        auto finish = [ledger, respond = std::move(respond)](HttpResponse response) mutable {
            ledger->decorate(response.headers);
            const auto status = response.status;
            respond(std::move(response));
            ledger->close(status);
        };
        if (auto early = admit(request, route, context)) {
            finish(std::move(*early));
            return;
        }
        if (route.service == "_localstack" || request.path() == "/_lambdadesk/health") {
            finish(health(request));
            return;
        }
        if (!ServiceFaults::applies(route.service)) {
            dispatch(std::move(request), route, context, std::move(finish));
            return;
        }
        // Downstream faults come first: a faulted call may never reach its service. `finish` (its ledger) keeps
        // this Impl alive while the call waits out a latency; stop() answers the calls still waiting.
        auto query = serviceCallQuery(request, route);
        const auto protocol = errorProtocolOf(request, route.service);
        serviceFaults.apply(query, protocol, context.requestId, finish,
                            [this, request = std::move(request), route, context, finish]() mutable {
                                dispatch(std::move(request), route, context, std::move(finish));
                            });
    }

    /// Hands an admitted request to its service's handler, the upstream, or answers that it is not emulated.
    void dispatch(HttpRequest&& request, const ServiceRoute& route, const RequestContext& context,
                  HttpResponder finish)
    {
        if (auto found = handlers.find(route.service); found != handlers.end()) {
            found->second->handle(std::move(request), context, std::move(finish));
            return;
        }
        if (upstream && !route.service.starts_with('_')) {
            upstream->handle(std::move(request), context, std::move(finish));
            return;
        }
        finish(notEmulated(request, route, context));
    }

    /// What the fault policy is asked about a call: the function whose own SDK made it (empty for anyone else's
    /// call), the service and the operation.
    static core::ServiceCallQuery serviceCallQuery(const HttpRequest& request, const ServiceRoute& route)
    {
        return core::ServiceCallQuery{core::functionFromAccessKeyId(route.accessKeyId), route.service,
                                      operationName(request, route)};
    }

    /// Whether a request goes to the upstream with its body streamed (asked once its header is in): those of
    /// services without a handler, when there is an upstream. With --verify-signatures a request that does not
    /// declare its payload hash is read whole instead, so the hash its signature covers can be computed.
    bool wantsStream(const HttpRequest& head) const
    {
        if (!upstream)
            return false;
        const auto route = routeRequest(head);
        if (route.service.empty() || route.service.starts_with('_') || handlers.contains(route.service) ||
            head.path() == "/_lambdadesk/health")
            return false;
        return !options.verifySignatures || !head.header("x-amz-content-sha256").empty();
    }

    void handleStreamed(HttpRequest&& head, std::shared_ptr<core::net::HttpBodySource> body,
                        std::shared_ptr<core::net::HttpResponseSink> answer);

    /// What a downstream call is called in the GUI: the X-Amz-Target operation, the query protocol's
    /// Action, or Lambda's Invoke; else the method and path.
    static std::string operationName(const HttpRequest& request, const ServiceRoute& route)
    {
        if (const auto target = request.header("x-amz-target"); !target.empty())
            return std::string(target.substr(target.find('.') + 1));
        // Only a form can be a query-protocol call: other bodies (a 50 MB CreateFunction) are not scanned.
        if (request.header("content-type").starts_with("application/x-www-form-urlencoded")) {
            if (const auto* action = findParameter(parseQuery(request.body), "Action"))
                return *action;
        }
        if (route.service == "lambda") {
            if (const auto operation = lambdaOperationOf(request.method, pathSegments(request.path())))
                return operation->name;
        }
        return request.method + " " + std::string(request.path());
    }

    HttpResponse health(const HttpRequest& request)
    {
        HealthFacts facts;
        for (const auto& [name, handler] : handlers) {
            if (!name.starts_with('_'))
                facts.emulated.insert(name);
        }
        facts.upstreamUrl = options.upstreamUrl;
        facts.endpointUrl = url;
        facts.version = "lambdadesk-0.1.0";
        facts.uptimeSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - startedAt).count();
        facts.functions = engine.functions().size();
        if (auto* regions = engine.sources() ? engine.sources()->regions() : nullptr) {
            for (const auto& region : regions->all()) {
                facts.queues += region.queues->queueNames().size();
                facts.streams += region.streams->streamNames().size();
                facts.regions.push_back(region.region);
            }
        }
        facts.requestsServed = served.load(std::memory_order_relaxed);
        if (request.method != "GET" && request.method != "HEAD")
            return jsonProtocolError(405, "MethodNotAllowed", "Health is read with GET or HEAD.", {});
        const auto body = request.path().starts_with("/_localstack/") ? localStackHealth(facts) : lambdaDeskHealth(facts);
        auto response = HttpResponse::json(200, body.dump());
        if (request.method == "HEAD")
            response.body.clear();
        return response;
    }

    HttpResponse notEmulated(const HttpRequest& request, const ServiceRoute& route, const RequestContext& context)
    {
        if (route.service.empty()) {
            return jsonProtocolError(400, "UnknownService",
                                     "Could not tell which AWS service " + request.method + " " + request.target +
                                         " is for: sign it with SigV4 (the credential scope names the service), "
                                         "send X-Amz-Target, or use a Lambda API path.",
                                     context.requestId);
        }
        if (route.service.starts_with('_'))
            return jsonProtocolError(404, "NotFound", "No such endpoint path: " + std::string(request.path()),
                                     context.requestId);
        return jsonProtocolError(501, "ServiceNotEmulated",
                                 "LambdaDesk does not emulate the '" + route.service +
                                     "' service. Start the endpoint with --upstream URL (for example a LocalStack "
                                     "at http://127.0.0.1:4567) to forward its requests there.",
                                 context.requestId);
    }

    core::Engine& engine;
    EndpointOptions options;
    GuardOptions guard;
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work;
    ServiceFaults serviceFaults{engine, io.get_executor()};  ///< downstream faults; on the endpoint's thread
    std::thread thread;
    std::unique_ptr<core::net::HttpServer> server;
    std::map<std::string, std::unique_ptr<ServiceHandler>> handlers;
    std::unique_ptr<UpstreamProxy> upstream;  ///< set with --upstream: where services without a handler go
    std::shared_ptr<faults::ExperimentRunner> experiments;  ///< what the FIS API drives
    bool ownsExperiments = false;  ///< the endpoint created the runner: it shuts it down at stop()
    std::filesystem::path ownedWorkspace;  ///< removed at stop: a temporary workspace this endpoint made
    std::string url;
    std::chrono::steady_clock::time_point startedAt = std::chrono::steady_clock::now();
    std::atomic<int> inFlight{0};
    std::atomic<std::int64_t> served{0};
    bool stopped = false;
};

namespace {

/// A streamed answer with its request's books: decorated as it begins, closed once it ended or broke off.
template <typename Ledger>
class LedgerSink final : public core::net::HttpResponseSink {
public:
    LedgerSink(std::shared_ptr<core::net::HttpResponseSink> inner, std::shared_ptr<Ledger> ledger)
        : m_inner(std::move(inner)), m_ledger(std::move(ledger))
    {
    }
    ~LedgerSink() override { m_ledger->close(m_status); }  // a handler that dropped its answer still counts

    void begin(int status, core::net::Headers headers, std::optional<std::uint64_t> contentLength, Done done) override
    {
        m_status = status;
        m_ledger->decorate(headers);
        m_inner->begin(status, std::move(headers), contentLength, std::move(done));
    }
    void write(std::string piece, Done done) override { m_inner->write(std::move(piece), std::move(done)); }
    void end(Done done) override
    {
        m_inner->end([ledger = m_ledger, status = m_status, done = std::move(done)](bool ok) {
            ledger->close(status);
            if (done)
                done(ok);
        });
    }
    void abort() override
    {
        m_inner->abort();
        m_ledger->close(m_status);
    }

private:
    std::shared_ptr<core::net::HttpResponseSink> m_inner;
    std::shared_ptr<Ledger> m_ledger;
    int m_status = 0;
};

}  // namespace

void Endpoint::Impl::handleStreamed(HttpRequest&& head, std::shared_ptr<core::net::HttpBodySource> body,
                                    std::shared_ptr<core::net::HttpResponseSink> answer)
{
    RequestContext context;
    const auto route = routeRequest(head);
    auto ledger = openLedger(head, route, context);
    auto sink = std::make_shared<LedgerSink<Ledger>>(std::move(answer), ledger);
    head.bodyStreamed = true;
    if (auto early = admit(head, route, context)) {
        core::net::HttpResponseSink::respond(sink, std::move(*early));
        return;
    }
    // Only services without a handler stream, so these are the upstream's: faulted like any other call (the body
    // waits unread during a latency).
    auto query = serviceCallQuery(head, route);
    const auto protocol = errorProtocolOf(head, route.service);
    serviceFaults.apply(
        query, protocol, context.requestId,
        [sink](HttpResponse response) { core::net::HttpResponseSink::respond(sink, std::move(response)); },
        [this, head = std::move(head), context, body = std::move(body), sink]() mutable {
            upstream->stream(std::move(head), context, std::move(body), std::move(sink));
        });
}

core::Expected<std::unique_ptr<Endpoint>> Endpoint::start(core::Engine& engine, EndpointOptions options)
{
    auto impl = std::make_shared<Impl>(engine, std::move(options));
    // Checked before binding, so a bad --upstream leaves nothing listening.
    if (!impl->options.upstreamUrl.empty()) {
        auto proxy = UpstreamProxy::create(impl->options.upstreamUrl, impl->io.get_executor(), impl->options.bodyLimit);
        if (!proxy)
            return proxy.error();
        impl->upstream = std::move(*proxy);
    }
    core::net::HttpServerOptions serverOptions;
    serverOptions.bindAddress = impl->options.bindAddress;
    serverOptions.port = impl->options.port;
    serverOptions.bodyLimit = impl->options.bodyLimit;
    std::weak_ptr<Impl> weak = impl;
    core::net::HttpStreaming streaming;
    streaming.wants = [weak](const HttpRequest& head) {
        auto self = weak.lock();
        return self && self->wantsStream(head);
    };
    streaming.handle = [weak](HttpRequest&& head, std::shared_ptr<core::net::HttpBodySource> body,
                              std::shared_ptr<core::net::HttpResponseSink> answer) {
        if (auto self = weak.lock())
            self->handleStreamed(std::move(head), std::move(body), std::move(answer));
        else
            answer->abort();
    };
    auto server = core::net::HttpServer::start(
        impl->io.get_executor(), serverOptions,
        [weak](HttpRequest&& request, HttpResponder respond) {
            if (auto self = weak.lock())
                self->handle(std::move(request), std::move(respond));
        },
        std::move(streaming));
    if (!server)
        return server.error();
    impl->server = std::move(*server);
    const auto& address = impl->options.bindAddress;
    const bool v6 = address.find(':') != std::string::npos;
    impl->url = "http://" + (v6 ? "[" + address + "]" : address) + ":" + std::to_string(impl->server->port());
    std::filesystem::path workspace = impl->options.workspaceDir;
    if (workspace.empty()) {
        // No project to keep them in: API-created functions live for this endpoint's lifetime.
        workspace = std::filesystem::temp_directory_path() /
                    ("lambdadesk-endpoint-" + std::to_string(::getpid()) + "-" + std::to_string(impl->server->port()));
        impl->ownedWorkspace = workspace;
    }
    // FIS drives the experiments the engine already consults (the runner installs a forwarder into the engine,
    // so ask the runner which one that is), or the endpoint's own runner.
    impl->experiments = impl->options.experiments;
    if (!impl->experiments)
        impl->experiments = faults::ExperimentRunner::installedIn(engine);
    if (!impl->experiments) {
        faults::ExperimentRunner::Options runnerOptions;
        runnerOptions.region = engine.options().region;
        runnerOptions.accountId = engine.options().accountId;
        impl->experiments = faults::ExperimentRunner::create(engine, std::move(runnerOptions));
        impl->ownsExperiments = true;
    }
    impl->handlers = makeServiceHandlers(ServiceDependencies{engine, impl->options, impl->url, workspace,
                                                             impl->io.get_executor(), impl->experiments});
    engine.setServiceEndpoint(impl->url);
    impl->thread = std::thread([impl = impl.get()] {
        core::lowerCurrentThreadPriority(impl->engine.options().backgroundNice);
        impl->io.run();
    });
    return std::unique_ptr<Endpoint>(new Endpoint(std::move(impl)));
}

Endpoint::Endpoint(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Endpoint::~Endpoint()
{
    stop(std::chrono::milliseconds(0));
}

std::uint16_t Endpoint::port() const
{
    return m_impl->server->port();
}

std::string Endpoint::url() const
{
    return m_impl->url;
}

std::int64_t Endpoint::requestsServed() const
{
    return m_impl->served.load(std::memory_order_relaxed);
}

int Endpoint::requestsInFlight() const
{
    return m_impl->inFlight.load(std::memory_order_relaxed);
}

void Endpoint::stop(std::chrono::milliseconds drain)
{
    if (m_impl->stopped)
        return;
    m_impl->stopped = true;
    const auto deadline = std::chrono::steady_clock::now() + drain;
    while (m_impl->inFlight.load() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::promise<void> closed;
    asio::post(m_impl->io, [impl = m_impl.get(), &closed] {
        impl->server->stop();
        // Forwarded requests still waiting hold the Impl through their responders: answer and drop them.
        if (impl->upstream)
            impl->upstream->cancelAll();
        impl->serviceFaults.cancelAll();
        closed.set_value();
    });
    closed.get_future().wait();
    m_impl->work.reset();
    m_impl->io.stop();
    if (m_impl->thread.joinable())
        m_impl->thread.join();
    // Handlers go now: their pending callbacks (long polls, invocations) hold the Impl, not them.
    m_impl->handlers.clear();
    m_impl->upstream.reset();
    // A runner the endpoint made stops its experiments and leaves the engine; one given to it lives on.
    if (m_impl->ownsExperiments && m_impl->experiments)
        m_impl->experiments->shutdown();
    m_impl->experiments.reset();
    if (!m_impl->ownedWorkspace.empty()) {
        std::error_code error;
        std::filesystem::remove_all(m_impl->ownedWorkspace, error);
    }
}

}  // namespace lambdadesk::bridge
