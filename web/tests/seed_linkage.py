#!/usr/bin/env python3
"""Seeds persons and one review pair into a Sijil store from generated truth.

A stand-in for `sijil link` in the browser tests while the linkage engine is
not on main: it groups the imported records by their true person
(truth.csv from `sijil generate`), except one person found on two lists,
whose two records stay apart and are queued for review. Prints that pair as
JSON: {"a": {...}, "b": {...}, "person_id", "name_latin", "given_name",
"family_name"} (the names from population.csv).

Usage: seed_linkage.py DB LISTS_DIR
"""
import csv
import json
import sqlite3
import sys
from collections import defaultdict
from datetime import datetime, timezone


def main(db_path: str, lists_dir: str) -> None:
    db = sqlite3.connect(db_path)
    db.execute('PRAGMA foreign_keys = ON')
    source_ids = dict(db.execute('SELECT name, id FROM sources'))
    with open(f'{lists_dir}/truth.csv', newline='', encoding='utf-8') as f:
        truth = [row for row in csv.DictReader(f) if row['source'] in source_ids]
    if not truth:
        sys.exit(f'seed_linkage: no record of {lists_dir}/truth.csv is in {db_path}')
    members = defaultdict(list)
    for row in truth:
        members[row['person_id']].append((row['source'], row['record_id']))

    with open(f'{lists_dir}/population.csv', newline='', encoding='utf-8') as f:
        population = {row['person_id']: row for row in csv.DictReader(f)}

    # The queued pair: the first person with records on two different lists
    # whose Latin name reads "Given Father al-Family", one word each, so the
    # browser test can type "Given al-Family".
    def simple_name(pid: str) -> bool:
        person = population[pid]
        parts = [person['given_name'], person['father_name'], person['family_name']]
        return len(person['name_latin'].split()) == 3 and all(len(p.split()) == 1 for p in parts)

    pair_person = next(pid for pid, refs in sorted(members.items())
                       if len({source for source, _ in refs}) >= 2 and simple_name(pid))
    refs = members[pair_person]
    a = refs[0]
    b = next(ref for ref in refs if ref[0] != a[0])
    a, b = sorted([a, b])

    now = datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    with db:
        cursor = db.execute(
            'INSERT INTO link_runs (started_at, finished_at, records, candidate_pairs, persons,'
            ' review_pairs, settings, model) VALUES (?, ?, ?, 0, ?, 1, ?, ?)',
            (now, now, len(truth), len(members) + 1, '{"seeded_by":"web/tests/seed_linkage.py"}', '{}'))
        run_id = cursor.lastrowid
        for person_id, person_refs in sorted(members.items()):
            groups = [[a], [b]] + [[r for r in person_refs if r not in (a, b)]] \
                if person_id == pair_person else [person_refs]
            for group_idx, group in enumerate(g for g in groups if g):
                pid = person_id if group_idx == 0 else f'{person_id}-{group_idx}'
                db.execute('INSERT INTO persons (id, link_run_id) VALUES (?, ?)', (pid, run_id))
                db.executemany(
                    'INSERT INTO person_records (source_id, record_id, person_id) VALUES (?, ?, ?)',
                    [(source_ids[source], record_id, pid) for source, record_id in group])
        db.execute(
            'INSERT INTO review_queue (link_run_id, source_a, record_a, source_b, record_b, weight,'
            ' probability) VALUES (?, ?, ?, ?, ?, 4.2, 0.62)',
            (run_id, source_ids[a[0]], a[1], source_ids[b[0]], b[1]))

    person = population[pair_person]
    print(json.dumps({'a': {'source': a[0], 'record_id': a[1]},
                      'b': {'source': b[0], 'record_id': b[1]},
                      'person_id': pair_person,
                      'name_latin': person['name_latin'],
                      'given_name': person['given_name'],
                      'family_name': person['family_name']}, ensure_ascii=False))


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
