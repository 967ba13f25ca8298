#!/usr/bin/env bash
# Whole-process speed of every classic preset, allts against the Python autonomous-learning-library
# (ALL), side by side in one run: CartPole-v0, 20,000 frames, seed 0, one test episode (issue 19).
# Each preset runs allts then ALL, one after the other, so both see the same machine load.
# Needs `npm run build` and an interpreter with ALL (bash scripts/python_all/setup.sh builds
# .venv-all). Usage: bash bench/compare_python.sh [--python PATH] [--frames N] [--presets "dqn c51"]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${ALL_PYTHON:-.venv-all/bin/python}"
FRAMES=20000
PRESETS="dqn ddqn c51 rainbow vqn vsarsa vac vpg a2c ppo"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --python) PY="$2"; shift 2 ;;
    --frames) FRAMES="$2"; shift 2 ;;
    --presets) PRESETS="$2"; shift 2 ;;
    *) echo "unknown option $1; expected --python PATH, --frames N or --presets \"dqn c51\"" >&2; exit 2 ;;
  esac
done
if ! "$PY" -c "import all.presets" 2>/dev/null; then
  echo "no Python ALL at $PY: run 'bash scripts/python_all/setup.sh' or pass --python PATH" >&2; exit 2
fi
[[ -f dist/experiments/cli.js ]] || { echo "dist/ is missing: run 'npm run build' first" >&2; exit 2; }
LOGDIR="$(mktemp -d)"; trap 'rm -rf "$LOGDIR"' EXIT
now() { date +%s.%N; }
echo "CartPole-v0, $FRAMES frames, seed 0, 1 test episode, whole process; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| preset | allts s | ALL s | ALL / allts | allts test | ALL test |"
echo "|---|---|---|---|---|---|"
for p in $PRESETS; do
  t0=$(now)
  ours=$(node dist/experiments/cli.js classic CartPole-v0 "$p" --frames "$FRAMES" --seed 0 \
    --test-episodes 1 --quiet --logdir "$LOGDIR" 2>/dev/null | tail -1)
  t1=$(now)
  theirs=$("$PY" scripts/python_all/run_preset.py --family classic --env CartPole-v0 --preset "$p" \
    --frames "$FRAMES" --seed 0 --test-episodes 1 2>/dev/null | tail -1)
  t2=$(now)
  ourTest=$(echo "$ours" | grep -o -E '[-0-9.]+' | head -1 || true)
  theirTest=$(echo "$theirs" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['testMean'])" 2>/dev/null || echo "?")
  awk -v p="$p" -v a="$t0" -v b="$t1" -v c="$t2" -v o="$ourTest" -v t="$theirTest" \
    'BEGIN { printf "| %s | %.2f | %.2f | %.2fx | %s | %s |\n", p, b - a, c - b, (c - b) / (b - a), o, t }'
done
