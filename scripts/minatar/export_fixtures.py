"""Exports reference fixtures for allts's MinAtar games from the original MinAtar package.

Runs the original games (`pip install minatar`, tested with 1.0.15 and numpy 2) as a test oracle
and writes JSON that `__tests__/environments/minatar/` reads; the tests never need Python.

    python3 scripts/minatar/export_fixtures.py [out_dir]   # default __tests__/fixtures/minatar

Two kinds of fixture:

* `trajectories.json`: for every game, a few recorded runs. Every call the game (and the sticky-
  action wrapper) makes to its numpy generator is logged in order (`draws`), so the TypeScript test
  can replay exactly the same random numbers into our implementation and compare observations,
  rewards and terminals step by step. Each run holds two episodes in a row on one environment, so
  the sticky action carrying over a reset is exercised too.
* `random_policy_stats.json`: return and episode-length statistics of the uniform random policy
  over the full action set, with the default options (sticky 0.1, ramping on), for the games whose
  randomness makes only statistics comparable across generators.

Observations are stored as the sorted flat indices (row * 10 * C + column * C + channel) of their
true cells.
"""
import json
import os
import sys

import numpy as np
import minatar

GAMES = ["asterix", "breakout", "freeway", "seaquest", "space_invaders"]
NAMES = {g: g.title().replace("_", "") for g in GAMES}


class RecordingRandom:
    """Stands in for the game's numpy RandomState and logs every value it hands out."""

    def __init__(self, seed):
        self.rs = np.random.RandomState(seed)
        self.log = []

    def rand(self, *size):
        v = self.rs.rand(*size)
        for x in np.atleast_1d(v).ravel():
            self.log.append(["f", float(x)])
        return v

    def randint(self, low, high=None, size=None):
        if high is None:
            low, high = 0, low
        v = self.rs.randint(low, high, size)
        for x in np.atleast_1d(v).ravel():
            self.log.append(["i", int(x) - low, high - low])
        return v


def encode(obs):
    return [int(i) for i in np.flatnonzero(np.asarray(obs, dtype=bool).ravel())]


def breakout_tracker(env, policy_rng):
    """Moves the paddle toward the ball (with some noise), to reach bricks and a brick refill."""
    g = env.env
    if policy_rng.rand() < 0.03:
        return int(policy_rng.randint(6))
    target = g.ball_x + (1 if g.ball_dir in (1, 2) else -1)
    if target < g.pos:
        return 1
    if target > g.pos:
        return 3
    return 0


def invaders_policy(env, policy_rng):
    """Dodges bullets about to land, fires when it can, else drifts under the aliens (10% random)."""
    g = env.env
    def safe(c):
        return 0 <= c <= 9 and not g.e_bullet_map[8, c] and not g.alien_map[8:10, c].any()
    if policy_rng.rand() < 0.05:
        a = int(policy_rng.randint(6))
        c = g.pos - 1 if a == 1 else g.pos + 1 if a == 3 else g.pos
        if safe(max(0, min(9, c))):
            return a
    if not safe(g.pos):
        return 1 if safe(g.pos - 1) else 3 if safe(g.pos + 1) else 0
    if g.shot_timer == 0 and g.alien_map[:, g.pos].any():
        return 5
    cols = np.flatnonzero(g.alien_map.any(axis=0))
    if len(cols) == 0:
        return 0
    target = cols[np.argmin(np.abs(cols - g.pos))]
    step = -1 if target < g.pos else 1 if target > g.pos else 0
    if step != 0 and safe(g.pos + step):
        return 1 if step < 0 else 3
    return 0


def asterix_policy(env, policy_rng):
    """Random among the moves that keep clear of enemies in the destination row (so ramping is reached)."""
    g = env.env
    moves = {0: (0, 0), 1: (-1, 0), 2: (0, -1), 3: (1, 0), 4: (0, 1)}
    safe = []
    for a, (dx, dy) in moves.items():
        x, y = min(9, max(0, g.player_x + dx)), min(8, max(1, g.player_y + dy))
        if not any(e is not None and not e[3] and e[1] == y and abs(e[0] - x) <= 1 for e in g.entities):
            safe.append(a)
    return int(policy_rng.choice(safe)) if safe else int(policy_rng.randint(5))


def seaquest_policy(env, policy_rng):
    """Random, but stays below the surface unless it carries divers and runs low on oxygen."""
    g = env.env
    if g.diver_count > 0 and g.oxygen < 60:
        return 2
    a = int(policy_rng.randint(6))
    if a == 2 and g.sub_y <= 1:
        return 4
    return a


def uniform_policy(env, policy_rng):
    return int(policy_rng.randint(6))


def record_run(game, seed, sticky, ramping, max_steps, policy, obs_from=0, episodes=2):
    env = minatar.Environment(game, sticky_action_prob=sticky, difficulty_ramping=ramping)
    rec = RecordingRandom(seed)
    env.random = rec
    env.env.random = rec
    policy_rng = np.random.RandomState(1000 + seed)
    run = {
        "game": NAMES[game],
        "seed": seed,
        "stickyActionProb": sticky,
        "difficultyRamping": ramping,
        "episodes": [],
    }
    for _ in range(episodes):
        env.reset()
        ep = {"obs0": encode(env.state()), "actions": [], "rewards": [], "terminals": [], "obs": [], "obsFrom": obs_from}
        for t in range(max_steps):
            a = policy(env, policy_rng)
            r, done = env.act(a)
            ep["actions"].append(a)
            ep["rewards"].append(int(r))
            ep["terminals"].append(bool(done))
            if t >= obs_from:
                ep["obs"].append(encode(env.state()))
            if done:
                break
        run["episodes"].append(ep)
    run["draws"] = rec.log
    return run


def trajectories():
    runs = []
    # Space Invaders: sticky 0 (the exact comparison), sticky 0.25, and no ramping.
    runs.append(record_run("space_invaders", 1, 0.0, True, 500, invaders_policy))
    runs.append(record_run("space_invaders", 2, 0.25, True, 300, invaders_policy))
    runs.append(record_run("space_invaders", 3, 0.1, False, 300, invaders_policy))
    # Breakout: seeds chosen so both start sides occur; a tracking policy reaches the bricks.
    for seed in (4, 5, 6):
        runs.append(record_run("breakout", seed, 0.0, True, 600, breakout_tracker))
    runs.append(record_run("breakout", 7, 0.25, True, 200, uniform_policy))
    # Asterix, Seaquest: uniform random play, with and without ramping.
    runs.append(record_run("asterix", 8, 0.1, True, 300, uniform_policy))
    runs.append(record_run("asterix", 15, 0.0, True, 500, asterix_policy, episodes=1))
    runs.append(record_run("asterix", 9, 0.0, False, 300, uniform_policy))
    runs.append(record_run("seaquest", 10, 0.1, True, 400, seaquest_policy))
    runs.append(record_run("seaquest", 11, 0.0, False, 300, seaquest_policy))
    runs.append(record_run("seaquest", 14, 0.0, True, 100, uniform_policy))
    # Freeway: one whole 2501-step episode (observations kept only near the end) and a short run.
    runs.append(record_run("freeway", 12, 0.1, True, 3000, uniform_policy, obs_from=2400, episodes=1))
    runs.append(record_run("freeway", 13, 0.0, True, 200, lambda e, r: int(r.choice([0, 2, 2, 2, 4]))))
    sides = set()
    for run in runs:
        if run["game"] == "Breakout":
            sides.update(d[1] for d in run["draws"] if d[0] == "i" and d[2] == 2)
    assert sides == {0, 1}, f"Breakout runs should start on both sides, got {sides}"
    return runs


def random_policy_stats(game, episodes, seed):
    env = minatar.Environment(game)  # sticky 0.1, ramping on: the defaults
    env.seed(seed)
    policy_rng = np.random.RandomState(seed + 1)
    returns, lengths = [], []
    for _ in range(episodes):
        env.reset()
        total, steps, done = 0, 0, False
        while not done:
            r, done = env.act(int(policy_rng.randint(6)))
            total += r
            steps += 1
        returns.append(total)
        lengths.append(steps)
    def summary(xs):
        xs = np.asarray(xs, dtype=float)
        return {
            "mean": float(xs.mean()),
            "std": float(xs.std(ddof=1)),
            "min": float(xs.min()),
            "max": float(xs.max()),
            # Pearson kurtosis (3 for a normal), for the tolerance on the std: SE(s)/s ~ sqrt((k - 1) / 4n)
            "kurtosis": float(((xs - xs.mean()) ** 4).mean() / xs.var() ** 2) if xs.var() > 0 else None,
            "quantiles": {str(q): float(np.quantile(xs, q)) for q in (0.1, 0.25, 0.5, 0.75, 0.9)},
        }
    return {"game": NAMES[game], "episodes": episodes, "seed": seed, "stickyActionProb": 0.1,
            "difficultyRamping": True, "policy": "uniform over the 6 full actions",
            "return": summary(returns), "length": summary(lengths)}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "..", "__tests__", "fixtures", "minatar")
    os.makedirs(out, exist_ok=True)
    meta = {"minatar": getattr(minatar, "__version__", "1.0.15"), "numpy": np.__version__,
            "script": "scripts/minatar/export_fixtures.py"}
    with open(os.path.join(out, "trajectories.json"), "w") as f:
        json.dump({"meta": meta, "runs": trajectories()}, f, separators=(",", ":"))
    stats = [random_policy_stats(g, n, 20 + i) for i, (g, n) in enumerate(
        [("asterix", 1000), ("breakout", 1000), ("freeway", 200), ("seaquest", 1000), ("space_invaders", 1000)])]
    with open(os.path.join(out, "random_policy_stats.json"), "w") as f:
        json.dump({"meta": meta, "stats": stats}, f, indent=1)


if __name__ == "__main__":
    main()
