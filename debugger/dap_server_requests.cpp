// SPDX-License-Identifier: MIT
// The DAP server's requests: attach to a function, breakpoints, and the inspection and control of whichever
// session (native, Python or Node) a thread, frame or variable reference belongs to.
#include "dap_server.h"

#include <algorithm>

namespace lambdadesk::debugger {

using nlohmann::json;

namespace {

json capabilities()
{
    return {{"supportsConfigurationDoneRequest", true},
            {"supportsConditionalBreakpoints", true},
            {"supportsHitConditionalBreakpoints", true},
            {"supportsFunctionBreakpoints", true},
            {"supportsEvaluateForHovers", true},
            {"supportsTerminateRequest", true},
            {"exceptionBreakpointFilters",
             json::array({{{"filter", "uncaught"},
                           {"label", "Uncaught Exceptions"},
                           {"description", "Python and Node: an exception that leaves your code"},
                           {"default", true}},
                          {{"filter", "raised"},
                           {"label", "Raised Exceptions"},
                           {"description", "Python and Node: every exception raised in your code"},
                           {"default", false}}})}};
}

/// DAP's hitCondition as LambdaDesk's "from the Nth hit on": "5", ">= 5" and ">4" all mean the fifth.
core::Expected<int> hitCountOf(const std::string& condition)
{
    std::string text;
    for (char c : condition) {
        if (c != ' ')
            text += c;
    }
    int offset = 0;
    if (text.rfind(">=", 0) == 0)
        text = text.substr(2);
    else if (text.rfind('>', 0) == 0) {
        text = text.substr(1);
        offset = 1;
    } else if (text.rfind("==", 0) == 0)
        text = text.substr(2);
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return core::Error{"Dap.BadHitCondition", "hit condition '" + condition +
                                                      "' is not understood; use N, >= N or > N (stop from the Nth hit on)"};
    return std::stoi(text) + offset;
}

}  // namespace

core::Expected<json> DapServer::handle(const std::string& command, const json& arguments)
{
    if (command == "initialize") {
        std::lock_guard lock(m_mutex);
        m_linesStartAt1 = arguments.value("linesStartAt1", true);
        return capabilities();
    }
    if (command == "attach" || command == "launch")
        return attach(arguments);
    if (command == "setBreakpoints")
        return setBreakpoints(arguments);
    if (command == "setFunctionBreakpoints")
        return setFunctionBreakpoints(arguments);
    if (command == "setExceptionBreakpoints")
        return setExceptionBreakpoints(arguments);
    if (command == "configurationDone")
        return json::object();
    if (command == "threads")
        return threads();
    if (command == "stackTrace")
        return stackTrace(arguments);
    if (command == "scopes")
        return scopes(arguments);
    if (command == "variables")
        return variables(arguments);
    if (command == "evaluate")
        return evaluate(arguments);
    if (command == "continue" || command == "next" || command == "stepIn" || command == "stepOut" ||
        command == "pause")
        return control(command, arguments);
    if (command == "disconnect" || command == "terminate")
        return json::object();  // serve() detaches the functions once the response is out
    return core::Error{"Dap.Unsupported", "LambdaDesk's debug adapter does not support '" + command + "'"};
}

core::Expected<json> DapServer::attach(const json& arguments)
{
    std::vector<std::string> functions;
    if (arguments.contains("function") && arguments["function"].is_string())
        functions.push_back(arguments["function"].get<std::string>());
    if (arguments.contains("functions") && arguments["functions"].is_array()) {
        for (const auto& name : arguments["functions"]) {
            if (name.is_string())
                functions.push_back(name.get<std::string>());
        }
    }
    const auto known = m_hooks.functionNames ? m_hooks.functionNames() : std::vector<std::string>{};
    std::string list;
    for (const auto& name : known)
        list += (list.empty() ? "" : ", ") + name;
    if (functions.empty())
        return core::Error{"Dap.BadAttach", "attach needs \"function\": the name of the function to debug (one of: " +
                                                list + ")"};
    std::shared_ptr<DebugLauncher> launcher;
    {
        std::lock_guard lock(m_mutex);
        launcher = m_launcher;
    }
    if (!launcher)
        return core::Error{"Dap.NotReady", "the engine is not running yet"};
    for (const auto& function : functions) {
        if (std::find(known.begin(), known.end(), function) == known.end())
            return core::Error{"Dap.BadAttach", "no function named '" + function + "' (one of: " + list + ")"};
    }
    for (const auto& function : functions) {
        launcher->setDebugged(function, true);
        {
            std::lock_guard lock(m_mutex);
            m_attached.insert(function);
        }
        // Environments already warm run without the debugger; the next ones start under it.
        if (m_hooks.reloadFunction)
            m_hooks.reloadFunction(function);
    }
    if (m_hooks.editorChanged) {
        std::vector<std::string> attached;
        {
            std::lock_guard lock(m_mutex);
            attached.assign(m_attached.begin(), m_attached.end());
        }
        m_hooks.editorChanged(attached);
    }
    return json::object();
}

json DapServer::describeBreakpoint(const BreakpointSpec& spec) const
{
    std::lock_guard lock(m_mutex);
    const int shift = m_linesStartAt1 ? 0 : 1;
    json breakpoint = {{"id", spec.id}, {"verified", false}};
    const auto state = m_states.find(spec.id);
    if (state != m_states.end() && state->second.verified) {
        breakpoint["verified"] = true;
        breakpoint["line"] = (state->second.resolvedLine > 0 ? state->second.resolvedLine : spec.line) - shift;
    } else {
        if (!spec.file.empty())
            breakpoint["line"] = spec.line - shift;
        breakpoint["message"] = state != m_states.end() && !state->second.message.empty()
                                    ? state->second.message
                                    : "placed when an environment of the attached function starts";
    }
    return breakpoint;
}

core::Expected<json> DapServer::setBreakpoints(const json& arguments)
{
    const auto path = arguments.contains("source") ? arguments["source"].value("path", std::string()) : std::string();
    if (path.empty())
        return core::Error{"Dap.BadBreakpoints", "setBreakpoints needs source.path (a file on this machine)"};
    int shift = 0;
    {
        std::lock_guard lock(m_mutex);
        shift = m_linesStartAt1 ? 0 : 1;
    }
    std::vector<BreakpointSpec> wanted;
    for (const auto& entry : arguments.value("breakpoints", json::array())) {
        BreakpointSpec spec;
        spec.file = path;
        spec.line = entry.value("line", 0) + shift;
        spec.condition = entry.value("condition", std::string());
        if (const auto hit = entry.value("hitCondition", std::string()); !hit.empty()) {
            auto count = hitCountOf(hit);
            if (!count)
                return count.error();
            spec.hitCount = *count;
        }
        wanted.push_back(spec);
    }
    // The request is the whole set for the file: the book's entries for it are replaced.
    for (const auto& spec : m_book->all()) {
        if (spec.file == path)
            m_book->remove(spec.id);
    }
    json breakpoints = json::array();
    for (auto& spec : wanted)
        spec = m_book->add(spec);
    std::shared_ptr<DebugLauncher> launcher;
    {
        std::lock_guard lock(m_mutex);
        launcher = m_launcher;
    }
    if (launcher)
        launcher->applyBreakpoints();  // live sessions report through breakpointsResolved
    for (const auto& spec : wanted)
        breakpoints.push_back(describeBreakpoint(spec));
    return json{{"breakpoints", breakpoints}};
}

core::Expected<json> DapServer::setFunctionBreakpoints(const json& arguments)
{
    for (const auto& spec : m_book->all()) {
        if (spec.file.empty())
            m_book->remove(spec.id);
    }
    std::vector<BreakpointSpec> added;
    for (const auto& entry : arguments.value("breakpoints", json::array())) {
        BreakpointSpec spec;
        spec.function = entry.value("name", std::string());
        spec.condition = entry.value("condition", std::string());
        if (spec.function.empty())
            continue;
        added.push_back(m_book->add(spec));
    }
    std::shared_ptr<DebugLauncher> launcher;
    {
        std::lock_guard lock(m_mutex);
        launcher = m_launcher;
    }
    if (launcher)
        launcher->applyBreakpoints();
    json breakpoints = json::array();
    for (const auto& spec : added)
        breakpoints.push_back(describeBreakpoint(spec));
    return json{{"breakpoints", breakpoints}};
}

core::Expected<json> DapServer::setExceptionBreakpoints(const json& arguments)
{
    const auto filters = arguments.value("filters", json::array());
    const auto has = [&](const char* name) { return std::find(filters.begin(), filters.end(), name) != filters.end(); };
    const auto stops = has("raised") ? ExceptionStops::Raised
                                     : (has("uncaught") ? ExceptionStops::Uncaught : ExceptionStops::None);
    std::lock_guard lock(m_mutex);
    if (m_launcher)
        m_launcher->setExceptionStops(stops);
    return json::object();
}

core::Expected<json> DapServer::threads()
{
    std::shared_ptr<DebugLauncher> launcher;
    {
        std::lock_guard lock(m_mutex);
        launcher = m_launcher;
    }
    json list = json::array();
    if (!launcher)
        return json{{"threads", list}};
    for (const auto& session : launcher->sessions()) {
        const auto prefix = session->functionName() + " (pid " + std::to_string(session->pid()) + ")";
        const auto threads = session->isStopped() ? session->threads() : std::vector<ThreadInfo>{};
        if (threads.empty()) {
            list.push_back({{"id", threadIdFor(session, 0)}, {"name", prefix}});
            continue;
        }
        for (const auto& thread : threads)
            list.push_back({{"id", threadIdFor(session, thread.id)},
                            {"name", prefix + (thread.name.empty() ? "" : " " + thread.name)}});
    }
    return json{{"threads", list}};
}

core::Expected<DapServer::ThreadRef> DapServer::threadOf(int dapThread) const
{
    std::lock_guard lock(m_mutex);
    const auto found = m_threads.find(dapThread);
    if (found == m_threads.end() || !found->second.session.lock())
        return core::Error{"Dap.UnknownThread", "thread " + std::to_string(dapThread) + " has ended"};
    return found->second;
}

core::Expected<std::pair<DapServer::ThreadRef, DapServer::FrameRef>> DapServer::frameOf(int dapFrame) const
{
    FrameRef frame;
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_frames.find(dapFrame);
        if (found == m_frames.end())
            return core::Error{"Dap.UnknownFrame", "frame " + std::to_string(dapFrame) +
                                                       " is gone (the function ran on since it was listed)"};
        frame = found->second;
    }
    auto thread = threadOf(frame.thread);
    if (!thread)
        return thread.error();
    return std::make_pair(*thread, frame);
}

core::Expected<json> DapServer::stackTrace(const json& arguments)
{
    const int dapThread = arguments.value("threadId", 0);
    auto thread = threadOf(dapThread);
    if (!thread)
        return thread.error();
    auto session = thread->session.lock();
    if (!session->isStopped())
        return core::Error{"Dap.Running", session->functionName() + " is running; its stack is read while it is stopped"};
    const auto frames = session->frames(thread->threadId);
    const int start = arguments.value("startFrame", 0);
    const int levels = arguments.value("levels", 0);
    json list = json::array();
    std::lock_guard lock(m_mutex);
    const int shift = m_linesStartAt1 ? 0 : 1;
    for (const auto& frame : frames) {
        if (frame.index < start || (levels > 0 && frame.index >= start + levels))
            continue;
        const int id = m_nextFrame++;
        m_frames[id] = {dapThread, frame.index};
        json entry = {{"id", id}, {"name", frame.function}, {"line", frame.line - shift}, {"column", 1 - shift}};
        if (!frame.file.empty())
            entry["source"] = {{"name", frame.file.substr(frame.file.find_last_of('/') + 1)}, {"path", frame.file}};
        else
            entry["presentationHint"] = "subtle";
        list.push_back(std::move(entry));
    }
    return json{{"stackFrames", list}, {"totalFrames", frames.size()}};
}

core::Expected<json> DapServer::scopes(const json& arguments)
{
    const int dapFrame = arguments.value("frameId", 0);
    auto frame = frameOf(dapFrame);
    if (!frame)
        return frame.error();
    std::lock_guard lock(m_mutex);
    json list = json::array();
    for (const auto& [name, scope] : {std::pair{"Locals", "locals"}, std::pair{"Globals", "globals"}}) {
        const int id = m_nextVariable++;
        m_variables[id] = {dapFrame, true, scope};
        list.push_back({{"name", name},
                        {"variablesReference", id},
                        {"presentationHint", std::string(scope) == "locals" ? "locals" : "globals"},
                        {"expensive", std::string(scope) == "globals"}});
    }
    return json{{"scopes", list}};
}

core::Expected<json> DapServer::variables(const json& arguments)
{
    const int reference = arguments.value("variablesReference", 0);
    VariableRef ref;
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_variables.find(reference);
        if (found == m_variables.end())
            return core::Error{"Dap.UnknownVariable", "variables reference " + std::to_string(reference) +
                                                          " is gone (the function ran on since it was listed)"};
        ref = found->second;
    }
    auto frame = frameOf(ref.frameRef);
    if (!frame)
        return frame.error();
    auto session = frame->first.session.lock();
    const auto values = ref.scope ? session->variables(frame->first.threadId, frame->second.frame, ref.text)
                                  : session->children(frame->first.threadId, frame->second.frame, ref.text);
    json list = json::array();
    std::lock_guard lock(m_mutex);
    for (const auto& value : values) {
        int child = 0;
        if (value.hasChildren) {
            child = m_nextVariable++;
            m_variables[child] = {ref.frameRef, false, value.path};
        }
        list.push_back({{"name", value.name}, {"value", value.value}, {"type", value.type}, {"variablesReference", child}});
    }
    return json{{"variables", list}};
}

core::Expected<json> DapServer::evaluate(const json& arguments)
{
    const auto expression = arguments.value("expression", std::string());
    if (!arguments.contains("frameId"))
        return core::Error{"Dap.NoFrame", "evaluate needs a frameId: expressions run in a stopped function's frame"};
    auto frame = frameOf(arguments.value("frameId", 0));
    if (!frame)
        return frame.error();
    const auto result = frame->first.session.lock()->evaluate(frame->first.threadId, frame->second.frame, expression);
    if (!result.ok)
        return core::Error{"Dap.EvaluateFailed", result.value};
    return json{{"result", result.value}, {"type", result.type}, {"variablesReference", 0}};
}

core::Expected<json> DapServer::control(const std::string& command, const json& arguments)
{
    auto thread = threadOf(arguments.value("threadId", 0));
    if (!thread)
        return thread.error();
    auto session = thread->session.lock();
    if (command == "pause") {
        session->pause();
        return json::object();
    }
    if (!session->isStopped())
        return core::Error{"Dap.Running", session->functionName() + " is already running"};
    if (command == "continue")
        session->continueRun();
    else if (command == "next")
        session->stepOver(thread->threadId);
    else if (command == "stepIn")
        session->stepInto(thread->threadId);
    else
        session->stepOut(thread->threadId);
    return command == "continue" ? json{{"allThreadsContinued", true}} : json::object();
}

}  // namespace lambdadesk::debugger
