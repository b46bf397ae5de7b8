#!/usr/bin/env bash
# The four methods side by side (`compare`) as a SLURM job array: prepare once, one array task per method (unit),
# collect once, chained by dependencies. Run it from a shallowpi checkout on a file system every node mounts (the
# teacher and --out must lie there); `./shallowpi --version` once first builds the jar. Each task gets 2 cores.
#   bash examples/slurm-compare-array.sh
set -euo pipefail
common="--teacher runs/teacher --relu-reduction 1.73 --methods shallow,cull,snl,joint --epochs 10 --out runs/compare"
prepare=$(sbatch --parsable --cpus-per-task=2 --job-name=shallowpi-prepare \
  --wrap="./shallowpi compare $common --prepare")
units=$(sbatch --parsable --cpus-per-task=2 --job-name=shallowpi-units --array=0-3 --dependency=afterok:$prepare \
  --wrap="./shallowpi compare $common --unit \$SLURM_ARRAY_TASK_ID")
sbatch --cpus-per-task=2 --job-name=shallowpi-collect --dependency=afterok:$units \
  --wrap="./shallowpi compare $common --collect"
