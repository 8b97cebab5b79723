// SPDX-License-Identifier: MIT
#include "run/experiment_runner.h"

#include "run/action_effects.h"
#include "run/hit_selection.h"
#include "run/report_builder.h"
#include "run/stop_condition.h"
#include "run/target_resolution.h"
#include "run/telemetry_log.h"

#include <engine.h>
#include <mappings/event_sources.h>
#include <queues/queue_service.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

namespace lambdadesk::faults {
namespace {

using core::Clock;
using SystemClock = std::chrono::system_clock;

constexpr auto kTick = std::chrono::milliseconds(100);
constexpr auto kAlarmPeriod = std::chrono::seconds(1);

core::Error notFound(const std::string& what, const std::string& id)
{
    return core::Error{"ResourceNotFoundException", what + " " + id + " not found"};
}

}  // namespace

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

    QueueProbe queueProbe() const
    {
        auto* sources = engine.sources();
        auto queues = sources ? sources->queues() : nullptr;
        return [queues](const std::string& name) -> std::optional<QueueReading> {
            if (!queues)
                return std::nullopt;
            const auto stats = queues->stats(name);
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

    /// The SQS queues feeding `functions` through event source mappings (the template's or the API's), as
    /// (function, queue name) pairs.
    std::vector<std::pair<std::string, std::string>> sourceQueues(const std::set<std::string>& functions) const
    {
        std::vector<std::pair<std::string, std::string>> out;
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
            out.emplace_back(name, config.eventSourceArn.substr(config.eventSourceArn.rfind(':') + 1));
        }
        return out;
    }

    /// Samples the backlog of the queues feeding the functions of experiments that run or are in their after
    /// window, into the telemetry log (the report's queue figures). Outside the runner's lock.
    void sampleQueues(const std::set<std::string>& functions, const QueueProbe& queues)
    {
        if (functions.empty() || !queues)
            return;
        const auto now = Clock::now();
        for (const auto& [function, queue] : sourceQueues(functions)) {
            if (const auto reading = queues(queue)) {
                TelemetryRecord record;
                record.at = now;
                record.kind = TelemetryRecord::Kind::QueueSample;
                record.function = function;
                record.queue = queue;
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

std::shared_ptr<ExperimentRunner> ExperimentRunner::create(core::Engine& engine, Options options)
{
    std::shared_ptr<ExperimentRunner> runner(new ExperimentRunner(engine, std::move(options)));
    auto* state = runner->m_state.get();
    engine.events().subscribe(state->log);
    state->forwarder = std::make_shared<RunnerForwarder>(runner);
    engine.setFaultPolicy(state->forwarder);
    state->clock = std::thread([state] {
        std::unique_lock lock(state->mutex);
        while (!state->stopping) {
            state->wake.wait_for(lock, kTick);
            if (state->stopping)
                break;
            lock.unlock();
            state->tick();
            lock.lock();
        }
    });
    return runner;
}

ExperimentRunner::ExperimentRunner(core::Engine& engine, Options options)
    : m_state(std::make_unique<State>(engine, std::move(options)))
{
}

ExperimentRunner::~ExperimentRunner()
{
    shutdown();
}

void ExperimentRunner::shutdown()
{
    {
        std::lock_guard lock(m_state->mutex);
        if (m_state->stopping)
            return;
        m_state->stopping = true;
        for (auto& [id, run] : m_state->runs) {
            if (!isFinal(run.experiment.status))
                m_state->finish(run, ExperimentStatus::Stopped, "LambdaDesk stopped.", ActionStatus::Stopped);
        }
    }
    m_state->wake.notify_all();
    if (m_state->clock.joinable())
        m_state->clock.join();
    // Only ours is removed: the engine may hold another policy by now.
    if (m_state->engine.faultPolicy() == m_state->forwarder)
        m_state->engine.setFaultPolicy(nullptr);
    m_state->engine.events().unsubscribe(m_state->log);
}

// --- templates -------------------------------------------------------------------------------------------

core::Expected<ExperimentTemplate> ExperimentRunner::createTemplate(const nlohmann::json& request)
{
    auto parsed = parseExperimentTemplate(request);
    if (!parsed)
        return parsed.error();
    for (const auto& condition : parsed->stopConditions) {
        if (condition.source == "aws:cloudwatch:alarm")
            return core::Error{"ValidationException",
                               "stopConditions: aws:cloudwatch:alarm needs CloudWatch, which LambdaDesk does not run; "
                               "use {\"source\": \"lambdadesk:alarm\", \"value\": \"ErrorRate(MyFunction) > 50 for 5s\"} "
                               "or {\"source\": \"none\"}"};
        if (condition.source == "lambdadesk:alarm") {
            if (auto alarm = parseLocalAlarm(condition.value); !alarm)
                return core::Error{"ValidationException", "stopConditions: " + alarm.error().message};
        }
    }
    const std::string token = request.is_object() ? request.value("clientToken", std::string()) : std::string();
    std::lock_guard lock(m_state->mutex);
    if (!token.empty()) {
        if (auto known = m_state->templateTokens.find(token); known != m_state->templateTokens.end()) {
            if (auto found = m_state->templates.find(known->second); found != m_state->templates.end())
                return found->second;
        }
    }
    auto& made = *parsed;
    made.id = m_state->newId("EXT");
    made.arn = m_state->arn("experiment-template", made.id);
    made.creationTime = made.lastUpdateTime = SystemClock::now();
    m_state->templates[made.id] = made;
    m_state->templateOrder.push_back(made.id);
    if (!token.empty())
        m_state->templateTokens[token] = made.id;
    return made;
}

core::Expected<ExperimentTemplate> ExperimentRunner::updateTemplate(const std::string& id, const nlohmann::json& changes)
{
    ExperimentTemplate current;
    {
        std::lock_guard lock(m_state->mutex);
        const auto found = m_state->templates.find(id);
        if (found == m_state->templates.end())
            return notFound("Experiment template", id);
        current = found->second;
    }
    if (!changes.is_object())
        return core::Error{"ValidationException", "UpdateExperimentTemplate takes a JSON object"};
    // Members given replace the template's; the rest stay. Then the whole is validated again.
    nlohmann::json merged = toJson(current);
    for (const char* member : {"id", "arn", "creationTime", "lastUpdateTime"})
        merged.erase(member);
    for (const auto& [member, value] : changes.items()) {
        if (member != "id")
            merged[member] = value;
    }
    if (current.seed)
        merged["lambdadesk"] = {{"seed", *current.seed}};
    auto parsed = parseExperimentTemplate(merged);
    if (!parsed)
        return parsed.error();
    std::lock_guard lock(m_state->mutex);
    parsed->id = current.id;
    parsed->arn = current.arn;
    parsed->creationTime = current.creationTime;
    parsed->lastUpdateTime = SystemClock::now();
    m_state->templates[id] = *parsed;
    return *parsed;
}

std::optional<ExperimentTemplate> ExperimentRunner::getTemplate(const std::string& id) const
{
    std::lock_guard lock(m_state->mutex);
    const auto found = m_state->templates.find(id);
    return found == m_state->templates.end() ? std::nullopt : std::optional(found->second);
}

std::vector<ExperimentTemplate> ExperimentRunner::listTemplates() const
{
    std::lock_guard lock(m_state->mutex);
    std::vector<ExperimentTemplate> out;
    for (const auto& id : m_state->templateOrder) {
        if (auto found = m_state->templates.find(id); found != m_state->templates.end())
            out.push_back(found->second);
    }
    return out;
}

core::Expected<ExperimentTemplate> ExperimentRunner::deleteTemplate(const std::string& id)
{
    std::lock_guard lock(m_state->mutex);
    const auto found = m_state->templates.find(id);
    if (found == m_state->templates.end())
        return notFound("Experiment template", id);
    auto removed = found->second;
    m_state->templates.erase(found);
    std::erase(m_state->templateOrder, id);
    return removed;
}

// --- experiments -----------------------------------------------------------------------------------------

core::Expected<Experiment> ExperimentRunner::start(const std::string& templateId, const StartOptions& options)
{
    const auto functions = m_state->engine.functions();
    Experiment started;
    {
        std::lock_guard lock(m_state->mutex);
        if (m_state->stopping)
            return core::Error{"ConflictException", "the experiment runner is shutting down"};
        if (!options.clientToken.empty()) {
            if (auto known = m_state->runTokens.find(options.clientToken); known != m_state->runTokens.end())
                return m_state->runs.at(known->second).experiment;
        }
        const auto found = m_state->templates.find(templateId);
        if (found == m_state->templates.end())
            return notFound("Experiment template", templateId);
        const ExperimentTemplate& spec = found->second;

        ExperimentRun run;
        auto& experiment = run.experiment;
        experiment.id = m_state->newId("EXP");
        experiment.arn = m_state->arn("experiment", experiment.id);
        experiment.templateId = templateId;
        experiment.spec = spec;
        experiment.tags = options.tags;
        std::optional<std::uint64_t> taggedSeed;
        if (const auto tag = options.tags.find(std::string(kSeedTag)); tag != options.tags.end()) {
            taggedSeed = parseSeedTag(tag->second);
            if (!taggedSeed)
                return core::Error{"ValidationException", "tags." + tag->first + ": \"" + tag->second +
                                                              "\" is not a seed; accepted: an unsigned integer such as \"7\""};
        }
        experiment.seed = options.seed     ? *options.seed
                          : taggedSeed     ? *taggedSeed
                          : spec.seed      ? *spec.seed
                                           : m_state->random();
        experiment.creationTime = SystemClock::now();
        experiment.startTime = experiment.creationTime;
        experiment.status = ExperimentStatus::Initiating;
        run.startedAt = Clock::now();

        std::string failure;
        for (const auto& [name, target] : spec.targets) {
            const auto resolved = resolveTarget(target, functions, experiment.seed, name);
            experiment.resolvedTargets[name] = resolved.functions;
            if (resolved.functions.empty() && spec.emptyTargetResolutionMode != "skip" && failure.empty()) {
                failure = "Target '" + name + "' resolved to no function LambdaDesk runs" +
                          (resolved.unmatched.empty() ? std::string()
                                                      : " (unknown: " + resolved.unmatched.front() + ")") +
                          "; set experimentOptions.emptyTargetResolutionMode to skip to run anyway.";
            }
        }
        for (const auto& [name, action] : spec.actions) {
            ActionRun actionRun;
            actionRun.name = name;
            actionRun.spec = action;
            RunningAction live;
            auto effect = readActionEffect(action);
            if (!effect)
                return effect.error();
            live.effect = *effect;
            actionRun.duration = effect->duration;
            if (auto target = action.targets.find("Functions"); target != action.targets.end()) {
                live.hasTarget = true;
                const auto& names = experiment.resolvedTargets[target->second];
                live.functions.insert(names.begin(), names.end());
                if (names.empty())
                    actionRun.status = ActionStatus::Skipped;
            }
            experiment.actions.push_back(std::move(actionRun));
            run.actions.push_back(std::move(live));
        }
        for (const auto& condition : spec.stopConditions) {
            if (condition.source == "lambdadesk:alarm") {
                if (auto alarm = parseLocalAlarm(condition.value))
                    run.alarms.push_back(*alarm);
            }
        }
        const auto id = experiment.id;
        m_state->running.fetch_add(1);
        if (!failure.empty())
            m_state->finish(run, ExperimentStatus::Failed, failure, ActionStatus::Cancelled);
        else
            m_state->advance(run, run.startedAt);  // faults apply from now, not from the next tick
        m_state->runs.emplace(id, std::move(run));
        m_state->runOrder.push_back(id);
        if (!options.clientToken.empty())
            m_state->runTokens[options.clientToken] = id;
        started = m_state->runs.at(id).experiment;
    }
    // The backlog as the experiment starts, so the report has its "at start" without waiting for the clock.
    std::set<std::string> targets;
    for (const auto& [target, names] : started.resolvedTargets)
        targets.insert(names.begin(), names.end());
    m_state->sampleQueues(targets, m_state->queueProbe());
    return started;
}

std::shared_ptr<ExperimentRunner> ExperimentRunner::installedIn(const core::Engine& engine)
{
    auto forwarder = std::dynamic_pointer_cast<RunnerForwarder>(engine.faultPolicy());
    return forwarder ? forwarder->runner.lock() : nullptr;
}

std::optional<Experiment> ExperimentRunner::experiment(const std::string& id) const
{
    std::lock_guard lock(m_state->mutex);
    const auto found = m_state->runs.find(id);
    return found == m_state->runs.end() ? std::nullopt : std::optional(found->second.experiment);
}

std::vector<Experiment> ExperimentRunner::experiments() const
{
    std::lock_guard lock(m_state->mutex);
    std::vector<Experiment> out;
    for (const auto& id : m_state->runOrder)
        out.push_back(m_state->runs.at(id).experiment);
    return out;
}

core::Expected<Experiment> ExperimentRunner::stop(const std::string& id)
{
    std::lock_guard lock(m_state->mutex);
    const auto found = m_state->runs.find(id);
    if (found == m_state->runs.end())
        return notFound("Experiment", id);
    auto& run = found->second;
    if (!isFinal(run.experiment.status))
        m_state->finish(run, ExperimentStatus::Stopped, "Experiment stopped by the user.", ActionStatus::Stopped);
    return run.experiment;
}

std::optional<ExperimentReport> ExperimentRunner::report(const std::string& id) const
{
    Experiment experiment;
    ReportWindow window;
    {
        std::lock_guard lock(m_state->mutex);
        const auto found = m_state->runs.find(id);
        if (found == m_state->runs.end())
            return std::nullopt;
        const auto& run = found->second;
        experiment = run.experiment;
        const auto now = Clock::now();
        window.start = run.startedAt;
        window.beforeFrom = std::max(m_state->log->since(), run.startedAt - m_state->options.history);
        window.ended = run.endedAt.has_value();
        window.end = run.endedAt.value_or(now);
        window.afterTo = window.ended ? std::min(now, *run.endedAt + m_state->options.afterWindow) : now;
    }
    const auto records = m_state->log->between(window.beforeFrom, window.afterTo);
    return buildReport(experiment, records, window);
}

// --- fault points ----------------------------------------------------------------------------------------

core::PlacementFault ExperimentRunner::onPlacement(const core::PlacementQuery& query)
{
    core::PlacementFault fault;
    if (m_state->running.load(std::memory_order_relaxed) == 0)
        return fault;
    std::lock_guard lock(m_state->mutex);
    m_state->decide(
        query.functionName, {ActionEffect::Group::ColdStart, ActionEffect::Group::Concurrency}, false,
        [&](const RunningAction& live) {
            // A concurrency limit only counts (and is only reported) when it throttles this invocation.
            return live.effect.kind != ActionEffect::Kind::ConcurrencyLimit ||
                   query.inFlight >= live.effect.reservedConcurrency;
        },
        [&](const ActionEffect& effect, core::AppliedFault applied) {
            if (effect.kind == ActionEffect::Kind::ColdStart)
                fault.forceCold = true;
            else
                fault.concurrencyLimit = effect.reservedConcurrency;
            fault.applied.push_back(std::move(applied));
        });
    return fault;
}

core::InvocationFault ExperimentRunner::onInvocation(const core::InvocationQuery& query)
{
    core::InvocationFault fault;
    if (m_state->running.load(std::memory_order_relaxed) == 0)
        return fault;
    std::lock_guard lock(m_state->mutex);
    m_state->decide(
        query.functionName, {ActionEffect::Group::Delay, ActionEffect::Group::Response, ActionEffect::Group::Kill}, false,
        [](const RunningAction&) { return true; },
        [&](const ActionEffect& effect, core::AppliedFault applied) {
            switch (effect.kind) {
            case ActionEffect::Kind::Delay: fault.startupDelay = effect.delay; break;
            case ActionEffect::Kind::Error: {
                fault.preventExecution = effect.preventExecution;
                const nlohmann::json payload = {
                    {"errorMessage", "Invocation failed by fault experiment " + applied.experimentId + ", action '" +
                                         applied.actionName + "' (" + applied.actionId + ")."},
                    {"errorType", "FaultInjection.InvocationError"}};
                fault.response = core::ReplacedResponse{true, "FaultInjection.InvocationError", payload.dump()};
                break;
            }
            case ActionEffect::Kind::HttpResponse: {
                fault.preventExecution = effect.preventExecution;
                const nlohmann::json payload = {{"statusCode", effect.statusCode},
                                                {"headers", {{"Content-Type", effect.contentType}}},
                                                {"body", ""},
                                                {"isBase64Encoded", false}};
                fault.response = core::ReplacedResponse{false, {}, payload.dump()};
                break;
            }
            case ActionEffect::Kind::Crash: fault.crashAfter = effect.delay; break;
            case ActionEffect::Kind::Timeout: fault.timeoutAfter = effect.delay; break;
            default: break;
            }
            fault.applied.push_back(std::move(applied));
        });
    return fault;
}

core::ServiceFault ExperimentRunner::onServiceCall(const core::ServiceCallQuery& query)
{
    core::ServiceFault fault;
    if (m_state->running.load(std::memory_order_relaxed) == 0)
        return fault;
    std::lock_guard lock(m_state->mutex);
    m_state->decide(
        query.functionName, {ActionEffect::Group::ApiLatency, ActionEffect::Group::ApiError}, true,
        [&](const RunningAction& live) { return live.effect.matchesCall(query.service, query.operation); },
        [&](const ActionEffect& effect, core::AppliedFault applied) {
            if (effect.kind == ActionEffect::Kind::ApiLatency) {
                fault.latency = effect.delay;
            } else {
                fault.status = effect.statusCode;
                fault.errorCode = effect.errorCode;
                fault.message = "Injected by fault experiment " + applied.experimentId + ", action '" +
                                applied.actionName + "' (" + applied.actionId + ").";
            }
            applied.effect += " (" + query.service + ":" + query.operation + ")";
            fault.applied.push_back(std::move(applied));
        });
    return fault;
}

}  // namespace lambdadesk::faults
