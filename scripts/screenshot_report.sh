#!/usr/bin/env bash
# Renders a report.html in headless Chromium (Debian `chromium`) to a PNG, to
# look at the layout: scripts/screenshot_report.sh REPORT.html OUT.png [WIDTH,HEIGHT]
# (default 1200,3000; the page is cut at HEIGHT). No network: the report is self-contained.
set -euo pipefail
report=$(realpath "$1")
out=$(realpath -m "$2")
size=${3:-1200,3000}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --user-data-dir="$profile" --window-size="$size" --screenshot="$out" \
  "file://$report" 2>/dev/null
echo "$out"
