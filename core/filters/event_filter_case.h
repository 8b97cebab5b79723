// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

// Case-insensitive comparison for the `equals-ignore-case` family of filter operators.
namespace lambdadesk::core::filter {

/// Lowercases UTF-8 text with simple case folding: ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic
/// capitals. Every mapping keeps the encoded length, so folded text lines up byte for byte with the
/// original; other characters (and invalid bytes) are kept as they are.
std::string foldCase(std::string_view text);

/// True when `text`, folded as foldCase does, equals `folded` (text that foldCase produced). Allocates nothing.
bool equalsFolded(std::string_view text, std::string_view folded);

/// True when `text` starts with the already-folded `foldedPrefix`, ignoring case.
bool startsWithFolded(std::string_view text, std::string_view foldedPrefix);

/// True when `text` ends with the already-folded `foldedSuffix`, ignoring case.
bool endsWithFolded(std::string_view text, std::string_view foldedSuffix);

}  // namespace lambdadesk::core::filter
