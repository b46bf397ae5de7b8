#!/usr/bin/env bash
# Renders a report.html in headless Chromium (Debian's `chromium`) to a PNG, to look at, and checks that Chromium
# parsed every inline SVG chart of the file as an element. A manual check, not part of `mvn test`: Chromium is not
# a build dependency. The numbers in the report's tables are checked against report.json / sweep.json by the test
# suite (ShallowCommandTest, SweepCommandTest).
#
#   bench/render_report.sh runs/demo/shallow/report.html [OUT.png] [HEIGHT]
set -euo pipefail
html="${1:?usage: bench/render_report.sh DIR/report.html [OUT.png] [HEIGHT]}"
png="${2:-${html%.html}.png}"
height="${3:-4000}"
if ! command -v chromium >/dev/null 2>&1; then
  echo "render_report: chromium is not installed; install it with: apt-get install -y chromium" >&2
  exit 2
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
url="file://$(realpath "$html")"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile")
in_file="$(grep -o '<svg ' "$html" | wc -l)"
in_dom="$(chromium "${flags[@]}" --dump-dom "$url" 2>/dev/null | grep -o '<svg ' | wc -l)"
if [ "$in_file" -eq 0 ] || [ "$in_file" -ne "$in_dom" ]; then
  echo "render_report: $html has $in_file charts, Chromium's DOM $in_dom" >&2
  exit 1
fi
chromium "${flags[@]}" --screenshot="$png" --window-size="1200,$height" "$url" >/dev/null 2>&1
bytes="$(stat -c %s "$png")"
echo "render_report: $in_dom charts parsed by $(chromium --version 2>/dev/null); screenshot $png ($bytes bytes): look at it"
