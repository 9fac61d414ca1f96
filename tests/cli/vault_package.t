# Evidence package: export a case as a BagIt bag, check it offline, tamper with it.
$ sijil init
$ sijil vault add $DATA/arabic_tab.tsv --case c7 --key-file $DATA/vault.key
> added item 1: arabic_tab.tsv
$ sijil export package --case c7 --out $TMP/bag --organization "Test Org" --key-file $DATA/vault.key
> package $TMP/bag: 1 item(s), 4 payload files
$ sijil verify-package $TMP/bag
> ok: $TMP/bag: 1 items, 4 payload files, 2 custody entries proven
$ sijil --json verify-package $TMP/bag
> "ok": true
> "tree_size": 3
$ sijil export package --case c7 --out $TMP/bag --key-file $DATA/vault.key
? 1
2> already exists
$ sijil export package --case nothing --out $TMP/other --key-file $DATA/vault.key
? 1
2> case 'nothing' has no items
$ sijil verify-package $TMP/missing
? 1
2> is not a folder
$ sijil log verify
> ok: 3 entries
