// SPDX-License-Identifier: MIT
#include "project/template_parser.h"

#include "project/diagnostic_collector.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

namespace lambdadesk::core {
namespace {

// Aliases let a small document describe a huge (or, with a recursive anchor, endless) tree; these
// bounds keep such a document an error instead of a hang or a stack overflow.
constexpr int kMaxDepth = 400;
constexpr int kMaxNodes = 250000;
constexpr std::string_view kYamlCoreTagPrefix = "tag:yaml.org,2002:";

class NodeConverter {
public:
    explicit NodeConverter(DiagnosticCollector& diagnostics) : m_diagnostics(diagnostics) {}

    TemplateNode convert(const YAML::Node& node, int depth)
    {
        TemplateNode result;
        placeAt(result, node.Mark());
        if (m_exhausted)
            return TemplateNode::makeInvalid(result);
        if (++m_nodeCount > kMaxNodes) {
            m_exhausted = true;
            m_diagnostics.error(result, "the template expands to more than " + std::to_string(kMaxNodes) +
                                            " values (aliases repeated many times?)");
            return TemplateNode::makeInvalid(result);
        }
        if (depth > kMaxDepth) {
            m_exhausted = true;
            m_diagnostics.error(result, "values are nested more than " + std::to_string(kMaxDepth) +
                                            " levels deep (a recursive alias?)");
            return TemplateNode::makeInvalid(result);
        }
        applyTag(result, node.Tag());
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            result.kind = TemplateNode::Kind::Null;
            break;
        case YAML::NodeType::Scalar:
            result.kind = TemplateNode::Kind::Scalar;
            result.scalar = node.Scalar();
            break;
        case YAML::NodeType::Sequence:
            result.kind = TemplateNode::Kind::Sequence;
            for (const auto& item : node)
                result.items.push_back(convert(item, depth + 1));
            break;
        case YAML::NodeType::Map:
            result.kind = TemplateNode::Kind::Mapping;
            convertMapping(node, result, depth);
            break;
        }
        // A tagged empty value (`Value: !Ref`) is an empty scalar, so the intrinsic can say what is missing.
        if (result.isNull() && !result.tag.empty())
            result.kind = TemplateNode::Kind::Scalar;
        return result;
    }

private:
    static void placeAt(TemplateNode& node, const YAML::Mark& mark)
    {
        node.line = mark.line >= 0 ? mark.line + 1 : 0;
        node.column = mark.column >= 0 ? mark.column + 1 : 0;
    }

    static void applyTag(TemplateNode& node, const std::string& tag)
    {
        if (tag.empty() || tag == "?")
            return;
        if (tag == "!") { // yaml-cpp's mark for a quoted scalar
            node.quoted = true;
            return;
        }
        if (tag.rfind(kYamlCoreTagPrefix, 0) == 0) {
            if (tag.substr(kYamlCoreTagPrefix.size()) == "str")
                node.quoted = true;
            return;
        }
        node.tag = tag;
    }

    void convertMapping(const YAML::Node& node, TemplateNode& result, int depth)
    {
        std::map<std::string, int> firstLine;
        std::vector<YAML::Node> mergeValues;
        for (auto it = node.begin(); it != node.end(); ++it) {
            const YAML::Node& key = it->first;
            MapEntry entry;
            entry.line = key.Mark().line + 1;
            entry.column = key.Mark().column + 1;
            if (!key.IsScalar()) {
                m_diagnostics.error(entry.line, entry.column, "a map key must be plain text, not a list or a map");
                continue;
            }
            entry.key = key.Scalar();
            if (entry.key == "<<" && key.Tag() == "?") {
                mergeValues.push_back(it->second);
                continue;
            }
            const auto [previous, inserted] = firstLine.emplace(entry.key, entry.line);
            if (!inserted) {
                m_diagnostics.error(entry.line, entry.column,
                                    "duplicate key '" + entry.key + "' (first written on line " +
                                        std::to_string(previous->second) + ')');
                continue;
            }
            entry.value = convert(it->second, depth + 1);
            // yaml-cpp places an empty value on the next token; the key is where the reader looks.
            if (entry.value.isNull()) {
                entry.value.line = entry.line;
                entry.value.column = entry.column;
            }
            result.entries.push_back(std::move(entry));
        }
        for (const auto& merge : mergeValues)
            applyMergeKey(merge, result, firstLine, depth);
    }

    // YAML merge keys (`<<: *defaults`): keys written in the map itself win over merged ones.
    void applyMergeKey(const YAML::Node& source, TemplateNode& result, std::map<std::string, int>& present, int depth)
    {
        TemplateNode merged = convert(source, depth + 1);
        std::vector<TemplateNode> maps;
        if (merged.isMapping())
            maps.push_back(std::move(merged));
        else if (merged.isSequence())
            maps = std::move(merged.items);
        for (auto& map : maps) {
            if (!map.isMapping()) {
                m_diagnostics.error(map, "a merge key (<<) takes a map or a list of maps, got " + map.describe());
                continue;
            }
            for (auto& entry : map.entries) {
                if (present.emplace(entry.key, entry.line).second)
                    result.entries.push_back(std::move(entry));
            }
        }
    }

public:
    /// True once a size or depth bound was hit; the rest of the tree is then not worth reading.
    [[nodiscard]] bool exhausted() const { return m_exhausted; }

private:
    DiagnosticCollector& m_diagnostics;
    int m_nodeCount = 0;
    bool m_exhausted = false;
};

// A SAX handler that builds nothing: it only remembers where parsing failed, so validating a
// large or deeply nested document costs no memory and no recursion.
struct JsonErrorFinder {
    struct Failure {
        std::size_t position = 0;
        std::string message;
    };
    std::optional<Failure> error;

    bool null() { return true; }
    bool boolean(bool /*value*/) { return true; }
    bool number_integer(nlohmann::json::number_integer_t /*value*/) { return true; }
    bool number_unsigned(nlohmann::json::number_unsigned_t /*value*/) { return true; }
    bool number_float(nlohmann::json::number_float_t /*value*/, const std::string& /*text*/) { return true; }
    bool string(std::string& /*value*/) { return true; }
    bool binary(nlohmann::json::binary_t& /*value*/) { return true; }
    bool start_object(std::size_t /*size*/) { return true; }
    bool key(std::string& /*key*/) { return true; }
    bool end_object() { return true; }
    bool start_array(std::size_t /*size*/) { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t position, const std::string& /*token*/, const nlohmann::json::exception& exception)
    {
        error = Failure{position, exception.what()};
        return false;
    }
};

std::string syntaxMessage(const std::string& yamlMessage, bool json)
{
    return std::string(json ? "JSON" : "YAML") + " syntax error: " + yamlMessage;
}

} // namespace

bool hasJsonFileName(const std::string& fileName)
{
    return fileName.size() >= 5 && fileName.compare(fileName.size() - 5, 5, ".json") == 0;
}

std::optional<JsonSyntaxError> findJsonSyntaxError(const std::string& text)
{
    JsonErrorFinder finder;
    nlohmann::json::sax_parse(text, &finder, nlohmann::json::input_format_t::json, true);
    if (!finder.error)
        return std::nullopt;
    JsonSyntaxError error;
    // nlohmann counts the bytes read up to and including the offending one.
    const std::size_t offset = std::min(finder.error->position > 0 ? finder.error->position - 1 : 0, text.size());
    const auto lineStart = offset == 0 ? std::string::npos : text.rfind('\n', offset - 1);
    error.line =
        1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    error.column = static_cast<int>(lineStart == std::string::npos ? offset + 1 : offset - lineStart);
    error.message = finder.error->message;
    // "[json.exception.parse_error.101] parse error at line 3, column 48: syntax error ..." -> "syntax error ..."
    if (const auto column = error.message.find("column "); column != std::string::npos) {
        if (const auto colon = error.message.find(": ", column); colon != std::string::npos)
            error.message = error.message.substr(colon + 2);
    }
    return error;
}

std::string replaceTabsOutsideStrings(const std::string& json)
{
    std::string result = json;
    bool inString = false;
    bool escaped = false;
    for (char& c : result) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '\t') {
            c = ' ';
        }
    }
    return result;
}

std::optional<TemplateNode> parseTemplate(const std::string& text, const std::string& fileName,
                                          DiagnosticCollector& diagnostics)
{
    bool json = hasJsonFileName(fileName);
    if (json) {
        // yaml-cpp forgives what JSON does not (`{"a": 1,,}`), so JSON is checked by a JSON parser first.
        if (const auto error = findJsonSyntaxError(text)) {
            diagnostics.error(error->line, error->column, "JSON syntax error: " + error->message);
            return std::nullopt;
        }
    } else {
        // A template.yaml holding JSON still gets the JSON treatment of tabs, when it really is JSON.
        const auto first = text.find_first_not_of(" \t\r\n");
        json = first != std::string::npos && text[first] == '{' && !findJsonSyntaxError(text);
    }
    YAML::Node document;
    try {
        document = YAML::Load(json ? replaceTabsOutsideStrings(text) : text);
    } catch (const YAML::DeepRecursion& error) {
        diagnostics.error(error.mark.line + 1, error.mark.column + 1,
                          "values are nested too deeply (" + std::to_string(error.depth()) + " levels)");
        return std::nullopt;
    } catch (const YAML::Exception& error) {
        const int line = error.mark.line >= 0 ? error.mark.line + 1 : 0;
        const int column = error.mark.column >= 0 ? error.mark.column + 1 : 0;
        diagnostics.error(line, column, syntaxMessage(error.msg, json));
        return std::nullopt;
    }

    NodeConverter converter(diagnostics);
    TemplateNode root = converter.convert(document, 0);
    if (root.isInvalid() || converter.exhausted())
        return std::nullopt;
    if (root.isNull() || (root.isScalar() && root.scalar.empty() && !root.quoted)) {
        diagnostics.error(1, 1, "the template is empty; expected a map with at least a Resources section");
        return std::nullopt;
    }
    if (!root.isMapping()) {
        diagnostics.error(root, "the template must be a map of sections (Resources, Parameters, ...), got " +
                                    root.describe());
        return std::nullopt;
    }
    return root;
}

} // namespace lambdadesk::core
