// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace lambdadesk::cli {

struct ExperimentOptions {
    std::string templatePath;
    std::string experimentPath;      ///< an experiment template in FIS's JSON
    std::string traffic;             ///< a traffic scenario (see core::parseTrafficScenario); "" = none
    double seconds = 0;              ///< how long to run; 0 = until the experiment ends, then `after` more
    double before = 0;               ///< traffic before the experiment starts (the report's baseline)
    double after = 5;                ///< traffic after it ended (recovery), when `seconds` is 0
    std::optional<std::uint64_t> seed;
    std::string reportPath;          ///< FILE.html or FILE.json
    bool json = false;
};

/// `lambdadesk-cli experiment run PROJECT EXPERIMENT.json [--traffic SCENARIO] [--seconds N] [--report FILE.html]
/// [--json]`, and `experiment actions` (the catalogue).
void addExperimentCommand(CLI::App& app, ExperimentOptions& options, int& exitStatus);
int runExperiment(const ExperimentOptions& options);

}  // namespace lambdadesk::cli
