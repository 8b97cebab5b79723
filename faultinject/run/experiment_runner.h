// SPDX-License-Identifier: MIT
#pragma once

#include "run/experiment.h"
#include "run/experiment_report.h"

#include <faults/fault_policy.h>
#include <model/expected.h>

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {
class Engine;
}

namespace lambdadesk::faults {

struct StartOptions {
    std::string clientToken;                  ///< the same token returns the same experiment (idempotent start)
    std::map<std::string, std::string> tags;
    std::optional<std::uint64_t> seed;        ///< overrides a lambdadesk:seed tag here, then the template's; else one is drawn
};

/// Templates and experiments, and core's FaultPolicy answering from the running ones. Installs itself into
/// the engine on create() (the engine keeps only a weak reference) and removes itself on shutdown() or
/// destruction. The engine must outlive it. Thread-safe: the API, the app and the engine's
/// fault points call it from their own threads; a clock thread moves experiments through their states
/// (every 100 ms) and evaluates stop conditions (every second).
class ExperimentRunner final : public core::FaultPolicy, public std::enable_shared_from_this<ExperimentRunner> {
public:
    struct Options {
        std::string region = "us-east-1";
        std::string accountId = "123456789012";
        /// Telemetry kept for the "before" part of reports and for stop conditions.
        std::chrono::seconds history{300};
        /// How long a report keeps watching after an experiment ended (the "after" part, time to recover).
        std::chrono::seconds afterWindow{30};
    };

    static std::shared_ptr<ExperimentRunner> create(core::Engine& engine, Options options);
    static std::shared_ptr<ExperimentRunner> create(core::Engine& engine) { return create(engine, Options{}); }
    /// The runner whose policy the engine consults, if one is installed and alive.
    static std::shared_ptr<ExperimentRunner> installedIn(const core::Engine& engine);
    ~ExperimentRunner() override;
    ExperimentRunner(const ExperimentRunner&) = delete;
    ExperimentRunner& operator=(const ExperimentRunner&) = delete;

    // Templates (FIS: CreateExperimentTemplate, Get…, List…, Delete…, Update…).
    core::Expected<ExperimentTemplate> createTemplate(const nlohmann::json& request);
    core::Expected<ExperimentTemplate> updateTemplate(const std::string& id, const nlohmann::json& changes);
    [[nodiscard]] std::optional<ExperimentTemplate> getTemplate(const std::string& id) const;
    [[nodiscard]] std::vector<ExperimentTemplate> listTemplates() const;
    core::Expected<ExperimentTemplate> deleteTemplate(const std::string& id);

    // Experiments (StartExperiment, GetExperiment, ListExperiments, StopExperiment). Errors carry FIS's codes:
    // ResourceNotFoundException, ValidationException, ConflictException.
    core::Expected<Experiment> start(const std::string& templateId, const StartOptions& options = {});
    [[nodiscard]] std::optional<Experiment> experiment(const std::string& id) const;
    [[nodiscard]] std::vector<Experiment> experiments() const;
    core::Expected<Experiment> stop(const std::string& id);
    /// What the experiment did, so far or in the end (the "after" part grows until afterWindow passed).
    [[nodiscard]] std::optional<ExperimentReport> report(const std::string& id) const;

    /// Stops every running experiment, removes the policy from the engine and joins the clock thread.
    void shutdown();

    core::PlacementFault onPlacement(const core::PlacementQuery& query) override;
    core::InvocationFault onInvocation(const core::InvocationQuery& query) override;
    core::ServiceFault onServiceCall(const core::ServiceCallQuery& query) override;
    core::DeliveryFault onDelivery(const core::DeliveryQuery& query) override;

private:
    ExperimentRunner(core::Engine& engine, Options options);
    struct State;
    std::unique_ptr<State> m_state;
};

}  // namespace lambdadesk::faults
