// SPDX-License-Identifier: MIT
#include "traffic/scenario_parser.h"

#include "runtime/runtime_catalog.h"

#include <fstream>
#include <iterator>

namespace lambdadesk::core {
namespace {

std::string demoEvent(const std::string& function)
{
    std::ifstream file(resourcesDir() / "demo" / "events" / (function + ".json"), std::ios::binary);
    return file ? std::string(std::istreambuf_iterator<char>(file), {}) : std::string("{}");
}

/// The project's sample event for a function (events/<Function>.json, as `sam local generate-event` users keep
/// them), else an empty object.
std::string projectEvent(const Project& project, const std::string& function)
{
    std::ifstream file(project.rootDir / "events" / (function + ".json"), std::ios::binary);
    return file ? std::string(std::istreambuf_iterator<char>(file), {}) : std::string("{}");
}

// An order as the shop's checkout would put it on orders-dev; {{n}} numbers them.
constexpr const char* kDemoOrder = R"({"orderId":"o-{{n}}","items":[{"sku":"mug-001","qty":2,"unitPrice":12.5},)"
                                   R"({"sku":"tee-004","qty":1,"unitPrice":18}]})";
// Messages and records that differ, for queues and streams named on the command line.
constexpr const char* kNumberedPayload = R"({"n":{{n}}})";

// A queue or stream of the template, by name or ARN.
template <typename Config>
const Config* findByName(const std::vector<Config>& configs, const std::string& nameOrArn)
{
    for (const auto& config : configs) {
        if (config.name == nameOrArn || config.arn == nameOrArn)
            return &config;
    }
    return nullptr;
}

template <typename Config>
std::string namesOf(const std::vector<Config>& configs)
{
    std::string names;
    for (const auto& config : configs)
        names += (names.empty() ? "" : ", ") + config.name;
    return names.empty() ? "none" : names;
}

/// Every field, empty ones included ("queue:" is "queue" and "").
std::vector<std::string> split(const std::string& text, char separator)
{
    std::vector<std::string> parts;
    std::size_t from = 0;
    for (auto at = text.find(separator); at != std::string::npos; at = text.find(separator, from)) {
        parts.push_back(text.substr(from, at - from));
        from = at + 1;
    }
    parts.push_back(text.substr(from));
    return parts;
}

Error invalid(std::string message)
{
    return Error{"InvalidTrafficScenario", "traffic scenario: " + std::move(message)};
}

std::vector<TrafficPlan> demoMix(const Project& project, std::chrono::milliseconds duration)
{
    // A picture of the demo's behaviour: steady API traffic, a ramping pricing load that scales out, and
    // orders arriving on the queue in bursts (5× for 1 s every 10 s): a backlog builds and OrderProcessor's
    // SQS mapping drains it within a reserved concurrency of 5, throttled when its pollers reach past it.
    // (Orders used to be invoked directly; next to the queue, those invocations took the 5 slots and the
    // mapping's throttled batches stayed invisible for 30 s, so the backlog only grew.) A steady trickle
    // of orders on the order-events stream gives its Kinesis mapping and the streams table something to show.
    const struct {
        TrafficTarget target;
        const char* name;
        TrafficShape shape;
        double rate;
    } mix[] = {{TrafficTarget::Function, "CartApi", TrafficShape::Poisson, 40},
               {TrafficTarget::Function, "PriceCalculator", TrafficShape::MorningRush, 400},
               {TrafficTarget::Queue, "orders-dev", TrafficShape::Bursts, 60},
               {TrafficTarget::Stream, "order-events", TrafficShape::Constant, 20}};
    std::vector<TrafficPlan> plans;
    for (const auto& part : mix) {
        TrafficPlan plan;
        plan.target = part.target;
        plan.shape = part.shape;
        plan.ratePerSecond = part.rate;
        plan.duration = duration;
        if (part.target == TrafficTarget::Function) {
            if (!project.findFunction(part.name))
                continue;
            plan.function = part.name;
            plan.payload = demoEvent(part.name);
        } else if (part.target == TrafficTarget::Queue) {
            if (!findByName(project.queues, part.name))
                continue;
            plan.queue = part.name;
            plan.payload = kDemoOrder;
        } else {
            if (!findByName(project.streams, part.name))
                continue;
            plan.stream = part.name;
            plan.payload = kDemoOrder;
        }
        plans.push_back(std::move(plan));
    }
    return plans;
}

}  // namespace

Expected<std::vector<TrafficPlan>> parseTrafficScenario(const std::string& text, const Project& project, double seconds)
{
    const auto duration = std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
    if (text == "demo")
        return demoMix(project, duration);
    std::vector<TrafficPlan> plans;
    for (const auto& part : split(text, ',')) {
        if (part.empty())
            continue;
        auto fields = split(part, ':');
        TrafficPlan plan;
        plan.duration = duration;
        const std::string kind = fields.size() > 1 ? fields[0] : std::string();
        if (kind == "queue" || kind == "stream" || kind == "function")
            fields.erase(fields.begin());
        const std::string name = fields.empty() ? std::string() : fields[0];
        if (kind == "queue") {
            plan.target = TrafficTarget::Queue;
            plan.queue = name;
            plan.payload = kNumberedPayload;
            if (!findByName(project.queues, name))
                return invalid("no queue '" + name + "' in the project (queues: " + namesOf(project.queues) + ")");
        } else if (kind == "stream") {
            plan.target = TrafficTarget::Stream;
            plan.stream = name;
            plan.payload = kNumberedPayload;
            if (!findByName(project.streams, name))
                return invalid("no stream '" + name + "' in the project (streams: " + namesOf(project.streams) + ")");
        } else {
            plan.function = name;
            if (!project.findFunction(plan.function))
                return invalid("no function '" + name + "' in the project");
            plan.payload = projectEvent(project, name);
        }
        if (fields.size() > 1 && !parseTrafficShape(fields[1], plan.shape))
            return invalid("unknown shape '" + fields[1] + "' (use constant, poisson, bursts or morning-rush)");
        if (fields.size() > 2) {
            char* end = nullptr;
            plan.ratePerSecond = std::strtod(fields[2].c_str(), &end);
            if (fields[2].empty() || *end != '\0' || !(plan.ratePerSecond > 0))
                return invalid("'" + fields[2] + "' is not a positive rate");
        }
        plans.push_back(std::move(plan));
    }
    return plans;
}

}  // namespace lambdadesk::core
