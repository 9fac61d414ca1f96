#include "estimate/internal/random.h"

#include <cmath>

namespace sijil::estimate::internal {

double RandomSource::Normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  double x, y, radius;
  do {
    x = 2 * Uniform() - 1;
    y = 2 * Uniform() - 1;
    radius = x * x + y * y;
  } while (radius >= 1 || radius == 0);
  const double scale = std::sqrt(-2 * std::log(radius) / radius);
  spare_normal_ = y * scale;
  has_spare_normal_ = true;
  return x * scale;
}

double RandomSource::Gamma(double shape) {
  if (shape < 1) {
    // Gamma(a) = Gamma(a + 1) U^(1/a).
    const double uniform = 1 - Uniform();  // in (0, 1]
    return Gamma(shape + 1) * std::exp(std::log(uniform) / shape);
  }
  const double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
  for (;;) {
    const double x = Normal();
    double v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const double u = Uniform();
    const double x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (u > 0 && std::log(u) < 0.5 * x2 + d * (1 - v + std::log(v))) return d * v;
  }
}

int64_t RandomSource::Binomial(int64_t trials, double probability) {
  if (trials <= 0 || probability <= 0) return 0;
  if (probability >= 1) return trials;
  if (probability > 0.5) return trials - Binomial(trials, 1 - probability);
  if (trials <= 16) {
    int64_t successes = 0;
    for (int64_t trial = 0; trial < trials; ++trial) successes += Uniform() < probability;
    return successes;
  }
  if (static_cast<double>(trials) * probability < 10) return InvertBinomial(trials, probability);
  return RejectBinomial(trials, probability);
}

// Sequential search from 0; expected n p + 1 steps, n p < 10 here.
int64_t RandomSource::InvertBinomial(int64_t trials, double probability) {
  const double failure = 1 - probability, odds = probability / failure;
  double mass = std::pow(failure, static_cast<double>(trials));
  double u = Uniform();
  int64_t count = 0;
  while (u > mass && count < trials) {
    u -= mass;
    ++count;
    mass *= odds * static_cast<double>(trials - count + 1) / static_cast<double>(count);
  }
  return count;
}

// BTRS, transformed rejection with squeeze (W. Hormann, "The generation of
// binomial random variates", J. Statist. Comput. Simul. 46, 1993), for
// p <= 1/2 and n p >= 10; the exact acceptance test uses log-factorials.
int64_t RandomSource::RejectBinomial(int64_t trials, double probability) {
  const double n = static_cast<double>(trials), p = probability, q = 1 - p;
  const double spq = std::sqrt(n * p * q);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = n * p + 0.5;
  const double v_r = 0.92 - 4.2 / b;
  const double alpha = (2.83 + 5.1 / b) * spq;
  const double lpq = std::log(p / q);
  const int64_t m = static_cast<int64_t>(std::floor((n + 1) * p));
  const double h =
      std::lgamma(static_cast<double>(m) + 1) + std::lgamma(n - static_cast<double>(m) + 1);
  for (;;) {
    double u = Uniform() - 0.5;
    double v = Uniform();
    const double us = 0.5 - std::fabs(u);
    const double k_real = std::floor((2 * a / us + b) * u + c);
    if (k_real < 0 || k_real > n) continue;
    const int64_t k = static_cast<int64_t>(k_real);
    if (us >= 0.07 && v <= v_r) return k;
    v = std::log(v * alpha / (a / (us * us) + b));
    const double upper = h - std::lgamma(k_real + 1) - std::lgamma(n - k_real + 1) +
                         (k_real - static_cast<double>(m)) * lpq;
    if (v <= upper) return k;
  }
}

}  // namespace sijil::estimate::internal
