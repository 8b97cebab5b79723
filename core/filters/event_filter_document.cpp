// SPDX-License-Identifier: MIT
#include "filters/event_filter_document.h"

#include "encoding/base64.h"

#include <string>
#include <utility>

namespace lambdadesk::core {
namespace {

// Replaces a string payload by the object it holds, if it holds one; reports whether it did.
bool parseObjectPayload(nlohmann::json& payload)
{
    if (!payload.is_string())
        return false;
    auto parsed = nlohmann::json::parse(payload.get_ref<const std::string&>(), nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object())
        return false;
    payload = std::move(parsed);
    return true;
}

}  // namespace

std::string_view filterDataKey(FilterSource source)
{
    switch (source) {
    case FilterSource::Sqs:
        return "body";
    case FilterSource::Kinesis:
        return "data";
    case FilterSource::Any:
        break;
    }
    return {};
}

FilterDocument filterDocumentForSqs(nlohmann::json record)
{
    FilterDocument result;
    result.source = FilterSource::Sqs;
    if (record.is_object()) {
        const auto body = record.find("body");
        if (body != record.end())
            result.payloadIsJson = parseObjectPayload(*body);
    }
    result.document = std::move(record);
    return result;
}

FilterDocument filterDocumentForKinesis(nlohmann::json record)
{
    FilterDocument result;
    result.source = FilterSource::Kinesis;
    if (!record.is_object()) {
        result.document = std::move(record);
        return result;
    }
    // Lambda documents Kinesis filters as {"partitionKey": …, "data": …}: the `kinesis` object's fields
    // sit at the top of what the filter sees. They win over record fields of the same name.
    nlohmann::json document = nlohmann::json::object();
    nlohmann::json kinesis;
    for (auto& [key, value] : record.items()) {
        if (key == "kinesis" && value.is_object())
            kinesis = std::move(value);
        else
            document[key] = std::move(value);
    }
    if (kinesis.is_object()) {
        for (auto& [key, value] : kinesis.items())
            document[key] = std::move(value);
    }
    const auto data = document.find("data");
    if (data != document.end() && data->is_string()) {
        std::string decoded;
        if (decodeBase64(data->get_ref<const std::string&>(), decoded)) {
            *data = std::move(decoded);
            result.payloadIsJson = parseObjectPayload(*data);
        }
    }
    result.document = std::move(document);
    return result;
}

}  // namespace lambdadesk::core
