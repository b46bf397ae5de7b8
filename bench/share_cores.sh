#!/usr/bin/env bash
# Two jobs on one machine: the training throughput of one `shallowpi bench train` alone and of two at once, with
# the thread count fixed at the machine's cores (SHALLOWPI_THREADS=<cores>, what shallowpi did before) and with the
# default, SHALLOWPI_THREADS=auto (engine.CoreShare: each job runs on the cores the others leave free). Alternates
# the two ROUNDS times in one run and prints the medians: each job's share of its solo throughput when paired, and
# what the adaptive default costs a job alone.
#   bench/share_cores.sh [ROUNDS] [shallowpi bench train flags...]   e.g. bench/share_cores.sh 5 --model resnet20
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
shift || true
flags=("$@")
[ ${#flags[@]} -gt 0 ] || flags=(--model resnet20 --input 1x28x28 --batch 128 --steps 30)
cores="$(nproc)"
"$root/shallowpi" --version >/dev/null   # build the jar first, outside the timed runs
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
train() {   # train THREADS OUTFILE: training img/s of one run
  SHALLOWPI_THREADS="$1" "$root/shallowpi" bench train "${flags[@]}" --json \
    | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["trainImagesPerSecond"])' > "$2"
}
declare -A solo pair
for r in $(seq "$rounds"); do
  for threads in "$cores" auto; do
    train "$threads" "$tmp/solo"
    train "$threads" "$tmp/a" & train "$threads" "$tmp/b"
    wait
    s=$(cat "$tmp/solo"); a=$(cat "$tmp/a"); b=$(cat "$tmp/b")
    echo "round $r, SHALLOWPI_THREADS=$threads: alone $s img/s; two at once $a and $b img/s"
    solo[$threads]+="$s "; pair[$threads]+="$a $b "
  done
done
/usr/bin/python3 - "$cores" "${solo[$cores]}" "${pair[$cores]}" "${solo[auto]}" "${pair[auto]}" <<'PY'
import statistics as st, sys
cores = sys.argv[1]
v = [[float(x) for x in a.split()] for a in sys.argv[2:]]
for name, solo, pair in ((f"SHALLOWPI_THREADS={cores} (fixed, as before)", v[0], v[1]),
                         ("SHALLOWPI_THREADS=auto (the default)", v[2], v[3])):
    print(f"{name}: alone median {st.median(solo):.1f} img/s; two at once median {st.median(pair):.1f} img/s each "
          f"(worst {min(pair):.1f}) = {st.median(pair) / st.median(solo):.0%} of alone")
print(f"alone, auto / fixed: ratio of medians {st.median(v[2]) / st.median(v[0]):.3f}")
PY
