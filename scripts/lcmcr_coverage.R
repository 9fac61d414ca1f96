# The LCMCR package on the very tables of sijil's coverage simulation:
#   build/bench/estimate_coverage 100 1 '' DIR      (writes DIR/*.csv and DIR/ours.csv)
#   R_LIBS=LIB Rscript scripts/lcmcr_coverage.R DIR
# (LIB as in scripts/lcmcr_compare.R). Same burn-in (2,000) and thinning (20)
# as the bench, 1,000 draws from one chain (the bench: 2 chains x 500).
# Prints each scenario's coverage of the 95% interval, mean bias and width for
# the package and for sijil's methods, and the spread of the per-table
# difference between sijil's and the package's posterior medians.
suppressPackageStartupMessages(library(LCMCR))
dir <- commandArgs(trailingOnly = TRUE)[1]
ours <- read.csv(file.path(dir, "ours.csv"), header = FALSE,
                 col.names = c("table", "method", "estimate", "lower", "upper", "truth"))
tables <- unique(ours$table)
package <- do.call(rbind, lapply(seq_along(tables), function(i) {
  table <- read.csv(file.path(dir, paste0(tables[i], ".csv")))
  lists <- setdiff(names(table), "count")
  captures <- data.frame(lapply(table[, lists, drop = FALSE], function(v) factor(v, levels = c(0, 1))),
                         Freq = table$count)
  sampler <- lcmCR(captures = captures, tabular = TRUE, K = 10, a_alpha = 0.25, b_alpha = 0.25,
                   seed = i, buffer_size = 10000, thinning = 20, verbose = FALSE)
  N <- lcmCR_PostSampl(sampler, burnin = 2000, samples = 1000, thinning = 20, output = FALSE)
  q <- quantile(N, c(.025, .5, .975))
  data.frame(table = tables[i], method = "LCMCR package", estimate = q[[2]], lower = q[[1]],
             upper = q[[3]], truth = ours$truth[ours$table == tables[i]][1])
}))
all <- rbind(ours, package)
all$scenario <- sub("-[0-9]+$", "", all$table)
summary <- aggregate(cbind(covered = lower <= truth & truth <= upper,
                           bias = (estimate - truth) / truth,
                           width = (upper - lower) / truth) ~ scenario + method,
                     data = all, FUN = mean)
print(summary[order(summary$scenario, summary$method), ], digits = 3, row.names = FALSE)
ours_lcmcr <- ours[ours$method == "lcmcr", ]
difference <- (ours_lcmcr$estimate - package$estimate[match(ours_lcmcr$table, package$table)]) /
  package$estimate[match(ours_lcmcr$table, package$table)]
print(aggregate(difference ~ sub("-[0-9]+$", "", ours_lcmcr$table),
                FUN = function(d) c(mean = mean(d), sd = sd(d))), digits = 3)
