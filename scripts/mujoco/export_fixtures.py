"""Reference trajectories of gymnasium's MuJoCo v4 tasks, for allts's cross-check tests.

Runs gymnasium 0.29.1's environments on the Python `mujoco` package (the same MuJoCo version as
our @mujoco/mujoco), from gymnasium's own reset, with seeded random actions inside the action
space (full range, or scaled by 0.05 so that balancing and hopping last), and writes per task: the state after reset (qpos, qvel), the actions, and after each step the
observation, reward and termination. Our tests set the same starting state and replay the actions.

Setup: python3 -m venv /tmp/mjenv && /tmp/mjenv/bin/pip install gymnasium==0.29.1 mujoco==3.14.0
Usage:  /tmp/mjenv/bin/python scripts/mujoco/export_fixtures.py  (writes __tests__/environments/fixtures/mujoco_*.json)
"""
import json
import os

import gymnasium as gym
import mujoco
import numpy as np

TASKS = {
    "InvertedPendulum-v4": dict(episodes=4, steps=200),
    "HalfCheetah-v4": dict(episodes=2, steps=150),
    "Hopper-v4": dict(episodes=4, steps=200),
    "Walker2d-v4": dict(episodes=4, steps=200),
    "Ant-v4": dict(episodes=2, steps=100),
    "Humanoid-v4": dict(episodes=2, steps=100),
    "InvertedDoublePendulum-v4": dict(episodes=4, steps=200),
    "Reacher-v4": dict(episodes=2, steps=50),
    "Swimmer-v4": dict(episodes=2, steps=150),
}
ASSETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "environments", "mujoco", "assets")
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "__tests__", "environments", "fixtures")


def episode(env, seed, steps, scale):
    env.reset(seed=seed)
    qpos = env.unwrapped.data.qpos.copy()
    qvel = env.unwrapped.data.qvel.copy()
    rng = np.random.default_rng(seed + 1000)
    low, high = env.action_space.low, env.action_space.high
    actions, observations, rewards, terminated = [], [], [], []
    for _ in range(steps):
        action = (scale * rng.uniform(low, high)).astype(np.float32)
        obs, reward, term, _trunc, _info = env.step(action)
        actions.append(action.tolist())
        observations.append(obs.tolist())
        rewards.append(float(reward))
        terminated.append(bool(term))
        if term:
            break
    return dict(seed=seed, scale=scale, qpos=qpos.tolist(), qvel=qvel.tolist(), actions=actions,
                observations=observations, rewards=rewards, terminated=terminated)


def use_our_models():
    """Loads every model from allts's copies (gymnasium's files; swimmer.xml updated for MuJoCo 3.x)."""
    from gymnasium.envs.mujoco import mujoco_env

    original = mujoco_env.MujocoEnv.__init__

    def patched(self, model_path, *args, **kwargs):
        original(self, os.path.join(ASSETS, os.path.basename(model_path)), *args, **kwargs)

    mujoco_env.MujocoEnv.__init__ = patched


def main():
    use_our_models()
    os.makedirs(OUT, exist_ok=True)
    for task, spec in TASKS.items():
        env = gym.make(task)
        # full-range actions end the balancing and hopping tasks quickly; small ones reach contacts and long episodes
        episodes = [episode(env, seed, spec["steps"], 1.0 if seed % 2 == 0 else 0.05) for seed in range(spec["episodes"])]
        data = dict(task=task, gymnasium=gym.__version__, mujoco=mujoco.__version__, numpy=np.__version__,
                    frame_skip=env.unwrapped.frame_skip, dt=env.unwrapped.dt, episodes=episodes)
        path = os.path.join(OUT, f"mujoco_{task}.json")
        with open(path, "w") as f:
            json.dump(data, f)
        print(path, [len(e["rewards"]) for e in episodes])
        env.close()


if __name__ == "__main__":
    main()
