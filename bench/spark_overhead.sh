#!/usr/bin/env bash
# The Spark path's overhead on one machine: a small sweep run sequentially (`./shallowpi sweep`) and with
# `--executor spark` under Spark's own SparkSubmit (local[N], one task at a time with every core, as on a cluster with
# spark.task.cpus = executor cores), alternating ROUNDS times in one run; prints each wall time and the ratio of
# medians. Spark is not in the jar: its jars come from Maven (the version in pom.xml), as a cluster would provide them.
#   bench/spark_overhead.sh [ROUNDS] TEACHER_DIR [sweep flags...]
#   e.g. bench/spark_overhead.sh 3 runs/base --relu-reduction 1.2,1.5 --epochs 1 --train-subset 5000
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
teacher="${2:?give the teacher folder}"
shift 2 || true
flags=("$@")
"$root/shallowpi" --version >/dev/null   # build the jar first, outside the timed runs
# Spark's own class path, as a distribution ships it: spark-core of pom.xml's version and its dependencies only
spark_version="$(sed -n '/<artifactId>spark-core_2.13<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p}' "$root/pom.xml")"
probe="$(mktemp -d)"
cp_file="$probe/cp.txt"
cat > "$probe/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>spark-classpath</artifactId><version>1</version>
<dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.13</artifactId>
<version>$spark_version</version></dependency></dependencies></project>
POM
(cd "$probe" && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null)
opens=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
cores="$(nproc)"
work="$(mktemp -d)"
seq_times=(); spark_times=()
for r in $(seq "$rounds"); do
  rm -rf "$work/seq" "$work/spark"
  t0=$(date +%s.%N)
  "$root/shallowpi" sweep --teacher "$teacher" "${flags[@]}" --out "$work/seq" --quiet
  t1=$(date +%s.%N)
  MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296 MALLOC_TOP_PAD_=268435456 \
    java "${opens[@]}" -cp "$(cat "$cp_file")" org.apache.spark.deploy.SparkSubmit --master "local[$cores]" \
    --conf spark.task.cpus="$cores" --conf spark.ui.enabled=false --class dev.shallowpi.cli.Main \
    "$root/target/shallowpi.jar" sweep --teacher "$teacher" "${flags[@]}" --out "$work/spark" --quiet \
    --executor spark > "$work/spark.log" 2>&1
  t2=$(date +%s.%N)
  cmp <(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['budgets'])" "$work/seq/sweep.json") \
      <(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['budgets'])" "$work/spark/sweep.json") \
      || { echo "round $r: the Spark sweep's figures differ from the sequential one's" >&2; exit 1; }
  s=$(python3 -c "print(f'{$t1 - $t0:.1f}')"); k=$(python3 -c "print(f'{$t2 - $t1:.1f}')")
  echo "round $r: sequential $s s, spark $k s (same figures)"
  seq_times+=("$s"); spark_times+=("$k")
done
python3 - "${seq_times[*]}" "${spark_times[*]}" <<'PY'
import statistics, sys
a = [float(v) for v in sys.argv[1].split()]
b = [float(v) for v in sys.argv[2].split()]
print(f"median sequential {statistics.median(a):.1f} s, median spark {statistics.median(b):.1f} s, "
      f"ratio {statistics.median(b) / statistics.median(a):.3f} (per round "
      + " ".join(f"{y / x:.2f}" for x, y in zip(a, b)) + ")")
PY
rm -rf "$work" "$probe"
