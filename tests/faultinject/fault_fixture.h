// SPDX-License-Identifier: MIT
#pragma once
// An engine with an experiment runner, and templates built in a line.

#include "../core/engine_fixture.h"

#include <run/experiment_runner.h>

#include <QTest>

#include <nlohmann/json.hpp>

namespace lambdadesk::tests {

struct FaultHarness {
    FaultHarness() : engine(quickOptions()), runner(faults::ExperimentRunner::create(engine)) {}
    ~FaultHarness() { runner->shutdown(); }

    /// A one-action template on `function` (by ARN), with `parameters`, FIS's shape.
    static nlohmann::json oneAction(const std::string& function, const std::string& actionId,
                                    nlohmann::json parameters, std::uint64_t seed = 1)
    {
        return {{"description", "test " + actionId},
                {"roleArn", "arn:aws:iam::123456789012:role/fis"},
                {"stopConditions", {{{"source", "none"}}}},
                {"targets",
                 {{"Fns",
                   {{"resourceType", "aws:lambda:function"},
                    {"resourceArns", {"arn:aws:lambda:us-east-1:123456789012:function:" + function}},
                    {"selectionMode", "ALL"}}}}},
                {"actions",
                 {{"act", {{"actionId", actionId}, {"parameters", std::move(parameters)}, {"targets", {{"Functions", "Fns"}}}}}}},
                {"lambdadesk", {{"seed", seed}}}};
    }

    /// Creates the template and starts it; fails the test when either is refused.
    faults::Experiment run(const nlohmann::json& request)
    {
        auto made = runner->createTemplate(request);
        if (!made)
            qFatal("template refused: %s", made.error().message.c_str());
        auto started = runner->start(made->id);
        if (!started)
            qFatal("start refused: %s", started.error().message.c_str());
        return *started;
    }

    core::Engine engine;
    std::shared_ptr<faults::ExperimentRunner> runner;
};

}  // namespace lambdadesk::tests
