"""Run one preset of the Python autonomous-learning-library (ALL) as a reference for allts.

Why: allts follows ALL's presets; to tell a bug of ours from a property of the design we run ALL's
own preset on the same task, seed and frame budget, and compare returns and wall time.

Usage (an interpreter with ALL 0.9.1, torch and gymnasium 0.29.1; see scripts/python_all/README.md):
  python run_preset.py --family classic|continuous --env CartPole-v0 --preset dqn --frames 20000 \
      --seed 0 --test-episodes 1
Prints one JSON line: preset, env, seed, frames, seconds (whole run after imports), importSeconds,
returns100 (mean of the last 100 training episodes), testMean, testReturns.
"""
import argparse
import json
import random
import sys
import tempfile
import time

START = time.time()
import numpy as np  # noqa: E402
import torch  # noqa: E402
from all.environments import GymEnvironment, MujocoEnvironment  # noqa: E402
from all.experiments.run_experiment import get_experiment_type  # noqa: E402
from all.presets import classic_control, continuous  # noqa: E402
from torch.utils.tensorboard import SummaryWriter  # noqa: E402

IMPORTED = time.time()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--family", choices=["classic", "continuous", "mujoco"], required=True)
    parser.add_argument("--env", required=True)
    parser.add_argument("--preset", required=True)
    parser.add_argument("--frames", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--test-episodes", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)

    module = classic_control if args.family == "classic" else continuous
    if not hasattr(module, args.preset):
        sys.exit(f"ALL has no {args.family} preset '{args.preset}'; it has: "
                 + ", ".join(n for n in dir(module) if not n.startswith("_")))
    if args.family == "classic":
        env = GymEnvironment(args.env)
    else:
        env = MujocoEnvironment(args.env) if args.family == "mujoco" else GymEnvironment(args.env)
    # ALL's environments reset without a seed; seed gymnasium's generator once, as allts does.
    env._env.reset(seed=args.seed)
    env._env.action_space.seed(args.seed)

    preset = getattr(module, args.preset).env(env).device("cpu").build()
    with tempfile.TemporaryDirectory() as logdir:
        # ALL's own choice: SingleEnvExperiment, or ParallelEnvExperiment for its parallel presets
        # (vqn, vsarsa, vac, vpg, a2c, ppo), which duplicate the environment n_envs times
        experiment = get_experiment_type(preset)(preset, env, train_steps=args.frames, logdir=logdir,
                                                 quiet=True, verbose=False)
        if experiment._env is not env:
            experiment._env.reset(seed=args.seed)  # sub-environment i seeded with seed + i
        train_returns = []
        log_episode = experiment._log_training_episode

        def record(returns, length, fps):
            train_returns.append(float(returns))
            log_episode(returns, length, fps)

        experiment._log_training_episode = record
        # Debian's torch 1.13 SummaryWriter.add_hparams lacks ALL's global_step argument; the
        # hyperparameter summary is not what we compare, so it is skipped there.
        if "global_step" not in SummaryWriter.add_hparams.__code__.co_varnames:
            experiment._logger.add_hparams = lambda *args, **kwargs: None
        experiment.train(frames=args.frames)
        test_returns = [float(r) for r in experiment.test(episodes=args.test_episodes)]
        experiment.close()
    last = train_returns[-100:]
    print(json.dumps({
        "preset": args.preset, "env": args.env, "seed": args.seed, "frames": args.frames,
        "seconds": round(time.time() - IMPORTED, 2), "importSeconds": round(IMPORTED - START, 2),
        "returns100": round(sum(last) / max(1, len(last)), 2),
        "testMean": round(sum(test_returns) / max(1, len(test_returns)), 2),
        "testReturns": [round(r, 2) for r in test_returns],
    }))


if __name__ == "__main__":
    main()
