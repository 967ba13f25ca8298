"""PyTorch reference for bench/atari_update.ts: one DQN update of ALL's nature_dqn at batch 32 on
one thread (online forward and backward, target forward, smooth L1 loss, Adam step), on random
84x84x4 uint8 stacks, so both figures can be taken on this machine at the same load.
Run: /usr/bin/python3 scripts/torch_nature_dqn_bench.py [updates]  (Debian's python3-torch)
"""
import sys
import time

import torch
from torch import nn

torch.set_num_threads(1)


def nature_dqn(actions=4):
    return nn.Sequential(
        nn.Conv2d(4, 32, 8, stride=4), nn.ReLU(), nn.Conv2d(32, 64, 4, stride=2), nn.ReLU(),
        nn.Conv2d(64, 64, 3, stride=1), nn.ReLU(), nn.Flatten(), nn.Linear(3136, 512), nn.ReLU(), nn.Linear(512, actions),
    )


def main(updates=40):
    q, target = nature_dqn(), nature_dqn()
    opt = torch.optim.Adam(q.parameters(), lr=1e-4, eps=1.5e-4)
    states = torch.randint(0, 256, (32, 4, 84, 84), dtype=torch.uint8)
    nxt = torch.randint(0, 256, (32, 4, 84, 84), dtype=torch.uint8)
    actions = torch.randint(0, 4, (32,))
    rewards = torch.rand(32)

    def update():
        with torch.no_grad():
            t = rewards + 0.99 * target(nxt.float() / 255).max(1)[0]
        values = q(states.float() / 255).gather(1, actions.view(-1, 1)).squeeze(1)
        loss = nn.functional.smooth_l1_loss(values, t)
        opt.zero_grad()
        loss.backward()
        opt.step()

    for _ in range(5):
        update()
    start = time.perf_counter()
    for _ in range(updates):
        update()
    print("PyTorch %s, 1 thread: Nature DQN update at batch 32: %.1f ms" % (torch.__version__, 1000 * (time.perf_counter() - start) / updates))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
