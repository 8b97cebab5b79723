// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lambdadesk::runtime {

/// One HTTP response as read by HttpConnection; reused between requests to keep its allocations.
struct HttpResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    /// The value of the first header called name (case-insensitive); empty when absent.
    [[nodiscard]] std::string_view header(std::string_view name) const noexcept;
    /// Whether a header called name is present (case-insensitive).
    [[nodiscard]] bool hasHeader(std::string_view name) const noexcept;
};

/// ASCII case-insensitive equality, as header names need.
[[nodiscard]] bool equalsIgnoringCase(std::string_view a, std::string_view b) noexcept;

} // namespace lambdadesk::runtime
