#!/usr/bin/env bash
# Whole-process speed of every classic preset, allts against the Python autonomous-learning-library
# (ALL), side by side in one run: CartPole-v0, 20,000 frames, seed 0, one test episode (issue 19).
# Each preset runs allts then ALL, one after the other, so both see the same machine load.
# Needs `npm run build` and an interpreter with ALL (bash scripts/python_all/setup.sh builds
# .venv-all). Usage: bash bench/compare_python.sh [--python PATH] [--frames N] [--presets "dqn c51"]
#   [--allts DIR] [--before DIR] (--allts: another built checkout to measure; --before: a built older
#   checkout, e.g. a git worktree, timed in the same row for a before/after comparison)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${ALL_PYTHON:-.venv-all/bin/python}"
# one BLAS thread: ALL runs with torch.set_num_threads(1) (run_preset.py), as allts runs these small networks on one
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
FRAMES=20000
PRESETS="dqn ddqn c51 rainbow vqn vsarsa vac vpg a2c ppo"
ALLTS="$PWD"
BEFORE=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --python) PY="$2"; shift 2 ;;
    --frames) FRAMES="$2"; shift 2 ;;
    --presets) PRESETS="$2"; shift 2 ;;
    --allts) ALLTS="$(cd "$2" && pwd)"; shift 2 ;;
    --before) BEFORE="$(cd "$2" && pwd)"; shift 2 ;;
    *) echo "unknown option $1; expected --python PATH, --frames N, --presets \"dqn c51\", --allts DIR or --before DIR" >&2; exit 2 ;;
  esac
done
if ! "$PY" -c "import all.presets" 2>/dev/null; then
  echo "no Python ALL at $PY: run 'bash scripts/python_all/setup.sh' or pass --python PATH" >&2; exit 2
fi
[[ -f "$ALLTS/dist/experiments/cli.js" ]] || { echo "$ALLTS/dist is missing: run 'npm run build' there first" >&2; exit 2; }
LOGDIR="$(mktemp -d)"; trap 'rm -rf "$LOGDIR"' EXIT
now() { date +%s.%N; }
echo "allts at $ALLTS ($(git -C "$ALLTS" rev-parse --short HEAD 2>/dev/null || echo '?')); CartPole-v0, $FRAMES frames, seed 0, 1 test episode, whole process; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
run_allts() { # root preset -> prints the test line; the caller times it
  node "$1/dist/experiments/cli.js" classic CartPole-v0 "$2" --frames "$FRAMES" --seed 0 \
    --test-episodes 1 --quiet --logdir "$LOGDIR" 2>/dev/null | tail -1
}
testMean() { echo "$1" | grep -o -E '[-0-9.]+' | head -1 || true; }
[[ -z "$BEFORE" ]] || echo "before: $BEFORE ($(git -C "$BEFORE" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo
if [[ -z "$BEFORE" ]]; then
  echo "| preset | allts s | ALL s | ALL / allts | allts test | ALL test |"
  echo "|---|---|---|---|---|---|"
else
  echo "| preset | before s | allts s | ALL s | ALL / before | ALL / allts | before test | allts test | ALL test |"
  echo "|---|---|---|---|---|---|---|---|---|"
fi
for p in $PRESETS; do
  tb=$(now)
  [[ -z "$BEFORE" ]] || old=$(run_allts "$BEFORE" "$p")
  t0=$(now)
  ours=$(run_allts "$ALLTS" "$p")
  t1=$(now)
  theirs=$("$PY" scripts/python_all/run_preset.py --family classic --env CartPole-v0 --preset "$p" \
    --frames "$FRAMES" --seed 0 --test-episodes 1 2>/dev/null | tail -1 || true)
  t2=$(now)
  theirTest=$(echo "$theirs" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['testMean'])" 2>/dev/null || echo "?")
  if [[ -z "$BEFORE" ]]; then
    awk -v p="$p" -v a="$t0" -v b="$t1" -v c="$t2" -v o="$(testMean "$ours")" -v t="$theirTest" \
      'BEGIN { printf "| %s | %.2f | %.2f | %.2fx | %s | %s |\n", p, b - a, c - b, (c - b) / (b - a), o, t }'
  else
    awk -v p="$p" -v z="$tb" -v a="$t0" -v b="$t1" -v c="$t2" -v q="$(testMean "$old")" -v o="$(testMean "$ours")" -v t="$theirTest" \
      'BEGIN { printf "| %s | %.2f | %.2f | %.2f | %.2fx | %.2fx | %s | %s | %s |\n", p, a - z, b - a, c - b, (c - b) / (a - z), (c - b) / (b - a), q, o, t }'
  fi
done
