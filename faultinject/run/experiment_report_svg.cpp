// SPDX-License-Identifier: MIT
#include "run/experiment_report_parts.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <vector>

namespace lambdadesk::faults::report_parts {
namespace {

// Geometry of one chart, in SVG user units (CSS pixels at 100%).
constexpr double kWidth = 760;
constexpr double kPlotLeft = 52;     // room for the count axis
constexpr double kPlotRight = 704;   // and, on the right, for the p99 axis
constexpr double kPlotTop = 24;     // the axis titles sit above the plot
constexpr double kPlotBottom = 204;
constexpr double kLegendTop = 244;
constexpr double kLegendRow = 18;

constexpr const char* kInvocationColour = "#4c78a8";
constexpr const char* kThrottleColour = "#f58518";
constexpr const char* kErrorColour = "#d62728";
constexpr const char* kP99Colour = "#6a3d9a";
// Action windows: none of them the bars' blue, orange or red.
constexpr std::array<const char*, 6> kActionColours = {"#e3a008", "#2ca02c", "#17becf",
                                                       "#8c564b", "#e377c2", "#7f7f7f"};

// The smallest 1, 2 or 5 × 10^n at or above `value`: axis maxima that read well.
double niceCeil(double value)
{
    if (!(value > 0) || !std::isfinite(value))
        return 1;
    const double base = std::pow(10.0, std::floor(std::log10(value)));
    for (double factor : {1.0, 2.0, 5.0}) {
        if (factor * base >= value)
            return factor * base;
    }
    return 10 * base;
}

// Seconds between x-axis labels: about ten labels, on steps a reader counts in.
int tickStep(double span)
{
    for (int step : {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600}) {
        if (span / step <= 12)
            return step;
    }
    return 7200;
}

// The seconds every chart of the page shows, so that charts line up: the series of all functions, the
// experiment's start and end, and every action's window.
struct TimeScale {
    double first = 0;
    double last = 1;
    double end = 0;  // the experiment's end (so far)

    explicit TimeScale(const ExperimentReport& report) : end(report.durationSeconds)
    {
        last = std::max(1.0, report.durationSeconds);
        for (const auto& bucket : report.series) {
            first = std::min(first, double(bucket.second));
            last = std::max(last, double(bucket.second) + 1);
        }
        for (const auto& action : report.actions)
            last = std::max(last, action.endSecond);
        if (!std::isfinite(first) || !std::isfinite(last) || last <= first)
            last = first + 1;
    }
    [[nodiscard]] double x(double second) const
    {
        const double at = kPlotLeft + (second - first) / (last - first) * (kPlotRight - kPlotLeft);
        return std::clamp(at, kPlotLeft, kPlotRight);
    }
};

double yFor(double value, double maximum)
{
    return kPlotBottom - std::clamp(value / maximum, 0.0, 1.0) * (kPlotBottom - kPlotTop);
}

std::string rect(const std::string& attributes, double x, double y, double width, double height,
                 const std::string& fill, const std::string& rest = "/>")
{
    return "<rect " + attributes + " x=\"" + fixed(x, 1) + "\" y=\"" + fixed(y, 1) + "\" width=\"" +
           fixed(std::max(width, 0.0), 1) + "\" height=\"" + fixed(std::max(height, 0.0), 1) + "\" fill=\"" + fill +
           "\"" + rest;
}

std::string line(const std::string& cls, double x1, double y1, double x2, double y2, const std::string& style)
{
    return "<line class=\"" + cls + "\" x1=\"" + fixed(x1, 1) + "\" y1=\"" + fixed(y1, 1) + "\" x2=\"" +
           fixed(x2, 1) + "\" y2=\"" + fixed(y2, 1) + "\" " + style + "/>";
}

std::string text(double x, double y, const std::string& anchor, const std::string& content,
                 const std::string& cls = "label")
{
    return "<text class=\"" + cls + "\" x=\"" + fixed(x, 1) + "\" y=\"" + fixed(y, 1) + "\" text-anchor=\"" +
           anchor + "\">" + content + "</text>";
}

bool targets(const ActionReport& action, const std::string& function)
{
    return action.functions.empty() ||
           std::find(action.functions.begin(), action.functions.end(), function) != action.functions.end();
}

// "2.5" at a half of 5, "500" at a half of 1000.
std::string tickLabel(double value)
{
    return fixed(value, value == std::floor(value) ? 0 : 1);
}

// Axes, grid and labels: counts on the left, p99 milliseconds on the right, seconds from the start below.
std::string axes(const TimeScale& time, double countMax, double p99Max)
{
    std::string out = "<g class=\"axes\">";
    for (double fraction : {0.0, 0.5, 1.0}) {
        const double y = yFor(fraction, 1.0);
        out += line("grid", kPlotLeft, y, kPlotRight, y, "stroke=\"#ddd\"");
        out += text(kPlotLeft - 4, y + 4, "end", tickLabel(countMax * fraction));
        out += text(kPlotRight + 4, y + 4, "start", tickLabel(p99Max * fraction));
    }
    const int step = tickStep(time.last - time.first);
    for (double s = std::ceil(time.first / step) * step; s <= time.last; s += step) {
        out += line("tick", time.x(s), kPlotBottom, time.x(s), kPlotBottom + 4, "stroke=\"#555\"");
        out += text(time.x(s), kPlotBottom + 16, "middle", fixed(s, 0));
    }
    out += line("axis", kPlotLeft, kPlotBottom, kPlotRight, kPlotBottom, "stroke=\"#555\"");
    out += text(4, kPlotTop - 10, "start", "invocations per second", "axis-title");
    out += text(kPlotRight, kPlotTop - 10, "start", "p99 ms", "axis-title");
    out += text((kPlotLeft + kPlotRight) / 2, kPlotBottom + 30, "middle", "seconds from the experiment&#39;s start",
                "axis-title");
    return out + "</g>";
}

// One entry of a chart's legend: a filled swatch, or a line for the p99.
struct LegendEntry {
    std::string attributes;  // data-series="…" or data-action="…", already escaped
    std::string colour;
    std::string label;       // raw text
    bool isLine = false;
};

// Swatches and names under the plot, wrapped to the chart's width (text widths estimated at 11 px sans-serif);
// returns the legend's bottom edge in `bottom`.
std::string legend(const std::vector<LegendEntry>& entries, double& bottom)
{
    std::string out = "<g class=\"legend\">";
    double x = kPlotLeft;
    double y = kLegendTop;
    for (const auto& entry : entries) {
        const double width = 30 + 6.2 * double(entry.label.size());
        if (x + width > kWidth - 8 && x > kPlotLeft) {
            x = kPlotLeft;
            y += kLegendRow;
        }
        out += "<g class=\"legend-item\" " + entry.attributes + ">";
        if (entry.isLine)
            out += line("swatch", x, y - 4, x + 14, y - 4, "stroke=\"" + entry.colour + "\" stroke-width=\"2\"");
        else
            out += rect("class=\"swatch\"", x, y - 10, 14, 10, entry.colour);
        out += text(x + 19, y, "start", escape(entry.label)) + "</g>";
        x += width;
    }
    bottom = y + 6;
    return out + "</g>";
}

// The windows of the actions that act on `function` (or on nothing in particular), shaded behind the bars, each
// in its action's colour; adds their legend entries.
std::string faultWindows(const ExperimentReport& report, const std::string& function, const TimeScale& time,
                         std::vector<LegendEntry>& entries)
{
    std::string out = "<g class=\"fault-windows\">";
    for (std::size_t i = 0; i < report.actions.size(); ++i) {
        const ActionReport& action = report.actions[i];
        if (!targets(action, function))
            continue;
        const double x1 = time.x(action.startSecond);
        const double x2 = std::max(time.x(action.endSecond), x1 + 1);  // a window that just began stays visible
        const std::string name = escape(action.name);
        const std::string actionId = escape(action.actionId);
        out += rect("class=\"fault-window\" data-action=\"" + name + "\" data-action-id=\"" + actionId +
                        "\" fill-opacity=\"0.2\"",
                    x1, kPlotTop, x2 - x1, kPlotBottom - kPlotTop, actionColour(i), ">");
        out += "<title>" + name + " (" + actionId + "): " + fixed(action.startSecond, 1) + "–" +
               fixed(action.endSecond, 1) + " s</title></rect>";
        entries.push_back({"data-action=\"" + name + "\"", actionColour(i), action.name});
    }
    return out + "</g>";
}

// A bar per second: invocations from the axis up, throttles stacked on them, errors over the invocations from
// the axis up; then the p99 line through the seconds that finished invocations.
std::string bars(const std::vector<const SecondBucket*>& buckets, const TimeScale& time, double countMax,
                 double p99Max)
{
    const double secondWidth = time.x(time.first + 1) - time.x(time.first);
    const double barWidth = secondWidth >= 3 ? secondWidth - 1 : secondWidth;
    std::string out = "<g class=\"bars\">";
    std::vector<std::string> p99Points;
    for (const auto* bucket : buckets) {
        const double x = time.x(bucket->second);
        const std::string at = "data-second=\"" + std::to_string(bucket->second) + "\" data-count=\"";
        const double invocationsTop = yFor(double(bucket->invocations), countMax);
        out += rect("class=\"invocations\" " + at + std::to_string(bucket->invocations) + "\"", x, invocationsTop,
                    barWidth, kPlotBottom - invocationsTop, kInvocationColour);
        if (bucket->throttles > 0) {
            const double throttlesTop = yFor(double(bucket->invocations + bucket->throttles), countMax);
            out += rect("class=\"throttles\" " + at + std::to_string(bucket->throttles) + "\"", x, throttlesTop,
                        barWidth, invocationsTop - throttlesTop, kThrottleColour);
        }
        if (bucket->errors > 0) {
            const double errorsTop = yFor(double(bucket->errors), countMax);
            out += rect("class=\"errors\" " + at + std::to_string(bucket->errors) + "\"", x, errorsTop, barWidth,
                        kPlotBottom - errorsTop, kErrorColour);
        }
        // p99 only where invocations finished; a second without any would read as a drop to 0 ms.
        if (bucket->invocations > 0)
            p99Points.push_back(fixed(x + barWidth / 2, 1) + "," + fixed(yFor(bucket->p99Ms, p99Max), 1));
    }
    out += "</g>";
    // The experiment's start (0) and end, dashed, over the bars.
    out += line("experiment-start", time.x(0), kPlotTop, time.x(0), kPlotBottom,
                "stroke=\"#333\" stroke-dasharray=\"4 3\"");
    out += line("experiment-end", time.x(time.end), kPlotTop, time.x(time.end), kPlotBottom,
                "stroke=\"#333\" stroke-dasharray=\"4 3\"");
    if (p99Points.size() == 1)
        p99Points.push_back(p99Points.front());  // one point: a dot (round caps) rather than nothing
    std::string points;
    for (const auto& point : p99Points)
        points += (points.empty() ? "" : " ") + point;
    if (!points.empty()) {
        out += std::string("<polyline class=\"p99\" fill=\"none\" stroke=\"") + kP99Colour +
               "\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\" points=\"" + points + "\"/>";
    }
    return out;
}

}  // namespace

std::string escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string fixed(double value, int decimals)
{
    if (!std::isfinite(value))
        return "0";
    char buffer[64];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    if (error != std::errc())
        return "0";
    std::string out(buffer, end);
    if (out.front() == '-' && out.find_first_not_of("-0.") == std::string::npos)
        out.erase(0, 1);  // -0.04 rounds to "0.0", not "-0.0"
    return out;
}

std::string actionColour(std::size_t index)
{
    return kActionColours[index % kActionColours.size()];
}

std::string functionChart(const ExperimentReport& report, const std::string& function)
{
    const TimeScale time(report);
    std::vector<const SecondBucket*> buckets;
    for (const auto& bucket : report.series) {
        if (bucket.function == function)
            buckets.push_back(&bucket);
    }
    std::stable_sort(buckets.begin(), buckets.end(), [](auto* a, auto* b) { return a->second < b->second; });
    double countMax = 0;
    double p99Max = 0;
    for (const auto* bucket : buckets) {
        countMax = std::max({countMax, double(bucket->invocations + bucket->throttles), double(bucket->errors)});
        p99Max = std::max(p99Max, bucket->p99Ms);
    }
    // Headroom above the tallest bar, so that the fault windows behind the bars still show.
    countMax = niceCeil(countMax * 1.15);
    p99Max = niceCeil(p99Max);

    std::vector<LegendEntry> entries = {{"data-series=\"invocations\"", kInvocationColour, "invocations"},
                                        {"data-series=\"throttles\"", kThrottleColour, "throttles"},
                                        {"data-series=\"errors\"", kErrorColour, "errors"},
                                        {"data-series=\"p99\"", kP99Colour, "p99 duration (right scale)", true}};
    std::string body = faultWindows(report, function, time, entries) + axes(time, countMax, p99Max) +
                       bars(buckets, time, countMax, p99Max);
    if (buckets.empty()) {
        body += text((kPlotLeft + kPlotRight) / 2, (kPlotTop + kPlotBottom) / 2, "middle", "no invocations recorded",
                     "empty");
    }
    double legendBottom = 0;
    body += legend(entries, legendBottom);

    const std::string name = escape(function);
    const std::string width = fixed(kWidth, 0);
    const std::string height = fixed(std::ceil(legendBottom + 6), 0);
    const std::string title = name + ": invocations, errors and p99 per second";
    return "<svg class=\"chart\" data-function=\"" + name + "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width +
           "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height +
           "\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"" + title + "\"><title>" + title +
           "</title>" + body + "</svg>";
}

}  // namespace lambdadesk::faults::report_parts
