# Runs the R package Rcapture itself on a histories CSV, for comparison with
# `sijil estimate` (docs/estimation.md, "Correctness record").
# Rcapture is not packaged in Debian 12 and CRAN is not reachable from the
# build machines: install a source copy (1.4-4 was used) into a library,
# `R CMD INSTALL -l LIB Rcapture`, then
#   R_LIBS=LIB Rscript scripts/rcapture_check.R data/mse/kosovo.csv "EXH:ABA" "EXH:ABA,OSCE:HRW"
# Each further argument is a model: interactions joined by ',' (a:b or a:b:c),
# "" for independence. Prints closedpCI.t per model, then closedpMS.t's search.
suppressPackageStartupMessages(library(Rcapture))
args <- commandArgs(trailingOnly = TRUE)
table <- read.csv(args[1])
lists <- setdiff(names(table), "count")
# Rcapture's mX formulas name the lists c1..cK, in column order.
rename <- setNames(paste0("c", seq_along(lists)), lists)
X <- as.matrix(table[, c(lists, "count")])
cat("Rcapture", as.character(packageVersion("Rcapture")), "on", args[1], ":",
    paste(rename, "=", names(rename), collapse = ", "), "\n")
for (spec in args[-1]) {
  terms <- if (spec == "") character(0) else strsplit(spec, ",")[[1]]
  terms <- vapply(terms, function(term) {
    paste(rename[strsplit(term, ":")[[1]]], collapse = ":")
  }, "")
  formula <- as.formula(paste("~", paste(c(".", terms), collapse = " + ")))
  fit <- closedpCI.t(X, dfreq = TRUE, mX = formula, mname = if (spec == "") "independence" else spec)
  print(fit$results, digits = 10)
  print(fit$CI, digits = 10)
}
search <- closedpMS.t(X, dfreq = TRUE, maxorder = length(lists) - 1)
cat("models fitted:", nrow(search$results), "\n")
print(search$results[order(search$results[, "AIC"]), ][1:5, ], digits = 10)
print(search$results[order(search$results[, "BIC"]), ][1:5, ], digits = 10)
