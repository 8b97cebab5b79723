// SPDX-License-Identifier: MIT
#pragma once

#include <model/expected.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lambdadesk::core {
class Engine;
}

namespace lambdadesk::faults {
class ExperimentRunner;
}

namespace lambdadesk::bridge {

struct EndpointOptions {
    std::string bindAddress = "127.0.0.1";   ///< loopback unless the user says otherwise (--bind)
    std::uint16_t port = 4566;               ///< LocalStack's port, so awslocal-style setups work; 0 = any
    std::string upstreamUrl;                 ///< where services LambdaDesk does not emulate go (--upstream)
    bool verifySignatures = false;           ///< check SigV4 against `credentials` (--verify-signatures)
    std::map<std::string, std::string> credentials;  ///< access key id → secret key
    std::vector<std::string> allowedHosts;
    std::vector<std::string> allowedOrigins;
    /// The largest body read at all: a 50 MB zip in CreateFunction's base64 JSON. Each API then applies
    /// its own limit (6 MB sync invoke, 256 KB async invoke and SQS).
    std::size_t bodyLimit = std::size_t{72} * 1024 * 1024;
    /// Where functions created through the API keep their code and configuration; empty = a folder
    /// under the system's temporary directory, removed when the endpoint stops.
    std::string workspaceDir;
    /// What the FIS API (SigV4 service `fis`) drives. Null: the runner installed in the engine
    /// (ExperimentRunner::installedIn), else one the endpoint creates (so installs) and shuts down at stop().
    std::shared_ptr<faults::ExperimentRunner> experiments;
};

/// The AWS-compatible endpoint: one HTTP listener for every emulated service, on its own thread, routing
/// each request by SigV4 scope, X-Amz-Target and path to a ServiceHandler that translates it onto core.
/// The engine must outlive the endpoint.
class Endpoint {
public:
    /// Binds and serves. A taken port is an Error naming it (the caller suggests --port).
    static core::Expected<std::unique_ptr<Endpoint>> start(core::Engine& engine, EndpointOptions options);
    /// Stops (see stop()).
    ~Endpoint();
    Endpoint(const Endpoint&) = delete;
    Endpoint& operator=(const Endpoint&) = delete;

    [[nodiscard]] std::uint16_t port() const;
    /// http://<bind address>:<port>
    [[nodiscard]] std::string url() const;
    /// Requests answered so far, and under way now.
    [[nodiscard]] std::int64_t requestsServed() const;
    [[nodiscard]] int requestsInFlight() const;

    /// Stops accepting, waits up to `drain` for the requests under way to be answered, then closes every
    /// connection and joins the endpoint's thread. Idempotent.
    void stop(std::chrono::milliseconds drain = std::chrono::seconds(10));

private:
    struct Impl;
    explicit Endpoint(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> m_impl;
};

}  // namespace lambdadesk::bridge
