#!/usr/bin/env python3
"""How stable is the sensitivity ranking? Compares two sensitivity.json files written by
`shallowpi shallow --sensitivity-only` on different calibration images (--calibration-seed): the overlap of
their least-sensitive halves, Spearman's rank correlation, and the selections they lead to.
Usage: bench/sensitivity_overlap.py A/sensitivity.json B/sensitivity.json"""
import json
import os
import sys


def ranking(path):
    cands = json.load(open(path))["candidates"]
    return [c["name"] for c in sorted(cands, key=lambda c: c["score"])]


def main(a_path, b_path):
    a, b = ranking(a_path), ranking(b_path)
    half = len(a) // 2
    overlap = len(set(a[:half]) & set(b[:half]))
    rb = {name: i for i, name in enumerate(b)}
    n = len(a)
    d2 = sum((i - rb[name]) ** 2 for i, name in enumerate(a))
    print(f"candidates {n}; least-sensitive half: {half}; overlap {overlap}/{half}; "
          f"Spearman {1 - 6 * d2 / (n * (n * n - 1)):.3f}")
    for p in (a_path, b_path):
        plan = os.path.join(os.path.dirname(p), "plan.json")
        if os.path.exists(plan):
            print(f"{plan}: selected {json.load(open(plan))['selected']}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
