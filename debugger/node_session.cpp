// SPDX-License-Identifier: MIT
#include "node_session.h"

#include "breakpoint_book.h"
#include "cdp_client.h"
#include "script_launch.h"

#include <algorithm>

namespace lambdadesk::debugger {
namespace {

using nlohmann::json;

constexpr auto kAnswer = std::chrono::seconds(10);

/// file:///a/b%20c.js → /a/b c.js; anything else (node:fs, an eval'd script) comes back empty.
std::string pathOfUrl(const std::string& url)
{
    constexpr std::string_view scheme = "file://";
    if (url.rfind(scheme, 0) != 0)
        return {};
    std::string path;
    for (std::size_t i = scheme.size(); i < url.size(); ++i) {
        if (url[i] == '%' && i + 2 < url.size()) {
            path += static_cast<char>(std::stoi(url.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            path += url[i];
        }
    }
    return path;
}

std::string escapeRegex(const std::string& text)
{
    std::string escaped;
    for (char c : text) {
        if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos)
            escaped += '\\';
        escaped += c;
    }
    return escaped;
}

/// The URLs a breakpoint's FILE names, as namesFile matches paths: the whole path, or a suffix that starts at a
/// folder boundary.
std::string urlRegexFor(const std::string& file)
{
    if (!file.empty() && file.front() == '/')
        return "^file://" + escapeRegex(file) + "$";
    return "[/\\\\]" + escapeRegex(file) + "$";
}

/// A value as Node's inspector shows it: strings quoted, objects by their preview ({price: 2, qty: 3}) or
/// description (Array(2), Map(1)), functions by their name.
std::string display(const json& object)
{
    const auto type = object.value("type", std::string());
    if (type == "undefined")
        return "undefined";
    if (type == "string") {
        std::string quoted = "'";
        for (char c : object.value("value", std::string())) {
            if (c == '\'' || c == '\\')
                quoted += '\\';
            quoted += c;
        }
        return quoted + "'";
    }
    if (object.value("subtype", std::string()) == "null")
        return "null";
    if (type == "function") {
        const auto source = object.value("description", std::string());
        return "ƒ " + source.substr(0, std::min<std::size_t>(source.find('\n'), 60));
    }
    if (object.contains("preview") && type == "object") {
        const auto& preview = object["preview"];
        const bool array = preview.value("subtype", std::string()) == "array";
        std::string text = array ? "[" : "{";
        bool first = true;
        for (const auto& property : preview.value("properties", json::array())) {
            if (!first)
                text += ", ";
            first = false;
            if (!array)
                text += property.value("name", std::string()) + ": ";
            const auto value = property.value("value", std::string());
            text += property.value("type", std::string()) == "string" ? "'" + value + "'" : value;
        }
        if (preview.value("overflow", false))
            text += first ? "…" : ", …";
        return text + (array ? "]" : "}");
    }
    if (object.contains("description"))
        return object["description"].get<std::string>();
    if (object.contains("unserializableValue"))
        return object["unserializableValue"].get<std::string>();
    return object.contains("value") ? object["value"].dump() : type;
}

std::string typeName(const json& object)
{
    if (object.contains("className"))
        return object["className"].get<std::string>();
    return object.value("type", std::string());
}

VariableInfo describe(const std::string& name, const json& object)
{
    VariableInfo info;
    info.name = name;
    info.value = display(object);
    info.type = typeName(object);
    // Objects and arrays open; a function's properties (length, name, prototype) are noise to a user.
    info.hasChildren = object.contains("objectId") && object.value("type", std::string()) == "object" &&
                       object.value("subtype", std::string()) != "null";
    if (info.hasChildren)
        info.path = "obj:" + object["objectId"].get<std::string>();
    return info;
}

// CDP's Debugger.setPauseOnExceptions states: "all" pauses at every exception, "uncaught" at one no JavaScript
// frame catches; paused() then keeps only those thrown in the user's code.
const char* pauseOnExceptionsState(ExceptionStops stops)
{
    switch (stops) {
    case ExceptionStops::None:
        return "none";
    case ExceptionStops::Uncaught:
        return "uncaught";
    case ExceptionStops::Raised:
        break;
    }
    return "all";
}

}  // namespace

NodeSession::NodeSession(int pid, const core::LaunchSpec& spec, std::shared_ptr<DebugObserver> observer,
                         ExceptionStops exceptions)
    : ScriptSession(pid, spec.functionName, spec.workingDir, spec.debugStateChanged, std::move(observer)),
      m_exceptions(exceptions), m_loopUrlPrefix(runtimeLoopDir(ScriptRuntime::Node).string() + '/')
{
}

NodeSession::~NodeSession() = default;

core::Expected<std::shared_ptr<DebugSession>> NodeSession::launch(const core::LaunchSpec& spec,
                                                                  core::EnvironmentLauncher& plain,
                                                                  const std::vector<BreakpointSpec>& breakpoints,
                                                                  std::shared_ptr<DebugObserver> observer,
                                                                  const SessionOptions& options,
                                                                  core::LaunchedProcess& process)
{
    auto started = startScript(spec, ScriptRuntime::Node, plain, {}, {});
    if (!started)
        return started.error();
    auto& launched = started->process;
    const auto& what = started->what;
    const auto loopDir = runtimeLoopDir(ScriptRuntime::Node);
    auto fail = [&](const core::Error& error) -> core::Expected<std::shared_ptr<DebugSession>> {
        abandonScript(launched);
        return error;
    };
    const auto& report = started->report;
    if (report.rfind("url ws://", 0) != 0)
        return fail(core::Error{"Debugger.LaunchFailed", what + " reported '" + report + "', not 'url ws://…'"});

    std::shared_ptr<NodeSession> session(new NodeSession(launched.pid, spec, std::move(observer), options.exceptions));
    std::weak_ptr<NodeSession> weak = session;
    auto client = CdpClient::connect(
        report.substr(4),
        [weak](const std::string& method, const json& params) {
            if (auto self = weak.lock())
                self->handleEvent(method, params);
        },
        [weak](const std::string& why) {
            if (auto self = weak.lock())
                self->announceEnded("the inspector's connection ended (" + why + ")");
        },
        kAnswer);
    if (!client)
        return fail(client.error());
    session->m_client = std::move(*client);

    for (const auto& [method, params] : std::vector<std::pair<std::string, json>>{
             {"Runtime.enable", json::object()},
             {"Debugger.enable", json::object()},
             // The runtime loop and Node's internals are not the user's code: steps pass through them.
             {"Debugger.setBlackboxPatterns",
              {{"patterns", json::array({"^node:", "^" + escapeRegex("file://" + loopDir.string() + "/")})}}},
             // Under LambdaDesk the loop calls the handler with nothing of its own on the stack to catch its
             // errors (bootstrap.js, callForDebugger), so V8's "uncaught" is "leaves the handler".
             {"Debugger.setPauseOnExceptions", {{"state", pauseOnExceptionsState(session->m_exceptions)}}}}) {
        auto answer = session->m_client->call(method, params, kAnswer);
        if (!answer)
            return fail(answer.error());
    }
    {
        std::lock_guard lock(session->m_stateMutex);
        session->m_specs = breakpoints;
    }
    auto states = session->applyBreakpoints();
    session->announceStarted();
    session->announceBreakpoints(std::move(states));
    // debug_entry.js starts the loop when told so (see there why not waitForDebugger).
    auto running = session->m_client->call(
        "Runtime.evaluate", {{"expression", "globalThis[Symbol.for('lambdadesk.startRuntimeLoop')]()"},
                             {"returnByValue", true}},
        kAnswer);
    if (running && (running->contains("exceptionDetails") || !(*running)["result"].value("value", false)))
        running = core::Error{"Debugger.LaunchFailed", what + " did not start its runtime loop: " +
                                                           running->dump().substr(0, 300)};
    if (!running) {
        session->announceEnded("the debug start failed: " + running.error().message);
        return fail(running.error());
    }
    process = std::move(launched);
    process.debugTimeCap = options.timeCap;
    return std::shared_ptr<DebugSession>(session);
}

std::vector<BreakpointState> NodeSession::applyBreakpoints()
{
    std::lock_guard applying(m_applyMutex);
    std::vector<BreakpointSpec> specs;
    std::map<std::string, int> previous;
    std::map<int, int> previousHits;
    {
        std::lock_guard lock(m_stateMutex);
        specs = m_specs;
        previous = m_cdpToSpec;
        for (const auto& [id, state] : m_stateById)
            previousHits[id] = state.hits;
    }
    for (const auto& [breakpointId, specId] : previous)
        (void)m_client->call("Debugger.removeBreakpoint", {{"breakpointId", breakpointId}}, kAnswer);
    std::map<std::string, int> cdpToSpec;
    std::map<int, BreakpointState> states;
    for (const auto& spec : specs) {
        auto& state = states[spec.id];
        state.specId = spec.id;
        state.hits = previousHits[spec.id];
        if (!spec.enabled) {
            state.message = "disabled";
            continue;
        }
        if (spec.file.empty()) {
            state.message = "function-name breakpoints are for native functions; set FILE:LINE in a Node function";
            continue;
        }
        json params = {{"lineNumber", spec.line - 1}, {"urlRegex", urlRegexFor(spec.file)}, {"columnNumber", 0}};
        if (!spec.condition.empty())
            params["condition"] = spec.condition;
        auto answer = m_client->call("Debugger.setBreakpointByUrl", params, kAnswer);
        if (!answer) {
            state.message = answer.error().message;
            continue;
        }
        cdpToSpec[answer->value("breakpointId", std::string())] = spec.id;
        const auto locations = answer->value("locations", json::array());
        state.locations = static_cast<int>(locations.size());
        state.verified = !locations.empty();
        if (state.verified) {
            state.resolvedLine = locations[0].value("lineNumber", 0) + 1;
            state.resolvedFile = spec.file;
        } else {
            // V8 resolves it when a script whose URL matches is parsed (breakpointResolved).
            state.message = "no loaded script matches " + spec.file + " yet; it is placed when one loads";
        }
    }
    std::vector<BreakpointState> ordered;
    for (const auto& spec : specs)
        ordered.push_back(states[spec.id]);
    std::lock_guard lock(m_stateMutex);
    m_cdpToSpec = std::move(cdpToSpec);
    m_stateById = std::move(states);
    m_states = ordered;
    return ordered;
}

void NodeSession::handleEvent(const std::string& method, const json& params)
{
    if (method == "Debugger.paused") {
        paused(params);
    } else if (method == "Debugger.resumed") {
        announceResumed();
    } else if (method == "Debugger.scriptParsed") {
        std::lock_guard lock(m_stateMutex);
        if (const auto url = params.value("url", std::string()); !url.empty())
            m_scripts[params.value("scriptId", std::string())] = url;
    } else if (method == "Debugger.breakpointResolved") {
        std::vector<BreakpointState> states;
        {
            std::lock_guard lock(m_stateMutex);
            const auto found = m_cdpToSpec.find(params.value("breakpointId", std::string()));
            if (found == m_cdpToSpec.end())
                return;
            auto& state = m_stateById[found->second];
            ++state.locations;
            if (!state.verified) {
                state.verified = true;
                state.message.clear();
                state.resolvedLine = params["location"].value("lineNumber", 0) + 1;
                state.resolvedFile = pathOfUrl(m_scripts[params["location"].value("scriptId", std::string())]);
            }
            for (auto& kept : m_states) {
                if (kept.specId == found->second)
                    kept = state;
            }
            states = m_states;
        }
        announceBreakpoints(std::move(states));
    }
}

void NodeSession::paused(const json& params)
{
    bool stepping = false;
    bool pausing = false;
    {
        std::lock_guard lock(m_pauseMutex);
        m_callFrames = params.value("callFrames", json::array());
        stepping = std::exchange(m_stepping, false);
        pausing = std::exchange(m_pausing, false);
    }
    const auto reason = params.value("reason", std::string());
    const auto frames = userFrames();
    StopInfo stop;
    stop.threadId = 1;
    if (!frames.empty()) {
        const auto& top = frames.front();
        stop.frame.function = top.value("functionName", std::string());
        if (stop.frame.function.empty())
            stop.frame.function = "(anonymous)";
        stop.frame.file = pathOfUrl(top.value("url", std::string()));
        stop.frame.line = top["location"].value("lineNumber", 0) + 1;
    }
    if (reason == "exception" || reason == "promiseRejection") {
        // Only exceptions thrown in the user's code (the innermost frame is theirs) are stops.
        const auto all = params.value("callFrames", json::array());
        if (all.empty() || !isUserUrl(urlOf(all[0])))
            return resumeQuietly();
        stop.reason = StopReason::Exception;
        const auto description = params.contains("data") ? params["data"].value("description", std::string()) : "";
        stop.description = description.substr(0, description.find('\n'));
    } else if (const auto hits = params.value("hitBreakpoints", json::array()); !hits.empty()) {
        stop.reason = StopReason::Breakpoint;
        bool reached = true;
        {
            std::lock_guard lock(m_stateMutex);
            for (const auto& id : hits) {
                const auto found = m_cdpToSpec.find(id.get<std::string>());
                if (found == m_cdpToSpec.end())
                    continue;
                stop.breakpointSpecId = found->second;
                auto& state = m_stateById[found->second];
                ++state.hits;
                for (auto& kept : m_states) {
                    if (kept.specId == found->second)
                        kept.hits = state.hits;
                }
                // CDP has no hit count: LambdaDesk counts and lets the early hits run on.
                for (const auto& spec : m_specs) {
                    if (spec.id == found->second && spec.hitCount > 1 && state.hits < spec.hitCount)
                        reached = false;
                }
            }
        }
        if (!reached)
            return resumeQuietly();
        stop.description = "breakpoint at " + stopLocation(stop.frame);
    } else if (stepping) {
        stop.reason = StopReason::Step;
        stop.description = "step";
    } else if (pausing) {
        stop.reason = StopReason::Pause;
        stop.description = "paused";
    } else if (reason == "Break on start") {
        stop.reason = StopReason::Entry;
        stop.description = reason;
    } else {
        stop.reason = StopReason::Other;
        stop.description = reason;  // a `debugger;` statement, or a run-to-line location
    }
    if (frames.empty()) {
        if (stop.reason == StopReason::Pause) {
            // Paused while idle, V8 stops at the next JavaScript to run: Node's timers or the loop. A step in
            // goes through those (blackboxed) to the user's code.
            {
                std::lock_guard lock(m_pauseMutex);
                m_pausing = true;
            }
            m_client->send("Debugger.stepInto");
            return;
        }
        return resumeQuietly();  // nothing of the user's to show (a step that left the handler)
    }
    announceStopped(stop);
}

void NodeSession::resumeQuietly()
{
    m_client->send("Debugger.resume");
}

void NodeSession::resume(const char* method, bool stepping)
{
    {
        std::lock_guard lock(m_pauseMutex);
        m_stepping = stepping;
        m_callFrames = json::array();
    }
    // The state changes now, not when Debugger.resumed arrives: the invocation's clock restarts at once.
    announceResumed();
    m_client->send(method);
}

void NodeSession::continueRun() { resume("Debugger.resume", false); }
void NodeSession::stepOver(std::uint64_t) { resume("Debugger.stepOver", true); }
void NodeSession::stepInto(std::uint64_t) { resume("Debugger.stepInto", true); }
void NodeSession::stepOut(std::uint64_t) { resume("Debugger.stepOut", true); }

void NodeSession::pause()
{
    {
        std::lock_guard lock(m_pauseMutex);
        m_pausing = true;
    }
    m_client->send("Debugger.pause");
}

core::Expected<void> NodeSession::runToLine(const std::string& file, int line)
{
    BreakpointSpec target;
    target.file = file;
    std::string scriptId;
    {
        std::lock_guard lock(m_stateMutex);
        for (const auto& [id, url] : m_scripts) {
            if (namesFile(target, pathOfUrl(url)))
                scriptId = id;
        }
    }
    if (scriptId.empty())
        return core::Error{"Debugger.NoCode", "no loaded script is " + file + " (run to a line of a file the function has loaded)"};
    {
        std::lock_guard lock(m_pauseMutex);
        m_callFrames = json::array();
    }
    announceResumed();
    auto answer = m_client->call("Debugger.continueToLocation",
                                 {{"location", {{"scriptId", scriptId}, {"lineNumber", line - 1}}}}, kAnswer);
    if (!answer)
        return answer.error();
    return {};
}

bool NodeSession::isUserUrl(const std::string& url) const
{
    const auto path = pathOfUrl(url);
    return !path.empty() && path.rfind(m_loopUrlPrefix, 0) != 0;
}

std::string NodeSession::urlOf(const json& frame) const
{
    // Node 20 leaves CallFrame.url empty: the script's URL comes from its scriptParsed.
    if (auto url = frame.value("url", std::string()); !url.empty())
        return url;
    std::lock_guard lock(m_stateMutex);
    const auto found = m_scripts.find(frame["location"].value("scriptId", std::string()));
    return found == m_scripts.end() ? std::string() : found->second;
}

std::vector<json> NodeSession::userFrames() const
{
    json all;
    {
        std::lock_guard lock(m_pauseMutex);
        all = m_callFrames;
    }
    std::vector<json> frames;
    for (auto& frame : all) {
        frame["url"] = urlOf(frame);
        if (isUserUrl(frame["url"].get<std::string>()))
            frames.push_back(std::move(frame));
    }
    return frames;
}

std::vector<ThreadInfo> NodeSession::threads() const
{
    // One JavaScript thread; worker threads would be sessions of their own (Target domain), not threads here.
    return {{1, 0, "main", isStopped() ? "paused" : ""}};
}

std::vector<FrameInfo> NodeSession::frames(std::uint64_t) const
{
    std::vector<FrameInfo> result;
    for (const auto& frame : userFrames()) {
        FrameInfo info;
        info.index = static_cast<int>(result.size());
        info.function = frame.value("functionName", std::string());
        if (info.function.empty())
            info.function = "(anonymous)";
        info.file = pathOfUrl(frame.value("url", std::string()));
        info.line = frame["location"].value("lineNumber", 0) + 1;
        result.push_back(std::move(info));
    }
    return result;
}

std::vector<VariableInfo> NodeSession::variables(std::uint64_t threadId, int frame, const std::string& scope) const
{
    const auto frames = userFrames();
    if (frame < 0 || static_cast<std::size_t>(frame) >= frames.size())
        return {};
    // "locals": the function's own and its blocks'; "globals": what it closes over (module scope included),
    // not Node's global object, which holds hundreds of built-ins.
    const bool locals = scope != "globals";
    std::vector<VariableInfo> result;
    for (const auto& entry : frames[static_cast<std::size_t>(frame)].value("scopeChain", json::array())) {
        const auto type = entry.value("type", std::string());
        const bool isLocal = type == "local" || type == "block" || type == "catch";
        const bool isOuter = type == "closure" || type == "module" || type == "script";
        if ((locals && !isLocal) || (!locals && !isOuter) || !entry.contains("object"))
            continue;
        for (auto& variable : children(threadId, frame, "obj:" + entry["object"].value("objectId", std::string())))
            result.push_back(std::move(variable));
    }
    return result;
}

std::vector<VariableInfo> NodeSession::children(std::uint64_t, int, const std::string& path) const
{
    std::vector<VariableInfo> result;
    if (path.rfind("obj:", 0) != 0)
        return result;
    auto answer = m_client->call("Runtime.getProperties",
                                 {{"objectId", path.substr(4)}, {"ownProperties", true}, {"generatePreview", true}},
                                 kAnswer);
    if (!answer)
        return result;
    for (const auto& property : answer->value("result", json::array())) {
        const auto name = property.value("name", std::string());
        if (name == "__proto__" || !property.contains("value"))
            continue;  // the prototype chain and accessors are not the object's data
        result.push_back(describe(name, property["value"]));
    }
    return result;
}

EvalResult NodeSession::evaluate(std::uint64_t, int frame, const std::string& expression) const
{
    const auto frames = userFrames();
    if (frame < 0 || static_cast<std::size_t>(frame) >= frames.size())
        return {false, "the function is not stopped", {}};
    auto answer = m_client->call("Debugger.evaluateOnCallFrame",
                                 {{"callFrameId", frames[static_cast<std::size_t>(frame)].value("callFrameId", std::string())},
                                  {"expression", expression},
                                  {"generatePreview", true}},
                                 kAnswer);
    if (!answer)
        return {false, answer.error().message, {}};
    if (answer->contains("exceptionDetails")) {
        const auto& details = (*answer)["exceptionDetails"];
        auto text = details.contains("exception") ? details["exception"].value("description", std::string())
                                                  : details.value("text", std::string());
        return {false, text.substr(0, text.find('\n')), {}};
    }
    const auto& object = (*answer)["result"];
    return {true, display(object), typeName(object)};
}

}  // namespace lambdadesk::debugger
