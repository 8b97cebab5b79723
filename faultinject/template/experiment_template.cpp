// SPDX-License-Identifier: MIT
// parseExperimentTemplate: the template's top level (description, stop conditions, tags, options, LambdaDesk's
// extension); targets and actions are read by experiment_template_targets.cpp and experiment_template_actions.cpp.
#include "template/experiment_template.h"

#include "template/template_fields.h"

#include <regex>

namespace lambdadesk::faults {
namespace {

using detail::childPath;
using detail::fieldError;
using detail::findMember;
using detail::indexPath;
using detail::inQuotes;
using detail::Json;
using detail::typeError;

constexpr std::size_t kMaxDescription = 512;
constexpr std::size_t kMaxTagKey = 128;
constexpr std::size_t kMaxTagValue = 256;
constexpr std::size_t kMaxTags = 50;

const std::vector<std::string>& topLevelMembers()
{
    static const std::vector<std::string> members{
        "clientToken", "description", "roleArn",           "stopConditions",   "targets",
        "actions",     "tags",        "experimentOptions", "logConfiguration", "experimentReportConfiguration",
        "lambdadesk"};
    return members;
}

core::Expected<std::string> readDescription(const Json& document)
{
    const Json* description = findMember(document, "description");
    if (!description)
        return fieldError("description", "is required; accepted: a string of at most 512 characters");
    auto text = detail::readString(*description, "description");
    if (!text)
        return text;
    if (const std::size_t length = detail::characterCount(*text); length > kMaxDescription)
        return fieldError("description", "is " + std::to_string(length) + " characters long; accepted: at most " +
                                             std::to_string(kMaxDescription) + " characters");
    return text;
}

core::Expected<StopConditionSpec> readStopCondition(const Json& entry, const std::string& path)
{
    static const std::regex kAlarmArn(R"(arn:aws[a-zA-Z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+)");
    constexpr const char* kSources = R"("none", "aws:cloudwatch:alarm" or "lambdadesk:alarm")";
    if (!entry.is_object())
        return typeError(path, R"(an object such as {"source": "none"})", entry);
    if (auto members = detail::checkMembers(entry, path, {"source", "value"}); !members)
        return members.error();

    StopConditionSpec condition;
    const std::string sourcePath = childPath(path, "source");
    const Json* source = findMember(entry, "source");
    if (!source)
        return fieldError(sourcePath, std::string("is required; accepted: ") + kSources);
    auto sourceText = detail::readString(*source, sourcePath);
    if (!sourceText)
        return sourceText.error();
    condition.source = std::move(*sourceText);

    const std::string valuePath = childPath(path, "value");
    const Json* value = findMember(entry, "value");
    if (condition.source == "none") {
        if (value)
            return fieldError(valuePath, R"(is not taken by the source "none"; accepted: leave it out)");
        return condition;
    }
    if (condition.source != "aws:cloudwatch:alarm" && condition.source != "lambdadesk:alarm")
        return fieldError(sourcePath,
                          inQuotes(condition.source) + " is not a stop condition source; accepted: " + kSources);
    if (!value) {
        return fieldError(valuePath, "is required by the source " + inQuotes(condition.source) + "; accepted: " +
                                         (condition.source == "lambdadesk:alarm"
                                              ? std::string("a local alarm such as \"ErrorRate(OrderProcessor) > 50 "
                                                            "for 5s\"")
                                              : std::string("a CloudWatch alarm ARN")));
    }
    auto valueText = detail::readString(*value, valuePath);
    if (!valueText)
        return valueText.error();
    if (valueText->empty())
        return fieldError(valuePath, "is empty; accepted: the alarm the experiment stops on");
    if (condition.source == "aws:cloudwatch:alarm" && !std::regex_match(*valueText, kAlarmArn))
        return fieldError(valuePath, inQuotes(*valueText) + " is not a CloudWatch alarm ARN; accepted: "
                                                            "arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME");
    condition.value = std::move(*valueText);
    return condition;
}

core::Expected<std::vector<StopConditionSpec>> readStopConditions(const Json& document)
{
    const Json* conditions = findMember(document, "stopConditions");
    if (!conditions)
        return fieldError("stopConditions", R"(is required; accepted: an array such as [{"source": "none"}])");
    if (!conditions->is_array())
        return typeError("stopConditions", R"(an array such as [{"source": "none"}])", *conditions);
    std::vector<StopConditionSpec> result;
    for (std::size_t i = 0; i < conditions->size(); ++i) {
        auto condition = readStopCondition((*conditions)[i], indexPath("stopConditions", i));
        if (!condition)
            return condition.error();
        result.push_back(std::move(*condition));
    }
    return result;
}

core::Expected<std::map<std::string, std::string>> readTags(const Json& tags)
{
    auto result = detail::readStringMap(tags, "tags");
    if (!result)
        return result;
    if (result->size() > kMaxTags)
        return fieldError("tags", "holds " + std::to_string(result->size()) + " tags; accepted: at most " +
                                      std::to_string(kMaxTags));
    for (const auto& [key, value] : *result) {
        if (key.empty() || detail::characterCount(key) > kMaxTagKey)
            return fieldError("tags", "tag key " + inQuotes(key) + " is not accepted; accepted: 1 to " +
                                          std::to_string(kMaxTagKey) + " characters");
        if (detail::characterCount(value) > kMaxTagValue)
            return fieldError(childPath("tags", key),
                              "is too long; accepted: at most " + std::to_string(kMaxTagValue) + " characters");
    }
    return result;
}

/// experimentOptions: only what a single local account can do.
core::Expected<void> readExperimentOptions(const Json& options, ExperimentTemplate& result)
{
    if (!options.is_object())
        return typeError("experimentOptions", R"(an object such as {"emptyTargetResolutionMode": "fail"})", options);
    if (auto members =
            detail::checkMembers(options, "experimentOptions", {"accountTargeting", "emptyTargetResolutionMode"});
        !members)
        return members;
    if (const Json* targeting = findMember(options, "accountTargeting")) {
        auto text = detail::readString(*targeting, "experimentOptions.accountTargeting");
        if (!text)
            return text.error();
        if (*text != "single-account")
            return fieldError("experimentOptions.accountTargeting",
                              inQuotes(*text) + R"( is not accepted; accepted: "single-account" (LambdaDesk emulates )"
                                                "one account)");
    }
    if (const Json* mode = findMember(options, "emptyTargetResolutionMode")) {
        auto text = detail::readString(*mode, "experimentOptions.emptyTargetResolutionMode");
        if (!text)
            return text.error();
        if (*text != "fail" && *text != "skip")
            return fieldError("experimentOptions.emptyTargetResolutionMode",
                              inQuotes(*text) + R"( is not accepted; accepted: "fail" or "skip")");
        result.emptyTargetResolutionMode = std::move(*text);
    }
    return {};
}

/// "lambdadesk": {"seed": 7} — LambdaDesk's own member, for experiments that hit the same invocations every run.
core::Expected<void> readExtension(const Json& extension, ExperimentTemplate& result)
{
    if (!extension.is_object())
        return typeError("lambdadesk", R"(an object such as {"seed": 7})", extension);
    if (auto members = detail::checkMembers(extension, "lambdadesk", {"seed"}); !members)
        return members;
    if (const Json* seed = findMember(extension, "seed")) {
        // A json built in code holds 7 as a signed integer; a parsed one as unsigned.
        if (seed->is_number_unsigned())
            result.seed = seed->get<std::uint64_t>();
        else if (seed->is_number_integer() && seed->get<std::int64_t>() >= 0)
            result.seed = static_cast<std::uint64_t>(seed->get<std::int64_t>());
        else
            return typeError("lambdadesk.seed", "an unsigned integer such as 7", *seed);
    }
    return {};
}

core::Expected<ExperimentTemplate> readTemplate(const Json& document)
{
    if (!document.is_object())
        return typeError("template", R"(a JSON object with description, stopConditions and actions)", document);
    if (auto members = detail::checkMembers(document, "", topLevelMembers()); !members)
        return members.error();

    ExperimentTemplate result;
    if (const Json* token = findMember(document, "clientToken"); token && !token->is_string())
        return typeError("clientToken", "a string", *token);

    auto description = readDescription(document);
    if (!description)
        return description.error();
    result.description = std::move(*description);

    if (const Json* role = findMember(document, "roleArn")) {
        auto text = detail::readString(*role, "roleArn");
        if (!text)
            return text.error();
        result.roleArn = std::move(*text);
    }

    auto stopConditions = readStopConditions(document);
    if (!stopConditions)
        return stopConditions.error();
    result.stopConditions = std::move(*stopConditions);

    if (const Json* targets = findMember(document, "targets")) {
        auto parsed = detail::parseTargets(*targets);
        if (!parsed)
            return parsed.error();
        result.targets = std::move(*parsed);
    }

    const Json* actions = findMember(document, "actions");
    if (!actions)
        return fieldError("actions", R"(is required; accepted: an object of at least one named action, such as )"
                                     R"({"wait": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}}})");
    auto parsedActions = detail::parseActions(*actions, result.targets);
    if (!parsedActions)
        return parsedActions.error();
    result.actions = std::move(*parsedActions);

    if (const Json* tags = findMember(document, "tags")) {
        auto parsed = readTags(*tags);
        if (!parsed)
            return parsed.error();
        result.tags = std::move(*parsed);
    }
    if (const Json* options = findMember(document, "experimentOptions")) {
        if (auto read = readExperimentOptions(*options, result); !read)
            return read.error();
    }
    // Accepted so FIS templates load unchanged; LambdaDesk keeps its own logs and reports.
    for (const char* ignored : {"logConfiguration", "experimentReportConfiguration"}) {
        if (const Json* member = findMember(document, ignored); member && !member->is_object())
            return typeError(ignored, "an object", *member);
    }
    if (const Json* extension = findMember(document, "lambdadesk")) {
        if (auto read = readExtension(*extension, result); !read)
            return read.error();
    }
    // The AWS CLI refuses members its model does not know (`lambdadesk`) before sending anything, so the seed
    // can also travel as a tag, which every FIS client passes through.
    if (const auto tag = result.tags.find(std::string(kSeedTag)); tag != result.tags.end() && !result.seed) {
        const auto seed = parseSeedTag(tag->second);
        if (!seed)
            return fieldError(childPath("tags", tag->first),
                              inQuotes(tag->second) + " is not a seed; accepted: an unsigned integer such as \"7\"");
        result.seed = *seed;
    }
    return result;
}

}  // namespace

std::optional<std::uint64_t> parseSeedTag(const std::string& value)
{
    if (value.empty() || value.size() > 20 || value.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    try {
        return std::stoull(value);
    } catch (const std::exception&) {
        return std::nullopt;  // past 2^64
    }
}

core::Expected<ExperimentTemplate> parseExperimentTemplate(const nlohmann::json& document)
{
    try {
        return readTemplate(document);
    } catch (const Json::exception& error) {
        // Every access above checks the type first; this is the contract's backstop, not a path taken.
        return core::Error{"ValidationException", std::string("template: could not be read: ") + error.what()};
    }
}

core::Expected<ExperimentTemplate> parseExperimentTemplate(const std::string& text)
{
    Json document;
    try {
        document = Json::parse(text);
    } catch (const Json::parse_error& error) {
        // what() reads "[json.exception.parse_error.101] parse error at line 1, column 5: …"; keep the part after
        // the bracketed id.
        std::string detail = error.what();
        if (const auto end = detail.find("] "); detail.rfind("[json.exception", 0) == 0 && end != std::string::npos)
            detail.erase(0, end + 2);
        return core::Error{"ValidationException", "template: is not valid JSON: syntax error at byte " +
                                                      std::to_string(error.byte) + " (" + detail +
                                                      "); accepted: a JSON object"};
    } catch (const Json::exception& error) {
        // Numbers too large for a double (1e999) are out_of_range errors, not parse errors.
        return core::Error{"ValidationException", std::string("template: is not valid JSON: ") + error.what()};
    }
    return parseExperimentTemplate(document);
}

}  // namespace lambdadesk::faults
