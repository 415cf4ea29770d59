#!/usr/bin/python3
"""Counts, per file of FILE;ACCEPTED|LABELS;FIRED|LABELS rows (bench/still-real/run.sh), the swipes that fire,
fire a label their row accepts, and fire another."""
import sys

for f in sys.argv[1:]:
    n = called = right = wrong = 0
    for line in open(f):
        p = line.strip().split(';')
        if len(p) < 3:
            continue
        n += 1
        accepted = set(p[1].split('|'))
        fired = [] if p[2] == '-' else p[2].split('|')
        called += bool(fired)
        right += any(e in accepted for e in fired)
        wrong += any(e not in accepted for e in fired)
    print(f"{f}: {n} swipes, {called} fire, {right} fire an accepted label, {wrong} fire another")
