"""gymnasium's MuJoCo v4 tasks, random actions, resets included: steps per second (bench/mujoco_envs.ts).

Loads the models from allts's copies (see export_fixtures.py). Prints one JSON line: {task: steps/s}.
Usage: /tmp/mjenv/bin/python scripts/mujoco/steps_per_second.py [steps]
"""
import json
import sys
import time

import gymnasium as gym

from export_fixtures import TASKS, use_our_models


def main(steps):
    use_our_models()
    out = {}
    for task in TASKS:
        env = gym.make(task)
        env.action_space.seed(0)
        env.reset(seed=0)
        started = time.perf_counter()
        for _ in range(steps):
            _obs, _r, term, trunc, _info = env.step(env.action_space.sample())
            if term or trunc:
                env.reset()
        out[task] = steps / (time.perf_counter() - started)
        env.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
