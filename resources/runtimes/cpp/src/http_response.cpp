// SPDX-License-Identifier: MIT
#include "http_response.h"

namespace lambdadesk::runtime {

bool equalsIgnoringCase(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

std::string_view HttpResponse::header(std::string_view name) const noexcept
{
    for (const auto& [key, value] : headers) {
        if (equalsIgnoringCase(key, name)) {
            return value;
        }
    }
    return {};
}

bool HttpResponse::hasHeader(std::string_view name) const noexcept
{
    for (const auto& entry : headers) {
        if (equalsIgnoringCase(entry.first, name)) {
            return true;
        }
    }
    return false;
}

} // namespace lambdadesk::runtime
