// SPDX-License-Identifier: MIT
// Reading a stopped process: threads, frames, the variables tree and expressions. Values are turned into
// strings here, under the API mutex, because SBValues are only valid until the process runs again.
#include "lldb_session_impl.h"

#include <charconv>
#include <sstream>

namespace lambdadesk::debugger {
namespace {

constexpr std::uint32_t kMaxChildren = 1000;  // a 10-million-element vector must not freeze the dock

std::vector<int> parseIndices(const std::string& text)
{
    std::vector<int> indices;
    std::stringstream stream(text);
    std::string part;
    while (std::getline(stream, part, '/')) {
        int value = -1;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (ec != std::errc() || end != part.data() + part.size() || value < 0)
            return {};
        indices.push_back(value);
    }
    return indices;
}

lldb::SBValueList scopeValues(lldb::SBFrame& frame, const std::string& scope)
{
    lldb::SBVariablesOptions options;
    const bool globals = scope == "globals";
    options.SetIncludeArguments(!globals);
    options.SetIncludeLocals(!globals);
    options.SetIncludeStatics(globals);
    options.SetInScopeOnly(true);
    return frame.GetVariables(options);
}

}  // namespace

std::string displayValue(lldb::SBValue& value)
{
    // Strings and containers read best as LLDB's summary ("\"abc\"", "size=3"); scalars as their value.
    const char* summary = value.GetSummary();
    const char* text = value.GetValue();
    if (summary && *summary)
        return text && *text && value.GetType().IsPointerType() ? std::string(text) + ' ' + summary : summary;
    if (text)
        return text;
    // SBError owns the text GetCString points into: keep it alive while it is read.
    lldb::SBError error = value.GetError();
    if (error.Fail())
        return std::string("<") + (error.GetCString() ? error.GetCString() : "unavailable") + ">";
    return value.MightHaveChildren() ? "{…}" : "";
}

VariableInfo describeValue(lldb::SBValue& value, const std::string& path)
{
    VariableInfo info;
    info.name = value.GetName() ? value.GetName() : "";
    info.value = displayValue(value);
    info.type = value.GetDisplayTypeName() ? value.GetDisplayTypeName() : "";
    info.hasChildren = value.MightHaveChildren() && value.GetNumChildren(1) > 0;
    info.path = path;
    return info;
}

FrameInfo describeFrame(lldb::SBFrame& frame)
{
    FrameInfo info;
    info.index = static_cast<int>(frame.GetFrameID());
    const char* name = frame.GetDisplayFunctionName();
    info.function = name ? name : "";
    auto entry = frame.GetLineEntry();
    if (entry.IsValid()) {
        char path[4096] = {};
        entry.GetFileSpec().GetPath(path, sizeof path);
        info.file = path;
        info.line = static_cast<int>(entry.GetLine());
    }
    info.pc = frame.GetPC();
    return info;
}

lldb::SBFrame LldbSession::Impl::frameAt(std::uint64_t threadId, int index) const
{
    auto& mutableProcess = const_cast<lldb::SBProcess&>(process);
    if (!stopped || mutableProcess.GetState() != lldb::eStateStopped)
        return {};
    auto thread = threadId ? mutableProcess.GetThreadByID(threadId) : mutableProcess.GetSelectedThread();
    if (!thread.IsValid() || index < 0 || static_cast<std::uint32_t>(index) >= thread.GetNumFrames())
        return {};
    return thread.GetFrameAtIndex(static_cast<std::uint32_t>(index));
}

std::vector<ThreadInfo> LldbSession::threads() const
{
    std::lock_guard lock(m_impl->api);
    std::vector<ThreadInfo> threads;
    auto& process = m_impl->process;
    if (!m_impl->stopped)
        return threads;
    for (std::uint32_t i = 0; i < process.GetNumThreads(); ++i) {
        auto thread = process.GetThreadAtIndex(i);
        ThreadInfo info;
        info.id = thread.GetThreadID();
        info.index = static_cast<int>(thread.GetIndexID());
        info.name = thread.GetName() ? thread.GetName() : "";
        const auto reason = thread.GetStopReason();
        if (reason != lldb::eStopReasonNone && reason != lldb::eStopReasonInvalid) {
            char description[256] = {};
            thread.GetStopDescription(description, sizeof description);
            info.stopReason = description;
        }
        threads.push_back(info);
    }
    return threads;
}

std::vector<FrameInfo> LldbSession::frames(std::uint64_t threadId) const
{
    std::lock_guard lock(m_impl->api);
    std::vector<FrameInfo> frames;
    auto first = m_impl->frameAt(threadId, 0);
    if (!first.IsValid())
        return frames;
    auto thread = first.GetThread();
    for (std::uint32_t i = 0; i < thread.GetNumFrames(); ++i) {
        auto frame = thread.GetFrameAtIndex(i);
        frames.push_back(describeFrame(frame));
    }
    return frames;
}

std::vector<VariableInfo> LldbSession::variables(std::uint64_t threadId, int frameIndex, const std::string& scope) const
{
    std::lock_guard lock(m_impl->api);
    std::vector<VariableInfo> variables;
    auto frame = m_impl->frameAt(threadId, frameIndex);
    if (!frame.IsValid())
        return variables;
    auto values = scopeValues(frame, scope);
    for (std::uint32_t i = 0; i < values.GetSize() && i < kMaxChildren; ++i) {
        auto value = values.GetValueAtIndex(i);
        variables.push_back(describeValue(value, scope + '/' + std::to_string(i)));
    }
    return variables;
}

std::vector<VariableInfo> LldbSession::children(std::uint64_t threadId, int frameIndex, const std::string& path) const
{
    std::lock_guard lock(m_impl->api);
    std::vector<VariableInfo> children;
    auto frame = m_impl->frameAt(threadId, frameIndex);
    const auto slash = path.find('/');
    if (!frame.IsValid() || slash == std::string::npos)
        return children;
    const auto indices = parseIndices(path.substr(slash + 1));
    auto values = scopeValues(frame, path.substr(0, slash));
    if (indices.empty() || static_cast<std::uint32_t>(indices[0]) >= values.GetSize())
        return children;
    auto value = values.GetValueAtIndex(static_cast<std::uint32_t>(indices[0]));
    for (std::size_t i = 1; i < indices.size() && value.IsValid(); ++i)
        value = value.GetChildAtIndex(static_cast<std::uint32_t>(indices[i]));
    if (!value.IsValid())
        return children;
    const auto count = value.GetNumChildren(kMaxChildren);
    for (std::uint32_t i = 0; i < count; ++i) {
        auto child = value.GetChildAtIndex(i);
        children.push_back(describeValue(child, path + '/' + std::to_string(i)));
    }
    return children;
}

EvalResult LldbSession::evaluate(std::uint64_t threadId, int frameIndex, const std::string& expression) const
{
    std::lock_guard lock(m_impl->api);
    EvalResult result;
    auto frame = m_impl->frameAt(threadId, frameIndex);
    if (!frame.IsValid()) {
        result.value = "the process is not stopped";
        return result;
    }
    // Plain variable paths need no code run in the process (fast, and no running/stopped events).
    auto value = frame.GetValueForVariablePath(expression.c_str());
    if (!value.IsValid() || lldb::SBError(value.GetError()).Fail()) {
        lldb::SBExpressionOptions options;
        options.SetTimeoutInMicroSeconds(2'000'000);  // a hung expression must not hang the session
        options.SetIgnoreBreakpoints(true);
        options.SetUnwindOnError(true);
        value = frame.EvaluateExpression(expression.c_str(), options);
    }
    lldb::SBError error = value.IsValid() ? value.GetError() : lldb::SBError();
    if (!value.IsValid() || error.Fail()) {
        const char* text = error.GetCString();
        result.value = text ? text : "cannot evaluate " + expression;
        while (!result.value.empty() && (result.value.back() == '\n' || result.value.back() == ' '))
            result.value.pop_back();
        return result;
    }
    result.ok = true;
    result.value = displayValue(value);
    result.type = value.GetDisplayTypeName() ? value.GetDisplayTypeName() : "";
    return result;
}

}  // namespace lambdadesk::debugger
