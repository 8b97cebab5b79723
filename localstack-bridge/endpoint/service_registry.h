// SPDX-License-Identifier: MIT
#pragma once

#include "endpoint/endpoint.h"
#include "endpoint/service_handler.h"

#include <boost/asio/any_io_executor.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace lambdadesk::faults {
class ExperimentRunner;
}

namespace lambdadesk::bridge {

/// Everything a service handler may be built from.
struct ServiceDependencies {
    core::Engine& engine;
    const EndpointOptions& options;
    std::string endpointUrl;  ///< http://<address>:<port>, known once the listener is bound
    std::filesystem::path workspaceDir;  ///< where API-created functions and mappings are kept
    boost::asio::any_io_executor executor;  ///< the endpoint's: handlers' own network calls run on it
    std::shared_ptr<faults::ExperimentRunner> experiments;  ///< what the FIS API drives; null = no FIS API
};

/// The emulated services by SigV4 name: lambda, sqs, kinesis, sts, fis. One place lists them, so the router, the
/// health reports and the handlers agree.
std::map<std::string, std::unique_ptr<ServiceHandler>> makeServiceHandlers(const ServiceDependencies& dependencies);

}  // namespace lambdadesk::bridge
