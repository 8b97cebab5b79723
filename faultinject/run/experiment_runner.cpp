// SPDX-License-Identifier: MIT
// The runner's API and lifecycle: templates, starting and stopping experiments, the clock thread that
// advances them, and their reports. What the engine asks at its fault points is in fault_points.cpp.
#include "run/runner_state.h"

#include "run/report_builder.h"
#include "run/target_resolution.h"

#include <nlohmann/json.hpp>

#include <set>

namespace lambdadesk::faults {
namespace {

constexpr auto kTick = std::chrono::milliseconds(100);

core::Error notFound(const std::string& what, const std::string& id)
{
    return core::Error{"ResourceNotFoundException", what + " " + id + " not found"};
}

}  // namespace

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
    std::set<std::string> functions;
    for (const auto& [target, names] : experiment.resolvedTargets)
        functions.insert(names.begin(), names.end());
    window.sourceQueues = m_state->sourceQueues(functions);  // outside the lock: it asks the engine's mappings
    return buildReport(experiment, records, window);
}

}  // namespace lambdadesk::faults
