// SPDX-License-Identifier: MIT
#pragma once

#include "host_capacity_flags.h"

#include <string>

namespace CLI {
class App;
}

namespace lambdadesk::cli {

struct InvokeOptions {
    std::string templatePath;
    std::string function;
    std::string payload = "{}";  ///< JSON text, or @file
    bool logTail = false;
    bool logs = false;
    int repeat = 1;
    int concurrency = 1;
    bool json = false;
    double keepAliveSeconds = 600;
    int accountConcurrency = 1000;
    std::string invocationType = "RequestResponse";  ///< or Event (asynchronous: retries, destinations)
    double timeScale = 1.0;
    HostCapacityFlags hostCapacity;
};

/// `lambdadesk-cli invoke TEMPLATE FUNCTION …`
void addInvokeCommand(CLI::App& app, InvokeOptions& options, int& exitStatus);
int runInvoke(const InvokeOptions& options);

}  // namespace lambdadesk::cli
