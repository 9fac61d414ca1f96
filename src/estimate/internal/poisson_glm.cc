#include "estimate/internal/poisson_glm.h"

#include <cmath>

namespace sijil::estimate::internal {

double PoissonDeviance(const Eigen::VectorXd& y, const Eigen::VectorXd& mu) {
  double deviance = 0;
  for (Eigen::Index cell = 0; cell < y.size(); ++cell) {
    const double observed = y[cell];
    deviance +=
        (observed > 0 ? observed * std::log(observed / mu[cell]) : 0) - (observed - mu[cell]);
  }
  return 2 * deviance;
}

PoissonFit FitPoisson(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                      const Eigen::VectorXd& start, double tolerance, int max_iterations) {
  PoissonFit fit;
  Eigen::VectorXd eta;
  if (start.size() == x.cols()) {
    eta = x * start;
  } else {
    eta = (y.array() + 0.1).log().matrix();
  }
  fit.mu = eta.array().exp().matrix();
  double deviance = PoissonDeviance(y, fit.mu);
  Eigen::MatrixXd xtwx(x.cols(), x.cols());
  Eigen::MatrixXd weighted(x.rows(), x.cols());
  for (fit.iterations = 1; fit.iterations <= max_iterations; ++fit.iterations) {
    // Working response z = eta + (y - mu) / mu with weights mu.
    const Eigen::VectorXd z = eta + ((y - fit.mu).array() / fit.mu.array()).matrix();
    weighted = fit.mu.asDiagonal() * x;
    xtwx.noalias() = x.transpose() * weighted;
    fit.beta = xtwx.ldlt().solve(weighted.transpose() * z);
    eta.noalias() = x * fit.beta;
    fit.mu = eta.array().exp().matrix();
    const double new_deviance = PoissonDeviance(y, fit.mu);
    const bool done =
        std::abs(new_deviance - deviance) / (std::abs(new_deviance) + 0.1) < tolerance;
    deviance = new_deviance;
    if (!std::isfinite(deviance)) break;
    if (done) {
      fit.converged = true;
      break;
    }
  }
  fit.deviance = deviance;
  return fit;
}

Eigen::MatrixXd PoissonCovariance(const Eigen::MatrixXd& x, const Eigen::VectorXd& mu) {
  const Eigen::MatrixXd xtwx = x.transpose() * mu.asDiagonal() * x;
  return xtwx.ldlt().solve(Eigen::MatrixXd::Identity(x.cols(), x.cols()));
}

}  // namespace sijil::estimate::internal
