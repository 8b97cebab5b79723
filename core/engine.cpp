// SPDX-License-Identifier: MIT
#include "engine.h"

#include "encoding/base64.h"
#include "encoding/ids.h"
#include "model/arn.h"
#include "model/function_name.h"
#include "project/project_watcher.h"
#include "runtime/thread_priority.h"
#include "mappings/event_sources.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <set>
#include <future>
#include <signal.h>

namespace lambdadesk::core {
namespace {

constexpr std::size_t kMaxSyncPayloadBytes = 6 * 1024 * 1024;

InvokeResult requestError(InvokeStatus status, const std::string& errorType, const std::string& messageKey,
                          const std::string& message)
{
    InvokeResult result;
    result.status = status;
    result.requestId = newRequestId();
    result.errorType = errorType;
    result.payload = nlohmann::json{{"Type", "User"}, {messageKey, message}}.dump();
    return result;
}

}  // namespace

struct Engine::WorkGuard {
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard;
};

Engine::Engine(EngineOptions options)
    : m_options(std::move(options)), m_io(std::make_unique<boost::asio::io_context>(m_options.ioThreads)),
      m_workGuard(std::make_unique<WorkGuard>(WorkGuard{boost::asio::make_work_guard(*m_io)})),
      m_metrics(std::make_shared<MetricsCollector>()), m_pool(m_options.accountConcurrency),
      m_host(std::make_shared<HostCapacity>(m_options.hostCapacity))
{
    // A runtime that dies mid-write must not take the engine with it.
    ::signal(SIGPIPE, SIG_IGN);
    m_recentEvents = std::make_unique<RecentEvents>(m_options.keptEvents, m_options.keptEventBytes);
    if (!m_options.launcher)
        m_options.launcher = makeProcessLauncher();
    m_events.subscribe(m_metrics);
    m_context.launcher = m_options.launcher;
    m_context.events = &m_events;
    m_context.pool = &m_pool;
    m_context.host = m_host;
    m_context.pricing = m_options.pricing;
    m_context.region = m_options.region;
    m_context.serviceEndpoint = m_serviceEndpoint;
    m_context.faults = m_faults;
    m_context.keepAlive = m_options.keepAlive;
    m_context.initTimeout = m_options.initTimeout;
    m_context.runtimeApiBind = m_options.runtimeApiBind;
    m_context.runtimeApiHost = m_options.runtimeApiHost;
    m_context.runtimeApiPortFirst = m_options.runtimeApiPortFirst;
    m_context.runtimeApiPortLast = m_options.runtimeApiPortLast;
    m_context.shutdownGrace = m_options.shutdownGrace;
    for (int i = 0; i < std::max(1, m_options.ioThreads); ++i)
        m_threads.emplace_back([this] {
            lowerCurrentThreadPriority(m_options.backgroundNice);  // function processes start from here: they inherit it
            m_io->run();
        });

    EventSourcesOptions sourceOptions;
    sourceOptions.stateDir = m_options.stateDir;
    sourceOptions.timeScale = m_options.timeScale;
    sourceOptions.region = m_options.region;
    sourceOptions.accountId = m_options.accountId;
    sourceOptions.backgroundNice = m_options.backgroundNice;
    EventSources::Hooks hooks;
    hooks.invoke = [this](InvokeRequest request, InvokeCallback done) { invokeAsync(std::move(request), std::move(done)); };
    hooks.function = [this](const std::string& name) { return function(name); };
    hooks.faults = m_faults;
    m_sources = std::make_unique<EventSources>(m_io->get_executor(), sourceOptions, m_events, std::move(hooks));
    if (auto opened = m_sources->open(); !opened) {
        m_events.publish(LogLine{{}, {}, {}, LogLine::Stream::Platform,
                                 "queues and async invocation are unavailable: " + opened.error().message});
        m_sources.reset();
    }
}

boost::asio::any_io_executor Engine::executor() const
{
    return m_io->get_executor();
}

Engine::~Engine()
{
    shutdown();
}

void Engine::shutdown()
{
    // Event sources first: no poller or retry may start an invocation while functions stop.
    if (m_sources)
        m_sources->stop();
    std::map<std::string, FunctionEntry, std::less<>> functions;
    {
        std::unique_lock lock(m_mutex);
        if (m_stopped)
            return;
        m_stopped = true;
        functions.swap(m_functions);
    }
    if (auto watcher = std::exchange(m_watcher, nullptr)) {
        std::promise<void> stopped;
        boost::asio::post(m_io->get_executor(), [&] {
            watcher->stop();
            stopped.set_value();
        });
        stopped.get_future().wait_for(std::chrono::seconds(2));
    }
    std::mutex doneMutex;
    std::condition_variable doneChanged;
    std::size_t remaining = functions.size();
    for (auto& [name, entry] : functions) {
        boost::asio::post(entry.scheduler->strand(), [&, scheduler = entry.scheduler] {
            scheduler->shutdown([&] {
                std::lock_guard lock(doneMutex);
                --remaining;
                doneChanged.notify_all();
            });
        });
    }
    {
        std::unique_lock lock(doneMutex);
        doneChanged.wait_for(lock, m_options.shutdownGrace + std::chrono::seconds(1), [&] { return remaining == 0; });
    }
    m_workGuard.reset();
    m_io->stop();
    for (auto& thread : m_threads)
        thread.join();
    m_threads.clear();
    // Environments still alive here (past the grace) are killed and reaped now, each reported stopped, so every
    // count derived from the events matches the processes that exist.
    for (auto& [name, entry] : functions)
        entry.scheduler->abandon("engine shutdown");
    functions.clear();
    m_sources.reset();
}

void Engine::loadProject(const Project& project)
{
    for (const auto& function : project.functions)
        putFunction(function);
    {
        std::unique_lock lock(m_mutex);
        for (const auto& function : project.functions)
            m_templateFunctions.insert(function.name);
    }
    if (m_sources)
        m_sources->applyProject(project);
}

Expected<std::string> Engine::invokeEvent(const std::string& function, std::string payload)
{
    if (!m_sources)
        return Error{"ServiceException", "async invocation is unavailable (the state database could not be opened)"};
    return m_sources->invokeEvent(functionKeyFromIdentifier(function, m_options.region), std::move(payload));
}

void Engine::putFunction(FunctionConfig function)
{
    if (function.arn.empty())
        function.arn = functionArnOfKey(function.name, m_options.region, m_options.accountId);
    // Keyed by name in the default region and name@region elsewhere, whatever the caller wrote (a function
    // saved under another default region comes back under today's key).
    function.name = functionKey(awsFunctionName(function.name), regionOfArn(function.arn), m_options.region);
    auto config = std::make_shared<const FunctionConfig>(std::move(function));
    std::unique_lock lock(m_mutex);
    if (m_stopped)
        return;
    auto found = m_functions.find(config->name);
    if (found != m_functions.end()) {
        found->second.config = config;
        boost::asio::post(found->second.scheduler->strand(),
                          [scheduler = found->second.scheduler, config] { scheduler->reload(config); });
        return;
    }
    // Each region has its own account concurrency, as on AWS; the host-capacity governor still bounds them all.
    SchedulerContext context = m_context;
    if (const auto region = regionOfFunctionKey(config->name, m_options.region); region != m_options.region) {
        auto& pool = m_regionPools[region];
        if (!pool)
            pool = std::make_unique<ConcurrencyPool>(m_options.accountConcurrency);
        context.pool = pool.get();
    }
    auto strand = boost::asio::make_strand(m_io->get_executor());
    auto scheduler = std::make_shared<FunctionScheduler>(boost::asio::strand<boost::asio::any_io_executor>(strand),
                                                         config, context);
    m_host->join(scheduler);
    m_functions.emplace(config->name, FunctionEntry{config, scheduler});
    boost::asio::post(scheduler->strand(), [scheduler] { scheduler->start(); });
}

bool Engine::removeFunction(const std::string& name)
{
    FunctionEntry entry;
    {
        std::unique_lock lock(m_mutex);
        auto found = m_functions.find(name);
        if (found == m_functions.end())
            return false;
        entry = std::move(found->second);
        m_functions.erase(found);
    }
    boost::asio::post(entry.scheduler->strand(), [scheduler = entry.scheduler] { scheduler->shutdown([] {}); });
    return true;
}

bool Engine::reloadFunction(const std::string& name)
{
    std::shared_lock lock(m_mutex);
    auto found = m_functions.find(name);
    if (found == m_functions.end())
        return false;
    boost::asio::post(found->second.scheduler->strand(),
                      [scheduler = found->second.scheduler, config = found->second.config] { scheduler->reload(config); });
    return true;
}

bool Engine::recycleEnvironments(const std::string& name)
{
    auto scheduler = schedulerFor(name);
    if (!scheduler)
        return false;
    boost::asio::post(scheduler->strand(), [scheduler] { scheduler->recycleIdle(); });
    return true;
}

bool Engine::watchProject(const std::filesystem::path& templatePath, LoadOptions options)
{
    auto strand = boost::asio::make_strand(m_io->get_executor());
    auto watcher = std::make_shared<ProjectWatcher>(
        strand, [this, templatePath, options](const ProjectChanges& changes) {
            applyProjectChanges(templatePath, options, changes);
        });
    {
        std::unique_lock lock(m_mutex);
        if (m_stopped)
            return false;
        m_watcher = watcher;
    }
    std::promise<bool> watching;
    auto result = watching.get_future();
    boost::asio::post(strand, [this, watcher, templatePath, &watching] {
        std::map<std::string, std::filesystem::path> folders;
        for (const auto& function : functions())
            folders.emplace(function.name, function.codeDir);
        watching.set_value(watcher->watch(templatePath, folders));
    });
    return result.get();
}

void Engine::rewatch(const std::filesystem::path& templatePath)
{
    std::map<std::string, std::filesystem::path> folders;
    for (const auto& function : functions())
        folders.emplace(function.name, function.codeDir);
    if (m_watcher)
        m_watcher->watch(templatePath, folders);
}

// Runs on the watcher's strand.
void Engine::applyProjectChanges(const std::filesystem::path& templatePath, const LoadOptions& options,
                                 const ProjectChanges& changes)
{
    ProjectReloaded report;
    std::set<std::string> reloaded;
    if (changes.templateChanged) {
        auto loaded = core::loadProject(templatePath, options);
        if (!loaded.ok()) {
            report.ok = false;
            report.message = loaded.errorText();
            m_events.publish(std::move(report));
            return;
        }
        std::set<std::string> present;
        for (const auto& function : loaded.project->functions) {
            present.insert(function.name);
            auto current = this->function(function.name);
            if (!current || !sameConfiguration(*current, function)) {
                putFunction(function);
                reloaded.insert(function.name);
            }
        }
        // Only what the template had before goes with it: a function created through the API (in any region)
        // is not the template's to remove.
        std::set<std::string> dropped;
        {
            std::unique_lock lock(m_mutex);
            for (const auto& name : m_templateFunctions) {
                if (!present.contains(name))
                    dropped.insert(name);
            }
            m_templateFunctions = present;
        }
        for (const auto& name : dropped) {
            if (removeFunction(name))
                reloaded.insert(name);
        }
        if (m_sources)
            m_sources->applyProject(*loaded.project);
        rewatch(templatePath);
    }
    for (const auto& name : changes.functionsWithChangedCode) {
        if (!reloaded.contains(name) && reloadFunction(name))
            reloaded.insert(name);
    }
    report.changedFunctions.assign(reloaded.begin(), reloaded.end());
    m_events.publish(std::move(report));
}

std::shared_ptr<FunctionScheduler> Engine::schedulerFor(const std::string& name) const
{
    std::shared_lock lock(m_mutex);
    auto found = m_functions.find(functionKeyFromIdentifier(name, m_options.region));
    return found == m_functions.end() ? nullptr : found->second.scheduler;
}

void Engine::invokeAsync(InvokeRequest request, InvokeCallback done)
{
    const std::string name = functionKeyFromIdentifier(request.function, m_options.region);
    const std::string qualifier = qualifierFromIdentifier(request.function);
    std::shared_ptr<FunctionScheduler> scheduler;
    std::string arn;
    {
        std::shared_lock lock(m_mutex);
        auto found = m_functions.find(name);
        if (found != m_functions.end() && (qualifier.empty() || qualifier == "$LATEST")) {
            scheduler = found->second.scheduler;
            arn = found->second.config->arn;
        }
    }
    if (!scheduler) {
        const std::string missing = functionArnOfKey(name, m_options.region, m_options.accountId) +
                                    (qualifier.empty() ? std::string() : ':' + qualifier);
        return done(requestError(InvokeStatus::NotFound, "ResourceNotFoundException", "Message",
                                 "Function not found: " + missing));
    }
    if (request.payload.size() > kMaxSyncPayloadBytes)
        return done(requestError(InvokeStatus::InvalidRequest, "RequestTooLargeException", "message",
                                 "Request must be smaller than " + std::to_string(kMaxSyncPayloadBytes) +
                                     " bytes for the InvokeFunction operation"));
    if (request.payload.empty())
        request.payload = "{}";
    if (!nlohmann::json::accept(request.payload))
        return done(requestError(InvokeStatus::InvalidRequest, "InvalidRequestContentException", "message",
                                 "Could not parse request body into json: the payload is not valid JSON"));

    auto invocation = std::make_shared<PendingInvocation>();
    invocation->requestId = newRequestId();
    invocation->payload = std::move(request.payload);
    invocation->invokedFunctionArn = qualifier.empty() ? arn : arn + ':' + qualifier;
    invocation->traceId = request.traceId.empty() ? newTraceId() : std::move(request.traceId);
    if (!request.clientContext.empty()) {
        std::string decoded;
        if (!decodeBase64(request.clientContext, decoded) || !nlohmann::json::accept(decoded))
            return done(requestError(InvokeStatus::InvalidRequest, "InvalidRequestContentException", "message",
                                     "Client context must be a base64-encoded JSON object"));
        invocation->clientContext = std::move(decoded);
    }
    invocation->logTail = request.logTail;
    invocation->acceptedAt = Clock::now();
    m_recentEvents->record(invocation->requestId,
                           RecordedEvent{request.function, invocation->payload, std::move(request.clientContext)});
    invocation->done = std::move(done);
    boost::asio::post(scheduler->strand(), [scheduler, invocation] { scheduler->invoke(invocation); });
}

InvokeResult Engine::invoke(InvokeRequest request)
{
    auto promise = std::make_shared<std::promise<InvokeResult>>();
    auto future = promise->get_future();
    invokeAsync(std::move(request), [promise](InvokeResult result) { promise->set_value(std::move(result)); });
    return future.get();
}

std::vector<FunctionConfig> Engine::functions() const
{
    std::vector<FunctionConfig> all;
    std::shared_lock lock(m_mutex);
    for (const auto& [name, entry] : m_functions)
        all.push_back(*entry.config);
    return all;
}

std::optional<FunctionConfig> Engine::function(const std::string& nameOrArn) const
{
    std::shared_lock lock(m_mutex);
    auto found = m_functions.find(functionKeyFromIdentifier(nameOrArn, m_options.region));
    if (found == m_functions.end())
        return std::nullopt;
    return *found->second.config;
}

std::optional<SchedulerStats> Engine::stats(const std::string& name) const
{
    auto scheduler = schedulerFor(name);
    if (!scheduler)
        return std::nullopt;
    auto promise = std::make_shared<std::promise<SchedulerStats>>();
    auto future = promise->get_future();
    boost::asio::post(scheduler->strand(), [promise, scheduler] { promise->set_value(scheduler->stats()); });
    if (future.wait_for(std::chrono::seconds(5)) != std::future_status::ready)
        return std::nullopt;
    return future.get();
}

}  // namespace lambdadesk::core
