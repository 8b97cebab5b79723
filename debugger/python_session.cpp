// SPDX-License-Identifier: MIT
#include "python_session.h"

#include "dap_client.h"
#include "script_launch.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace lambdadesk::debugger {
namespace {

using nlohmann::json;

// A user waits on a stopped function, not the adapter, so answers are quick; a busy machine gets slack.
constexpr auto kAnswer = std::chrono::seconds(10);

StopReason classify(const std::string& reason)
{
    if (reason == "breakpoint" || reason == "function breakpoint")
        return StopReason::Breakpoint;
    if (reason == "step" || reason == "goto")
        return StopReason::Step;
    if (reason == "exception")
        return StopReason::Exception;
    if (reason == "pause")
        return StopReason::Pause;
    if (reason == "entry")
        return StopReason::Entry;
    return StopReason::Other;
}

VariableInfo describe(const json& variable)
{
    VariableInfo info;
    info.name = variable.value("name", std::string());
    info.value = variable.value("value", std::string());
    info.type = variable.value("type", std::string());
    const auto reference = variable.value("variablesReference", 0LL);
    info.hasChildren = reference > 0;
    // debugpy's references live until the process runs again, like the paths of a native session.
    if (info.hasChildren)
        info.path = "ref:" + std::to_string(reference);
    return info;
}

json emptyArrayIfNull(json value)
{
    return value.is_null() ? json::array() : value;
}

}  // namespace

PythonSession::PythonSession(int pid, const core::LaunchSpec& spec, std::shared_ptr<DebugObserver> observer,
                             ExceptionStops exceptions)
    : ScriptSession(pid, spec.functionName, spec.workingDir, spec.debugStateChanged, std::move(observer)),
      m_exceptions(exceptions), m_loopDir(runtimeLoopDir(ScriptRuntime::Python))
{
}

PythonSession::~PythonSession() = default;

core::Expected<std::shared_ptr<DebugSession>> PythonSession::launch(const core::LaunchSpec& spec,
                                                                    core::EnvironmentLauncher& plain,
                                                                    const std::vector<BreakpointSpec>& breakpoints,
                                                                    std::shared_ptr<DebugObserver> observer,
                                                                    const SessionOptions& options,
                                                                    core::LaunchedProcess& process)
{
    // -Xfrozen_modules=off: frozen modules would hide the standard library's sources from the debugger
    // (Python 3.11 warns about them).
    auto started = startScript(spec, ScriptRuntime::Python, plain, {"-Xfrozen_modules=off"},
                               {"PYDEVD_DISABLE_FILE_VALIDATION=1"});
    if (!started)
        return started.error();
    auto& launched = started->process;
    const auto& what = started->what;
    const auto loopDir = runtimeLoopDir(ScriptRuntime::Python);
    auto fail = [&](const core::Error& error) -> core::Expected<std::shared_ptr<DebugSession>> {
        abandonScript(launched);
        return error;
    };
    const auto& report = started->report;
    int port = 0;
    if (report.rfind("port ", 0) != 0 ||
        std::from_chars(report.data() + 5, report.data() + report.size(), port).ec != std::errc())
        return fail(core::Error{"Debugger.LaunchFailed", what + " reported '" + report + "', not 'port N'"});

    std::shared_ptr<PythonSession> session(new PythonSession(launched.pid, spec, std::move(observer), options.exceptions));
    std::weak_ptr<PythonSession> weak = session;
    auto client = DapClient::connect(
        port,
        [weak](const std::string& event, const json& body) {
            if (auto self = weak.lock())
                self->handleEvent(event, body);
        },
        [weak](const std::string& why) {
            if (auto self = weak.lock())
                self->announceEnded("the debugger's connection ended (" + why + ")");
        },
        kAnswer);
    if (!client)
        return fail(client.error());
    session->m_client = std::move(*client);

    auto initialized = session->m_client->call(
        "initialize", {{"clientID", "lambdadesk"}, {"adapterID", "debugpy"}, {"linesStartAt1", true},
                       {"columnsStartAt1", true}, {"pathFormat", "path"}, {"supportsVariableType", true}});
    if (!initialized)
        return fail(initialized.error());
    // debugpy answers attach only after configurationDone (debugging.md §6): sent here, awaited below.
    auto attached = session->m_client->request(
        "attach", {{"justMyCode", true},
                   {"rules", json::array({{{"path", loopDir.string()}, {"include", false}}})},
                   {"subProcess", false},
                   {"redirectOutput", false}});
    {
        std::lock_guard lock(session->m_stateMutex);
        session->m_specs = breakpoints;
    }
    auto states = session->applyBreakpoints();
    session->sendExceptionFilters();
    // Announced before configurationDone lets INIT run: a module-level breakpoint may stop at once.
    session->announceStarted();
    session->announceBreakpoints(std::move(states));
    auto ended = [&](const core::Error& error) {
        session->announceEnded("the debug start failed: " + error.message);
        return fail(error);
    };
    auto configured = session->m_client->call("configurationDone", json::object(), kAnswer);
    if (!configured)
        return ended(configured.error());
    if (attached.wait_for(kAnswer) != std::future_status::ready)
        return ended(core::Error{"Debugger.LaunchFailed", "debugpy did not confirm the attach to " + what});
    if (auto result = attached.get(); !result)
        return ended(result.error());

    process = std::move(launched);
    process.debugTimeCap = options.timeCap;
    return std::shared_ptr<DebugSession>(session);
}

std::vector<BreakpointState> PythonSession::applyBreakpoints()
{
    std::lock_guard applying(m_applyMutex);
    std::vector<BreakpointSpec> specs;
    std::optional<std::pair<std::string, int>> runTo;
    std::map<int, int> previousHits;
    {
        std::lock_guard lock(m_stateMutex);
        specs = m_specs;
        runTo = m_runTo;
        for (const auto& state : m_states)
            previousHits[state.specId] = state.hits;
    }
    // Source breakpoints go per file, one setBreakpoints each; a spec naming several files (a suffix) is set
    // in every one of them.
    struct Placed {
        int specId;
        std::size_t index;
    };
    std::map<std::string, json> perFile;
    std::map<std::string, std::vector<Placed>> placedPerFile;
    std::map<int, BreakpointState> states;
    json functionBreakpoints = json::array();
    std::vector<const BreakpointSpec*> functionSpecs;
    for (const auto& spec : specs) {
        auto& state = states[spec.id];
        state.specId = spec.id;
        state.hits = previousHits[spec.id];
        if (!spec.enabled) {
            state.message = "disabled";
            continue;
        }
        json entry = json::object();
        if (!spec.condition.empty())
            entry["condition"] = spec.condition;
        if (spec.hitCount > 1)
            entry["hitCondition"] = ">= " + std::to_string(spec.hitCount);
        if (spec.file.empty()) {
            entry["name"] = spec.function;
            functionBreakpoints.push_back(entry);
            functionSpecs.push_back(&spec);
            continue;
        }
        const auto files = sourceFilesFor(spec);
        if (files.empty()) {
            state.message = "no file named " + spec.file + " in " + m_codeDir.string();
            continue;
        }
        entry["line"] = spec.line;
        for (const auto& file : files) {
            auto& list = perFile[file.string()];
            list = emptyArrayIfNull(list);
            placedPerFile[file.string()].push_back({spec.id, list.size()});
            list.push_back(entry);
        }
    }
    if (runTo) {
        auto& list = perFile[runTo->first];
        list = emptyArrayIfNull(list);
        list.push_back({{"line", runTo->second}});
    }
    std::set<std::string> files;
    for (const auto& [file, list] : perFile)
        files.insert(file);
    std::set<std::string> cleared;
    bool hadFunctionBreakpoints = false;
    {
        std::lock_guard lock(m_stateMutex);
        for (const auto& file : m_filesWithBreakpoints) {
            if (!files.count(file))
                cleared.insert(file);
        }
        hadFunctionBreakpoints = !m_dapToSpec.empty();
    }
    std::map<int, int> dapToSpec;
    for (const auto& file : cleared)
        (void)m_client->call("setBreakpoints", {{"source", {{"path", file}}}, {"breakpoints", json::array()}}, kAnswer);
    for (const auto& [file, list] : perFile) {
        auto answer = m_client->call("setBreakpoints", {{"source", {{"path", file}}}, {"breakpoints", list}}, kAnswer);
        for (const auto& placed : placedPerFile[file]) {
            auto& state = states[placed.specId];
            if (!answer) {
                state.message = answer.error().message;
                continue;
            }
            const auto results = answer->value("breakpoints", json::array());
            if (placed.index >= results.size())
                continue;
            const auto& result = results[placed.index];
            if (result.contains("id"))
                dapToSpec[result["id"].get<int>()] = placed.specId;
            if (result.value("verified", false)) {
                ++state.locations;
                if (!state.verified) {
                    state.verified = true;
                    state.resolvedFile = file;
                    state.resolvedLine = result.value("line", 0);
                    state.message.clear();
                }
            } else if (!state.verified) {
                state.message = result.value("message", std::string("debugpy did not accept the line"));
            }
        }
    }
    if (!functionSpecs.empty() || hadFunctionBreakpoints) {
        auto answer = m_client->call("setFunctionBreakpoints", {{"breakpoints", functionBreakpoints}}, kAnswer);
        for (std::size_t i = 0; i < functionSpecs.size(); ++i) {
            auto& state = states[functionSpecs[i]->id];
            if (!answer) {
                state.message = answer.error().message;
                continue;
            }
            const auto results = answer->value("breakpoints", json::array());
            if (i < results.size() && results[i].contains("id"))
                dapToSpec[results[i]["id"].get<int>()] = functionSpecs[i]->id;
            state.verified = i < results.size() && results[i].value("verified", false);
            state.locations = state.verified ? 1 : 0;
            if (!state.verified)
                state.message = "debugpy does not know a function named " + functionSpecs[i]->function;
        }
    }
    std::vector<BreakpointState> ordered;
    for (const auto& spec : specs)
        ordered.push_back(states[spec.id]);
    std::lock_guard lock(m_stateMutex);
    m_filesWithBreakpoints = files;
    m_dapToSpec = dapToSpec;
    m_states = ordered;
    return ordered;
}

void PythonSession::sendExceptionFilters()
{
    // "userUnhandled": an exception that leaves the function's code into the runtime loop. The loop catches
    // every handler error to report it, so debugpy's own "uncaught" would never fire.
    json filters = json::array();
    if (m_exceptions == ExceptionStops::Uncaught)
        filters.push_back("userUnhandled");
    else if (m_exceptions == ExceptionStops::Raised)
        filters = json::array({"raised", "userUnhandled"});
    (void)m_client->call("setExceptionBreakpoints", {{"filters", filters}}, kAnswer);
}

void PythonSession::handleEvent(const std::string& event, const json& body)
{
    if (event == "stopped") {
        auto stop = describeStop(body);
        bool wasRunTo = false;
        {
            std::lock_guard lock(m_stateMutex);
            wasRunTo = m_runTo.has_value();
            m_runTo.reset();
        }
        if (wasRunTo)
            applyBreakpoints();  // the run-to-line breakpoint is one-shot
        announceStopped(stop);
    } else if (event == "continued") {
        announceResumed();
    } else if (event == "terminated" || event == "exited") {
        announceEnded(event == "exited" ? "exited with status " + std::to_string(body.value("exitCode", 0))
                                        : "the debugger ended the session");
    }
}

StopInfo PythonSession::describeStop(const json& body)
{
    StopInfo stop;
    stop.threadId = body.value("threadId", 0ULL);
    const auto reason = body.value("reason", std::string());
    stop.reason = classify(reason);
    stop.description = body.value("description", reason);
    {
        std::lock_guard lock(m_framesMutex);
        m_frameIds.clear();
    }
    const auto stack = frames(stop.threadId);
    if (!stack.empty())
        stop.frame = stack.front();
    if (stop.reason == StopReason::Exception) {
        // debugpy pads the exception's name with a note ("ValueError       (note: full exception trace…)").
        if (auto info = m_client->call("exceptionInfo", {{"threadId", stop.threadId}}, kAnswer)) {
            auto name = info->value("exceptionId", std::string());
            stop.description = name.substr(0, name.find(' ')) + ": " + info->value("description", std::string());
        }
    }
    if (stop.reason != StopReason::Breakpoint)
        return stop;
    {
        std::lock_guard lock(m_stateMutex);
        for (const auto& id : body.value("hitBreakpointIds", json::array())) {
            if (const auto found = m_dapToSpec.find(id.get<int>()); found != m_dapToSpec.end())
                stop.breakpointSpecId = found->second;
        }
    }
    if (stop.breakpointSpecId == 0)
        stop.breakpointSpecId = specAt(stop.frame.file, stop.frame.line);
    std::lock_guard lock(m_stateMutex);
    for (auto& state : m_states) {
        if (state.specId == stop.breakpointSpecId)
            ++state.hits;
    }
    if (stop.description == reason)
        stop.description = "breakpoint at " + stopLocation(stop.frame);
    return stop;
}

void PythonSession::resumed(const char* command, std::uint64_t threadId)
{
    {
        std::lock_guard lock(m_framesMutex);
        m_frameIds.clear();
    }
    // The state changes now, not when debugpy's "continued" arrives: the invocation's clock restarts at once.
    announceResumed();
    (void)m_client->request(command, {{"threadId", threadId}});
}

void PythonSession::continueRun()
{
    const auto all = threads();
    resumed("continue", all.empty() ? 0 : all.front().id);
}

void PythonSession::pause()
{
    const auto all = threads();
    if (!all.empty())
        (void)m_client->request("pause", {{"threadId", all.front().id}});
}

void PythonSession::stepOver(std::uint64_t threadId) { resumed("next", threadId); }
void PythonSession::stepInto(std::uint64_t threadId) { resumed("stepIn", threadId); }
void PythonSession::stepOut(std::uint64_t threadId) { resumed("stepOut", threadId); }

core::Expected<void> PythonSession::runToLine(const std::string& file, int line)
{
    BreakpointSpec target;
    target.file = file;
    target.line = line;
    const auto files = sourceFilesFor(target);
    if (files.empty())
        return core::Error{"Debugger.NoCode", "no file named " + file + " in " + m_codeDir.string()};
    {
        std::lock_guard lock(m_stateMutex);
        m_runTo = std::make_pair(files.front().string(), line);
    }
    applyBreakpoints();
    continueRun();
    return {};
}

std::vector<ThreadInfo> PythonSession::threads() const
{
    std::vector<ThreadInfo> result;
    auto answer = m_client->call("threads", json::object(), kAnswer);
    if (!answer)
        return result;
    int index = 0;
    for (const auto& thread : answer->value("threads", json::array()))
        result.push_back({thread.value("id", 0ULL), index++, thread.value("name", std::string()), {}});
    return result;
}

std::vector<FrameInfo> PythonSession::frames(std::uint64_t threadId) const
{
    std::vector<FrameInfo> result;
    std::vector<long long> ids;
    auto answer = m_client->call("stackTrace", {{"threadId", threadId}, {"startFrame", 0}, {"levels", 200}}, kAnswer);
    if (!answer)
        return result;
    const auto loopDir = m_loopDir.string() + '/';
    for (const auto& frame : answer->value("stackFrames", json::array())) {
        FrameInfo info;
        info.function = frame.value("name", std::string());
        // debugpy marks the frame an exception stopped in; the name is the function's own.
        if (const auto mark = info.function.find(" (Current frame)"); mark != std::string::npos)
            info.function.erase(mark);
        if (frame.contains("source"))
            info.file = frame["source"].value("path", std::string());
        info.line = frame.value("line", 0);
        // justMyCode hides the loop already; this keeps it hidden should debugpy's rules change.
        if (info.file.rfind(loopDir, 0) == 0)
            continue;
        info.index = static_cast<int>(result.size());
        ids.push_back(frame.value("id", 0LL));
        result.push_back(std::move(info));
    }
    std::lock_guard lock(m_framesMutex);
    m_frameIds[threadId] = std::move(ids);
    return result;
}

long long PythonSession::frameId(std::uint64_t threadId, int index) const
{
    bool known = false;
    {
        std::lock_guard lock(m_framesMutex);
        known = m_frameIds.count(threadId) > 0;
    }
    if (!known)
        (void)frames(threadId);
    std::lock_guard lock(m_framesMutex);
    const auto& ids = m_frameIds[threadId];
    return index >= 0 && static_cast<std::size_t>(index) < ids.size() ? ids[static_cast<std::size_t>(index)] : 0;
}

std::vector<VariableInfo> PythonSession::variables(std::uint64_t threadId, int frame, const std::string& scope) const
{
    const auto id = frameId(threadId, frame);
    if (id == 0)
        return {};
    auto scopes = m_client->call("scopes", {{"frameId", id}}, kAnswer);
    if (!scopes)
        return {};
    const std::string wanted = scope == "globals" ? "globals" : "locals";
    for (const auto& candidate : scopes->value("scopes", json::array())) {
        auto name = candidate.value("name", std::string());
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        if (name == wanted)
            return children(threadId, frame, "ref:" + std::to_string(candidate.value("variablesReference", 0LL)));
    }
    return {};
}

std::vector<VariableInfo> PythonSession::children(std::uint64_t, int, const std::string& path) const
{
    std::vector<VariableInfo> result;
    long long reference = 0;
    if (path.rfind("ref:", 0) != 0 ||
        std::from_chars(path.data() + 4, path.data() + path.size(), reference).ec != std::errc() || reference <= 0)
        return result;
    auto answer = m_client->call("variables", {{"variablesReference", reference}}, kAnswer);
    if (!answer)
        return result;
    for (const auto& variable : answer->value("variables", json::array())) {
        // debugpy's groups ("special variables", "function variables") hold dunders and a module's
        // functions: not the user's data, and not a variable a user could name.
        const auto name = variable.value("name", std::string());
        if (variable.value("type", std::string()).empty() && name.size() > 10 &&
            name.compare(name.size() - 10, 10, " variables") == 0)
            continue;
        result.push_back(describe(variable));
    }
    return result;
}

EvalResult PythonSession::evaluate(std::uint64_t threadId, int frame, const std::string& expression) const
{
    json arguments = {{"expression", expression}, {"context", "watch"}};
    if (const auto id = frameId(threadId, frame))
        arguments["frameId"] = id;
    auto answer = m_client->call("evaluate", arguments, kAnswer);
    if (!answer)
        return {false, answer.error().message, {}};
    return {true, answer->value("result", std::string()), answer->value("type", std::string())};
}

}  // namespace lambdadesk::debugger
