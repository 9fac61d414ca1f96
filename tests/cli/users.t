# Accounts: passwords come from a file, a prompt or stdin, never the command line.
$ sijil init
$ sijil user add amal --role documenter --password-file $DATA/password.txt
> added user amal (documenter)
$ sijil user add amal --role viewer --password-file $DATA/password.txt
? 1
2> a user named 'amal' already exists
$ sijil user add basel --role root --password-file $DATA/password.txt
? 1
2> unknown role 'root'
$ sijil user add "bad name" --role viewer --password-file $DATA/password.txt
? 1
2> expected 1 to 64 ASCII letters
$ sijil user list --json
> "name": "amal"
> "role": "documenter"
!> argon2
$ sijil user token amal --label nightly
> sjl_
$ sijil user token nobody
? 1
2> no user named 'nobody'
