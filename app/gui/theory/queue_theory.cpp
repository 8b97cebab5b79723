// SPDX-License-Identifier: MIT
#include "theory/queue_theory.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lambdadesk::gui {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

bool usable(double value)
{
    return std::isfinite(value) && value >= 0;
}

MmcPrediction unstable(double rho)
{
    MmcPrediction prediction;
    prediction.rho = rho;
    prediction.probabilityOfWaiting = 1;
    prediction.expectedQueueLength = kInfinity;
    prediction.expectedWait = kInfinity;
    prediction.expectedInSystem = kInfinity;
    prediction.stable = false;
    return prediction;
}

}  // namespace

double erlangB(int c, double a)
{
    if (c < 0 || !usable(a))
        return 1;
    double b = 1;
    for (int k = 1; k <= c; ++k)
        b = a * b / (static_cast<double>(k) + a * b);
    return b;
}

double erlangC(int c, double a)
{
    if (c < 1 || !usable(a) || a >= static_cast<double>(c))
        return 1;
    const double rho = a / static_cast<double>(c);
    const double b = erlangB(c, a);
    // C = B / (1 − ρ(1 − B)): both terms stay in [0, 1], so no factorials and no cancellation.
    return std::clamp(b / (1 - rho * (1 - b)), 0.0, 1.0);
}

MmcPrediction predictMmc(const MmcInputs& inputs)
{
    if (!usable(inputs.lambda) || inputs.lambda == 0)
        return {};
    if (!usable(inputs.mu) || inputs.mu == 0 || inputs.c < 1)
        return unstable(kInfinity);
    const double c = static_cast<double>(inputs.c);
    const double a = inputs.lambda / inputs.mu;
    const double rho = a / c;
    if (rho >= 1)
        return unstable(rho);
    MmcPrediction prediction;
    prediction.rho = rho;
    prediction.probabilityOfWaiting = erlangC(inputs.c, a);
    prediction.expectedQueueLength = prediction.probabilityOfWaiting * rho / (1 - rho);
    prediction.expectedWait = prediction.probabilityOfWaiting / (c * inputs.mu - inputs.lambda);
    prediction.expectedInSystem = prediction.expectedQueueLength + a;
    return prediction;
}

double allenCunneenWait(const MmcInputs& inputs, double ca2, double cs2)
{
    const MmcPrediction mmc = predictMmc(inputs);
    if (!mmc.stable)
        return kInfinity;
    const double variability = (std::max(0.0, ca2) + std::max(0.0, cs2)) / 2;
    return mmc.expectedWait * variability;
}

SampleMoments momentsOf(std::span<const double> samples)
{
    // Welford: one pass, no catastrophic cancellation for tightly clustered durations.
    MomentsAccumulator accumulator;
    for (const double sample : samples)
        accumulator.add(sample);
    return accumulator.moments();
}

void MomentsAccumulator::add(double sample)
{
    ++count;
    const double delta = sample - mean;
    mean += delta / static_cast<double>(count);
    m2 += delta * (sample - mean);
}

void MomentsAccumulator::merge(const MomentsAccumulator& other)
{
    if (other.count == 0)
        return;
    if (count == 0) {
        *this = other;
        return;
    }
    const double total = static_cast<double>(count + other.count);
    const double delta = other.mean - mean;
    mean += delta * static_cast<double>(other.count) / total;
    m2 += other.m2 + delta * delta * static_cast<double>(count) * static_cast<double>(other.count) / total;
    count += other.count;
}

SampleMoments MomentsAccumulator::moments() const
{
    SampleMoments result;
    result.count = count;
    result.mean = mean;
    if (count >= 2 && mean != 0)
        result.scv = (m2 / static_cast<double>(count - 1)) / (mean * mean);
    return result;
}

std::vector<CurvePoint> waitCurve(int c, double mu, double ca2, double cs2, double rhoMax, int points)
{
    std::vector<CurvePoint> curve;
    if (points < 2 || c < 1 || !usable(mu) || mu == 0 || !(rhoMax > 0))
        return curve;
    rhoMax = std::min(rhoMax, 0.999);
    curve.reserve(static_cast<std::size_t>(points));
    for (int i = 0; i < points; ++i) {
        const double rho = rhoMax * static_cast<double>(i) / static_cast<double>(points - 1);
        const MmcInputs inputs{rho * static_cast<double>(c) * mu, mu, c};
        curve.push_back({rho, allenCunneenWait(inputs, ca2, cs2)});
    }
    return curve;
}

}  // namespace lambdadesk::gui
