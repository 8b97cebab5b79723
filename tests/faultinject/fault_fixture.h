// SPDX-License-Identifier: MIT
#pragma once
// An engine with an experiment runner, templates built in a line, and the functions the delivery suites watch.

#include "../core/engine_fixture.h"
#include "../core/sources_fixture.h"

#include <run/experiment_runner.h>

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

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

/// The "recorder" Python fixture as `name`, appending each record it receives to a file of its own; lines() reads it.
struct RecordingFunction {
    RecordingFunction(core::Engine& engine, const std::string& name)
        : file(std::filesystem::path(dir.path().toStdString()) / "records.txt")
    {
        auto function = python(name, "recorder");
        function.environment["RECORD_FILE"] = file.string();
        engine.putFunction(function);
    }
    [[nodiscard]] std::vector<std::string> lines() const
    {
        std::vector<std::string> read;
        std::ifstream in(file);
        for (std::string line; std::getline(in, line);)
            read.push_back(line);
        return read;
    }

    QTemporaryDir dir;
    std::filesystem::path file;
};

/// A queue whose redrive policy moves a message to `queue`-dlq after `maxReceiveCount` receives, consumed one
/// message per batch by the failing-on-demand "sqsbatch" fixture as "Consumer". Returns the queue's and DLQ's ARNs.
inline std::pair<std::string, std::string> consumerWithDeadLetterQueue(core::Engine& engine, const std::string& queue,
                                                                       int maxReceiveCount)
{
    engine.putFunction(python("Consumer", "sqsbatch"));
    const auto dlq = createQueue(engine, queue + "-dlq");
    const auto arn = createQueue(engine, queue,
                                 {{"RedrivePolicy", R"({"deadLetterTargetArn":")" + dlq + R"(","maxReceiveCount":")" +
                                                        std::to_string(maxReceiveCount) + R"("})"}});
    core::EventSourceMappingConfig mapping;
    mapping.functionName = "Consumer";
    mapping.eventSourceArn = arn;
    mapping.batchSize = 1;
    if (!engine.sources()->createMapping(mapping).ok())
        qFatal("the Consumer mapping on %s was refused", queue.c_str());
    return {arn, dlq};
}

}  // namespace lambdadesk::tests
