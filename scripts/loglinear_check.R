# Cross-check of sijil's log-linear fits with R's own glm(family = poisson).
# Rcapture itself cannot be installed here (CRAN is unreachable), so this
# script re-states closedpCI.t's computation (Rcapture 1.4, R/closedpCI.R) in
# base R: N = n + exp(intercept), stderr from the intercept's variance, and the
# multinomial profile likelihood interval (Cormack's correction, optimize() and
# uniroot() with tol = 1e-4 over (n, 3 N)).
# Usage: Rscript scripts/loglinear_check.R FILE.csv "EXH:ABA,OSCE:HRW" (or "")
args <- commandArgs(trailingOnly = TRUE)
table <- read.csv(args[1])
lists <- setdiff(names(table), "count")
terms <- if (length(args) < 2 || args[2] == "") character(0) else strsplit(args[2], ",")[[1]]
K <- length(lists)
# every observable pattern, zero counts included
grid <- expand.grid(rep(list(0:1), K)); names(grid) <- lists
grid <- grid[rowSums(grid) > 0, , drop = FALSE]
key <- function(d) apply(d[, lists, drop = FALSE], 1, paste, collapse = "")
y <- table$count[match(key(grid), key(table))]; y[is.na(y)] <- 0
formula <- as.formula(paste("y ~", paste(c(lists, terms), collapse = " + ")))
d <- cbind(grid, y = y)
fit <- glm(formula, family = poisson, data = d, control = list(maxit = 200))
n <- sum(y)
b0 <- coef(fit)[1]
N <- n + exp(b0)
se <- sqrt(exp(b0) + exp(2 * b0) * vcov(fit)[1, 1])
cat(sprintf("model %s\nabundance %.4f stderr %.4f deviance %.4f df %d AIC %.4f BIC %.4f\n",
            paste(terms, collapse = ","), N, se, deviance(fit), fit$df.residual, AIC(fit),
            AIC(fit, k = log(n))))
mX <- model.matrix(formula, data = d)
loglik <- function(Nv, lobj = 0) {
  n0 <- Nv - n
  ya <- c(y, n0)
  Xa <- rbind(mX, c(1, rep(0, ncol(mX) - 1)))
  g <- glm.fit(Xa, ya, family = poisson(), control = list(maxit = 200))
  tot <- sum(ya)
  ct <- if (tot > 100) { if (n0 == 0 || n0 == 1) -tot + 0.5 * log(2 * pi * tot) else n0 - tot - 0.5 * log(n0 / tot) } else
    log((n0^n0) * factorial(tot) / ((tot^tot) * factorial(n0)))
  (g$deviance - 2 * ct) / (-2) - lobj
}
op <- optimize(loglik, c(n, 3 * N), tol = 1e-4, maximum = TRUE)
lmin <- op$objective - qchisq(0.95, 1) / 2
inf <- tryCatch(uniroot(loglik, c(n, op$maximum), lobj = lmin, tol = 1e-4)$root, error = function(e) n)
sup <- tryCatch(uniroot(loglik, c(op$maximum, 3 * N), lobj = lmin, tol = 1e-4)$root, error = function(e) Inf)
cat(sprintf("profile %.4f lower %.4f upper %.4f\n", op$maximum, inf, sup))
