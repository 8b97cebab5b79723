// SPDX-License-Identifier: MIT
#include "endpoint/url_codec.h"

namespace lambdadesk::bridge {
std::string percentEncode(std::string_view text, bool keepSlash)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= '0' && byte <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved || (keepSlash && c == '/')) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0x0F]);
        }
    }
    return out;
}

QueryParameters parseQuery(std::string_view query, bool plusIsSpace)
{
    QueryParameters parameters;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto piece = query.substr(0, amp);
        if (!piece.empty()) {
            const auto eq = piece.find('=');
            if (eq == std::string_view::npos)
                parameters.emplace_back(percentDecode(piece, plusIsSpace), std::string());
            else
                parameters.emplace_back(percentDecode(piece.substr(0, eq), plusIsSpace),
                                        percentDecode(piece.substr(eq + 1), plusIsSpace));
        }
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return parameters;
}

std::vector<std::string> pathSegments(std::string_view path)
{
    std::vector<std::string> segments;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        const auto slash = path.find('/');
        segments.push_back(percentDecode(path.substr(0, slash)));
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
    }
    return segments;
}

std::string_view queryOf(std::string_view target)
{
    const auto question = target.find('?');
    return question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
}

const std::string* findParameter(const QueryParameters& parameters, std::string_view name)
{
    for (const auto& [key, value] : parameters) {
        if (key == name)
            return &value;
    }
    return nullptr;
}

}  // namespace lambdadesk::bridge
