// SPDX-License-Identifier: MIT
// The members of an SQS request, read the same way whether they came as a query-protocol form
// (flattened: Attribute.1.Name, MessageAttribute.2.Value.DataType…) or as an AWS JSON 1.0 object.
#pragma once

#include "endpoint/url_codec.h"

#include <model/expected.h>
#include <queues/queue_types.h>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::bridge {

/// Where a flattened query member and its JSON counterpart are found: `Attributes` in JSON is
/// `Attribute.N.Name/Value` in a form, `AttributeNames` is `AttributeName.N`, `Entries` is
/// `SendMessageBatchRequestEntry.N.*`.
struct SqsMember {
    std::string_view json; ///< the JSON member name
    std::string_view form; ///< the flattened query prefix (equal to `json` for scalars)
};

/// A protocol-neutral reader of one request (or one batch entry). Getters never fail: the first problem
/// (a missing required member, a wrong type, a bad number or base64) is kept and reported by failure(),
/// which each operation checks once after reading what it needs.
class SqsInput {
public:
    static SqsInput fromForm(QueryParameters parameters);
    static SqsInput fromJson(nlohmann::json object);

    /// A string member; nullopt when absent.
    std::optional<std::string> optionalString(std::string_view name);
    /// A string member that must be present (MissingParameter otherwise); "" after a failure.
    std::string requiredString(std::string_view name);
    /// An integer member; a form value that is not a decimal integer or a JSON value that is not an
    /// integer number is InvalidParameterValue.
    std::optional<int> optionalInt(std::string_view name);
    /// An integer member that must be present (MissingParameter otherwise); 0 after a failure.
    int requiredInt(std::string_view name);
    /// QueueUrl: required, except that a query request sent to the queue's own URL (POST /<account>/<name>,
    /// as older SDKs do) may leave it out.
    std::string queueUrl();
    /// A map of strings: JSON `{"k":"v"}`, form `<prefix>.N.<keyName>` / `<prefix>.N.<valueName>`.
    std::map<std::string, std::string> stringMap(SqsMember member, std::string_view keyName = "Name",
                                                 std::string_view valueName = "Value");
    /// A list of strings: JSON `["a"]`, form `<prefix>.N`.
    std::vector<std::string> stringList(SqsMember member);
    /// Message attributes: JSON `{"name":{"DataType","StringValue","BinaryValue"}}`, form
    /// `<prefix>.N.Name` and `<prefix>.N.Value.{DataType,StringValue,BinaryValue}`; binary values are base64.
    core::MessageAttributes messageAttributes(SqsMember member);
    /// The entries of a batch, each readable like a request; their failures are this input's failures.
    std::vector<SqsInput> entries(SqsMember member);

    /// The first problem met by any getter, as an AWS error.
    [[nodiscard]] std::optional<core::Error> failure() const { return *m_failure; }
    /// Records a problem found by the caller (kept only when it is the first).
    void fail(core::Error error);
    /// The queue named by the request path, used when QueueUrl is absent (see queueUrl()).
    void setPathQueue(std::string queue) { m_pathQueue = std::move(queue); }

private:
    SqsInput() = default;
    /// Form only: the members under "<prefix>.N." (or "<prefix>.N" itself) grouped by N, in N's order.
    std::map<int, QueryParameters> indexed(std::string_view prefix);
    const std::string* formValue(std::string_view name) const;
    const nlohmann::json* jsonValue(std::string_view name) const;
    SqsInput child(QueryParameters parameters) const;
    SqsInput child(nlohmann::json object) const;

    bool m_isJson = false;
    QueryParameters m_form;
    nlohmann::json m_json;
    std::string m_path; ///< prefix of this entry's members in error messages ("" at the top)
    std::string m_pathQueue;
    std::shared_ptr<std::optional<core::Error>> m_failure = std::make_shared<std::optional<core::Error>>();
};

} // namespace lambdadesk::bridge
