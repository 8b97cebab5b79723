// SPDX-License-Identifier: MIT
#include "filters/event_filter_parser.h"

#include "filters/event_filter_operators.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

namespace lambdadesk::core::filter {
namespace {

using nlohmann::json;

constexpr std::string_view kOr = "$or";

class PatternCompiler {
public:
    explicit PatternCompiler(FilterSource source) : m_source(source) {}

    Expected<std::shared_ptr<const ObjectNode>> compile(const std::string& text);

private:
    enum class Level { Top, Nested };

    bool fail(std::string detail);
    bool compileObject(const json& object, ObjectNode& out, Level level, bool insideOr);
    bool compileOr(const json& value, ObjectNode& out, Level level);
    bool compileField(const std::string& name, const json& value, ObjectNode& out, Level level, bool insideOr);
    bool compileValues(const json& values, FieldNode& field);

    FilterSource m_source;
    std::string m_path;  // where in the pattern we are, as "body.order.type"
    std::string m_error;
};

bool PatternCompiler::fail(std::string detail)
{
    if (!detail.empty() && detail.back() == '.')
        detail.pop_back();
    m_error = "Invalid filter pattern definition. ";
    if (!m_path.empty())
        m_error += "At \"" + m_path + "\": ";
    m_error += detail + ".";
    return false;
}

Expected<std::shared_ptr<const ObjectNode>> PatternCompiler::compile(const std::string& text)
{
    json pattern;
    try {
        // Duplicate keys keep the last value, as Lambda does.
        pattern = json::parse(text);
    } catch (const json::parse_error& error) {
        fail("The pattern is not valid JSON (syntax error at byte " + std::to_string(error.byte) +
             R"(); a pattern is a JSON object such as {"body": {"field": ["value"]}})");
        return Error{"InvalidParameterValueException", m_error};
    } catch (const json::exception&) {
        // Numbers too large for a double (1e999) are reported as out_of_range rather than parse_error.
        fail("The pattern is not valid JSON (a number is out of range)");
        return Error{"InvalidParameterValueException", m_error};
    }
    if (!pattern.is_object()) {
        fail(R"(Filter is not an object; a pattern is a JSON object such as {"body": {"field": ["value"]}})");
        return Error{"InvalidParameterValueException", m_error};
    }
    auto root = std::make_shared<ObjectNode>();
    if (!compileObject(pattern, *root, Level::Top, false))
        return Error{"InvalidParameterValueException", m_error};
    return std::shared_ptr<const ObjectNode>(std::move(root));
}

bool PatternCompiler::compileObject(const json& object, ObjectNode& out, Level level, bool insideOr)
{
    if (object.empty())
        return fail("Empty objects are not allowed; give at least one field");
    for (const auto& [name, value] : object.items()) {
        if (name == kOr) {
            if (!compileOr(value, out, level))
                return false;
        } else if (!compileField(name, value, out, level, insideOr)) {
            return false;
        }
    }
    return true;
}

bool PatternCompiler::compileOr(const json& value, ObjectNode& out, Level level)
{
    const std::size_t pathSize = m_path.size();
    if (!value.is_array())
        return fail(R"($or must be an array of at least 2 objects, as in "$or": [{"a": [1]}, {"b": [2]}])");
    if (value.size() < 2)
        return fail("There must be at least 2 objects in a $or relationship");
    std::vector<ObjectNode> group;
    group.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        m_path.append(pathSize == 0 ? "" : ".").append("$or[").append(std::to_string(i)).append("]");
        if (!value[i].is_object())
            return fail("Only JSON objects are allowed in the array of a $or relationship");
        ObjectNode branch;
        if (!compileObject(value[i], branch, level, true))
            return false;
        group.push_back(std::move(branch));
        m_path.resize(pathSize);
    }
    out.orGroups.push_back(std::move(group));
    return true;
}

bool PatternCompiler::compileField(const std::string& name, const json& value, ObjectNode& out, Level level,
                                   bool insideOr)
{
    const std::size_t pathSize = m_path.size();
    m_path.append(pathSize == 0 ? "" : ".").append(name);
    // Inside $or an operator name as a field is almost certainly a misplaced operator, and EventBridge rejects it.
    if (insideOr && isMatchOperator(name))
        return fail("\"" + name + "\" is an operator and cannot be used as a field name inside $or");
    FieldNode field;
    field.name = name;
    if (level == Level::Top && name == filterDataKey(FilterSource::Sqs))
        field.dataKeyOf = FilterSource::Sqs;
    else if (level == Level::Top && name == filterDataKey(FilterSource::Kinesis))
        field.dataKeyOf = FilterSource::Kinesis;

    if (value.is_object()) {
        field.object = std::make_unique<ObjectNode>();
        if (!compileObject(value, *field.object, Level::Nested, insideOr))
            return false;
    } else if (value.is_array()) {
        if (m_source == FilterSource::Kinesis && field.dataKeyOf == FilterSource::Kinesis)
            return fail("The filter pattern for data properties must be in a valid JSON format: Kinesis matches "
                        "\"data\" as JSON, as in {\"data\": {\"field\": [\"value\"]}}");
        if (!compileValues(value, field))
            return false;
    } else {
        return fail('"' + name + R"(" must be an object or an array, as in {")" + name + R"(": ["value"]})");
    }
    out.fields.push_back(std::move(field));
    m_path.resize(pathSize);
    return true;
}

bool PatternCompiler::compileValues(const json& values, FieldNode& field)
{
    if (values.empty())
        return fail("Empty arrays are not allowed; give at least one value to match");
    for (const json& value : values) {
        if (value.is_object()) {
            std::string error;
            auto matcher = compileMatchExpression(value, error);
            if (!matcher)
                return fail(std::move(error));
            field.values.push_back(std::move(*matcher));
        } else if (value.is_array()) {
            return fail("Match value must be String, number, true, false, or null; nested arrays are not accepted");
        } else {
            field.values.emplace_back(ExactMatcher{value});
        }
    }
    return true;
}

}  // namespace

Expected<std::shared_ptr<const ObjectNode>> compilePattern(const std::string& text, FilterSource source)
{
    return PatternCompiler(source).compile(text);
}

}  // namespace lambdadesk::core::filter
