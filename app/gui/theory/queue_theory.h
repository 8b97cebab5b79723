// SPDX-License-Identifier: MIT
// Queueing formulas for the Queue theory panel: M/M/c (Erlang C) and the Allen–Cunneen G/G/c
// approximation. Plain maths, no Qt, so it is tested on its own.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace lambdadesk::gui {

/// An M/M/c queue: customers arrive at `lambda` per second, each of `c` servers serves `mu` per second.
struct MmcInputs {
    double lambda = 0;
    double mu = 0;
    int c = 1;
};

/// What M/M/c predicts in steady state. When unstable (rho >= 1, or no service at all) the queue grows
/// without bound: probabilityOfWaiting is 1 and the lengths and the wait are +infinity (never NaN).
struct MmcPrediction {
    double rho = 0;                   ///< utilisation λ / (c·μ)
    double probabilityOfWaiting = 0;  ///< Erlang C: an arrival finds every server busy
    double expectedQueueLength = 0;   ///< Lq: customers waiting, not in service
    double expectedWait = 0;          ///< Wq in seconds, before service starts
    double expectedInSystem = 0;      ///< L = Lq + λ/μ
    bool stable = true;               ///< rho < 1
};

/// Erlang B (blocking probability of M/M/c/c) for `c` servers and offered load `a` = λ/μ, by the
/// recursion B(k) = a·B(k−1) / (k + a·B(k−1)), which neither overflows nor cancels for c in the thousands.
double erlangB(int c, double a);

/// Erlang C (probability of waiting in M/M/c) for `c` servers and offered load `a`; 1 when a >= c.
double erlangC(int c, double a);

/// M/M/c steady-state figures. No arrivals predict an empty queue; arrivals with no service (mu <= 0
/// or c < 1) predict an unstable one.
MmcPrediction predictMmc(const MmcInputs& inputs);

/// Allen–Cunneen's G/G/c approximation of the mean wait (Kingman's formula when c = 1):
/// Wq ≈ Wq(M/M/c) · (ca² + cs²) / 2, with ca², cs² the squared coefficients of variation of the
/// inter-arrival and service times. Equals M/M/c when both are 1; +infinity when unstable.
double allenCunneenWait(const MmcInputs& inputs, double ca2, double cs2);

/// Count, mean and squared coefficient of variation (variance / mean²) of samples.
struct SampleMoments {
    std::size_t count = 0;
    double mean = 0;
    double scv = 0;  ///< 0 with fewer than two samples or a zero mean
};
SampleMoments momentsOf(std::span<const double> samples);

/// Count, mean and sum of squared deviations of samples taken one at a time (Welford), and of two such
/// groups merged (Chan et al.): a group of samples kept as three numbers gives the same moments as the samples.
struct MomentsAccumulator {
    std::size_t count = 0;
    double mean = 0;
    double m2 = 0;  ///< sum of squared deviations from the mean
    void add(double sample);
    void merge(const MomentsAccumulator& other);
    [[nodiscard]] SampleMoments moments() const;
};

/// One point of a wait-versus-utilisation curve.
struct CurvePoint {
    double rho = 0;
    double wait = 0;  ///< seconds
};

/// Allen–Cunneen waits for `points` utilisations evenly spread over [0, rhoMax] (rhoMax < 1), for c
/// servers of rate mu: the arrival rate at each point is rho·c·mu.
std::vector<CurvePoint> waitCurve(int c, double mu, double ca2, double cs2, double rhoMax, int points);

}  // namespace lambdadesk::gui
