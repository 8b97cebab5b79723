// SPDX-License-Identifier: MIT
// Line-level edits of a YAML template: yaml-cpp would drop the user's comments and layout on a round trip,
// so the console replaces only the lines of the resources it saves.
#include "project/template_editor.h"

#include <vector>

namespace lambdadesk::core {

namespace {

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        if (end == std::string::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string joinLines(const std::vector<std::string>& lines)
{
    std::string text;
    for (const auto& line : lines)
        text += line + '\n';
    return text;
}

std::size_t indentOf(const std::string& line)
{
    const auto first = line.find_first_not_of(' ');
    return first == std::string::npos ? line.size() : first;
}

bool isBlank(const std::string& line)
{
    return line.find_first_not_of(" \t\r") == std::string::npos;
}

bool isComment(const std::string& line)
{
    const auto first = line.find_first_not_of(' ');
    return first != std::string::npos && line[first] == '#';
}

/// The key of a "key:" line (after its indentation), or empty when the line is no mapping key.
std::string keyOf(const std::string& line)
{
    const auto start = indentOf(line);
    const auto colon = line.find(':', start);
    if (colon == std::string::npos || colon == start)
        return {};
    if (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '#' && line[colon + 1] != '\r')
        return {};
    std::string key = line.substr(start, colon - start);
    if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') && key.back() == key.front())
        key = key.substr(1, key.size() - 2);
    return key;
}

struct Section {
    std::size_t header = 0;  ///< the "Resources:" line
    std::size_t end = 0;     ///< one past its last line
    std::size_t indent = 2;  ///< the indentation of its resources
};

Expected<Section> findResources(std::vector<std::string>& lines)
{
    for (const auto& line : lines) {
        if (isBlank(line) || isComment(line))
            continue;
        if (line.find_first_not_of(' ') != std::string::npos && line[line.find_first_not_of(' ')] == '{')
            return Error{"UnsupportedTemplate",
                         "the template is JSON; the console edits YAML templates (template.yaml)"};
        break;
    }
    Section section;
    bool found = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (indentOf(lines[i]) == 0 && keyOf(lines[i]) == "Resources") {
            const auto rest = lines[i].substr(lines[i].find(':') + 1);
            if (!isBlank(rest) && !isComment(rest))
                return Error{"UnsupportedTemplate", "Resources is written in flow style ('" + lines[i] +
                                                        "'); the console edits a block-style Resources: section"};
            section.header = i;
            found = true;
            break;
        }
    }
    if (!found) {
        lines.push_back("Resources:");
        section.header = lines.size() - 1;
    }
    section.end = lines.size();
    bool indentKnown = false;
    for (std::size_t i = section.header + 1; i < lines.size(); ++i) {
        if (isBlank(lines[i]))
            continue;
        const auto indent = indentOf(lines[i]);
        if (indent == 0 && !isComment(lines[i])) {
            section.end = i;
            break;
        }
        if (!indentKnown && indent > 0 && !isComment(lines[i])) {
            section.indent = indent;
            indentKnown = true;
        }
    }
    return section;
}

/// The lines [begin, end) of resource `key` inside the section; begin == end when absent.
std::pair<std::size_t, std::size_t> findResource(const std::vector<std::string>& lines, const Section& section,
                                                 const std::string& key)
{
    for (std::size_t i = section.header + 1; i < section.end; ++i) {
        if (indentOf(lines[i]) != section.indent || isComment(lines[i]) || keyOf(lines[i]) != key)
            continue;
        std::size_t end = i + 1;
        while (end < section.end && (isBlank(lines[end]) || indentOf(lines[end]) > section.indent))
            ++end;
        // Blank lines before the next resource stay where they are.
        while (end > i + 1 && isBlank(lines[end - 1]))
            --end;
        return {i, end};
    }
    return {section.end, section.end};
}

/// Where an appended resource goes: after the section's last resource line, before trailing blank lines
/// and the comments that introduce the next top-level key.
std::size_t appendPosition(const std::vector<std::string>& lines, const Section& section)
{
    std::size_t at = section.end;
    while (at > section.header + 1 && (isBlank(lines[at - 1]) || (isComment(lines[at - 1]) && indentOf(lines[at - 1]) == 0)))
        --at;
    return at;
}

}  // namespace

Expected<std::string> putResources(const std::string& templateText, const std::string& resourcesYaml)
{
    auto lines = splitLines(templateText);
    // Each resource of resourcesYaml: its key line at column 0 and the indented lines below it.
    std::vector<std::pair<std::string, std::vector<std::string>>> resources;
    for (const auto& line : splitLines(resourcesYaml)) {
        if (isBlank(line))
            continue;
        if (indentOf(line) == 0 && !isComment(line)) {
            const auto key = keyOf(line);
            if (key.empty())
                return Error{"InvalidResource", "not a resource key: '" + line + '\''};
            resources.push_back({key, {line}});
        } else if (!resources.empty()) {
            resources.back().second.push_back(line);
        }
    }
    for (const auto& [key, block] : resources) {
        auto section = findResources(lines);
        if (!section)
            return section.error();
        std::vector<std::string> indented;
        for (const auto& line : block)
            indented.push_back(std::string(section->indent, ' ') + line);
        const auto [begin, end] = findResource(lines, *section, key);
        if (begin == end) {
            const auto at = appendPosition(lines, *section);
            lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), indented.begin(), indented.end());
        } else {
            lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(begin), lines.begin() + static_cast<std::ptrdiff_t>(end));
            lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(begin), indented.begin(), indented.end());
        }
    }
    return joinLines(lines);
}

Expected<std::string> removeResource(const std::string& templateText, const std::string& logicalId)
{
    auto lines = splitLines(templateText);
    auto section = findResources(lines);
    if (!section)
        return section.error();
    const auto [begin, end] = findResource(lines, *section, logicalId);
    if (begin == end)
        return Error{"NotFound", "the template has no resource " + logicalId};
    lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(begin), lines.begin() + static_cast<std::ptrdiff_t>(end));
    return joinLines(lines);
}

}  // namespace lambdadesk::core
