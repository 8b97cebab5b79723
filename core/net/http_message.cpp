// SPDX-License-Identifier: MIT
#include "net/http_message.h"

#include <cctype>

namespace lambdadesk::core::net {

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

std::string_view HttpRequest::header(std::string_view name) const
{
    for (const auto& [key, value] : headers) {
        if (equalsIgnoreCase(key, name))
            return value;
    }
    return {};
}

std::string_view HttpRequest::path() const
{
    const std::string_view view(target);
    return view.substr(0, view.find('?'));
}

HttpResponse HttpResponse::json(int status, std::string body)
{
    HttpResponse response;
    response.status = status;
    response.headers.emplace_back("Content-Type", "application/json");
    response.body = std::move(body);
    return response;
}

}  // namespace lambdadesk::core::net
