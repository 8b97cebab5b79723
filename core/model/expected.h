// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace lambdadesk::core {

/// An error that crosses a library boundary: an AWS-style code and a message for a human.
struct Error {
    std::string code;
    std::string message;
};

/// A value or an Error. A small stand-in for C++23's std::expected so results that can fail
/// never need exceptions across thread or library boundaries.
template <typename T>
class Expected {
public:
    Expected(T value) : m_state(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Expected(Error error) : m_state(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() { return std::get<T>(m_state); }
    const T& value() const { return std::get<T>(m_state); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

    const Error& error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

/// Expected<void>: success or an Error.
template <>
class Expected<void> {
public:
    Expected() = default;
    Expected(Error error) : m_error(std::move(error)), m_failed(true) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

}  // namespace lambdadesk::core
