// SPDX-License-Identifier: MIT
#include "traffic_scenario.h"

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

}  // namespace

std::optional<std::vector<core::TrafficPlan>> parseTrafficScenario(const QString& text, const core::Project& project,
                                                                   double seconds, QString* error)
{
    const auto duration = std::chrono::milliseconds(static_cast<qint64>(seconds * 1000));
    std::vector<core::TrafficPlan> plans;
    if (text == QLatin1String("demo")) {
        // A picture of the demo's behaviour: steady API traffic, a ramping pricing load that scales
        // out, and bursty order batches against a reserved concurrency of 5 (throttles).
        const struct {
            const char* function;
            core::TrafficShape shape;
            double rate;
        } mix[] = {{"CartApi", core::TrafficShape::Poisson, 40},
                   {"PriceCalculator", core::TrafficShape::MorningRush, 400},
                   {"OrderProcessor", core::TrafficShape::Bursts, 30}};
        for (const auto& part : mix) {
            if (!project.findFunction(part.function))
                continue;
            core::TrafficPlan plan;
            plan.function = part.function;
            plan.shape = part.shape;
            plan.ratePerSecond = part.rate;
            plan.duration = duration;
            plan.payload = demoEvent(part.function);
            plans.push_back(std::move(plan));
        }
        return plans;
    }
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList fields = part.split(QLatin1Char(':'));
        core::TrafficPlan plan;
        plan.function = fields.value(0).toStdString();
        plan.duration = duration;
        if (!project.findFunction(plan.function)) {
            if (error)
                *error = QObject::tr("traffic scenario: no function '%1' in the project").arg(fields.value(0));
            return std::nullopt;
        }
        if (fields.size() > 1 && !core::parseTrafficShape(fields[1].toStdString(), plan.shape)) {
            if (error)
                *error = QObject::tr("traffic scenario: unknown shape '%1' (use constant, poisson, bursts or "
                                     "morning-rush)")
                             .arg(fields[1]);
            return std::nullopt;
        }
        bool ok = true;
        if (fields.size() > 2)
            plan.ratePerSecond = fields[2].toDouble(&ok);
        if (!ok || plan.ratePerSecond <= 0) {
            if (error)
                *error = QObject::tr("traffic scenario: '%1' is not a positive rate").arg(fields.value(2));
            return std::nullopt;
        }
        plans.push_back(std::move(plan));
    }
    return plans;
}

}  // namespace lambdadesk::gui
