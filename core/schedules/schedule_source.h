// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "model/function_config.h"
#include "schedules/schedule_expression.h"

#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {

struct ScheduleSourceOptions {
    std::string region = "us-east-1";
    std::string accountId = "123456789012";
    /// Schedule time runs 1/timeScale times as fast as the wall clock from start() on: 0.01 makes
    /// rate(1 minute) fire every 0.6 s and cron(* * * * ? *) as often. Payload times are schedule time.
    double timeScale = 1.0;
};

/// The state of one Schedule / ScheduleV2 event, for views and tests.
struct ScheduleStatus {
    std::string function;
    std::string eventName;
    std::string type; ///< "Schedule" or "ScheduleV2"
    std::string expression;
    std::string arn;
    bool enabled = true;
    std::optional<ScheduleTime> nextFire; ///< schedule time; nullopt when disabled or nothing is left
    std::uint64_t fires = 0;
};

/// Arms an Asio timer for every enabled Schedule / ScheduleV2 event of a project's functions and hands
/// the payload of each fire to `deliver` — the engine wires that to asynchronous invocation, as
/// EventBridge invokes its targets asynchronously. Timers run on a strand of the executor given, and
/// `deliver` is called there: keep it short and never block in it.
///
/// Rate schedules of `Schedule` first fire one period after start(); those of `ScheduleV2` fire at
/// start() (or their StartDate) and then every period, as EventBridge Scheduler does. A fire missed
/// because the process was suspended is skipped, not replayed.
class ScheduleSource {
public:
    using Deliver = std::function<void(const std::string& function, std::string payload)>;

    ScheduleSource(const boost::asio::any_io_executor& executor, std::vector<FunctionConfig> functions, Deliver deliver,
                   ScheduleSourceOptions options = {});
    /// Stops (see stop()).
    ~ScheduleSource();
    ScheduleSource(const ScheduleSource&) = delete;
    ScheduleSource& operator=(const ScheduleSource&) = delete;

    /// Reads every Schedule / ScheduleV2 event and arms the enabled ones. Returns one Error per event
    /// that cannot be read (bad expression, bad Input, unknown time zone…), naming function and event;
    /// those never fire, the others do. Call once.
    std::vector<Error> start();
    /// Cancels every timer. Thread-safe, also from inside `deliver`; once it returns, no delivery starts.
    void stop();

    [[nodiscard]] std::vector<ScheduleStatus> schedules() const;
    /// The current schedule time: the wall clock, sped up by the time scale since start().
    [[nodiscard]] ScheduleTime now() const;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

} // namespace lambdadesk::core
