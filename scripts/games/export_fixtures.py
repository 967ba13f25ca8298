"""Records PettingZoo AEC trajectories of tictactoe_v3 and connect_four_v3 as a JSON fixture.

Run: pip install pettingzoo==1.27.0 pygame && python3 scripts/games/export_fixtures.py
Writes __tests__/fixtures/games/pettingzoo_trajectories.json. Not run by the tests: the tests
replay the recorded actions through allts's environments and compare every last() tuple.

Each episode plays seeded random moves; with probability `illegal_prob` a move is drawn among
the illegal ones instead (when any), to record PettingZoo's illegal-move rule. Every agent_iter
step records agent_selection, the observation planes (flattened row-major), the action mask,
the reward, termination and truncation of last(), the action taken (None once done) and the
agents left afterwards.
"""
import json
import os
import warnings

import numpy as np
import pettingzoo
from pettingzoo.classic import connect_four_v3, tictactoe_v3

warnings.filterwarnings("ignore")


def record(make, episodes, seed, illegal_prob):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(episodes):
        env = make()
        env.reset()
        steps = []
        for agent in env.agent_iter():
            obs, reward, term, trunc, info = env.last()
            mask = obs["action_mask"]
            if term or trunc:
                action = None
            else:
                legal = np.flatnonzero(mask)
                illegal = np.flatnonzero(mask == 0)
                if len(illegal) > 0 and rng.random() < illegal_prob:
                    action = int(rng.choice(illegal))
                else:
                    action = int(rng.choice(legal))
            steps.append(
                {
                    "agent": agent,
                    "observation": [int(v) for v in obs["observation"].reshape(-1)],
                    "mask": [int(v) for v in mask],
                    "reward": float(reward),
                    "terminated": bool(term),
                    "truncated": bool(trunc),
                    "action": action,
                }
            )
            env.step(action)
            steps[-1]["agentsAfter"] = list(env.agents)
        out.append({"steps": steps, "finalSelection": env.agent_selection})
    return out


def main():
    fixture = {
        "source": f"pettingzoo {pettingzoo.__version__}",
        "tictactoe_v3": record(tictactoe_v3.env, 40, 0, 0.05),
        "connect_four_v3": record(connect_four_v3.env, 30, 1, 0.03),
    }
    path = os.path.join(os.path.dirname(__file__), "..", "..", "__tests__", "fixtures", "games", "pettingzoo_trajectories.json")
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    for game in ("tictactoe_v3", "connect_four_v3"):
        eps = fixture[game]
        illegal = sum(1 for e in eps if any(s["truncated"] for s in e["steps"]))
        print(game, len(eps), "episodes,", illegal, "ended by an illegal move")


if __name__ == "__main__":
    main()
