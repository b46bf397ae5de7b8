#!/usr/bin/env bash
# Inference throughput of shallowpi (DJL + PyTorch engine: evaluation-mode forwards, BN folded into the convs) against
# PyTorch's Python front end in eager mode (model.eval(), torch.no_grad(), NCHW) on the same model, batch,
# synthetic data and thread count, alternating the two ROUNDS times in one run so that the machine's noise hits both
# alike. Prints each measurement and the ratio of medians. Each figure is the median over the timed forwards of
# one run (`bench train`'s inferImagesPerSecond; bench/pytorch_train_bench.py's).
#   bench/compare_infer.sh [ROUNDS] [shallowpi bench flags...]   e.g. bench/compare_infer.sh 5 --model resnet20
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
threads="$(nproc)"
infer='import json,sys; print(json.load(sys.stdin)["inferImagesPerSecond"])'
ours=(); theirs=()
for r in $(seq "$rounds"); do
  o=$("$root/shallowpi" bench train "${flags[@]}" --json | /usr/bin/python3 -c "$infer")
  t=$(/usr/bin/python3 "$root/bench/pytorch_train_bench.py" "${flags[@]}" --threads "$threads" | /usr/bin/python3 -c "$infer")
  echo "round $r: shallowpi $o img/s, pytorch $t img/s"
  ours+=("$o"); theirs+=("$t")
done
/usr/bin/python3 - "${ours[*]}" "${theirs[*]}" <<'PY'
import statistics, sys
o = [float(v) for v in sys.argv[1].split()]
t = [float(v) for v in sys.argv[2].split()]
print(f"median shallowpi {statistics.median(o):.1f} img/s, median pytorch {statistics.median(t):.1f} img/s, "
      f"ratio of medians {statistics.median(o) / statistics.median(t):.3f}, per-round ratios "
      + " ".join(f"{a / b:.2f}" for a, b in zip(o, t)))
PY
