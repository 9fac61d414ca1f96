#!/usr/bin/env python3
"""An independent RFC 9162 verifier (Python hashlib only) for the JSON of
`sijil log proof --json` and `sijil log consistency --json`.

Usage: rfc9162_verify.py inclusion FILE | consistency FILE
Exit 0 when the proof verifies, 1 when it does not.

       rfc9162_verify.py batch FILE
FILE holds one JSON object per line: {"kind": "inclusion"|"consistency",
"valid": true|false, "proof": {...}}. Exit 0 when every proof verifies
exactly when it is marked valid; otherwise the lines that disagree are
printed and the exit code is 1."""
import base64, hashlib, json, sys


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def inclusion(p):
    entry = base64.b64decode(p["entry"], validate=True)
    leaf = hashlib.sha256(b"\x00" + entry).digest()
    assert leaf.hex() == p["leaf_hash"], "leaf hash"
    fn, sn, r = p["leaf_index"], p["tree_size"] - 1, leaf
    assert fn <= sn
    for h in (bytes.fromhex(x) for x in p["inclusion_path"]):
        assert sn != 0, "path too long"
        if fn & 1 or fn == sn:
            r = node(h, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, h)
        fn >>= 1
        sn >>= 1
    assert sn == 0 and r.hex() == p["root_hash"], "root"


def consistency(p):
    m, n = p["first"], p["second"]
    r1, r2 = bytes.fromhex(p["first_root"]), bytes.fromhex(p["second_root"])
    path = [bytes.fromhex(x) for x in p["proof"]]
    assert 0 < m < n and path
    if m & (m - 1) == 0:
        path = [r1] + path
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        assert sn != 0
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    assert sn == 0 and fr == r1 and sr == r2, "roots"


KINDS = {"inclusion": inclusion, "consistency": consistency}


def verifies(kind, proof):
    try:
        KINDS[kind](proof)
        return True
    except (AssertionError, ValueError, KeyError):
        return False


def batch(path):
    wrong = 0
    with open(path) as f:
        for number, line in enumerate(f, 1):
            item = json.loads(line)
            if verifies(item["kind"], item["proof"]) != item["valid"]:
                print(f"line {number}: {item['kind']} proof marked valid={item['valid']} disagrees")
                wrong += 1
    print(f"{number} proofs checked, {wrong} disagree")
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    if sys.argv[1] == "batch":
        batch(sys.argv[2])
    with open(sys.argv[2]) as f:
        proof = json.load(f)
    try:
        KINDS[sys.argv[1]](proof)
    except (AssertionError, ValueError, KeyError) as error:
        print("FAIL", error)
        sys.exit(1)
    print("OK")
