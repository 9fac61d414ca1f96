# A list with bad cells is rejected whole, every problem named; nothing is written.
$ sijil init
> initialised
$ sijil import $DATA/english_bad.csv --source vdc
? 1
2> english_bad.csv:3: column 'Date of birth': value '1990-02-30': expected
2> english_bad.csv:5: column 'Status': value 'on holiday': expected a status
> rejected: 2 of 4 rows are invalid; nothing was written
$ sijil sources
!> vdc
# --dry-run reports the same without writing; --skip-invalid keeps the good rows.
$ sijil import $DATA/english_bad.csv --source vdc --dry-run
? 1
> dry run: 4 rows
$ sijil import $DATA/english_bad.csv --source vdc --skip-invalid --rejects $TMP/vdc
> 2 inserted
> rejected rows: $TMP/vdc.rejects.csv
$ sijil sources
> vdc
