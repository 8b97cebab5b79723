// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::core::filter {

/// A compiled `wildcard` value: `*` matches any run of characters (including none), `\*` is a literal
/// asterisk and `\\` a literal backslash, as in EventBridge.
class WildcardPattern {
public:
    /// Compiles `text`; on failure returns nothing and sets `error` to what is wrong and what is accepted.
    static std::optional<WildcardPattern> parse(std::string_view text, std::string& error);

    /// True when the whole of `text` matches. Allocates nothing.
    [[nodiscard]] bool matches(std::string_view text) const;

private:
    // The literal text between the unescaped asterisks: n asterisks give n + 1 pieces, some maybe empty.
    std::vector<std::string> m_pieces;
};

}  // namespace lambdadesk::core::filter
