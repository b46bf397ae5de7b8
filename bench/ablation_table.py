#!/usr/bin/env python3
"""The ablation table of bench/ablation.sh: per budget and configuration, the deployed model's test accuracy and
its drop from the teacher, mean and sample standard deviation over the seeds run, in points. Runs without a
report.json (diverged, failed or not finished) are listed under the table.

    bench/ablation_table.py OUT_DIR
"""
import json
import pathlib
import re
import statistics
import sys


def main():
    out = pathlib.Path(sys.argv[1])
    rows = {}
    unfinished = []
    for run in sorted(p for p in out.iterdir() if p.is_dir()):
        m = re.fullmatch(r"(.+)-r([\d.]+)-m([\d.]+)-s(\d+)", run.name)
        if not m:
            continue
        report = run / "report.json"
        if not report.exists():
            unfinished.append(run.name)  # diverged, failed or still running: said below the table, never dropped
            continue
        r = json.loads(report.read_text())
        key = (m.group(2), m.group(3), m.group(1))
        plan = json.loads((report.parent / "plan.json").read_text())
        before = plan.get("studentBeforeFineTuning", {})
        early = (before.get("accuracyAfterRewrite") or float("nan"),
                 before.get("accuracyAfterBnReestimation") or float("nan"))
        rows.setdefault(key, []).append((r["teacher"]["testAccuracy"], r["after"]["accuracy"],
                                         r["reluReduction"], r["macReduction"], early))
    print("| ReLU / MAC target | configuration | seeds | ReLUs / MACs reached | merged student (after BN) "
          "| accuracy (mean ± sd) | drop in points (mean ± sd) |")
    print("|---|---|---|---|---|---|---|")
    for (relu, mac, config), runs in sorted(rows.items()):
        acc = [100 * a for _, a, _, _, _ in runs]
        drop = [100 * (t - a) for t, a, _, _, _ in runs]
        rewrite = statistics.mean(100 * e[0] for _, _, _, _, e in runs)
        bn = statistics.mean(100 * e[1] for _, _, _, _, e in runs)
        early = "%.2f %%" % rewrite + ("" if bn != bn else " (%.2f %%)" % bn)
        reached = "/%.2f / /%.2f" % (min(r for _, _, r, _, _ in runs), min(m for _, _, _, m, _ in runs))
        print("| /%s / /%s | %s | %d | %s | %s | %s %% | %s |" % (
            relu, mac, config, len(runs), reached, early, spread(acc), spread(drop)))
    if unfinished:
        print()
        print("Runs without a report (diverged, failed or unfinished; not in the table): " + ", ".join(unfinished))


def spread(values):
    """Mean ± sample standard deviation; the mean alone for one run."""
    if len(values) == 1:
        return "%.2f" % values[0]
    return "%.2f ± %.2f" % (statistics.mean(values), statistics.stdev(values))


if __name__ == "__main__":
    main()
