#!/usr/bin/env bash
# Builds a Python environment with the autonomous-learning-library (ALL) 0.9.1, the reference that
# bench/compare_python.sh and scripts/python_all/run_preset.py run beside allts.
# ALL 0.9.1 asks for torch~=2.2, whose PyPI wheels pull several GB of CUDA packages; it runs on
# Debian's CPU build (python3-torch 1.13) with numpy 1.x, so the venv sees the system packages and
# ALL is installed without its pins. Debian's torch links the system BLAS, which is the slow
# reference BLAS unless OpenBLAS is installed: libopenblas0-pthread makes ALL's updates several
# times faster (the TD3 authors' code on InvertedPendulum, same load: about 4 -> 60 steps/s), so it is part
# of the set-up. Usage: bash scripts/python_all/setup.sh [venv dir, default .venv-all]
set -euo pipefail
VENV="${1:-.venv-all}"
as_root() { if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo "$@"; fi; }
if ! /usr/bin/python3 -c "import torch" 2>/dev/null || [[ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread ]]; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch python3-venv libopenblas0-pthread >/dev/null ||
    { as_root apt-get update -q >/dev/null &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch python3-venv libopenblas0-pthread >/dev/null; }
fi
/usr/bin/python3 -m venv --system-site-packages "$VENV"
PIP=("$VENV/bin/pip" install -q --disable-pip-version-check)
"${PIP[@]}" --no-deps autonomous-learning-library==0.9.1
"${PIP[@]}" "gymnasium[mujoco]==0.29.1" "tensorboard~=2.8" "cloudpickle~=2.0" "matplotlib~=3.7" \
  "numpy~=1.22" "opencv-python-headless==4.9.0.80" 2>&1 | grep -v -i "dependency\|requires torch" || true
"$VENV/bin/python" -c "import all.presets, torch, gymnasium; print('ALL ready: torch', torch.__version__, 'gymnasium', gymnasium.__version__)"
