// SPDX-License-Identifier: MIT
#pragma once

#include "endpoint/service_handler.h"

namespace lambdadesk::core {
class Engine;
}

namespace lambdadesk::bridge {

/// GET /_lambdadesk/code/<function>.zip: a function's code as a zip, the Code.Location GetFunction hands
/// out (AWS gives a presigned S3 URL there; clients just download it).
class CodeDownloadHandler : public ServiceHandler {
public:
    explicit CodeDownloadHandler(core::Engine& engine) : m_engine(engine) {}
    void handle(core::net::HttpRequest&& request, const RequestContext& context,
                core::net::HttpResponder respond) override;

private:
    core::Engine& m_engine;
};

}  // namespace lambdadesk::bridge
