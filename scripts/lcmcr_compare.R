# The LCMCR package and `sijil estimate --method lcmcr` on the same table,
# seed after seed on the same machine: posterior summaries and the effective
# sample size of N per second, both ESS by coda::effectiveSize
# (docs/estimation.md and docs/benchmarks.md).
# LCMCR is not packaged in Debian 12 and CRAN is not reachable from the build
# machines: install a source copy (0.4.13 was used; it needs libgsl-dev and
# r-cran-coda) with `R CMD INSTALL -l LIB LCMCR`, then
#   R_LIBS=LIB Rscript scripts/lcmcr_compare.R build/sijil data/mse/kosovo.csv 1 24
# Settings: the package's documented Kosovo example (K = 10,
# a_alpha = b_alpha = 0.25, 10,000 burn-in, 1,000 samples thinned by 100);
# sijil with 1 chain and with its default 2 chains.
suppressPackageStartupMessages({library(LCMCR); library(coda)})
args <- commandArgs(trailingOnly = TRUE)
sijil <- args[1]; file <- args[2]; seeds <- seq(as.integer(args[3]), as.integer(args[4]))
table <- read.csv(file)
lists <- setdiff(names(table), "count")
captures <- data.frame(lapply(table[, lists], function(v) factor(v, levels = c(0, 1))),
                       Freq = table$count)
draws_file <- tempfile(fileext = ".csv")
summarise <- function(impl, seed, chains, seconds, draws) {
  N <- unlist(draws)
  q <- quantile(N, c(.025, .5, .975))
  ess <- sum(vapply(draws, function(d) unname(coda::effectiveSize(d)), 0))
  data.frame(impl, seed, chains, median = q[[2]], mean = mean(N), q2.5 = q[[1]],
             q97.5 = q[[3]], ess, seconds, ess_per_s = ess / seconds)
}
rows <- list()
cat("load:", system("uptime", intern = TRUE), "\n")
for (seed in seeds) {
  seconds <- system.time({
    sampler <- lcmCR(captures = captures, tabular = TRUE, K = 10, a_alpha = 0.25,
                     b_alpha = 0.25, seed = seed, buffer_size = 10000, thinning = 100,
                     verbose = FALSE)
    N <- lcmCR_PostSampl(sampler, burnin = 10000, samples = 1000, thinning = 100, output = FALSE)
  })[["elapsed"]]
  rows[[length(rows) + 1]] <- summarise("LCMCR", seed, 1, seconds, list(as.numeric(N)))
  for (chains in c(1, 2)) {
    command <- sprintf("%s estimate --histories %s --method lcmcr --chains %d --seed %d --draws %s --json > /dev/null",
                       sijil, file, chains, seed, draws_file)
    seconds <- system.time(stopifnot(system(command) == 0))[["elapsed"]]
    d <- read.csv(draws_file)
    rows[[length(rows) + 1]] <- summarise("sijil", seed, chains, seconds, split(d$N, d$chain))
  }
}
cat("load:", system("uptime", intern = TRUE), "\n")
results <- do.call(rbind, rows)
columns <- c("median", "mean", "q2.5", "q97.5", "ess", "seconds", "ess_per_s")
for (key in unique(paste(results$impl, results$chains))) {
  r <- results[paste(results$impl, results$chains) == key, columns]
  cat("\n", key, "chain(s),", nrow(r), "seeds: mean, standard error, sd\n")
  print(round(rbind(mean = colMeans(r), se = apply(r, 2, sd) / sqrt(nrow(r)),
                    sd = apply(r, 2, sd)), 2))
}
