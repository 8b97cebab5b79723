// SPDX-License-Identifier: MIT
// The report as one self-contained page: a summary, the actions and per-function tables, and a chart per
// function (experiment_report_svg.cpp). Nothing is fetched: no scripts, fonts, images or style sheets, and a
// Content-Security-Policy that would refuse them if a name ever smuggled one in past the escaping.
#include "run/experiment_report.h"

#include "run/experiment_report_parts.h"

#include <string>

namespace lambdadesk::faults {
namespace {

using report_parts::escape;
using report_parts::fixed;

constexpr const char* kStyle = R"(
body { font: 14px/1.4 system-ui, sans-serif; color: #222; margin: 24px; max-width: 1100px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
.description { color: #555; margin: 0 0 12px; }
dl.summary { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 0; }
dt { color: #666; } dd { margin: 0; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: right; } td { white-space: nowrap; }
th { background: #f4f4f4; } td.text, th.text { text-align: left; }
tbody.function tr:first-child td { border-top: 2px solid #bbb; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; }
.status-failed, .status-stopped, .status-cancelled, .not-recovered { color: #b00020; }
.status-completed { color: #1b7f3b; }
figure { margin: 16px 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { display: block; max-width: 100%; height: auto; }
)";

// `content` is markup already; `attributes`, when given, starts with a space.
std::string cell(const std::string& content, const std::string& cls, const std::string& attributes = "")
{
    return "<td class=\"" + cls + "\"" + attributes + ">" + content + "</td>";
}

std::string header(const ExperimentReport& report)
{
    const Experiment& experiment = report.experiment;
    const std::string status = escape(toString(experiment.status));
    std::string out = "<header><h1>Experiment <span id=\"experiment-id\">" + escape(experiment.id) + "</span></h1>";
    if (!experiment.spec.description.empty())
        out += "<p class=\"description\">" + escape(experiment.spec.description) + "</p>";
    out += "<dl class=\"summary\">";
    out += "<dt>Status</dt><dd id=\"status\" class=\"status-" + status + "\">" + status + "</dd>";
    if (!experiment.reason.empty())
        out += "<dt>Reason</dt><dd id=\"reason\">" + escape(experiment.reason) + "</dd>";
    out += "<dt>Template</dt><dd id=\"template-id\">" + escape(experiment.templateId) + "</dd>";
    out += "<dt>Seed</dt><dd id=\"seed\">" + std::to_string(experiment.seed) + "</dd>";
    out += "<dt>Duration</dt><dd id=\"duration\">" + fixed(report.durationSeconds, 1) + " s</dd>";
    if (experiment.startTime)
        out += "<dt>Started</dt><dd id=\"start-time\">" + report_parts::isoUtc(*experiment.startTime) + "</dd>";
    if (experiment.endTime)
        out += "<dt>Ended</dt><dd id=\"end-time\">" + report_parts::isoUtc(*experiment.endTime) + "</dd>";
    return out + "</dl></header>";
}

std::string actionsTable(const ExperimentReport& report)
{
    std::string out = "<section><h2>Actions</h2><table id=\"actions\"><thead><tr><th class=\"text\">Action</th>"
                      "<th class=\"text\">Action ID</th><th class=\"text\">Status</th><th>Window (s)</th>"
                      "<th>Affected / considered</th><th class=\"text\">Functions</th></tr></thead><tbody>";
    if (report.actions.empty())
        out += "<tr><td class=\"text\" colspan=\"6\">No actions.</td></tr>";
    for (std::size_t i = 0; i < report.actions.size(); ++i) {
        const ActionReport& action = report.actions[i];
        std::string functions;
        for (const auto& function : action.functions)
            functions += (functions.empty() ? "" : ", ") + escape(function);
        out += "<tr data-action=\"" + escape(action.name) + "\">";
        out += cell("<span class=\"swatch\" style=\"background:" + report_parts::actionColour(i) + "\"></span>" +
                        escape(action.name),
                    "text name");
        out += cell(escape(action.actionId), "text action-id");
        out += cell(escape(action.status), "text status status-" + escape(action.status));
        out += cell(fixed(action.startSecond, 1) + "–" + fixed(action.endSecond, 1), "window");
        out += cell(std::to_string(action.affected) + " / " + std::to_string(action.considered), "affected");
        out += cell(functions.empty() ? "all" : functions, "text functions") + "</tr>";
    }
    return out + "</tbody></table></section>";
}

std::string phaseRow(const char* phase, const PhaseFigures& figures)
{
    return cell(phase, "text phase") + cell(fixed(figures.seconds, 1), "seconds") +
           cell(std::to_string(figures.invocations), "invocations") + cell(std::to_string(figures.errors), "errors") +
           cell(fixed(figures.errorRate(), 1) + " %", "error-rate") +
           cell(std::to_string(figures.throttles), "throttles") + cell(std::to_string(figures.faulted), "faulted") +
           cell(fixed(figures.p50Ms, 1), "p50") + cell(fixed(figures.p99Ms, 1), "p99");
}

// Three rows per function (before, during, after); its name, the async, mapping and recovery figures span them.
std::string functionsTable(const ExperimentReport& report)
{
    std::string out = "<section><h2>Functions</h2><table id=\"functions\"><thead><tr><th class=\"text\">Function</th>"
                      "<th class=\"text\">Phase</th><th>Seconds</th><th>Invocations</th><th>Errors</th>"
                      "<th>Error rate</th><th>Throttles</th><th>Faulted</th><th>p50 ms</th><th>p99 ms</th>"
                      "<th>Async retries</th><th>Dead letters</th><th>Redeliveries</th><th>Moved to DLQ</th>"
                      "<th>Time to recover</th></tr></thead>";
    if (report.functions.empty())
        out += "<tbody><tr><td class=\"text\" colspan=\"15\">No target functions.</td></tr></tbody>";
    for (const auto& function : report.functions) {
        const std::string name = escape(function.function);
        const std::string spanning = " rowspan=\"3\"";
        const std::string recovery = function.recoverySeconds
                                         ? cell(fixed(*function.recoverySeconds, 1) + " s", "recovery", spanning)
                                         : cell("not recovered", "recovery not-recovered", spanning);
        const auto row = [&](const char* phase) {
            return "<tr data-function=\"" + name + "\" data-phase=\"" + phase + "\">";
        };
        out += "<tbody class=\"function\">" + row("before") + cell(name, "text name", spanning) +
               phaseRow("before", function.before);
        out += cell(std::to_string(function.asyncRetries), "async-retries", spanning) +
               cell(std::to_string(function.deadLetters), "dead-letters", spanning) +
               cell(std::to_string(function.redeliveries), "redeliveries", spanning) +
               cell(std::to_string(function.movedToDeadLetterQueue), "moved-to-dlq", spanning) + recovery + "</tr>";
        out += row("during") + phaseRow("during", function.during) + "</tr>";
        out += row("after") + phaseRow("after", function.after) + "</tr></tbody>";
    }
    return out + "</table></section>";
}

// The SQS sources of the target functions, when any: how far the backlog grew and whether it drained.
std::string queuesTable(const ExperimentReport& report)
{
    std::string rows;
    for (const auto& function : report.functions) {
        for (const auto& queue : function.queues) {
            rows += "<tr data-function=\"" + escape(function.function) + "\" data-queue=\"" + escape(queue.queue) +
                    "\">" + cell(escape(queue.queue), "text queue") + cell(escape(function.function), "text function") +
                    cell(fixed(queue.atStart, 0), "at-start") + cell(fixed(queue.maxDuring, 0), "max-during") +
                    cell(fixed(queue.atEnd, 0), "at-end") + cell(fixed(queue.maxAfter, 0), "max-after") +
                    cell(fixed(queue.last, 0), "last") + cell(fixed(queue.maxOldestAgeSeconds, 1), "oldest-age") + "</tr>";
        }
    }
    if (rows.empty())
        return {};
    return "<section><h2>Queue backlog</h2><table id=\"queues\"><thead><tr><th class=\"text\">Queue</th>"
           "<th class=\"text\">Feeds</th><th>At start</th><th>Max during</th><th>At end</th><th>Max after</th>"
           "<th>Last</th><th>Oldest message (s)</th></tr></thead><tbody>" +
           rows + "</tbody></table></section>";
}

std::string charts(const ExperimentReport& report)
{
    std::string out = "<section id=\"charts\"><h2>Per second</h2>";
    for (const auto& function : report.functions) {
        out += "<figure data-function=\"" + escape(function.function) + "\"><figcaption>" +
               escape(function.function) + "</figcaption>" + report_parts::functionChart(report, function.function) +
               "</figure>";
    }
    return out + "</section>";
}

}  // namespace

std::string toHtml(const ExperimentReport& report)
{
    std::string page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "style-src 'unsafe-inline'\">"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
    page += "<title>Experiment " + escape(report.experiment.id) + " · LambdaDesk</title><style>" + kStyle +
            "</style></head>\n<body>";
    page += header(report) + "\n" + actionsTable(report) + "\n" + functionsTable(report) + "\n" + queuesTable(report) + "\n" +
            charts(report);
    return page + "\n</body></html>\n";
}

}  // namespace lambdadesk::faults
