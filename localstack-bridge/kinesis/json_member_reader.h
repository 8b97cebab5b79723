// SPDX-License-Identifier: MIT
// Typed reads of a JSON 1.1 request's members, with AWS's answer to a member of the wrong shape.
#pragma once

#include <model/expected.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::bridge::kinesis {

/// Reads the members of one JSON object as AWS's JSON protocols encode them: strings, integers, timestamps
/// (epoch seconds), blobs (base64 strings), structures and lists. Absent and null members read as absent. A
/// member of the wrong type is a SerializationException naming the member and what it must be; the first one is
/// kept (shared with the readers of nested structures) and later reads return defaults.
class JsonMemberReader {
public:
    /// `object` must outlive the reader. `path` prefixes member names in messages ("Records[2].").
    explicit JsonMemberReader(const nlohmann::json& object, std::string path = {});

    /// "" when absent.
    std::string string(std::string_view name);
    /// A whole number in the 32-bit range, as Kinesis's Integer members are.
    std::optional<int> integer(std::string_view name);
    /// Epoch seconds, fractional; a numeric string is accepted too.
    std::optional<double> timestamp(std::string_view name);
    /// A base64 string decoded to raw bytes; "" when absent.
    std::string blob(std::string_view name);
    /// A nested structure, reporting into this reader's error; nullopt when absent.
    std::optional<JsonMemberReader> structure(std::string_view name);
    /// A list of structures, each reporting into this reader's error; empty when absent.
    std::vector<JsonMemberReader> structures(std::string_view name);
    /// Whether the member is present and not null.
    [[nodiscard]] bool has(std::string_view name) const;

    /// The first problem found by this reader or any nested one.
    [[nodiscard]] const std::optional<core::Error>& error() const { return *m_error; }
    /// `value`, or the first problem.
    template <typename T> core::Expected<T> result(T value) const
    {
        if (*m_error)
            return **m_error;
        return value;
    }

private:
    JsonMemberReader(const nlohmann::json& object, std::string path, std::shared_ptr<std::optional<core::Error>> error);
    /// The member, or nullptr when absent or null.
    [[nodiscard]] const nlohmann::json* find(std::string_view name) const;
    void fail(std::string_view name, const std::string& expected, const nlohmann::json& got);

    const nlohmann::json* m_object;
    std::string m_path;
    std::shared_ptr<std::optional<core::Error>> m_error;
};

/// Standard base64 (padding optional, line breaks ignored) to bytes; nullopt with `problem` set when malformed.
std::optional<std::string> decodeBase64Member(const std::string& text, std::string& problem);

} // namespace lambdadesk::bridge::kinesis
