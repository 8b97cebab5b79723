// SPDX-License-Identifier: MIT
#include "runtime/environment.h"

#include "encoding/ids.h"
#include "model/arn.h"
#include "runtime/environment_variables.h"
#include "runtime/invocation_report.h"
#include "runtime/process_memory.h"
#include "runtime/runtime_api.h"
#include "runtime/runtime_catalog.h"

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <utility>

namespace lambdadesk::core {
namespace {

// The listener on an ephemeral port, or on the first free one of a configured range: fixed ports are what a
// remote function can reach through `ssh -R` tunnels (docs/remote-debugging.md).
Expected<std::unique_ptr<net::HttpServer>> startRuntimeApi(const boost::asio::any_io_executor& executor,
                                                           net::HttpServerOptions options, const net::HttpHandler& handler,
                                                           std::uint16_t first, std::uint16_t last)
{
    if (first == 0)
        return net::HttpServer::start(executor, options, handler);
    std::string lastError;
    for (std::uint32_t port = first; port <= last; ++port) {
        options.port = static_cast<std::uint16_t>(port);
        auto server = net::HttpServer::start(executor, options, handler);
        if (server)
            return server;
        lastError = server.error().message;
    }
    return Error{"ServiceException", "no free Runtime API port in " + std::to_string(first) + "-" + std::to_string(last) +
                                         " on " + options.bindAddress + " (each environment needs its own; widen "
                                         "--runtime-api-ports or stop environments): " + lastError};
}

constexpr std::size_t kLogTailBytes = 4096;
constexpr std::size_t kInvocationLogCap = 64 * 1024;
constexpr std::size_t kAnsweredMemory = 32;

double millisecondsBetween(Clock::time_point from, Clock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

std::int64_t epochMillisecondsIn(std::chrono::milliseconds delta)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               (std::chrono::system_clock::now() + delta).time_since_epoch())
        .count();
}

}  // namespace

std::shared_ptr<Environment> Environment::create(Settings settings)
{
    return std::shared_ptr<Environment>(new Environment(std::move(settings)));
}

Environment::Environment(Settings settings)
    : m_settings(std::move(settings)), m_function(*m_settings.function), m_id(newEnvironmentId()),
      m_initTimer(m_settings.executor), m_invokeBudget(m_settings.executor), m_memoryTimer(m_settings.executor),
      m_killTimer(m_settings.executor), m_faultTimer(m_settings.executor)
{
}

Environment::~Environment()
{
    // Last line of defence against orphans: whatever happened, the group dies with us.
    if (m_pid > 0 && !m_reaped) {
        ::kill(-m_pid, SIGKILL);
        if (!m_exitStatus)
            ::waitpid(m_pid, nullptr, 0);
    }
}

Expected<void> Environment::start(PendingInvocationPtr coldInvocation)
{
    auto runtime = resolveRuntime(m_function);
    if (!runtime)
        return runtime.error();

    std::weak_ptr<Environment> weak = weak_from_this();
    net::HttpServerOptions options;
    options.bodyLimit = kMaxRuntimeResponseBytes;
    options.bindAddress = m_settings.runtimeApiBind;
    // A runtime legitimately sits silent on its connection for the whole function timeout.
    options.requestReadTimeout = std::chrono::milliseconds(0);
    const auto handler = [weak](net::HttpRequest&& request, net::HttpResponder respond) {
        if (auto self = weak.lock())
            self->handleRequest(std::move(request), std::move(respond));
    };
    auto server = startRuntimeApi(m_settings.executor, options, handler, m_settings.runtimeApiPortFirst,
                                  m_settings.runtimeApiPortLast);
    if (!server)
        return server.error();
    m_server = std::move(*server);

    EnvironmentIdentity identity;
    const std::string& host = m_settings.runtimeApiHost.empty() ? m_settings.runtimeApiBind : m_settings.runtimeApiHost;
    identity.runtimeApi = (host.find(':') != std::string::npos ? '[' + host + ']' : host) + ':' +
                          std::to_string(m_server->port());
    identity.logStreamName = makeLogStreamName(m_id);
    // A function created through a client of another region runs there: AWS_REGION is its ARN's region.
    const auto functionRegion = regionOfArn(m_function.arn);
    identity.region = functionRegion.empty() ? m_settings.region : functionRegion;
    identity.initType = m_settings.initType;
    if (m_settings.serviceEndpoint)
        identity.serviceEndpoint = m_settings.serviceEndpoint->get();

    LaunchSpec spec;
    spec.argv = runtime->argv;
    spec.env = buildEnvironment(m_function, *runtime, identity);
    spec.workingDir = m_function.codeDir;
    spec.functionName = m_function.name;
    // Holds no executor: a debugger may keep this past the engine's io_context, and a strand copy that
    // outlives its service crashes when destroyed.
    spec.debugStateChanged = [weak](bool stopped, const std::string& location) {
        if (auto self = weak.lock()) {
            boost::asio::post(self->m_settings.executor, [weak, stopped, location] {
                if (auto environment = weak.lock())
                    environment->onDebugStateChanged(stopped, location);
            });
        }
    };

    m_spawnedAt = Clock::now();
    auto process = m_settings.launcher->launch(spec);
    if (!process) {
        m_server->stop();
        return process.error();
    }
    m_pid = process->pid;
    m_residentSet = ResidentSetReader(m_pid);
    m_exitStatus = std::move(process->exitStatus);
    m_debugTimeCap = process->debugTimeCap;
    m_invocation = std::move(coldInvocation);
    m_coldInvocation = m_invocation != nullptr;

    m_stdout = std::make_shared<OutputReader>(m_settings.executor, std::move(process->stdoutFd),
                                              [this](std::string line) { log(LogLine::Stream::Stdout, std::move(line)); });
    m_stderr = std::make_shared<OutputReader>(m_settings.executor, std::move(process->stderrFd),
                                              [this](std::string line) { log(LogLine::Stream::Stderr, std::move(line)); });
    m_stdout->start();
    m_stderr->start();
    m_pidWatch.emplace(m_settings.executor, process->pidFd.release());
    watchProcess();

    // A cold invocation's START line comes when INIT hands it over, after the INIT output (as in CloudWatch).
    m_settings.events->publish(EnvironmentStarted{m_function.name, m_id, m_settings.initType, m_pid});

    // A debugged INIT may sit on a breakpoint for as long as the user reads it.
    m_initTimer.expires_after(m_debugTimeCap ? std::max(*m_debugTimeCap, m_settings.initTimeout)
                                             : m_settings.initTimeout);
    m_initTimer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec)
            self->onInitTimer();
    });
    sampleMemory();
    return {};
}

void Environment::watchProcess()
{
    m_pidWatch->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                           [self = shared_from_this()](const boost::system::error_code& ec) {
                               if (!ec)
                                   self->onProcessExited();
                           });
}

void Environment::handleRequest(net::HttpRequest&& request, net::HttpResponder respond)
{
    const RuntimeApiCall call = parseRuntimeApiCall(request);
    switch (call.kind) {
    case RuntimeApiCall::Kind::Next:
        return onNext(std::move(respond));
    case RuntimeApiCall::Kind::Response:
        return onResult(request, call.requestId, false, std::move(respond));
    case RuntimeApiCall::Kind::Error:
        return onResult(request, call.requestId, true, std::move(respond));
    case RuntimeApiCall::Kind::InitError:
        return onInitError(request, std::move(respond));
    case RuntimeApiCall::Kind::Ping: {
        net::HttpResponse pong;
        pong.headers.emplace_back("Content-Type", "text/plain");
        pong.body = "pong";
        return respond(std::move(pong));
    }
    case RuntimeApiCall::Kind::Unknown:
        return respond(makeRuntimeApiError(404, "InvalidURLPath",
                                           request.method + ' ' + request.target +
                                               " is not part of the Runtime API 2018-06-01"));
    }
}

void Environment::onNext(net::HttpResponder respond)
{
    if (m_state == State::Stopping || m_state == State::Stopped)
        return;  // the process is going away; leave the long poll unanswered
    if (m_invocation && m_handedOver)
        return respond(makeRuntimeApiError(403, "InvalidStateTransition",
                                           "/next called while invocation " + m_invocation->requestId +
                                               " has not been answered"));
    if (m_parkedNext)
        return respond(makeRuntimeApiError(403, "InvalidStateTransition", "/next is already pending"));

    m_parkedNext = std::move(respond);
    if (m_state == State::Starting) {
        m_initTimer.cancel();
        m_initDurationMs = millisecondsBetween(m_spawnedAt, Clock::now());
        m_settings.events->publish(InitDone{m_function.name, m_id, m_initDurationMs, true, {}});
        m_lastUsed = Clock::now();
        if (auto listener = m_settings.listener.lock())
            listener->initFinished(shared_from_this());
        if (!m_invocation) {
            setState(State::Idle);
            if (auto listener = m_settings.listener.lock())
                listener->environmentReady(shared_from_this());
            return;
        }
    }
    if (m_invocation && !m_handedOver)
        handOver();
}

void Environment::invoke(PendingInvocationPtr invocation)
{
    m_invocation = std::move(invocation);
    m_coldInvocation = false;
    setState(State::Busy);
    log(LogLine::Stream::Platform, startLine(m_invocation->requestId));
    if (m_parkedNext)
        handOver();
    // Otherwise the runtime is between its last answer and its next /next; onNext hands over.
}

PendingInvocationPtr Environment::releaseColdInvocation()
{
    if (m_state != State::Starting || !m_invocation || m_handedOver || m_suppressedInit)
        return nullptr;
    m_coldInvocation = false;
    m_invocationLog.clear();  // INIT output stays with this environment, not the invocation's tail
    return std::exchange(m_invocation, nullptr);
}

void Environment::handOver()
{
    if (m_coldInvocation)
        log(LogLine::Stream::Platform, startLine(m_invocation->requestId));
    setState(State::Busy);
    m_handedOver = true;
    const auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(m_function.timeoutSeconds) * 1000);
    // Runtimes compute getRemainingTimeInMillis() from this header; under a debugger it is the debug cap so
    // a long stop does not expire the function from inside, and the budget below enforces running time.
    m_deadlineEpochMs = epochMillisecondsIn(m_debugTimeCap ? std::max(*m_debugTimeCap, timeout) : timeout);

    m_invokeStartedAt = Clock::now();
    m_settings.events->publish(InvokeStarted{m_function.name, m_id, m_invocation->requestId, m_coldInvocation});
    m_invokeBudget.start(timeout, [weak = weak_from_this(), requestId = m_invocation->requestId] {
        auto self = weak.lock();
        if (self && self->m_invocation && self->m_invocation->requestId == requestId)
            self->onInvokeTimeout();
    });
    consultFaults();
    if (m_fault.startupDelay.count() > 0 || m_fault.preventExecution) {
        // As FIS's extension does: the invoke phase (and its timeout) runs while the event is held back.
        m_faultTimer.expires_after(m_fault.startupDelay);
        m_faultTimer.async_wait([weak = weak_from_this(), requestId = m_invocation->requestId](
                                    const boost::system::error_code& ec) {
            auto self = weak.lock();
            if (!ec && self && self->m_invocation && self->m_invocation->requestId == requestId)
                self->releaseEvent();
        });
        return;
    }
    releaseEvent();
}

void Environment::consultFaults()
{
    m_fault = {};
    const auto policy = m_settings.faults ? m_settings.faults->get() : nullptr;
    if (!policy)
        return;
    m_fault = policy->onInvocation(InvocationQuery{m_function.name, m_invocation->requestId, m_id, m_coldInvocation});
    for (const auto& applied : m_fault.applied) {
        m_settings.events->publish(FaultApplied{m_function.name, m_invocation->requestId, applied.experimentId,
                                                applied.actionName, applied.actionId, applied.effect});
    }
}

void Environment::releaseEvent()
{
    if (m_fault.preventExecution && m_fault.response) {
        // The handler never runs; the runtime's /next stays parked for the next invocation.
        auto response = std::move(*m_fault.response);
        m_fault = {};
        finishInvocation(response.functionError ? InvokeStatus::FunctionError : InvokeStatus::Ok,
                         std::move(response.payload), std::move(response.errorType), true);
        return;
    }
    NextInvocation next;
    next.requestId = m_invocation->requestId;
    next.payload = m_invocation->payload;
    next.deadlineEpochMs = m_deadlineEpochMs;
    next.invokedFunctionArn = m_invocation->invokedFunctionArn;
    next.traceId = m_invocation->traceId;
    next.clientContext = m_invocation->clientContext;

    const auto crashOrTimeout = m_fault.crashAfter ? m_fault.crashAfter : m_fault.timeoutAfter;
    if (crashOrTimeout) {
        m_faultTimer.expires_after(*crashOrTimeout);
        m_faultTimer.async_wait([weak = weak_from_this(), requestId = m_invocation->requestId,
                                 crash = m_fault.crashAfter.has_value()](const boost::system::error_code& ec) {
            auto self = weak.lock();
            if (ec || !self || !self->m_invocation || self->m_invocation->requestId != requestId)
                return;
            if (crash) {
                self->m_stopReason = "crashed by a fault experiment";
                self->killGroup(SIGKILL);  // reported as Runtime.ExitError when the process is reaped
            } else {
                self->onInvokeTimeout();
            }
        });
    }
    auto respond = std::move(*m_parkedNext);
    m_parkedNext.reset();
    respond(makeNextResponse(next));
}

void Environment::onResult(const net::HttpRequest& request, const std::string& requestId, bool isError,
                           net::HttpResponder respond)
{
    if (!m_invocation || !m_handedOver || requestId != m_invocation->requestId) {
        const bool answered = std::find(m_answered.begin(), m_answered.end(), requestId) != m_answered.end();
        return respond(makeRuntimeApiError(400, "InvalidRequestID",
                                           answered ? "Invalid request ID " + requestId + ": already answered"
                                                    : "Invalid request ID " + requestId +
                                                          ": not the invocation in progress"));
    }
    if (request.bodyTooLarge) {
        auto tooLarge = makeRuntimeApiError(413, "RequestEntityTooLarge",
                                            "Exceeded maximum allowed payload size (" +
                                                std::to_string(kMaxRuntimeResponseBytes) + " bytes).");
        tooLarge.closeConnection = true;
        respond(std::move(tooLarge));
        const nlohmann::json payload = {
            {"errorMessage", "Response payload size exceeded maximum allowed payload size (" +
                                 std::to_string(kMaxRuntimeResponseBytes) + " bytes)."},
            {"errorType", "Function.ResponseSizeTooLarge"}};
        finishInvocation(InvokeStatus::FunctionError, payload.dump(), "Function.ResponseSizeTooLarge", true);
        return;
    }
    auto accepted = makeAcceptedResponse();
    // A loop that sent its next GET /next with this POST gets the 202 with its next event (see mayWaitForNext).
    accepted.mayWaitForNext = true;
    respond(std::move(accepted));
    // Output written before the call is already in the pipes: take it now so it lands in this invocation.
    OutputReader::drain(*m_stdout, *m_stderr);
    if (m_fault.response) {
        // FIS without preventExecution: the handler ran (its side effects happened), its answer is replaced.
        auto response = std::move(*m_fault.response);
        finishInvocation(response.functionError ? InvokeStatus::FunctionError : InvokeStatus::Ok,
                         std::move(response.payload), std::move(response.errorType), true);
    } else if (isError)
        finishInvocation(InvokeStatus::FunctionError, request.body, reportedErrorType(request), true);
    else
        finishInvocation(InvokeStatus::Ok, request.body, {}, true);
}

void Environment::onInitError(const net::HttpRequest& request, net::HttpResponder respond)
{
    if (m_state != State::Starting)
        return respond(makeRuntimeApiError(403, "InvalidStateTransition",
                                           "/runtime/init/error is accepted only during INIT"));
    m_initFailure = InitFailure{reportedErrorType(request), request.body};
    respond(makeAcceptedResponse());
    // Lambda does not keep an environment whose INIT failed.
    killGroup(SIGKILL);
}

void Environment::finishInvocation(InvokeStatus status, std::string payload, std::string errorType,
                                   bool environmentSurvives)
{
    m_invokeBudget.cancel();
    m_faultTimer.cancel();
    m_fault = {};
    const auto now = Clock::now();
    // Stays bound until END and REPORT are logged, so they land in this invocation's log.
    const PendingInvocationPtr invocation = m_invocation;
    if (!m_handedOver && m_coldInvocation)  // INIT failed before handing it over: START still pairs END
        log(LogLine::Stream::Platform, startLine(invocation->requestId));

    InvokeResult result;
    result.status = status;
    result.requestId = invocation->requestId;
    result.payload = std::move(payload);
    result.errorType = std::move(errorType);
    if (status == InvokeStatus::FunctionError)
        result.functionError = "Unhandled";
    result.environmentId = m_id;
    result.cold = m_coldInvocation;
    result.initDurationMs = m_coldInvocation ? m_initDurationMs : 0;
    result.durationMs = m_handedOver ? millisecondsBetween(m_invokeStartedAt, now) : 0;
    result.billedDurationMs = billedDurationMs(result.durationMs, result.initDurationMs);
    result.memorySizeMb = m_function.memoryMb;
    // The 50 ms sampler knows the peak of longer invocations; only short ones need a fresh reading
    // (a /proc read is a system call in which the kernel walks the process, so skip it when a sample is recent).
    if (m_pid > 0 && !m_reaped && now - m_lastMemorySample > kMemorySamplePeriod / 5) {
        m_peakRssKb = std::max(m_peakRssKb, m_residentSet.kilobytes());
        m_lastMemorySample = now;
    }
    result.maxMemoryUsedMb = static_cast<int>((m_peakRssKb + 1023) / 1024);
    result.costUsd = m_settings.pricing.cost(result.billedDurationMs, m_function.memoryMb);

    log(LogLine::Stream::Platform, endLine(result.requestId));
    ReportFigures figures{result.requestId, result.durationMs, result.billedDurationMs, result.memorySizeMb,
                          result.maxMemoryUsedMb, result.initDurationMs, result.cold};
    log(LogLine::Stream::Platform, reportLine(figures));
    if (invocation->logTail) {
        result.logTail = m_invocationLog.size() > kLogTailBytes
                             ? m_invocationLog.substr(m_invocationLog.size() - kLogTailBytes)
                             : m_invocationLog;
    }
    m_invocationLog.clear();
    m_invocation.reset();
    m_handedOver = false;
    m_coldInvocation = false;
    m_lastUsed = now;
    m_answered.push_back(result.requestId);
    if (m_answered.size() > kAnsweredMemory)
        m_answered.pop_front();
    if (environmentSurvives && m_state == State::Busy)
        setState(State::Idle);

    m_settings.events->publish(InvokeFinished{m_function.name, m_id, result.requestId, result.cold,
                                              result.ok(), result.errorType, result.durationMs,
                                              result.initDurationMs, result.billedDurationMs,
                                              result.maxMemoryUsedMb, result.costUsd});
    if (auto listener = m_settings.listener.lock())
        listener->invocationFinished(shared_from_this(), invocation, std::move(result));
    else if (invocation->done)
        invocation->done(std::move(result));
}

void Environment::onInvokeTimeout()
{
    m_timedOut = true;
    const double seconds = m_function.timeoutSeconds;
    log(LogLine::Stream::Platform, timeoutLogLine(m_invocation->requestId, seconds));
    m_stopReason = "reset after timeout";
    setState(State::Stopping);
    killGroup(SIGKILL);
    finishInvocation(InvokeStatus::FunctionError, timeoutPayload(m_invocation->requestId, seconds),
                     "Sandbox.Timedout", false);
}

void Environment::onDebugStateChanged(bool stopped, const std::string& location)
{
    if (stopped)
        m_invokeBudget.pause();
    else
        m_invokeBudget.resume();
    const std::string requestId = m_invocation && m_handedOver ? m_invocation->requestId : std::string();
    m_settings.events->publish(DebugStateChanged{m_function.name, m_id, requestId, stopped, location});
}

void Environment::onInitTimer()
{
    if (m_state != State::Starting)
        return;
    if (m_invocation && !m_suppressedInit) {
        // INIT overran 10 s: as on AWS the init continues as part of the first invoke ("suppressed
        // init"), now bounded by the function timeout.
        m_suppressedInit = true;
        log(LogLine::Stream::Platform, "INIT_REPORT Init Duration: " +
                                           std::to_string(m_settings.initTimeout.count()) +
                                           ".00 ms\tPhase: init\tStatus: timeout");
        m_initTimer.expires_after(std::chrono::seconds(m_function.timeoutSeconds));
        m_initTimer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (!ec)
                self->onInitTimer();
        });
        return;
    }
    m_stopReason = "INIT exceeded its time limit";
    if (m_invocation) {
        m_timedOut = true;
        const auto requestId = m_invocation->requestId;
        setState(State::Stopping);
        killGroup(SIGKILL);
        finishInvocation(InvokeStatus::FunctionError, timeoutPayload(requestId, m_function.timeoutSeconds),
                         "Sandbox.Timedout", false);
        return;
    }
    setState(State::Stopping);
    killGroup(SIGKILL);
}

void Environment::onProcessExited()
{
    // Kill stragglers while the unreaped leader still holds the group id, then reap.
    ::kill(-m_pid, SIGKILL);
    int status = 0;
    if (m_exitStatus) {
        status = m_exitStatus();  // not our child: the debugger that launched it knows how it ended
    } else if (::waitpid(m_pid, &status, WNOHANG) == 0) {
        watchProcess();  // spurious readiness
        return;
    }
    m_reaped = true;
    m_stdout->drain();
    m_stderr->drain();
    m_stdout->finish();
    m_stderr->finish();
    m_initTimer.cancel();
    m_memoryTimer.cancel();
    m_killTimer.cancel();

    const std::string exit = describeExit(status);
    const bool duringInit = m_state == State::Starting;
    if (duringInit) {
        const std::string errorType = m_initFailure ? m_initFailure->errorType
                                      : m_outOfMemory ? "Runtime.OutOfMemory"
                                                      : "Runtime.ExitError";
        const double initMs = millisecondsBetween(m_spawnedAt, Clock::now());
        m_initDurationMs = initMs;
        m_settings.events->publish(InitDone{m_function.name, m_id, initMs, false, errorType});
        if (auto listener = m_settings.listener.lock())
            listener->initFinished(shared_from_this());
        char duration[32];
        std::snprintf(duration, sizeof duration, "%.2f", initMs);
        log(LogLine::Stream::Platform, "INIT_REPORT Init Duration: " + std::string(duration) +
                                           " ms\tPhase: init\tStatus: error\tError Type: " + errorType);
        if (m_invocation) {
            std::string payload = m_initFailure
                                      ? m_initFailure->body
                                      : platformErrorPayload(errorType, m_invocation->requestId,
                                                             "Runtime exited with error: " + exit);
            setState(State::Stopping);
            finishInvocation(InvokeStatus::FunctionError, std::move(payload), errorType, false);
        }
        if (m_stopReason.empty())
            m_stopReason = "INIT failed: " + errorType;
    } else if (m_invocation) {
        const std::string errorType = m_outOfMemory ? "Runtime.OutOfMemory" : "Runtime.ExitError";
        const std::string message = "Runtime exited with error: " + exit;
        log(LogLine::Stream::Platform, "RequestId: " + m_invocation->requestId + " Error: " + message);
        log(LogLine::Stream::Platform, errorType);
        auto payload = platformErrorPayload(errorType, m_invocation->requestId, message);
        setState(State::Stopping);
        finishInvocation(InvokeStatus::FunctionError, std::move(payload), errorType, false);
    }
    if (m_stopReason.empty())
        m_stopReason = "process exited (" + exit + ")";
    m_parkedNext.reset();
    if (m_server)
        m_server->stop();
    setState(State::Stopped);
    m_settings.events->publish(EnvironmentStopped{m_function.name, m_id, m_stopReason});
    if (auto listener = m_settings.listener.lock())
        listener->environmentStopped(shared_from_this());
}

void Environment::log(LogLine::Stream stream, std::string text)
{
    // INIT output belongs to no request (as in CloudWatch) but still goes into the cold invocation's tail.
    const bool attributed = m_invocation && (m_handedOver || stream == LogLine::Stream::Platform);
    std::string requestId = attributed ? m_invocation->requestId : std::string();
    if (m_invocation) {
        m_invocationLog += text;
        m_invocationLog += '\n';
        if (m_invocationLog.size() > kInvocationLogCap)
            m_invocationLog.erase(0, m_invocationLog.size() - kInvocationLogCap / 2);
    }
    m_settings.events->publish(LogLine{m_function.name, m_id, std::move(requestId), stream, std::move(text)});
}

void Environment::setState(State state)
{
    m_state = state;
}

}  // namespace lambdadesk::core
