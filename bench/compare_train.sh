#!/usr/bin/env bash
# Training throughput of shallowpi (DJL + PyTorch engine) against PyTorch's Python front end on the same model,
# batch, synthetic data and thread count, alternating the two ROUNDS times in one run so that the machine's
# noise hits both alike. Prints each measurement and the ratio of medians, against PyTorch's default (contiguous
# NCHW) training and against PyTorch trained channels-last, the layout shallowpi trains in.
#   bench/compare_train.sh [ROUNDS] [shallowpi bench flags...]   e.g. bench/compare_train.sh 5 --model resnet20
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
shift || true
flags=("$@")
[ ${#flags[@]} -gt 0 ] || flags=(--model resnet20 --input 1x28x28 --batch 128)
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "needs Debian's PyTorch: apt-get install -y python3-torch" >&2
  exit 2
fi
"$root/shallowpi" --version >/dev/null   # build the jar first, outside the timed runs
ours=(); theirs=(); theirs_cl=()
for r in $(seq "$rounds"); do
  o=$("$root/shallowpi" bench train "${flags[@]}" --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["trainImagesPerSecond"])')
  t=$(/usr/bin/python3 "$root/bench/pytorch_train_bench.py" "${flags[@]}" --threads 2 | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["trainImagesPerSecond"])')
  c=$(/usr/bin/python3 "$root/bench/pytorch_train_bench.py" "${flags[@]}" --threads 2 --channels-last | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["trainImagesPerSecond"])')
  echo "round $r: shallowpi $o img/s, pytorch $t img/s, pytorch channels-last $c img/s"
  ours+=("$o"); theirs+=("$t"); theirs_cl+=("$c")
done
/usr/bin/python3 - "${ours[*]}" "${theirs[*]}" "${theirs_cl[*]}" <<'PY'
import statistics, sys
o = [float(v) for v in sys.argv[1].split()]
for name, arg in (("pytorch", sys.argv[2]), ("pytorch channels-last", sys.argv[3])):
    t = [float(v) for v in arg.split()]
    ratios = [a / b for a, b in zip(o, t)]
    print(f"median shallowpi {statistics.median(o):.1f} img/s, median {name} {statistics.median(t):.1f} img/s, "
          f"ratio of medians {statistics.median(o) / statistics.median(t):.3f}, per-round ratios "
          + " ".join(f"{r:.2f}" for r in ratios))
PY
