#!/usr/bin/env bash
# The ablation of issue 20: each option of `shallow` alone and together, at each budget and seed, one run at a time
# (two trainings on the same cores slow each other far more than 2x). Every run writes its own folder; one already
# finished (its report.json exists) is skipped, so the script can be stopped and started again.
#   bench/ablation.sh TEACHER_DIR OUT_DIR [SEEDS] [BUDGETS] [CONFIGS]
#   SEEDS "0 1 2"; BUDGETS "1.73:1.47 2.0:1.5" (ReLU:MAC reductions); CONFIGS names from the table below
#   e.g. bench/ablation.sh runs/demo/teacher runs/ablation "0 1 2" "2.0:1.5" "seed fit fkd gradual remeasure all"
# Then: bench/ablation_table.py OUT_DIR   (mean and standard deviation per configuration and budget)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
teacher="${1:?give the teacher folder}"
out="${2:?give the output folder}"
seeds="${3:-0 1 2}"
budgets="${4:-1.73:1.47 2.0:1.5}"
configs="${5:-seed fit fkd gradual remeasure all}"
declare -A flags=(
  [seed]=""
  [fit]="--kernel-init fit"
  [fitteacher]="--kernel-init fit-teacher"
  [fkd]="--feature-kd 1"
  [gradual]="--gradual-epochs 3"
  [remeasure]="--remeasure"
  [all]="--kernel-init fit --feature-kd 1 --gradual-epochs 3 --remeasure"
  # the two best alone, together; then that pair with the fit, or with a lower learning rate
  [remeasure+fkd]="--remeasure --feature-kd 1"
  [remeasure+fkd+fit]="--remeasure --feature-kd 1 --kernel-init fit"
  [remeasure+fkd-lr0.02]="--remeasure --feature-kd 1 --lr 0.02"
  # the second teacher's runs (2026-12-03): the seed's method at twice the peak learning rate, and block-wise
  # distillation with half the batch size (twice the steps in the same epochs)
  [seed-lr0.1]="--lr 0.1"
  [fkd-b64]="--feature-kd 1 --batch-size 64"
  # later that day: the seed's method at 0.4x the peak learning rate, and at distillation temperature 2
  [seed-lr0.02]="--lr 0.02"
  [seed-t2]="--kd-temperature 2"
)
"$root/shallowpi" --version >/dev/null   # build the jar first
mkdir -p "$out"
for budget in $budgets; do
  relu="${budget%%:*}"
  mac="${budget##*:}"
  for config in $configs; do
    if [ -z "${flags[$config]+x}" ]; then
      echo "ablation: unknown configuration '$config'; known: ${!flags[*]}" >&2
      exit 2
    fi
    for seed in $seeds; do
      run="$out/$config-r$relu-m$mac-s$seed"
      if [ -f "$run/report.json" ]; then
        continue
      fi
      rm -rf "$run"
      # shellcheck disable=SC2086
      "$root/shallowpi" shallow --teacher "$teacher" --relu-reduction "$relu" --mac-reduction "$mac" \
          --epochs 10 --seed "$seed" ${flags[$config]} --out "$run" --quiet
      echo "$run: $(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['after']['accuracy'])" \
          "$run/report.json")"
    done
  done
done
