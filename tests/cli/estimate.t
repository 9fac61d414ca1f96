# Multiple systems estimation on the Kosovo table (data/mse/kosovo.csv).
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv --model independence --json
> "method": "loglinear"
> "observed": 4400
> "estimate": 7394.58666
> "lower": 7147.74888
> "upper": 7656.19534
> "level": 0.95
> "model": "[independence]"
# Model search by AIC: the chosen model and the alternatives, for people.
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv
> [EXH*ABA*OSCE,EXH*OSCE*HRW]
> 12741.0
> models compared:
> AIC 126.441
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv --criterion bic --json
> "model_choice": "bic"
> "models_considered"
> "alternatives"
# Only terms up to two-way, as Rcapture's maxorder = 2: 2^6 models of 4 lists.
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv --max-order 2 --json
> "models_considered": 64
> "search": "exhaustive"
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv --max-order 1
? 1
2> highest interaction order must be 2 or more
# Choosing and merging lists.
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv --lists EXH,ABA --model independence --json
> "EXH"
!> "HRW"
> "observed": 3035
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv --merge EXH+ABA --model independence --json
> "EXH+ABA"
> "observed": 4400
# The latent-class posterior, its diagnostics and a plot.
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv --method lcmcr --burn-in 500 --samples 100 --thinning 10 --seed 3 --plot $TMP/n.svg --json
> "method": "lcmcr"
> "r_hat"
> "ess"
> "seed": 3
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv --method all --burn-in 200 --samples 50 --thinning 5
> loglinear [EXH*ABA*OSCE,EXH*OSCE*HRW]
> lcmcr (posterior median)
> R-hat
# Bad input.
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv --method bayes
? 1
2> --method: expected loglinear, lcmcr or all
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv --model EXH*UNHCR
? 1
2> UNHCR
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv --plot $TMP/n.svg
? 1
2> --plot draws the posterior of N
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv --draws $TMP/draws.csv
? 1
2> --draws writes the posterior of N
$ sijil estimate --histories $DATA/../../../data/mse/kosovo.csv --by governorate
? 1
2> --by needs linked persons
$ sijil estimate --histories $DATA/histories_bad.csv
? 1
2> histories_bad.csv:3: column 'EXH'
$ sijil estimate --histories $DATA/missing.csv
? 1
2> missing.csv
$ sijil estimate
? 1
2> run `sijil init` first
$ sijil init
$ sijil estimate
? 1
2> run `sijil link` first
# Testimony: "between 20 and 50 hanged, once or twice a week, from September 2011 to December 2015".
$ sijil estimate testimony --count-min 20 --count-max 50 --per week --events-min 1 --events-max 2 --from 2011-09 --to 2015-12 --json
> "method": "testimony"
> "duration_days": [
> 1524,
> 1583
> "minimum": 4354.2857
> "assumptions": "Persons per event: between 20 and 50
$ sijil estimate testimony --count-min 20 --count-max 50 --from 2011-09 --to 2015-12
> median
> assumptions: Persons per event
$ sijil estimate testimony --count-min 50 --count-max 20 --from 2011-09 --to 2015-12
? 1
2> low end is above the high end
$ sijil estimate testimony --count-min 20 --count-max 50 --from 2015 --to 2011
? 1
2> must end after it starts
$ sijil estimate testimony --count-min 20 --count-max 50 --from Sept --to 2015
? 1
2> --from: expected a date
$ sijil estimate testimony --count-min 20 --count-max 50 --per fortnight --from 2011 --to 2015
? 1
2> --per: expected day, week, month or year
