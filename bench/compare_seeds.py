#!/usr/bin/env python3
"""Means over seeds of several `shallowpi compare` runs: one table per budget, a row per method with the mean and
sample standard deviation of its test accuracy, every seed's figure, and the ReLUs and online latency (which do not
depend on the seed when the selection does not). Runs are grouped by their budget and their settings apart from
the seed; a group whose runs differ in anything else is refused.
Usage: bench/compare_seeds.py RUN_DIR [RUN_DIR ...]   (each with the compare.json that compare wrote)"""
import json
import math
import os
import sys


def settings_without_seed(settings):
    s = json.loads(json.dumps(settings))
    seed = s["fineTuning"].pop("seed")
    return json.dumps(s, sort_keys=True), seed


def mean_sd(values):
    m = sum(values) / len(values)
    if len(values) < 2:
        return m, float("nan")
    return m, math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


def main(dirs):
    groups = {}
    for d in dirs:
        run = json.load(open(os.path.join(d, "compare.json")))
        key, seed = settings_without_seed(run["settings"])
        budget = run["settings"]["budget"]
        group = groups.setdefault(budget, {"key": key, "runs": []})
        if group["key"] != key:
            sys.exit(f"{d}: settings differ from the other runs at {budget} in more than the seed")
        if any(seed == s for s, _, _ in group["runs"]):
            sys.exit(f"{d}: a second run at {budget} with seed {seed}")
        group["runs"].append((seed, d, run))
    for budget, group in groups.items():
        runs = sorted(group["runs"], key=lambda r: r[0])
        seeds = [s for s, _, _ in runs]
        print(f"\n{budget}, seeds {', '.join(map(str, seeds))}\n")
        print("| method | mean test accuracy | sd | per seed | ReLUs | online latency (mean) |")
        print("|---|---|---|---|---|---|")
        names = [m["name"] for m in runs[0][2]["methods"]]
        for name in names:
            rows = []
            for s, d, run in runs:
                row = next((m for m in run["methods"] if m["name"] == name), None)
                if row is None or row["status"] != "finished":
                    sys.exit(f"{d}: method {name} has no finished result")
                rows.append(row)
            acc = [100 * r["accuracy"] for r in rows]
            m, sd = mean_sd(acc)
            relus = sorted({r["relus"] for r in rows})
            online, _ = mean_sd([r["pi"]["onlineSeconds"] for r in rows])
            sd_text = "-" if math.isnan(sd) else f"{sd:.2f}"
            print(f"| {name} | {m:.2f} % | {sd_text} | {' / '.join(f'{a:.2f}' for a in acc)} | "
                  f"{' / '.join(f'{x:,}' for x in relus)} | {online:.2f} s |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
