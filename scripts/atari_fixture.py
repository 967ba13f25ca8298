"""Generates __tests__/fixtures/atari/breakout.json: Breakout frames from gymnasium's own Atari
preprocessing, to check environments/atari/ against.

Run once (needs gymnasium, ale-py and opencv-python-headless, which AtariPreprocessing imports):
    PYTHONPATH=<dir with cv2> python/.venv/bin/python scripts/atari_fixture.py

Two trajectories of BreakoutNoFrameskip-v4 from reset(seed=0), actions drawn from a seeded numpy
generator (stored with the frames):
- `plain`: gymnasium.wrappers.AtariPreprocessing(noop_max=0, frame_skip=4, screen_size=84,
  grayscale_obs=True): max of the last two grey frames, INTER_AREA resize. Ours with
  { noopMax: 0, fireReset: false } must give the same frames, rewards and terminations.
- `all`: ALL's wrapper logic written here on top of the same AtariPreprocessing: 3 raw no-op
  frames after the reset, FIRE then action 2 (one preprocessed step each) after the reset and
  after every lost life, life_lost when the lives counter falls and stays above 0. Ours with
  { noops: 3 } must match it.
Frames travel gzip-compressed and base64-encoded (84x84 bytes each, row-major).
"""
import base64
import gzip
import json
import os

import ale_py
import gymnasium as gym
import numpy as np
from gymnasium.wrappers import AtariPreprocessing

gym.register_envs(ale_py)
STEPS = 400


def make():
    env = gym.make("BreakoutNoFrameskip-v4")
    return env, AtariPreprocessing(env, noop_max=0, frame_skip=4, screen_size=84, terminal_on_life_loss=False, grayscale_obs=True)


def pack(frames):
    return base64.b64encode(gzip.compress(np.stack(frames).astype(np.uint8).tobytes(), 9)).decode("ascii")


def plain(actions):
    _, env = make()
    obs, info = env.reset(seed=0)
    frames, rewards, terminated, lives = [obs], [0.0], [False], [info["lives"]]
    for a in actions:
        obs, r, term, trunc, info = env.step(int(a))
        frames.append(obs); rewards.append(float(r)); terminated.append(bool(term)); lives.append(info["lives"])
        if term or trunc:
            break
    return {"frames": pack(frames), "rewards": rewards, "terminated": terminated, "lives": lives}


def all_logic(actions):
    raw, env = make()
    env.reset(seed=0)
    for _ in range(3):
        raw.step(0)

    def fire():
        env.step(1)
        obs, _, _, _, info = env.step(2)
        return obs, info

    obs, info = fire()
    fire_lives, life_counter = info["lives"], 0
    frames, rewards, terminated, lost = [obs], [0.0], [False], [False]
    for a in actions:
        obs, r, term, trunc, info = env.step(int(a))
        lives = info["lives"]
        if not (term or trunc) and fire_lives > lives > 0:
            obs, info = fire()
            lives = info["lives"]
        fire_lives = lives
        life_lost = life_counter > lives > 0
        life_counter = lives
        frames.append(obs); rewards.append(float(r)); terminated.append(bool(term)); lost.append(bool(life_lost))
        if term or trunc:
            break
    return {"frames": pack(frames), "rewards": rewards, "terminated": terminated, "lifeLost": lost}


def main():
    actions = np.random.default_rng(0).integers(0, 4, STEPS).tolist()
    out = {
        "env": "BreakoutNoFrameskip-v4",
        "gymnasium": gym.__version__,
        "ale_py": ale_py.__version__,
        "seed": 0,
        "actions": actions,
        "plain": plain(actions),
        "all": all_logic(actions),
    }
    path = os.path.join(os.path.dirname(__file__), "..", "__tests__", "fixtures", "atari", "breakout.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print(path, os.path.getsize(path), "bytes;", len(out["plain"]["rewards"]), len(out["all"]["rewards"]), "states")


if __name__ == "__main__":
    main()
