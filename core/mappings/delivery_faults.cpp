// SPDX-License-Identifier: MIT
#include "mappings/delivery_faults.h"

#include <boost/asio/steady_timer.hpp>

#include <algorithm>

namespace lambdadesk::core {

namespace {

void deliver(const InvokeFunction& invoke, InvokeRequest request, InvokeCallback done, int duplicates)
{
    for (int copy = 0; copy < duplicates; ++copy)
        invoke(request, [](const InvokeResult&) {});  // a duplicate's outcome is nobody's: the original decides
    invoke(std::move(request), std::move(done));
}

}  // namespace

InvokeFunction withDeliveryFaults(const boost::asio::any_io_executor& executor,
                                  std::shared_ptr<const FaultPolicySlot> faults, std::string functionName,
                                  std::string sourceArn, EventStream* events, InvokeFunction invoke)
{
    if (!faults)
        return invoke;
    return
        [executor, faults = std::move(faults), functionName = std::move(functionName), sourceArn = std::move(sourceArn),
         events, invoke = std::move(invoke)](InvokeRequest request, InvokeCallback done) {
            const auto policy = faults->get();
            const DeliveryFault fault =
                policy ? policy->onDelivery(DeliveryQuery{functionName, sourceArn}) : DeliveryFault{};
            if (events) {
                for (const auto& applied : fault.applied)
                    events->publish(FaultApplied{
                        functionName, {}, applied.experimentId, applied.actionName, applied.actionId, applied.effect});
            }
            const int duplicates = std::max(0, fault.duplicates);
            if (fault.delay <= std::chrono::milliseconds(0))
                return deliver(invoke, std::move(request), std::move(done), duplicates);
            auto timer = std::make_shared<boost::asio::steady_timer>(executor, fault.delay);
            timer->async_wait([timer, invoke, request = std::move(request), done = std::move(done),
                               duplicates](const boost::system::error_code&) mutable {
                // Whatever the error code: the poller waits for this batch's outcome.
                deliver(invoke, std::move(request), std::move(done), duplicates);
            });
        };
}

}  // namespace lambdadesk::core
