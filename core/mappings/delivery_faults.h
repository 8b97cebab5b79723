// SPDX-License-Identifier: MIT
#pragma once

#include "faults/fault_policy.h"
#include "model/invocation.h"
#include "telemetry/event_stream.h"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <string>

namespace lambdadesk::core {

using InvokeFunction = std::function<void(InvokeRequest, InvokeCallback)>;

/// A mapping's invoke with the fault policy's delivery point in front of it: before each batch it asks the
/// policy, then holds the batch for the delay it names (the messages stay in flight, as when Lambda's poller
/// is slow) and sends the same records again as many times as it says (at-least-once delivery made
/// visible: an idempotent handler shrugs, a counting one double-counts). Only the original invocation's
/// outcome decides what the poller deletes, retries or checkpoints. With no policy it is `invoke` itself.
InvokeFunction withDeliveryFaults(const boost::asio::any_io_executor& executor,
                                  std::shared_ptr<const FaultPolicySlot> faults, std::string functionName,
                                  std::string sourceArn, EventStream* events, InvokeFunction invoke);

}  // namespace lambdadesk::core
