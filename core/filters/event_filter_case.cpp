// SPDX-License-Identifier: MIT
#include "filters/event_filter_case.h"

#include <cstdint>

namespace lambdadesk::core::filter {
namespace {

// Invalid bytes decode into the lone-surrogate range, which no valid UTF-8 sequence can produce, so an
// invalid byte only ever equals the same invalid byte.
constexpr char32_t kInvalidByteBase = 0xDC00;

bool isContinuation(unsigned char byte)
{
    return (byte & 0xC0U) == 0x80U;
}

// Decodes the code point at `index` and advances past it.
char32_t decodeAt(std::string_view text, std::size_t& index)
{
    const auto lead = static_cast<unsigned char>(text[index]);
    std::size_t length = 0;
    char32_t value = 0;
    if (lead < 0x80U) {
        ++index;
        return lead;
    }
    if (lead >= 0xC2U && lead <= 0xDFU) {
        length = 2;
        value = lead & 0x1FU;
    } else if (lead >= 0xE0U && lead <= 0xEFU) {
        length = 3;
        value = lead & 0x0FU;
    } else if (lead >= 0xF0U && lead <= 0xF4U) {
        length = 4;
        value = lead & 0x07U;
    }
    if (length == 0 || index + length > text.size()) {
        ++index;
        return kInvalidByteBase + lead;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[index + i]);
        if (!isContinuation(next)) {
            ++index;
            return kInvalidByteBase + lead;
        }
        value = (value << 6U) | (next & 0x3FU);
    }
    index += length;
    return value;
}

void encode(char32_t value, std::string& out)
{
    if (value >= kInvalidByteBase + 0x80 && value <= kInvalidByteBase + 0xFF) {
        out.push_back(static_cast<char>(value - kInvalidByteBase));
    } else if (value < 0x80) {
        out.push_back(static_cast<char>(value));
    } else if (value < 0x800) {
        out.push_back(static_cast<char>(0xC0U | (value >> 6U)));
        out.push_back(static_cast<char>(0x80U | (value & 0x3FU)));
    } else if (value < 0x10000) {
        out.push_back(static_cast<char>(0xE0U | (value >> 12U)));
        out.push_back(static_cast<char>(0x80U | ((value >> 6U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (value & 0x3FU)));
    } else {
        out.push_back(static_cast<char>(0xF0U | (value >> 18U)));
        out.push_back(static_cast<char>(0x80U | ((value >> 12U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | ((value >> 6U) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (value & 0x3FU)));
    }
}

// Only mappings whose two sides encode to the same number of bytes are listed: that is what lets
// prefix and suffix comparisons cut the event text at the folded pattern's byte length.
char32_t fold(char32_t c)
{
    if (c >= U'A' && c <= U'Z')
        return c + 0x20;
    if (c < 0xC0)
        return c;
    if (c <= 0xDE)
        return c == 0xD7 ? c : c + 0x20;  // Latin-1 capitals; U+00D7 is the multiplication sign
    if (c >= 0x100 && c <= 0x17F) {
        // Latin Extended-A pairs capitals and small letters; which of the pair is the capital flips
        // at U+0138 and again at U+0149.
        if (c == 0x178)
            return 0xFF;
        const bool evenIsCapital = (c <= 0x137 && c != 0x130 && c != 0x131) || (c >= 0x14A && c <= 0x177);
        const bool oddIsCapital = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if ((evenIsCapital && c % 2 == 0) || (oddIsCapital && c % 2 == 1))
            return c + 1;
        return c;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
        return c + 0x20;  // Greek capitals
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;  // Cyrillic capitals
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;  // Cyrillic capitals with diacritics
    return c;
}

}  // namespace

std::string foldCase(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t index = 0;
    while (index < text.size())
        encode(fold(decodeAt(text, index)), out);
    return out;
}

bool equalsFolded(std::string_view text, std::string_view folded)
{
    if (text.size() != folded.size())
        return false;
    std::size_t textIndex = 0;
    std::size_t foldedIndex = 0;
    while (textIndex < text.size()) {
        if (fold(decodeAt(text, textIndex)) != decodeAt(folded, foldedIndex))
            return false;
    }
    return foldedIndex == folded.size();
}

bool startsWithFolded(std::string_view text, std::string_view foldedPrefix)
{
    return text.size() >= foldedPrefix.size() && equalsFolded(text.substr(0, foldedPrefix.size()), foldedPrefix);
}

bool endsWithFolded(std::string_view text, std::string_view foldedSuffix)
{
    return text.size() >= foldedSuffix.size() &&
           equalsFolded(text.substr(text.size() - foldedSuffix.size()), foldedSuffix);
}

}  // namespace lambdadesk::core::filter
