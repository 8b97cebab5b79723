// SPDX-License-Identifier: MIT
#include "filters/event_filter_wildcard.h"

namespace lambdadesk::core::filter {

std::optional<WildcardPattern> WildcardPattern::parse(std::string_view text, std::string& error)
{
    WildcardPattern pattern;
    pattern.m_pieces.emplace_back();
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '*') {
            // EventBridge rejects "**": it adds matching cost and means the same as "*".
            if (i + 1 < text.size() && text[i + 1] == '*') {
                error = "Consecutive wildcard characters at pos " + std::to_string(i) +
                        "; use a single * to match any run of characters";
                return std::nullopt;
            }
            pattern.m_pieces.emplace_back();
        } else if (c == '\\') {
            if (i + 1 < text.size() && (text[i + 1] == '*' || text[i + 1] == '\\')) {
                pattern.m_pieces.back().push_back(text[++i]);
                continue;
            }
            error = "Invalid escape character at pos " + std::to_string(i) +
                    R"(; only \* (a literal asterisk) and \\ (a literal backslash) are accepted)";
            return std::nullopt;
        } else {
            pattern.m_pieces.back().push_back(c);
        }
    }
    return pattern;
}

bool WildcardPattern::matches(std::string_view text) const
{
    const std::string& first = m_pieces.front();
    if (m_pieces.size() == 1)
        return text == first;
    const std::string& last = m_pieces.back();
    if (text.size() < first.size() + last.size() || !text.starts_with(first) || !text.ends_with(last))
        return false;
    // With only `*` as a metacharacter, taking each middle piece at its leftmost position after the
    // previous one is optimal: it leaves the most room for the pieces that follow.
    std::size_t position = first.size();
    const std::size_t end = text.size() - last.size();
    for (std::size_t i = 1; i + 1 < m_pieces.size(); ++i) {
        const std::string& piece = m_pieces[i];
        const std::size_t found = text.substr(0, end).find(piece, position);
        if (found == std::string_view::npos)
            return false;
        position = found + piece.size();
    }
    return true;
}

}  // namespace lambdadesk::core::filter
