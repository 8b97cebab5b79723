// SPDX-License-Identifier: MIT
// parseIsoDuration: the ISO 8601 durations FIS's `duration` parameters take (PT30S, PT1H30M, PT0.5S, P1D).
#include "template/action_catalog.h"

#include <cstdint>
#include <limits>

namespace lambdadesk::faults {
namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

/// Milliseconds per designator, or 0 for one that is not accepted. Years, months and weeks have no fixed
/// length (or are not written by FIS), so only days and the time designators are taken.
std::int64_t unitMilliseconds(char designator, bool inTimePart)
{
    if (!inTimePart)
        return designator == 'D' ? 86'400'000 : 0;
    switch (designator) {
    case 'H':
        return 3'600'000;
    case 'M':
        return 60'000;
    case 'S':
        return 1'000;
    default:
        return 0;
    }
}

/// The designators' order, so that each appears at most once and in ISO's order (D, then H, M, S).
int unitRank(char designator)
{
    switch (designator) {
    case 'D':
        return 0;
    case 'H':
        return 1;
    case 'M':
        return 2;
    default:
        return 3;
    }
}

}  // namespace

std::optional<std::chrono::milliseconds> parseIsoDuration(std::string_view text)
{
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    if (text.size() < 3 || text.front() != 'P')
        return std::nullopt;

    std::int64_t total = 0;
    bool inTimePart = false;
    bool anyComponent = false;
    bool anyTimeComponent = false;
    int lastRank = -1;
    std::size_t i = 1;
    while (i < text.size()) {
        if (text[i] == 'T') {
            if (inTimePart)
                return std::nullopt;
            inTimePart = true;
            ++i;
            continue;
        }
        std::int64_t whole = 0;
        const std::size_t wholeStart = i;
        for (; i < text.size() && isDigit(text[i]); ++i) {
            if (whole > (kMax - 9) / 10)
                return std::nullopt;
            whole = whole * 10 + (text[i] - '0');
        }
        if (i == wholeStart)
            return std::nullopt;  // a sign, a letter or a bare fraction (".5S") where a number belongs

        // Fractions are taken on seconds only, to the millisecond; further digits are dropped.
        std::int64_t fractionMs = 0;
        bool hasFraction = false;
        if (i < text.size() && text[i] == '.') {
            hasFraction = true;
            const std::size_t fractionStart = ++i;
            std::int64_t scale = 100;
            for (; i < text.size() && isDigit(text[i]); ++i) {
                fractionMs += (text[i] - '0') * scale;
                scale /= 10;
            }
            if (i == fractionStart)
                return std::nullopt;
        }
        if (i >= text.size())
            return std::nullopt;  // a number without its designator

        const char designator = text[i++];
        const std::int64_t unit = unitMilliseconds(designator, inTimePart);
        if (unit == 0 || (hasFraction && designator != 'S'))
            return std::nullopt;
        const int rank = unitRank(designator);
        if (rank <= lastRank)
            return std::nullopt;
        lastRank = rank;

        if (whole > (kMax - total - fractionMs) / unit)
            return std::nullopt;
        total += whole * unit + fractionMs;
        anyComponent = true;
        anyTimeComponent = anyTimeComponent || inTimePart;
    }
    // "P" and "PT" alone, and a "T" with nothing after it ("P1DT"), are not durations.
    if (!anyComponent || (inTimePart && !anyTimeComponent))
        return std::nullopt;
    return std::chrono::milliseconds(total);
}

}  // namespace lambdadesk::faults
