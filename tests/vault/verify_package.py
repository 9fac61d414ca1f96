#!/usr/bin/env python3
"""Independent check of a `sijil export package` bag, as docs/custody.md
describes doing it by hand: manifests, payload hashes, and every custody
entry's RFC 9162 inclusion proof against the packaged checkpoint's root.
The checkpoint's Ed25519 signature is not checked (Python's standard library
has no Ed25519): check it with a signed-note verifier you trust.
Usage: verify_package.py DIR; prints OK or FAIL and exits 1."""

import base64, hashlib, json, os, re, sys

from rfc9162_verify import inclusion


def manifest(bag, name):
    lines = {}
    with open(os.path.join(bag, name), encoding="utf-8", newline="\n") as f:
        for line in f.read().split("\n")[:-1]:
            digest, path = line.split("  ", 1)
            escapes = {"%25": "%", "%0A": "\n", "%0D": "\r"}
            lines[re.sub("%25|%0A|%0D", lambda m: escapes[m.group(0)], path)] = digest
    for path, digest in lines.items():
        with open(os.path.join(bag, path), "rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == digest, path
    return lines


def check(bag):
    manifest(bag, "tagmanifest-sha256.txt")
    payload = manifest(bag, "manifest-sha256.txt")
    present = {os.path.relpath(os.path.join(d, f), bag)
               for d, _, files in os.walk(os.path.join(bag, "data")) for f in files}
    assert present == set(payload), "payload files differ from the manifest"
    with open(os.path.join(bag, "data/checkpoint.txt"), encoding="utf-8") as f:
        _, size, root = f.read().split("\n")[:3]
    for path in sorted(p for p in payload if p.endswith("/item.json")):
        with open(os.path.join(bag, path), encoding="utf-8") as f:
            item = json.load(f)
        ingested = False
        for proof in item["custody"]:
            inclusion(dict(proof, tree_size=int(size),
                           root_hash=base64.b64decode(root).hex()))
            fields = dict(line.split(" ", 1) for line in
                          base64.b64decode(proof["entry"]).decode().split("\n")[1:-1])
            assert int(fields["index"]) == proof["leaf_index"], path
            assert fields["item"] == str(item["id"]), path
            if fields["kind"] in ("ingest", "derive"):
                assert fields["sha256"] == payload[item["file"]], item["file"]
                ingested = True
        assert ingested, path + ": no ingest entry"


if __name__ == "__main__":
    try:
        check(sys.argv[1])
    except (AssertionError, ValueError, KeyError, OSError) as error:
        print("FAIL", error)
        sys.exit(1)
    print("OK")
