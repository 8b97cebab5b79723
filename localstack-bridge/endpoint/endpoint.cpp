// SPDX-License-Identifier: MIT
#include "endpoint/endpoint.h"

#include "endpoint/aws_errors.h"
#include "endpoint/aws_router.h"
#include "endpoint/health.h"
#include "endpoint/request_guard.h"
#include "endpoint/service_registry.h"
#include "endpoint/url_codec.h"
#include "endpoint/sigv4.h"
#include "upstream/upstream_proxy.h"

#include <engine.h>
#include <invoke/ids.h>
#include <net/http_server.h>
#include <runtime/environment_variables.h>
#include <telemetry/events.h>
#include <sources/event_sources.h>
#include <sources/queue_service.h>
#include <sources/stream_service.h>

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

    void handle(HttpRequest&& request, HttpResponder respond)
    {
        RequestContext context;
        context.requestId = core::newRequestId();
        context.accountId = engine.options().accountId;
        context.endpointUrl = url;
        inFlight.fetch_add(1, std::memory_order_relaxed);
        const auto route = routeRequest(request);
        // A call from a function's own SDK (its access key names it) is reported as a downstream call.
        std::optional<core::ServiceCall> downstream;
        if (auto function = core::functionFromAccessKeyId(route.accessKeyId); !function.empty())
            downstream = core::ServiceCall{std::move(function), route.service, operationName(request, route), 0, 0};
        // Every answer passes here once: count it, tag it with the request id, allow the origin.
        auto finish = [self = shared_from_this(), respond = std::move(respond), requestId = context.requestId,
                       origin = std::string(request.header("origin")), downstream = std::move(downstream),
                       startedAt = std::chrono::steady_clock::now()](HttpResponse response) mutable {
            bool hasId = false;
            for (const auto& [name, value] : response.headers)
                hasId = hasId || core::net::equalsIgnoreCase(name, "x-amzn-RequestId");
            if (!hasId)
                addRequestId(response, requestId);
            if (!origin.empty()) {
                response.headers.emplace_back("Access-Control-Allow-Origin", origin);
                response.headers.emplace_back("Access-Control-Expose-Headers", "*");
            }
            if (downstream) {
                downstream->status = response.status;
                downstream->durationMs =
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - startedAt).count();
                self->engine.events().publish(std::move(*downstream));
            }
            respond(std::move(response));
            self->served.fetch_add(1, std::memory_order_relaxed);
            self->inFlight.fetch_sub(1, std::memory_order_relaxed);
        };
        if (auto refused = checkRequest(request, guard, context.requestId)) {
            finish(std::move(*refused));
            return;
        }
        if (request.method == "OPTIONS") {  // a CORS preflight from an allowed origin
            HttpResponse response;
            response.status = 204;
            response.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, HEAD, OPTIONS");
            response.headers.emplace_back("Access-Control-Allow-Headers", "*");
            finish(std::move(response));
            return;
        }
        context.service = route.service;
        context.region = route.region.empty() ? engine.options().region : route.region;
        if (route.service == "_localstack" || request.path() == "/_lambdadesk/health") {
            finish(health(request));
            return;
        }
        // The endpoint's own paths (health, /_lambdadesk/…) are not AWS APIs and stay unsigned.
        if (options.verifySignatures && !route.service.starts_with('_')) {
            // Functions sign with their own key id and the secret "test" (see functionAccessKeyId).
            const bool functionKey = !core::functionFromAccessKeyId(route.accessKeyId).empty();
            auto keys = functionKey ? std::map<std::string, std::string>{{route.accessKeyId, "test"}}
                                    : std::map<std::string, std::string>{};
            if (auto verified = verifySignature(request, functionKey ? keys : options.credentials,
                                                std::chrono::system_clock::now());
                !verified) {
                finish(jsonProtocolError(403, verified.error().code, verified.error().message, context.requestId));
                return;
            }
        }
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

    /// What a downstream call is called in the GUI: the X-Amz-Target operation, the query protocol's
    /// Action, or Lambda's Invoke; else the method and path.
    static std::string operationName(const HttpRequest& request, const ServiceRoute& route)
    {
        if (const auto target = request.header("x-amz-target"); !target.empty())
            return std::string(target.substr(target.find('.') + 1));
        if (const auto* action = findParameter(parseQuery(request.body), "Action"))
            return *action;
        if (route.service == "lambda" && request.path().ends_with("/invocations"))
            return "Invoke";
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
        if (auto* sources = engine.sources()) {
            if (auto queues = sources->queues())
                facts.queues = queues->queueNames().size();
            if (auto streams = sources->streams())
                facts.streams = streams->streamNames().size();
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
    std::thread thread;
    std::unique_ptr<core::net::HttpServer> server;
    std::map<std::string, std::unique_ptr<ServiceHandler>> handlers;
    std::unique_ptr<UpstreamProxy> upstream;  ///< set with --upstream: where services without a handler go
    std::filesystem::path ownedWorkspace;  ///< removed at stop: a temporary workspace this endpoint made
    std::string url;
    std::chrono::steady_clock::time_point startedAt = std::chrono::steady_clock::now();
    std::atomic<int> inFlight{0};
    std::atomic<std::int64_t> served{0};
    bool stopped = false;
};

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
    auto server = core::net::HttpServer::start(impl->io.get_executor(), serverOptions,
                                               [weak](HttpRequest&& request, HttpResponder respond) {
                                                   if (auto self = weak.lock())
                                                       self->handle(std::move(request), std::move(respond));
                                               });
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
    impl->handlers = makeServiceHandlers(ServiceDependencies{engine, impl->options, impl->url, workspace});
    engine.setServiceEndpoint(impl->url);
    impl->thread = std::thread([impl = impl.get()] { impl->io.run(); });
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
    if (!m_impl->ownedWorkspace.empty()) {
        std::error_code error;
        std::filesystem::remove_all(m_impl->ownedWorkspace, error);
    }
}

}  // namespace lambdadesk::bridge
