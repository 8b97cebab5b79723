// SPDX-License-Identifier: MIT
#include "run/report_builder.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

namespace lambdadesk::faults {
namespace {

using core::Clock;

double secondsBetween(Clock::time_point from, Clock::time_point to)
{
    return std::chrono::duration<double>(to - from).count();
}

double percentile(std::vector<double> values, double fraction)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(fraction * double(values.size())));
    return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

/// Accumulates one phase's records of one function.
struct PhaseTally {
    PhaseFigures figures;
    std::vector<double> durations;
    std::set<std::string> faultedRequests;

    void add(const TelemetryRecord& record, const std::string& experimentId)
    {
        switch (record.kind) {
        case TelemetryRecord::Kind::Finished:
            ++figures.invocations;
            figures.errors += record.ok ? 0 : 1;
            durations.push_back(record.durationMs);
            break;
        case TelemetryRecord::Kind::Throttled: ++figures.throttles; break;
        case TelemetryRecord::Kind::Faulted:
            if (record.experimentId == experimentId)
                faultedRequests.insert(record.requestId.empty() ? std::to_string(faultedRequests.size()) : record.requestId);
            break;
        default: break;
        }
    }
    PhaseFigures finish(double seconds)
    {
        figures.seconds = seconds;
        figures.faulted = faultedRequests.size();
        figures.p50Ms = percentile(durations, 0.50);
        figures.p99Ms = percentile(durations, 0.99);
        return figures;
    }
};

struct BucketTally {
    SecondBucket bucket;
    std::vector<double> durations;
    std::set<std::string> faulted;
};

}  // namespace

ExperimentReport buildReport(const Experiment& experiment, const std::vector<TelemetryRecord>& records,
                             const ReportWindow& window)
{
    ExperimentReport report;
    report.experiment = experiment;
    report.durationSeconds = secondsBetween(window.start, window.end);

    std::set<std::string> functions;
    for (const auto& [target, names] : experiment.resolvedTargets)
        functions.insert(names.begin(), names.end());

    for (const auto& run : experiment.actions) {
        ActionReport action;
        action.name = run.name;
        action.actionId = run.spec.actionId;
        action.status = toString(run.status);
        if (run.startTime && experiment.startTime)
            action.startSecond = std::chrono::duration<double>(*run.startTime - *experiment.startTime).count();
        if (run.endTime && experiment.startTime)
            action.endSecond = std::chrono::duration<double>(*run.endTime - *experiment.startTime).count();
        else if (run.startTime)
            action.endSecond = report.durationSeconds;
        action.affected = run.hits;
        action.considered = run.considered;
        if (auto target = run.spec.targets.find("Functions"); target != run.spec.targets.end()) {
            if (auto names = experiment.resolvedTargets.find(target->second); names != experiment.resolvedTargets.end())
                action.functions = names->second;
        }
        report.actions.push_back(std::move(action));
    }

    std::map<std::string, std::array<PhaseTally, 3>> phases;
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> asyncOutcomes;  // retries, dead letters
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> mappingOutcomes;  // redeliveries, DLQ moves
    // Which target functions each SQS queue feeds: the mappings now, and the backlog samples taken meanwhile.
    std::map<std::string, std::set<std::string>> fedBy;  // queue → functions
    for (const auto& [function, queue] : window.sourceQueues) {
        if (functions.contains(function))
            fedBy[queue].insert(function);
    }
    for (const auto& record : records) {
        if (record.kind == TelemetryRecord::Kind::QueueSample && functions.contains(record.function))
            fedBy[record.queue].insert(record.function);
    }
    std::map<std::pair<std::string, int>, BucketTally> buckets;
    std::map<std::string, std::map<std::string, QueueBacklog>> backlogs;  // function → queue → figures
    std::map<std::pair<std::string, int>, std::map<std::string, double>> backlogAt;  // (function, second) → queue → depth
    std::set<std::pair<std::string, std::string>> startSampled;
    for (const auto& record : records) {
        if (record.kind == TelemetryRecord::Kind::MovedToDeadLetterQueue) {
            if (record.at >= window.start) {
                for (const auto& function : fedBy[record.queue])
                    mappingOutcomes[function].second += static_cast<std::uint64_t>(record.count);
            }
            continue;
        }
        if (!functions.contains(record.function))
            continue;
        if (record.kind == TelemetryRecord::Kind::QueueSample) {
            auto& backlog = backlogs[record.function][record.queue];
            backlog.queue = record.queue;
            if (record.at >= window.start && !startSampled.contains({record.function, record.queue})) {
                startSampled.insert({record.function, record.queue});
                backlog.atStart = record.depth;
            }
            if (record.at < window.end) {
                backlog.maxDuring = std::max(backlog.maxDuring, record.depth);
                backlog.atEnd = record.depth;
            } else {
                backlog.maxAfter = std::max(backlog.maxAfter, record.depth);
            }
            backlog.last = record.depth;
            backlog.maxOldestAgeSeconds = std::max(backlog.maxOldestAgeSeconds, record.oldestAgeSeconds);
            const int second = static_cast<int>(std::floor(secondsBetween(window.start, record.at)));
            backlogAt[{record.function, second}][record.queue] = record.depth;
            continue;
        }
        const int phase = record.at < window.start ? 0 : record.at < window.end ? 1 : 2;
        phases[record.function][static_cast<std::size_t>(phase)].add(record, experiment.id);
        if (phase > 0 && record.kind == TelemetryRecord::Kind::AsyncRetry)
            ++asyncOutcomes[record.function].first;
        if (phase > 0 && record.kind == TelemetryRecord::Kind::DeadLetter)
            ++asyncOutcomes[record.function].second;
        if (phase > 0 && record.kind == TelemetryRecord::Kind::Redelivered)
            mappingOutcomes[record.function].first += static_cast<std::uint64_t>(record.count);
        const int second = static_cast<int>(std::floor(secondsBetween(window.start, record.at)));
        auto& tally = buckets[{record.function, second}];
        tally.bucket.second = second;
        tally.bucket.function = record.function;
        if (record.kind == TelemetryRecord::Kind::Finished) {
            ++tally.bucket.invocations;
            tally.bucket.errors += record.ok ? 0 : 1;
            tally.durations.push_back(record.durationMs);
        } else if (record.kind == TelemetryRecord::Kind::Throttled) {
            ++tally.bucket.throttles;
        } else if (record.kind == TelemetryRecord::Kind::Faulted && record.experimentId == experiment.id) {
            tally.faulted.insert(record.requestId);
        }
    }
    for (const auto& [key, depths] : backlogAt) {
        auto& tally = buckets[key];
        tally.bucket.second = key.second;
        tally.bucket.function = key.first;
        for (const auto& [queue, depth] : depths)
            tally.bucket.backlog += depth;
    }
    for (auto& [key, tally] : buckets) {
        tally.bucket.p99Ms = percentile(tally.durations, 0.99);
        tally.bucket.faulted = tally.faulted.size();
        report.series.push_back(tally.bucket);
    }

    for (const auto& function : functions) {
        FunctionReport figures;
        figures.function = function;
        auto& tallies = phases[function];
        figures.before = tallies[0].finish(secondsBetween(window.beforeFrom, window.start));
        figures.during = tallies[1].finish(secondsBetween(window.start, window.end));
        figures.after = tallies[2].finish(secondsBetween(window.end, window.afterTo));
        figures.asyncRetries = asyncOutcomes[function].first;
        figures.deadLetters = asyncOutcomes[function].second;
        figures.redeliveries = mappingOutcomes[function].first;
        figures.movedToDeadLetterQueue = mappingOutcomes[function].second;
        if (window.ended) {
            // From the end to the first success after the last failure: the function answered well again and
            // stayed so for the rest of the after window.
            std::optional<Clock::time_point> recoveredAt;
            for (const auto& record : records) {
                if (record.function != function || record.at < window.end)
                    continue;
                if (record.kind == TelemetryRecord::Kind::Throttled ||
                    (record.kind == TelemetryRecord::Kind::Finished && !record.ok))
                    recoveredAt.reset();
                else if (record.kind == TelemetryRecord::Kind::Finished && !recoveredAt)
                    recoveredAt = record.at;
            }
            if (recoveredAt)
                figures.recoverySeconds = secondsBetween(window.end, *recoveredAt);
        }
        for (auto& [queue, backlog] : backlogs[function])
            figures.queues.push_back(backlog);
        report.functions.push_back(std::move(figures));
    }
    return report;
}

}  // namespace lambdadesk::faults
