// SPDX-License-Identifier: MIT
#include "apigateway/api_gateway_listener.h"

#include "engine.h"
#include "encoding/base64.h"
#include "encoding/ids.h"
#include "net/http_server.h"
#include "apigateway/api_gateway_event.h"
#include "apigateway/api_gateway_response.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <future>
#include <list>
#include <random>

namespace lambdadesk::core {

namespace asio = boost::asio;

namespace {

/// HTTP API request ids look like "MIZRNhJtIAMEMDw=": ten random bytes in base64.
std::string httpApiRequestId()
{
    thread_local std::mt19937 generator{std::random_device{}()};
    std::string bytes(10, '\0');
    for (auto& byte : bytes)
        byte = static_cast<char>(generator() & 0xFF);
    return encodeBase64(bytes);
}

} // namespace

struct ApiGatewayListener::Impl : std::enable_shared_from_this<Impl> {
    /// A request waiting for its function. Touched on the strand only.
    struct Pending {
        ApiRoute route;
        net::HttpResponder responder;
        asio::steady_timer timer;
        std::string requestId;
        bool answered = false;
    };

    Impl(const asio::any_io_executor& executor, ApiGatewayRoutes routes, ApiInvoker invoker,
         ApiGatewayListenerOptions options)
        : strand(asio::make_strand(executor)), invoker(std::move(invoker)), options(std::move(options)),
          routes(std::move(routes))
    {
    }

    void handle(net::HttpRequest&& request, net::HttpResponder responder)
    {
        const auto match = routes.match(request.method, request.path());
        const ApiKind kind = match ? match->route.kind : routes.unmatchedKind();
        ApiRequestContext context;
        context.requestId = kind == ApiKind::Rest ? newRequestId() : httpApiRequestId();
        context.accountId = options.accountId;
        context.apiId = options.apiId;
        context.restStage = options.restStage;
        if (stopped || !match || request.bodyTooLarge) {
            const auto failure =
                request.bodyTooLarge ? ApiGatewayFailure::PayloadTooLarge : ApiGatewayFailure::NotFound;
            responder(withRequestId(apiGatewayFailure(kind, failure), kind, context.requestId));
            return;
        }
        const auto event = match->route.payloadFormatVersion == "2.0" ? buildProxyEventV2(request, *match, context)
                                                                      : buildProxyEventV1(request, *match, context);
        auto pending = std::make_shared<Pending>(
            Pending{match->route, std::move(responder), asio::steady_timer(strand), context.requestId, false});
        pending->timer.expires_after(match->route.timeout);
        pending->timer.async_wait([self = shared_from_this(), pending](const boost::system::error_code& error) {
            if (!error)
                self->finish(pending, apiGatewayFailure(pending->route.kind, ApiGatewayFailure::Timeout));
        });
        waiting.remove_if([](const std::weak_ptr<Pending>& weak) { return weak.expired(); });
        waiting.push_back(pending);

        InvokeRequest invoke;
        invoke.function = match->route.function;
        invoke.payload = event.dump();
        invoker(std::move(invoke), [self = shared_from_this(), pending](InvokeResult result) {
            // Runs on an engine thread: hand over to the strand and return at once.
            asio::post(self->strand, [self, pending, result = std::move(result)]() {
                if (!pending->answered)
                    self->finish(pending, mapInvokeResult(pending->route, result));
            });
        });
    }

    void finish(const std::shared_ptr<Pending>& pending, net::HttpResponse response)
    {
        if (pending->answered)
            return;
        pending->answered = true;
        pending->timer.cancel();
        pending->responder(withRequestId(std::move(response), pending->route.kind, pending->requestId));
    }

    /// The request id headers API Gateway puts on every answer.
    static net::HttpResponse withRequestId(net::HttpResponse response, ApiKind kind, const std::string& requestId)
    {
        if (kind == ApiKind::Rest) {
            response.headers.emplace_back("x-amzn-RequestId", requestId);
            response.headers.emplace_back("x-amz-apigw-id", encodeBase64(requestId.substr(0, 12)));
        } else {
            response.headers.emplace_back("Apigw-Requestid", requestId);
        }
        return response;
    }

    void shutdown()
    {
        if (stopped)
            return;
        stopped = true;
        server.reset(); // closes the acceptor and every connection
        for (const auto& weak : waiting) {
            if (const auto pending = weak.lock()) {
                pending->answered = true;
                pending->timer.cancel();
            }
        }
        waiting.clear();
    }

    asio::strand<asio::any_io_executor> strand;
    ApiInvoker invoker;
    ApiGatewayListenerOptions options;
    ApiGatewayRoutes routes;                   // strand only
    std::unique_ptr<net::HttpServer> server;   // written before serving, then strand only
    std::list<std::weak_ptr<Pending>> waiting; // strand only
    std::uint16_t port = 0;
    bool stopped = false;                   // strand only
    std::atomic<bool> stopRequested{false}; // stop() runs its shutdown once
};

ApiGatewayListener::ApiGatewayListener(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Expected<std::unique_ptr<ApiGatewayListener>> ApiGatewayListener::start(const asio::any_io_executor& executor,
                                                                        ApiGatewayRoutes routes, ApiInvoker invoker,
                                                                        ApiGatewayListenerOptions options)
{
    net::HttpServerOptions serverOptions;
    serverOptions.bindAddress = options.bindAddress;
    serverOptions.port = options.port;
    serverOptions.bodyLimit = options.bodyLimit;
    auto impl = std::make_shared<Impl>(executor, std::move(routes), std::move(invoker), std::move(options));
    auto server = net::HttpServer::start(
        impl->strand, serverOptions,
        [weak = std::weak_ptr<Impl>(impl)](net::HttpRequest&& request, net::HttpResponder responder) {
            if (const auto self = weak.lock())
                self->handle(std::move(request), std::move(responder));
        });
    if (!server)
        return Error{server.error().code, "the API Gateway listener " + server.error().message +
                                              "; choose another port (0 picks a free one)"};
    impl->port = (*server)->port();
    impl->server = std::move(*server);
    return std::unique_ptr<ApiGatewayListener>(new ApiGatewayListener(std::move(impl)));
}

Expected<std::unique_ptr<ApiGatewayListener>> ApiGatewayListener::start(const asio::any_io_executor& executor,
                                                                        Engine& engine,
                                                                        ApiGatewayListenerOptions options,
                                                                        std::vector<Error>* problems)
{
    auto routes = ApiGatewayRoutes::fromFunctions(engine.functions(), problems);
    ApiInvoker invoker = [&engine](InvokeRequest request, InvokeCallback done) {
        engine.invokeAsync(std::move(request), std::move(done));
    };
    return start(executor, std::move(routes), std::move(invoker), std::move(options));
}

ApiGatewayListener::~ApiGatewayListener()
{
    try {
        stop();
    } catch (...) {
        // Only std::promise / std::future can throw here (out of resources); the listener goes anyway.
    }
}

std::uint16_t ApiGatewayListener::port() const
{
    return m_impl->port;
}

void ApiGatewayListener::setRoutes(ApiGatewayRoutes routes)
{
    asio::post(m_impl->strand,
               [impl = m_impl, routes = std::move(routes)]() mutable { impl->routes = std::move(routes); });
}

void ApiGatewayListener::stop()
{
    if (m_impl->stopRequested.exchange(true))
        return;
    if (m_impl->strand.running_in_this_thread()) {
        m_impl->shutdown();
        return;
    }
    auto done = std::make_shared<std::promise<void>>();
    auto finished = done->get_future();
    asio::post(m_impl->strand, [impl = m_impl, done]() {
        impl->shutdown();
        done->set_value();
    });
    // An executor that no longer runs never gets to it; then nothing else touches the server either.
    if (finished.wait_for(std::chrono::seconds(2)) != std::future_status::ready)
        m_impl->shutdown();
}

} // namespace lambdadesk::core
