// Private to estimate: Poisson regression with log link by iteratively
// reweighted least squares, the way R's glm.fit does it (start at y + 0.1,
// stop when the relative change of deviance is below a tolerance).
#ifndef SIJIL_ESTIMATE_INTERNAL_POISSON_GLM_H_
#define SIJIL_ESTIMATE_INTERNAL_POISSON_GLM_H_

#include <Eigen/Dense>

namespace sijil::estimate::internal {

struct PoissonFit {
  Eigen::VectorXd beta;
  Eigen::VectorXd mu;
  double deviance = 0;
  int iterations = 0;
  bool converged = false;
};

// Returns 2 * sum(y log(y / mu) - (y - mu)), with 0 log 0 = 0.
double PoissonDeviance(const Eigen::VectorXd& y, const Eigen::VectorXd& mu);

// Fits log E[y] = X beta. Starts from `start` when it has X.cols() entries
// (warm start), else from log(y + 0.1). Stops when
// |dev - dev_old| / (|dev| + 0.1) < tolerance or after max_iterations.
// X must have full column rank (the caller checks it).
PoissonFit FitPoisson(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                      const Eigen::VectorXd& start = Eigen::VectorXd(), double tolerance = 1e-10,
                      int max_iterations = 100);

// Returns (X' diag(mu) X)^-1, the covariance of beta at the fit.
Eigen::MatrixXd PoissonCovariance(const Eigen::MatrixXd& x, const Eigen::VectorXd& mu);

}  // namespace sijil::estimate::internal

#endif  // SIJIL_ESTIMATE_INTERNAL_POISSON_GLM_H_
