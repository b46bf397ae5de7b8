#!/usr/bin/env bash
# Training throughput of the three training layouts (auto, channels-last, nchw) on one model, alternated ROUNDS
# times in one run so that the machine's noise hits all alike; optionally against another checkout's launcher (its
# default layout), e.g. the commit before a change checked out with git worktree. Prints each measurement, then the
# median per layout and its ratio to the median of nchw.
#   bench/train_layouts.sh ROUNDS [BASE_LAUNCHER] -- [shallowpi bench train flags...]
#   e.g. git worktree add /tmp/base HEAD~1 && /tmp/base/shallowpi --version >/dev/null &&
#        bench/train_layouts.sh 5 /tmp/base/shallowpi -- --model resnet20 --width 0.25 --input 1x28x28
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
base=""
shift || true
if [ $# -gt 0 ] && [ "$1" != "--" ]; then base="$1"; shift; fi
[ "${1:-}" = "--" ] && shift
flags=("$@")
"$root/shallowpi" --version >/dev/null   # build the jar first, outside the timed runs
lscpu | sed -n 's/^Model name: *//p' | sed 's/^/cpu: /'
echo "cores: $(nproc); flags: ${flags[*]}"
one() {  # prints the training images/s of one bench run: one "LAUNCHER" [FLAGS...]
  local launcher="$1"
  shift
  # from a scratch folder: an older launcher leaves a crashed JVM's report in the working directory
  (cd "$scratch" && "$launcher" bench train "${flags[@]}" "$@" --json 2>/dev/null) \
    | /usr/bin/python3 -c 'import json,sys; print(round(json.load(sys.stdin)["trainImagesPerSecond"], 1))' 2>/dev/null
}
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
declare -A runs
names=(auto channels-last nchw)
if [ -n "$base" ]; then names+=(base); "$base" --version >/dev/null; fi
for r in $(seq "$rounds"); do
  line="round $r:"
  for n in "${names[@]}"; do
    if [ "$n" = base ]; then
      v=$(one "$base") || v=crash
    else
      v=$(one "$root/shallowpi" --layout "$n") || v=crash
    fi
    runs[$n]="${runs[$n]:-} $v"
    line="$line $n $v"
  done
  echo "$line img/s"
done
for n in "${names[@]}"; do echo "$n:${runs[$n]}"; done | /usr/bin/python3 -c '
import statistics, sys
rows = {}
for line in sys.stdin:
    name, values = line.split(":", 1)
    rows[name] = [float(v) for v in values.split() if v != "crash"], values.split().count("crash")
ref = statistics.median(rows["nchw"][0]) if rows["nchw"][0] else None
for name, (values, crashes) in rows.items():
    if not values:
        print(f"{name:14s} crashed in all {crashes} runs"); continue
    m = statistics.median(values)
    print(f"{name:14s} median {m:8.1f} img/s" + (f", {m / ref:.2f}x nchw" if ref else "")
          + (f", crashed in {crashes} runs" if crashes else ""))
'
