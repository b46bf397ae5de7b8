#!/usr/bin/env bash
# Inference throughput of shallowpi's evaluation forwards against PyTorch's Python front end in eager mode
# (model.eval(), torch.no_grad(), NCHW) on the same model, batch, synthetic data and thread count, alternating the two
# ROUNDS times in one run so that the machine's noise hits both alike. shallowpi's figures come from one `bench train`
# run each: `inferImagesPerSecond` is what evaluation uses (ONNX Runtime by default, SHALLOWPI_INFERENCE), and
# `inferEngineImagesPerSecond` the engine itself (DJL + libtorch, BN folded into the convs), timed batch by batch in
# alternation with the former. Prints each measurement and the ratios of medians to PyTorch.
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
ours_py='import json,sys; d=json.load(sys.stdin); print(d["inferImagesPerSecond"], d["inferEngineImagesPerSecond"], d["inference"].replace(" ", "_"))'
theirs_py='import json,sys; print(json.load(sys.stdin)["inferImagesPerSecond"])'
ours=(); engine=(); theirs=()
for r in $(seq "$rounds"); do
  read -r o e what < <("$root/shallowpi" bench train "${flags[@]}" --json | /usr/bin/python3 -c "$ours_py")
  t=$(/usr/bin/python3 "$root/bench/pytorch_train_bench.py" "${flags[@]}" --threads "$threads" | /usr/bin/python3 -c "$theirs_py")
  echo "round $r: shallowpi ${what//_/ } $o img/s, engine $e img/s, pytorch $t img/s"
  ours+=("$o"); engine+=("$e"); theirs+=("$t")
done
/usr/bin/python3 - "${ours[*]}" "${engine[*]}" "${theirs[*]}" <<'PY'
import statistics, sys
o, e, t = ([float(v) for v in a.split()] for a in sys.argv[1:4])
for name, s in (("shallowpi", o), ("engine", e)):
    print(f"median {name} {statistics.median(s):.1f} img/s, median pytorch {statistics.median(t):.1f} img/s, "
          f"ratio of medians {statistics.median(s) / statistics.median(t):.3f}, per-round ratios "
          + " ".join(f"{a / b:.2f}" for a, b in zip(s, t)))
PY
