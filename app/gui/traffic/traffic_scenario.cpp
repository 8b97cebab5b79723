// SPDX-License-Identifier: MIT
#include "traffic/traffic_scenario.h"

#include "traffic/scenario_parser.h"

namespace lambdadesk::gui {

std::optional<std::vector<core::TrafficPlan>> parseTrafficScenario(const QString& text, const core::Project& project,
                                                                   double seconds, QString* error)
{
    auto plans = core::parseTrafficScenario(text.toStdString(), project, seconds);
    if (!plans) {
        if (error)
            *error = QString::fromStdString(plans.error().message);
        return std::nullopt;
    }
    return std::move(*plans);
}

}  // namespace lambdadesk::gui
