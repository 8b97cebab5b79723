// SPDX-License-Identifier: MIT
#include "traffic/traffic_scenario.h"

#include <QFile>
#include <QObject>
#include <QStringList>

#include "runtime/runtime_catalog.h"

namespace lambdadesk::gui {
namespace {

std::string demoEvent(const char* function)
{
    QFile file(QString::fromStdString((core::resourcesDir() / "demo" / "events").string()) + QLatin1Char('/') +
               QLatin1String(function) + QStringLiteral(".json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string("{}");
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

const core::QueueConfig* findQueue(const core::Project& project, const std::string& nameOrArn)
{
    return findByName(project.queues, nameOrArn);
}

const core::StreamConfig* findStream(const core::Project& project, const std::string& nameOrArn)
{
    return findByName(project.streams, nameOrArn);
}

template <typename Config>
QString namesOf(const std::vector<Config>& configs)
{
    QStringList names;
    for (const auto& config : configs)
        names << QString::fromStdString(config.name);
    return names.isEmpty() ? QObject::tr("none") : names.join(QStringLiteral(", "));
}

}  // namespace

std::optional<std::vector<core::TrafficPlan>> parseTrafficScenario(const QString& text, const core::Project& project,
                                                                   double seconds, QString* error)
{
    const auto duration = std::chrono::milliseconds(static_cast<qint64>(seconds * 1000));
    const auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    std::vector<core::TrafficPlan> plans;
    if (text == QLatin1String("demo")) {
        // A picture of the demo's behaviour: steady API traffic, a ramping pricing load that scales out, and
        // orders arriving on the queue in bursts (5× for 1 s every 10 s): a backlog builds and OrderProcessor's
        // SQS mapping drains it within a reserved concurrency of 5, throttled when its pollers reach past it.
        // (Orders used to be invoked directly; next to the queue, those invocations took the 5 slots and the
        // mapping's throttled batches stayed invisible for 30 s, so the backlog only grew.) A steady trickle
        // of orders on the order-events stream gives its Kinesis mapping and the streams table something to show.
        const struct {
            core::TrafficTarget target;
            const char* name;
            core::TrafficShape shape;
            double rate;
        } mix[] = {{core::TrafficTarget::Function, "CartApi", core::TrafficShape::Poisson, 40},
                   {core::TrafficTarget::Function, "PriceCalculator", core::TrafficShape::MorningRush, 400},
                   {core::TrafficTarget::Queue, "orders-dev", core::TrafficShape::Bursts, 60},
                   {core::TrafficTarget::Stream, "order-events", core::TrafficShape::Constant, 20}};
        for (const auto& part : mix) {
            core::TrafficPlan plan;
            plan.target = part.target;
            plan.shape = part.shape;
            plan.ratePerSecond = part.rate;
            plan.duration = duration;
            if (part.target == core::TrafficTarget::Function) {
                if (!project.findFunction(part.name))
                    continue;
                plan.function = part.name;
                plan.payload = demoEvent(part.name);
            } else if (part.target == core::TrafficTarget::Queue) {
                if (!findQueue(project, part.name))
                    continue;
                plan.queue = part.name;
                plan.payload = kDemoOrder;
            } else {
                if (!findStream(project, part.name))
                    continue;
                plan.stream = part.name;
                plan.payload = kDemoOrder;
            }
            plans.push_back(std::move(plan));
        }
        return plans;
    }
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        QStringList fields = part.split(QLatin1Char(':'));
        core::TrafficPlan plan;
        plan.duration = duration;
        const QString kind = fields.size() > 1 ? fields[0] : QString();
        if (kind == QLatin1String("queue") || kind == QLatin1String("stream") || kind == QLatin1String("function"))
            fields.removeFirst();
        const QString name = fields.value(0);
        const std::string target = name.toStdString();
        if (kind == QLatin1String("queue")) {
            plan.target = core::TrafficTarget::Queue;
            plan.queue = target;
            plan.payload = kNumberedPayload;
            if (!findQueue(project, target))
                return fail(QObject::tr("traffic scenario: no queue '%1' in the project (queues: %2)")
                                .arg(name, namesOf(project.queues)));
        } else if (kind == QLatin1String("stream")) {
            plan.target = core::TrafficTarget::Stream;
            plan.stream = target;
            plan.payload = kNumberedPayload;
            if (!findStream(project, target))
                return fail(QObject::tr("traffic scenario: no stream '%1' in the project (streams: %2)")
                                .arg(name, namesOf(project.streams)));
        } else {
            plan.function = target;
            if (!project.findFunction(plan.function))
                return fail(QObject::tr("traffic scenario: no function '%1' in the project").arg(name));
        }
        if (fields.size() > 1 && !core::parseTrafficShape(fields[1].toStdString(), plan.shape))
            return fail(QObject::tr("traffic scenario: unknown shape '%1' (use constant, poisson, bursts or "
                                    "morning-rush)")
                            .arg(fields[1]));
        bool ok = true;
        if (fields.size() > 2)
            plan.ratePerSecond = fields[2].toDouble(&ok);
        if (!ok || plan.ratePerSecond <= 0)
            return fail(QObject::tr("traffic scenario: '%1' is not a positive rate").arg(fields.value(2)));
        plans.push_back(std::move(plan));
    }
    return plans;
}

}  // namespace lambdadesk::gui
