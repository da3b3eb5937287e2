#!/usr/bin/env bash
# Writes data/demo/ (the sample session `retrogait demo` embeds) with our own
# simulator: lower back, upright mounting (forward = -z), 50 Hz, seed 5;
# 3 s standing, 1 min forward, then 4 x (30 s backward, 30 s forward) with a
# 5-s pause before each change of direction, 3 s standing.
# Simulated: for showing the outputs, never for accuracy claims.
set -euo pipefail
cd "$(dirname "$0")/.."
# The binary embeds these files: placeholders let it build before the first run.
mkdir -p data/demo
[ -s data/demo/retro_intervals.csv ] || : > data/demo/retro_intervals.csv
[ -s data/demo/case.json ] || echo '{}' > data/demo/case.json
cargo run --release --quiet -- simulate \
  --out data/demo/retro_intervals.csv \
  --pattern "F60,S5,B30,S5,F30,S5,B30,S5,F30,S5,B30,S5,F30,S5,B30,S5,F30" \
  --rate 50 --seed 5 --upright
