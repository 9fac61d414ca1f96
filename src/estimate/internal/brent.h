// Private to estimate: Brent's one-dimensional maximiser and root finder, the
// algorithms behind R's optimize() and uniroot() that Rcapture's profile
// intervals use (Brent 1973, "Algorithms for minimization without derivatives").
#ifndef SIJIL_ESTIMATE_INTERNAL_BRENT_H_
#define SIJIL_ESTIMATE_INTERNAL_BRENT_H_

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

namespace sijil::estimate::internal {

// Returns (x, f(x)) maximising f on [low, high] to absolute tolerance `tol`.
template <typename F>
std::pair<double, double> BrentMaximize(F&& f, double low, double high, double tol) {
  const double golden = 0.3819660112501051;  // (3 - sqrt(5)) / 2
  const double eps = std::sqrt(2.220446e-16);
  double a = low, b = high;
  double v = a + golden * (b - a), w = v, x = v;
  double d = 0, e = 0;
  double fx = -f(x), fv = fx, fw = fx;
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double xm = (a + b) / 2;
    const double tol1 = eps * std::abs(x) + tol / 3;
    const double tol2 = 2 * tol1;
    if (std::abs(x - xm) <= tol2 - (b - a) / 2) break;
    bool golden_step = true;
    if (std::abs(e) > tol1) {  // try a parabola through x, v, w
      double r = (x - w) * (fx - fv);
      double q = (x - v) * (fx - fw);
      double p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) {
        p = -p;
      } else {
        q = -q;
      }
      r = e;
      e = d;
      if (std::abs(p) < std::abs(q * r / 2) && p > q * (a - x) && p < q * (b - x)) {
        d = p / q;
        const double u = x + d;
        if (u - a < tol2 || b - u < tol2) d = xm >= x ? tol1 : -tol1;
        golden_step = false;
      }
    }
    if (golden_step) {
      e = (x < xm ? b : a) - x;
      d = golden * e;
    }
    const double u = std::abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const double fu = -f(u);
    if (fu <= fx) {
      if (u < x) {
        b = x;
      } else {
        a = x;
      }
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) {
        a = u;
      } else {
        b = u;
      }
      if (fu <= fw || w == x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v == x || v == w) {
        v = u;
        fv = fu;
      }
    }
  }
  return {x, -fx};
}

// Returns a root of f in [low, high] to absolute tolerance `tol`, or nothing
// when f(low) and f(high) have the same sign (as uniroot's error).
template <typename F>
std::optional<double> BrentRoot(F&& f, double low, double high, double tol) {
  double a = low, b = high, fa = f(a), fb = f(b);
  if (fa == 0) return a;
  if (fb == 0) return b;
  if ((fa > 0) == (fb > 0)) return std::nullopt;
  double c = a, fc = fa, d = b - a, e = d;
  for (int iteration = 0; iteration < 200; ++iteration) {
    if ((fb > 0) == (fc > 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (std::abs(fc) < std::abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const double tol1 = 2 * 2.220446e-16 * std::abs(b) + tol / 2;
    const double xm = (c - b) / 2;
    if (std::abs(xm) <= tol1 || fb == 0) return b;
    if (std::abs(e) >= tol1 && std::abs(fa) > std::abs(fb)) {  // interpolation
      const double s = fb / fa;
      double p, q;
      if (a == c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const double qa = fa / fc, r = fb / fc;
        p = s * (2 * xm * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) {
        q = -q;
      } else {
        p = -p;
      }
      if (2 * p < std::min(3 * xm * q - std::abs(tol1 * q), std::abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += std::abs(d) > tol1 ? d : (xm > 0 ? tol1 : -tol1);
    fb = f(b);
  }
  return b;
}

}  // namespace sijil::estimate::internal

#endif  // SIJIL_ESTIMATE_INTERNAL_BRENT_H_
