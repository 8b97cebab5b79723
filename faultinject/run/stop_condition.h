// SPDX-License-Identifier: MIT
#pragma once

#include "run/telemetry_log.h"

#include <model/expected.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::faults {

/// A local alarm, the `value` of a `lambdadesk:alarm` stop condition:
///   "ErrorRate(OrderProcessor) > 50 for 5s"   — percent of finished invocations that failed
///   "Errors(F) >= 3 for 10s", "Throttles(F) > 0 for 5s", "Invocations(F) < 1 for 30s"
///   "P99Duration(F) > 800 for 10s"           — milliseconds
///   "QueueDepth(orders-dlq) > 0"              — visible + in-flight + delayed messages, now
///   "QueueAge(orders) > 60"                   — seconds since the oldest message was sent, now
/// A queue is a name (the default region's) or an ARN (read in its own region; see QueueProbe).
/// The period defaults to 10 s; queue alarms read the queue's state at each evaluation.
struct LocalAlarm {
    enum class Metric { ErrorRate, Errors, Throttles, Invocations, P99Duration, QueueDepth, QueueAge };
    enum class Comparison { Greater, GreaterOrEqual, Less, LessOrEqual };
    Metric metric = Metric::ErrorRate;
    std::string subject;  ///< a function, or a queue (name or ARN) for the queue metrics
    Comparison comparison = Comparison::Greater;
    double threshold = 0;
    std::chrono::seconds period{10};
    std::string text;     ///< as written
};

core::Expected<LocalAlarm> parseLocalAlarm(std::string_view text);

/// A queue's depth and oldest message age in seconds, or nullopt for an unknown queue.
struct QueueReading {
    double depth = 0;
    double oldestAgeSeconds = 0;
};
/// Reads a queue by name (the default region's) or by ARN (the region it names).
using QueueProbe = std::function<std::optional<QueueReading>(const std::string& queue)>;

/// The alarm's metric over `window` (the records of the last `period`); nullopt when there is no datum
/// (no invocation for a rate or percentile, an unknown queue), which never breaches — as CloudWatch's
/// default "missing data: not breaching".
std::optional<double> alarmValue(const LocalAlarm& alarm, const std::vector<TelemetryRecord>& window,
                                 const QueueProbe& queues);
bool breaches(const LocalAlarm& alarm, double value);

}  // namespace lambdadesk::faults
