// SPDX-License-Identifier: MIT
#include "breakpoint_book.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>

namespace lambdadesk::debugger {

core::Expected<BreakpointSpec> parseBreakpoint(const std::string& text)
{
    const auto accepted = std::string(" (accepted: FILE:LINE such as handler.cpp:42, or a function name such as "
                                      "sum_items)");
    if (text.empty())
        return core::Error{"InvalidBreakpoint", "empty breakpoint" + accepted};
    BreakpointSpec spec;
    const auto colon = text.rfind(':');
    // "ns::function" is a function name, not FILE:LINE.
    if (colon == std::string::npos || (colon > 0 && text[colon - 1] == ':')) {
        spec.function = text;
        return spec;
    }
    const std::string file = text.substr(0, colon);
    const std::string line = text.substr(colon + 1);
    int number = 0;
    const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), number);
    if (file.empty() || ec != std::errc() || end != line.data() + line.size() || number < 1)
        return core::Error{"InvalidBreakpoint", "'" + text + "' has no valid line number" + accepted};
    spec.file = file;
    spec.line = number;
    return spec;
}

bool namesFile(const BreakpointSpec& spec, const std::string& path)
{
    if (spec.file.empty() || spec.file.size() > path.size())
        return false;
    if (path.compare(path.size() - spec.file.size(), spec.file.size(), spec.file) != 0)
        return false;
    return spec.file.size() == path.size() || spec.file.front() == '/' || path[path.size() - spec.file.size() - 1] == '/';
}

BreakpointSpec BreakpointBook::add(BreakpointSpec spec)
{
    std::lock_guard lock(m_mutex);
    spec.id = m_nextId++;
    m_specs.push_back(spec);
    return spec;
}

bool BreakpointBook::remove(int id)
{
    std::lock_guard lock(m_mutex);
    return std::erase_if(m_specs, [id](const BreakpointSpec& spec) { return spec.id == id; }) > 0;
}

bool BreakpointBook::update(const BreakpointSpec& spec)
{
    std::lock_guard lock(m_mutex);
    for (auto& existing : m_specs) {
        if (existing.id == spec.id) {
            existing = spec;
            return true;
        }
    }
    return false;
}

BreakpointSpec BreakpointBook::toggle(const std::string& file, int line)
{
    std::lock_guard lock(m_mutex);
    const auto removed = std::erase_if(m_specs, [&](const BreakpointSpec& spec) {
        return spec.line == line && (spec.file == file || namesFile(spec, file));
    });
    if (removed > 0)
        return {};
    BreakpointSpec spec;
    spec.id = m_nextId++;
    spec.file = file;
    spec.line = line;
    m_specs.push_back(spec);
    return spec;
}

std::vector<BreakpointSpec> BreakpointBook::all() const
{
    std::lock_guard lock(m_mutex);
    return m_specs;
}

core::Expected<void> BreakpointBook::load(const std::filesystem::path& file)
{
    std::ifstream in(file);
    if (!in)
        return {};
    nlohmann::json document = nlohmann::json::parse(in, nullptr, false);
    if (document.is_discarded() || !document.is_object() || !document.value("breakpoints", nlohmann::json()).is_array())
        return core::Error{"InvalidBreakpoints", file.string() +
                                                     " is not a breakpoints file (expected {\"breakpoints\":[{\"file\","
                                                     "\"line\"} or {\"function\"}, …]}); it was left untouched"};
    std::vector<BreakpointSpec> loaded;
    for (const auto& entry : document["breakpoints"]) {
        if (!entry.is_object())
            continue;
        BreakpointSpec spec;
        spec.file = entry.value("file", "");
        spec.line = entry.value("line", 0);
        spec.function = entry.value("function", "");
        spec.condition = entry.value("condition", "");
        spec.hitCount = entry.value("hitCount", 0);
        spec.enabled = entry.value("enabled", true);
        if ((spec.file.empty() || spec.line < 1) && spec.function.empty())
            continue;
        loaded.push_back(spec);
    }
    std::lock_guard lock(m_mutex);
    m_specs.clear();
    for (auto& spec : loaded) {
        spec.id = m_nextId++;
        m_specs.push_back(spec);
    }
    return {};
}

core::Expected<void> BreakpointBook::save(const std::filesystem::path& file) const
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto& spec : all()) {
        nlohmann::json entry;
        if (!spec.file.empty()) {
            entry["file"] = spec.file;
            entry["line"] = spec.line;
        } else {
            entry["function"] = spec.function;
        }
        if (!spec.condition.empty())
            entry["condition"] = spec.condition;
        if (spec.hitCount > 1)
            entry["hitCount"] = spec.hitCount;
        if (!spec.enabled)
            entry["enabled"] = false;
        list.push_back(entry);
    }
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    const auto temporary = file.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        if (!out)
            return core::Error{"ServiceException", "cannot write " + temporary};
        out << nlohmann::json{{"breakpoints", list}}.dump(2) << '\n';
    }
    std::filesystem::rename(temporary, file, ec);  // atomic: a crash never leaves half a file
    if (ec)
        return core::Error{"ServiceException", "cannot replace " + file.string() + ": " + ec.message()};
    return {};
}

}  // namespace lambdadesk::debugger
