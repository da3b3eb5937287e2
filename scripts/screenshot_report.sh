#!/usr/bin/env bash
# Renders a report.html in headless Chromium (Debian `chromium`) to a PNG, to
# look at the layout: scripts/screenshot_report.sh REPORT.html OUT.png [WIDTH,HEIGHT] [SCALE]
# (default 1200,3000; the page is cut at HEIGHT; SCALE < 1 shrinks the image, e.g. 0.7).
# No network: the report is self-contained.
# The README's image: (cd /tmp && retrogait demo) &&
#   scripts/screenshot_report.sh /tmp/retrogait-demo/report.html docs/report.png 1100,1450 0.7
set -euo pipefail
report=$(realpath "$1")
out=$(realpath -m "$2")
size=${3:-1200,3000}
scale=${4:-1}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --user-data-dir="$profile" --window-size="$size" --force-device-scale-factor="$scale" --screenshot="$out" \
  "file://$report" 2>/dev/null
echo "$out"
