// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lambdadesk::core {

class Database;

/// An accepted asynchronous (Event) invocation waiting for its next attempt.
struct AsyncEventRecord {
    std::int64_t id = 0;
    std::string requestId;
    std::string function;
    std::string payload;
    std::int64_t acceptedUs = 0;     ///< when the Invoke API answered 202 (Unix µs)
    int attempts = 0;                ///< invocations made so far (function errors count toward retries)
    std::int64_t nextAttemptUs = 0;  ///< not before this time (Unix µs)
    std::string lastError;           ///< errorType of the last attempt
    std::string lastResponse;        ///< error payload of the last attempt, for the failure record
};

/// The durable queue of accepted async events, in the project's state database: an event the Invoke
/// API acknowledged is committed before the 202, and deleted only once it reached its outcome.
class AsyncEventStore {
public:
    static Expected<std::unique_ptr<AsyncEventStore>> open(const std::string& databasePath);
    ~AsyncEventStore();
    AsyncEventStore(const AsyncEventStore&) = delete;
    AsyncEventStore& operator=(const AsyncEventStore&) = delete;

    /// Stores a new event; fills its id.
    Expected<void> insert(AsyncEventRecord& record);
    Expected<void> update(const AsyncEventRecord& record);
    Expected<void> remove(std::int64_t id);
    /// Every stored event (on start: what a previous run accepted and did not finish).
    Expected<std::vector<AsyncEventRecord>> loadAll();

private:
    explicit AsyncEventStore(std::unique_ptr<Database> database);
    std::unique_ptr<Database> m_database;
};

}  // namespace lambdadesk::core
