#!/usr/bin/env python3
"""Picks a person of generated lists for the browser tests to look for.

The first person (by id) with records on two different lists whose Latin name
reads "Given Father al-Family", one word each, so the test can type "Given
al-Family" as a relative would. Prints JSON: {"a": {...}, "b": {...},
"person_id", "name_latin", "given_name", "family_name"}: two of the person's
records (on different lists) and the names from population.csv.

Usage: pick_person.py LISTS_DIR
"""
import csv
import json
import sys
from collections import defaultdict


def main(lists_dir: str) -> None:
    with open(f'{lists_dir}/truth.csv', newline='', encoding='utf-8') as f:
        truth = list(csv.DictReader(f))
    members = defaultdict(list)
    for row in truth:
        members[row['person_id']].append((row['source'], row['record_id']))

    with open(f'{lists_dir}/population.csv', newline='', encoding='utf-8') as f:
        population = {row['person_id']: row for row in csv.DictReader(f)}

    # The first person with records on two different lists
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

    person = population[pair_person]
    print(json.dumps({'a': {'source': a[0], 'record_id': a[1]},
                      'b': {'source': b[0], 'record_id': b[1]},
                      'person_id': pair_person,
                      'name_latin': person['name_latin'],
                      'given_name': person['given_name'],
                      'family_name': person['family_name']}, ensure_ascii=False))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
