// SPDX-License-Identifier: MIT
#include "lambda/code_download_handler.h"

#include "endpoint/aws_errors.h"
#include "endpoint/url_codec.h"
#include "lambda/code_archive.h"

#include <engine.h>

namespace lambdadesk::bridge {

void CodeDownloadHandler::handle(core::net::HttpRequest&& request, const RequestContext& context,
                                 core::net::HttpResponder respond)
{
    static constexpr std::string_view kPrefix = "/_lambdadesk/code/";
    const auto path = request.path();
    if (!path.starts_with(kPrefix) || !path.ends_with(".zip") || request.method != "GET") {
        respond(jsonProtocolError(404, "NotFound", "No such endpoint path: " + std::string(path), context.requestId));
        return;
    }
    const auto name = percentDecode(path.substr(kPrefix.size(), path.size() - kPrefix.size() - 4));
    const auto function = m_engine.function(name);
    if (!function) {
        respond(jsonProtocolError(404, "NoSuchKey", "No function named " + name, context.requestId));
        return;
    }
    auto zip = zipFolder(function->codeDir);
    if (!zip) {
        respond(jsonProtocolError(500, "InternalError", zip.error().message, context.requestId));
        return;
    }
    core::net::HttpResponse response;
    response.headers.emplace_back("Content-Type", "application/zip");
    response.body = std::move(*zip);
    respond(std::move(response));
}

}  // namespace lambdadesk::bridge
