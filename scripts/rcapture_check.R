# Runs the R package Rcapture itself on a histories CSV, for comparison with
# `sijil estimate` (docs/estimation.md, "Correctness record").
# Rcapture is not packaged in Debian 12 and CRAN is not reachable from the
# build machines: install a source copy (1.4-4 was used) into a library,
# `R CMD INSTALL -l LIB Rcapture`, then
#   R_LIBS=LIB Rscript scripts/rcapture_check.R data/mse/kosovo.csv "EXH:ABA" "EXH:ABA,OSCE:HRW"
# Each further argument is a model: interactions joined by ',' (a:b or a:b:c),
# "" for independence, or an R formula over the list names ("~ .^2",
# "~ EXH*ABA*OSCE + EXH*OSCE*HRW"). Prints closedpCI.t per model, at R's default glm
# tolerance and at epsilon = 1e-14 (the standard errors move in the 4th to 7th
# digit), then closedpMS.t's search over every model, with its wall time.
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
  if (startsWith(spec, "~")) {
    text <- spec
    for (list in lists) text <- gsub(paste0("\\b", list, "\\b"), rename[[list]], text)
    formula <- as.formula(text)
  } else {
    terms <- if (spec == "") character(0) else strsplit(spec, ",")[[1]]
    terms <- vapply(terms, function(term) {
      paste(rename[strsplit(term, ":")[[1]]], collapse = ":")
    }, "")
    formula <- as.formula(paste("~", paste(c(".", terms), collapse = " + ")))
  }
  name <- if (spec == "") "independence" else spec
  fit <- closedpCI.t(X, dfreq = TRUE, mX = formula, mname = name)
  print(fit$results, digits = 10)
  print(fit$CI, digits = 10)
  tight <- closedpCI.t(X, dfreq = TRUE, mX = formula, mname = name,
                       control = glm.control(epsilon = 1e-14, maxit = 200))
  cat("stderr at glm epsilon 1e-14:", format(tight$results[1, "stderr"], digits = 12), "\n")
}
seconds <- system.time(search <- closedpMS.t(X, dfreq = TRUE, maxorder = length(lists) - 1))
cat("models fitted:", nrow(search$results), "in", seconds[["elapsed"]], "s\n")
print(search$results[order(search$results[, "AIC"]), ][1:5, ], digits = 10)
print(search$results[order(search$results[, "BIC"]), ][1:5, ], digits = 10)
