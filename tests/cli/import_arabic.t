# An Arabic tab-separated list: headers, values and dates are all understood.
$ sijil init
$ sijil import $DATA/arabic_tab.tsv --source snhr
> 3 rows, 3 inserted, 0 updated, 0 unchanged, 0 rejected
$ sijil records --source snhr
> عبد الرحمن محمد الزعبي
> [2013-04-07,2013-07-04]
> died_in_custody
$ sijil import $DATA/arabic_tab.tsv --source snhr
> already imported
