"""PyTorch reference timing for bench/lstm.ts (issue 14): one recurrent-Q update of 32 sequences x
21 steps through MLP(128) -> LSTM(128) -> MLP(512) -> Q (4 inputs, 2 actions), and one acting step,
single-threaded. The update matches allts' recurrentQLoss: target network over the 21
observations, online network from a stored state, Peng's Q(lambda) targets with a double-Q
bootstrap (lambda 0.9, discount 0.99), masked 0.5 * squared TD error, backward, global-norm clip
10, Adam (eps 1e-5). Prints JSON {"update_ms": ..., "act_ms": ...} (best of rounds).

Run: python3 scripts/torch_recurrent_q_bench.py [updates]   (needs python3-torch)
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 128)
        self.lstm = torch.nn.LSTM(128, 128)
        self.head = torch.nn.Linear(128, 512)
        self.out = torch.nn.Linear(512, 2)

    def forward(self, x, state, resets=None):
        # x: [T, B, 4]; resets [T, B] zero the state before a step (as allts' Lstm)
        z = torch.relu(self.fc(x))
        if resets is None:
            h, (hn, cn) = self.lstm(z, state)
        else:
            outs = []
            hc = state
            for t in range(x.shape[0]):
                keep = (1 - resets[t]).unsqueeze(-1).unsqueeze(0)
                hc = (hc[0] * keep, hc[1] * keep)
                o, hc = self.lstm(z[t : t + 1], hc)
                outs.append(o)
            h = torch.cat(outs)
        return self.out(torch.relu(self.head(h)))


def lambda_returns(r, d, v, lam):
    g = v[-1]
    out = []
    for t in range(r.shape[0] - 1, -1, -1):
        g = r[t] + d[t] * ((1 - lam) * v[t] + lam * g)
        out.append(g)
    return torch.stack(out[::-1])


def main():
    updates = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    online, target = Net(), Net()
    target.load_state_dict(online.state_dict())
    opt = torch.optim.Adam(online.parameters(), lr=1e-4, eps=1e-5)
    T, B = 20, 32
    obs = torch.randn(T + 1, B, 4)
    actions = torch.randint(0, 2, (T, B))
    rewards = torch.ones(T, B)
    discounts = 0.99 * torch.ones(T, B)
    h0 = 0.1 * torch.randn(1, B, 128)
    c0 = h0.clone()

    def update():
        with torch.no_grad():
            q_target = target(obs, (h0, c0))
        q = online(obs, (h0, c0))
        q_tm1 = q[:-1].gather(-1, actions.unsqueeze(-1)).squeeze(-1)
        a_t = q[1:].detach().argmax(-1, keepdim=True)
        v = q_target[1:].gather(-1, a_t).squeeze(-1)
        g = lambda_returns(rewards, discounts, v, 0.9)
        td = g - q_tm1
        loss = (0.5 * td**2).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(online.parameters(), 10)
        opt.step()
        return loss.item(), td.detach().abs().tolist()  # read back as allts does (no numpy needed)

    best_update = float("inf")
    for r in range(6):
        n = 3 if r == 0 else updates
        start = time.perf_counter()
        for _ in range(n):
            update()
        ms = (time.perf_counter() - start) * 1000 / n
        if r > 0:
            best_update = min(best_update, ms)

    state = (torch.zeros(1, 1, 128), torch.zeros(1, 1, 128))
    best_act = float("inf")
    with torch.no_grad():
        for r in range(6):
            n = 2000
            start = time.perf_counter()
            for _ in range(n):
                x = torch.randn(1, 1, 4)
                z = torch.relu(online.fc(x))
                h, state = online.lstm(z, state)
                a = int(online.out(torch.relu(online.head(h))).argmax())
            ms = (time.perf_counter() - start) * 1000 / n
            if r > 0:
                best_act = min(best_act, ms)
    print(json.dumps({"update_ms": best_update, "act_ms": best_act, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
