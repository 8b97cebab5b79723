// SPDX-License-Identifier: MIT
#pragma once

#include "model/invocation.h"
#include "model/expected.h"
#include "apigateway/api_gateway_routes.h"

#include <boost/asio/any_io_executor.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lambdadesk::core {

class Engine;

struct ApiGatewayListenerOptions {
    std::string bindAddress = "127.0.0.1";
    std::uint16_t port = 3000; ///< sam local start-api's default; 0 = an ephemeral port
    std::string accountId = "123456789012";
    std::string apiId = "lambdadesk";
    std::string restStage = "Prod"; ///< the stage REST events report (SAM's implicit API deploys Prod)
    std::size_t bodyLimit = std::size_t{10} * 1024 * 1024; ///< API Gateway's payload limit: larger requests get 413
};

/// Starts an invocation and reports its result once; the listener never waits for it.
using ApiInvoker = std::function<void(InvokeRequest, InvokeCallback)>;

/// What `sam local start-api` does, without a container per request: serves Api and HttpApi routes
/// over HTTP, turns each request into the API Gateway proxy event of its route (1.0 or 2.0), invokes
/// the function synchronously through the invoker and maps its answer back as API Gateway would —
/// including its errors (see ApiGatewayFailure) and the integration timeout of each route.
/// Requests are handled on a strand of the executor given; no thread waits on a function.
class ApiGatewayListener {
public:
    /// Binds and starts serving. A taken port or a bad address is an Error naming it.
    static Expected<std::unique_ptr<ApiGatewayListener>> start(const boost::asio::any_io_executor& executor,
                                                               ApiGatewayRoutes routes, ApiInvoker invoker,
                                                               ApiGatewayListenerOptions options = {});
    /// Serves the Api / HttpApi events of the engine's functions, invoking through
    /// Engine::invokeAsync. Events that cannot be routed land in `problems`. The engine must outlive
    /// the listener.
    static Expected<std::unique_ptr<ApiGatewayListener>> start(const boost::asio::any_io_executor& executor,
                                                               Engine& engine, ApiGatewayListenerOptions options = {},
                                                               std::vector<Error>* problems = nullptr);

    /// Stops (see stop()).
    ~ApiGatewayListener();
    ApiGatewayListener(const ApiGatewayListener&) = delete;
    ApiGatewayListener& operator=(const ApiGatewayListener&) = delete;

    [[nodiscard]] std::uint16_t port() const;
    /// Replaces the routing table (after a project reload); requests under way keep their route.
    void setRoutes(ApiGatewayRoutes routes);
    /// Stops accepting, closes connections and abandons the requests under way. Thread-safe; waits
    /// for the listener's strand unless called on it. An invocation still running completes in the
    /// engine; its result is dropped. The executor must keep running until such results came in.
    void stop();

private:
    struct Impl;
    explicit ApiGatewayListener(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> m_impl;
};

} // namespace lambdadesk::core
