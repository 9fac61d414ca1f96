# Usage errors exit 2; missing databases exit 1 and say what to do.
$ sijil
? 2
$ sijil import
? 2
2> FILE is required
$ sijil records
? 1
2> run `sijil init` first
$ sijil init --json
> "schema_version": 
