// SPDX-License-Identifier: MIT
#pragma once
// Inside the experiment runner, shared by its two halves: experiment_runner.cpp (the API, lifecycle and the
// clock thread) and fault_points.cpp (what the engine asks at each fault point). Not for anyone else.

#include "run/action_effects.h"
#include "run/experiment_runner.h"
#include "run/hit_selection.h"
#include "run/stop_condition.h"
#include "run/telemetry_log.h"

#include <engine.h>
#include <mappings/event_sources.h>
#include <queues/queue_service.h>
#include <regions/region_directory.h>
#include <regions/region_names.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

namespace lambdadesk::faults {

using core::Clock;
using SystemClock = std::chrono::system_clock;

inline constexpr auto kAlarmPeriod = std::chrono::seconds(1);

/// What the engine holds: the engine must not own the runner (the runner refers to the engine, and is
/// destroyed by whoever made it), so it holds this forwarder with a weak reference.
class RunnerForwarder final : public core::FaultPolicy {
public:
    explicit RunnerForwarder(std::weak_ptr<ExperimentRunner> runner) : runner(std::move(runner)) {}
    core::PlacementFault onPlacement(const core::PlacementQuery& query) override
    {
        auto locked = runner.lock();
        return locked ? locked->onPlacement(query) : core::PlacementFault{};
    }
    core::InvocationFault onInvocation(const core::InvocationQuery& query) override
    {
        auto locked = runner.lock();
        return locked ? locked->onInvocation(query) : core::InvocationFault{};
    }
    core::ServiceFault onServiceCall(const core::ServiceCallQuery& query) override
    {
        auto locked = runner.lock();
        return locked ? locked->onServiceCall(query) : core::ServiceFault{};
    }
    core::DeliveryFault onDelivery(const core::DeliveryQuery& query) override
    {
        auto locked = runner.lock();
        return locked ? locked->onDelivery(query) : core::DeliveryFault{};
    }
    std::weak_ptr<ExperimentRunner> runner;
};

/// An action of a running experiment with what the fault points need, typed.
struct RunningAction {
    ActionEffect effect;
    std::set<std::string> functions;  ///< resolved targets
    bool hasTarget = false;
    Clock::time_point startedAt;
    std::map<std::string, std::uint64_t> positions;  ///< per function (or "" for service calls): invocations seen
};

struct ExperimentRun {
    Experiment experiment;
    std::vector<RunningAction> actions;  ///< parallel to experiment.actions
    std::vector<LocalAlarm> alarms;
    Clock::time_point startedAt;
    std::optional<Clock::time_point> endedAt;
};

struct ExperimentRunner::State {
    State(core::Engine& engine, Options options) : engine(engine), options(std::move(options)) {}

    core::Engine& engine;
    Options options;
    std::shared_ptr<TelemetryLog> log = std::make_shared<TelemetryLog>();

    mutable std::mutex mutex;
    std::map<std::string, ExperimentTemplate> templates;
    std::vector<std::string> templateOrder;
    std::map<std::string, std::string> templateTokens;  ///< clientToken → template id
    std::map<std::string, ExperimentRun> runs;
    std::vector<std::string> runOrder;
    std::map<std::string, std::string> runTokens;
    std::atomic<int> running{0};  ///< experiments whose faults may apply: fault points return at once when 0
    std::mt19937_64 random{std::random_device{}()};

    std::condition_variable wake;
    bool stopping = false;
    std::thread clock;
    Clock::time_point lastAlarmCheck;
    std::shared_ptr<RunnerForwarder> forwarder;

    std::string newId(const char* prefix)
    {
        static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        std::string id = prefix;
        std::uniform_int_distribution<int> pick(0, 61);
        for (int i = 0; i < 14; ++i)
            id += kAlphabet[pick(random)];
        return id;
    }
    std::string arn(const std::string& kind, const std::string& id) const
    {
        return "arn:aws:fis:" + options.region + ":" + options.accountId + ":" + kind + "/" + id;
    }

    // --- lifecycle, under the mutex ---------------------------------------------------------------------
    void finish(ExperimentRun& run, ExperimentStatus status, const std::string& reason, ActionStatus runningBecomes)
    {
        const auto now = SystemClock::now();
        for (auto& action : run.experiment.actions) {
            if (action.status == ActionStatus::Running) {
                action.status = runningBecomes;
                action.endTime = now;
            } else if (action.status == ActionStatus::Pending || action.status == ActionStatus::Initiating) {
                action.status = ActionStatus::Cancelled;
            }
        }
        if (run.experiment.status == ExperimentStatus::Running || run.experiment.status == ExperimentStatus::Initiating ||
            run.experiment.status == ExperimentStatus::Stopping)
            running.fetch_sub(1);
        run.experiment.status = status;
        run.experiment.reason = reason;
        run.experiment.endTime = now;
        run.endedAt = Clock::now();
    }

    void advance(ExperimentRun& run, Clock::time_point now)
    {
        auto& experiment = run.experiment;
        if (experiment.status == ExperimentStatus::Initiating)
            experiment.status = ExperimentStatus::Running;
        if (experiment.status != ExperimentStatus::Running)
            return;
        bool progressed = true;
        while (progressed) {  // an action that completes may let another start in the same tick
            progressed = false;
            for (std::size_t i = 0; i < experiment.actions.size(); ++i) {
                auto& action = experiment.actions[i];
                auto& live = run.actions[i];
                if (action.status == ActionStatus::Pending) {
                    const bool ready = std::all_of(action.spec.startAfter.begin(), action.spec.startAfter.end(),
                                                   [&](const std::string& name) {
                                                       const auto* before = experiment.action(name);
                                                       return before && (before->status == ActionStatus::Completed ||
                                                                     before->status == ActionStatus::Skipped);
                                                   });
                    if (ready) {
                        action.status = ActionStatus::Running;
                        action.startTime = SystemClock::now();
                        action.startOffset = std::chrono::duration_cast<std::chrono::milliseconds>(now - run.startedAt);
                        live.startedAt = now;
                        progressed = true;
                    }
                }
                if (action.status == ActionStatus::Running && now - live.startedAt >= live.effect.duration) {
                    action.status = ActionStatus::Completed;
                    action.endTime = SystemClock::now();
                    progressed = true;
                }
            }
        }
        const bool allDone = std::all_of(experiment.actions.begin(), experiment.actions.end(), [](const ActionRun& a) {
            return a.status == ActionStatus::Completed || a.status == ActionStatus::Cancelled ||
                   a.status == ActionStatus::Skipped;
        });
        if (allDone)
            finish(run, ExperimentStatus::Completed, "Experiment completed.", ActionStatus::Completed);
    }

    /// Reads a queue named by its name (the default region's) or by its ARN (the region the ARN names, through the
    /// RegionDirectory), so queue alarms and backlog samples follow a queue in any region.
    QueueProbe queueProbe() const
    {
        auto* sources = engine.sources();
        return [sources](const std::string& queue) -> std::optional<QueueReading> {
            if (!sources)
                return std::nullopt;
            std::shared_ptr<core::QueueService> queues = sources->queues();
            std::string name = queue;
            if (auto* regions = sources->regions(); regions && queue.starts_with("arn:")) {
                auto services = regions->services(core::regionOfArn(queue));
                if (!services)
                    return std::nullopt;
                queues = services->queues;
                name = queue.substr(queue.rfind(':') + 1);
            }
            const auto stats = queues ? queues->stats(name) : std::nullopt;
            if (!stats)
                return std::nullopt;
            return QueueReading{double(stats->visible + stats->inFlight + stats->delayed),
                                double(stats->oldestAgeMs) / 1000.0};
        };
    }

    void checkAlarms(ExperimentRun& run, Clock::time_point now, const QueueProbe& queues)
    {
        for (const auto& alarm : run.alarms) {
            const auto records = log->between(now - alarm.period, now);
            const auto value = alarmValue(alarm, records, queues);
            if (value && breaches(alarm, *value)) {
                char shown[32];
                std::snprintf(shown, sizeof shown, "%.4g", *value);
                finish(run, ExperimentStatus::Stopped,
                       "Stop condition breached: " + alarm.text + " (value " + shown + ").", ActionStatus::Stopped);
                return;
            }
        }
    }

    /// An SQS queue that feeds a target function through an event source mapping.
    struct SourceQueue {
        std::string function;
        std::string queue;  ///< its name, as reports show it
        std::string arn;    ///< the mapping's EventSourceArn, which carries the queue's region
    };

    /// The SQS queues feeding `functions` through event source mappings (the template's or the API's).
    std::vector<SourceQueue> sourceQueueList(const std::set<std::string>& functions) const
    {
        std::vector<SourceQueue> out;
        auto* sources = engine.sources();
        if (!sources)
            return out;
        for (const auto& mapping : sources->mappings()) {
            const auto& config = mapping.config;
            // A mapping may name its function by ARN.
            std::string name = config.functionName;
            if (const auto at = name.find(":function:"); at != std::string::npos) {
                name.erase(0, at + 10);
                name.erase(std::min(name.find(':'), name.size()));
            }
            if (config.source != core::EventSourceMappingConfig::Source::Sqs || !functions.contains(name))
                continue;
            out.push_back(SourceQueue{name, config.eventSourceArn.substr(config.eventSourceArn.rfind(':') + 1),
                                      config.eventSourceArn});
        }
        return out;
    }

    /// sourceQueueList as (function, queue name) pairs, for the report.
    std::vector<std::pair<std::string, std::string>> sourceQueues(const std::set<std::string>& functions) const
    {
        std::vector<std::pair<std::string, std::string>> out;
        for (auto& source : sourceQueueList(functions))
            out.emplace_back(std::move(source.function), std::move(source.queue));
        return out;
    }

    /// Samples the backlog of the queues feeding the functions of experiments that run or are in their after
    /// window, into the telemetry log (the report's queue figures). Outside the runner's lock.
    void sampleQueues(const std::set<std::string>& functions, const QueueProbe& queues)
    {
        if (functions.empty() || !queues)
            return;
        const auto now = Clock::now();
        for (const auto& source : sourceQueueList(functions)) {
            // By ARN: a queue in another region than the default is read there.
            if (const auto reading = queues(source.arn)) {
                TelemetryRecord record;
                record.at = now;
                record.kind = TelemetryRecord::Kind::QueueSample;
                record.function = source.function;
                record.queue = source.queue;
                record.depth = reading->depth;
                record.oldestAgeSeconds = reading->oldestAgeSeconds;
                log->add(std::move(record));
            }
        }
    }

    /// Target functions of the experiments whose report still grows (running, or ended within the after window).
    std::set<std::string> watchedFunctions(Clock::time_point now) const
    {
        std::set<std::string> functions;
        for (const auto& [id, run] : runs) {
            if (run.endedAt && now - *run.endedAt > options.afterWindow)
                continue;
            for (const auto& [target, names] : run.experiment.resolvedTargets)
                functions.insert(names.begin(), names.end());
        }
        return functions;
    }

    void tick()
    {
        const auto now = Clock::now();
        const bool alarmsDue = now - lastAlarmCheck >= kAlarmPeriod;
        const QueueProbe queues = alarmsDue ? queueProbe() : QueueProbe{};
        if (alarmsDue) {
            std::set<std::string> watched;
            {
                std::lock_guard lock(mutex);
                watched = watchedFunctions(now);
            }
            sampleQueues(watched, queues);
        }
        std::lock_guard lock(mutex);
        for (auto& [id, run] : runs) {
            advance(run, now);
            if (alarmsDue && run.experiment.status == ExperimentStatus::Running && !run.alarms.empty())
                checkAlarms(run, now, queues);
        }
        if (alarmsDue)
            lastAlarmCheck = now;
        // Keep what a report can still ask for: the history before the oldest experiment that is live or
        // ended recently, and at least `history` back.
        auto horizon = now - options.history;
        for (const auto& [id, run] : runs) {
            if (!run.endedAt || now - *run.endedAt < options.afterWindow + std::chrono::minutes(10))
                horizon = std::min(horizon, run.startedAt - options.history);
        }
        log->forgetBefore(horizon);
    }

    // --- fault points, under the mutex ------------------------------------------------------------------
    /// The earliest-started running action of each conflict group that targets `subject`; every candidate
    /// counts the event, the winner decides by its seeded draw whether this one is hit.
    template <typename Visit>
    void decide(const std::string& subject, const std::set<ActionEffect::Group>& groups, bool serviceCall,
                const std::function<bool(const RunningAction&)>& matches, Visit apply)
    {
        struct Candidate {
            ExperimentRun* run;
            std::size_t index;
        };
        std::map<ActionEffect::Group, std::vector<Candidate>> byGroup;
        for (auto& [id, run] : runs) {
            if (run.experiment.status != ExperimentStatus::Running)
                continue;
            for (std::size_t i = 0; i < run.actions.size(); ++i) {
                const auto& live = run.actions[i];
                if (run.experiment.actions[i].status != ActionStatus::Running || !groups.contains(live.effect.group()))
                    continue;
                if (serviceCall ? (live.hasTarget && !live.functions.contains(subject))
                                : !live.functions.contains(subject))
                    continue;
                if (!matches(live))
                    continue;
                byGroup[live.effect.group()].push_back({&run, i});
            }
        }
        for (auto& [group, candidates] : byGroup) {
            std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
                return a.run->actions[a.index].startedAt < b.run->actions[b.index].startedAt;
            });
            bool first = true;
            for (const auto& candidate : candidates) {
                auto& live = candidate.run->actions[candidate.index];
                auto& action = candidate.run->experiment.actions[candidate.index];
                const std::string stream = serviceCall ? std::string() : subject;
                const auto position = live.positions[stream]++;
                ++action.considered;
                if (!first)
                    continue;  // identical or conflicting actions: the earliest started wins
                first = false;
                const auto key = stableKey(action.name + '/' + stream);
                if (!isHit(candidate.run->experiment.seed, key, position, live.effect.percentage))
                    continue;
                ++action.hits;
                apply(live.effect, core::AppliedFault{candidate.run->experiment.id, action.name, action.spec.actionId,
                                                      live.effect.describe()});
            }
        }
    }
};

}  // namespace lambdadesk::faults
