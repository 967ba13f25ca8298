"""Runs the real rlax on fixed inputs and writes JSON goldens for allts's lib/functional tests.

Usage (needs Python 3.10+ and `pip install rlax`, which pulls jax for CPU; not needed by the tests
or CI, which only read the committed JSON):

    python3 -m venv /tmp/rlaxenv && /tmp/rlaxenv/bin/pip install rlax
    /tmp/rlaxenv/bin/python scripts/rlax/export_fixtures.py

Writes __tests__/functional/fixtures/rlax_<family>.json. Each case holds its inputs and rlax's
outputs as plain (nested) lists of float32 values, plus the rlax and jax versions used.
Inputs come from numpy's seeded generator, so a rerun with the same versions gives the same files.
"""
import json
import os

import jax
import jax.numpy as jnp
import numpy as np
import rlax

jax.config.update("jax_platform_name", "cpu")
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "__tests__", "functional", "fixtures")
rng = np.random.RandomState(15)


def f32(*shape, low=-2.0, high=2.0):
  return rng.uniform(low, high, size=shape).astype(np.float32)


def tolist(x):
  return np.asarray(x).tolist()


def write(name, cases):
  os.makedirs(OUT, exist_ok=True)
  doc = {"source": f"rlax {rlax.__version__}, jax {jax.__version__}, scripts/rlax/export_fixtures.py",
         "cases": cases}
  path = os.path.join(OUT, f"rlax_{name}.json")
  with open(path, "w") as f:
    json.dump(doc, f, indent=1)
  print("wrote", os.path.normpath(path), len(cases), "cases")


def discounts(t):
  d = np.full((t,), 0.9, np.float32)
  d[t // 2] = 0.0  # one true terminal inside the sequence
  return d


# ---- V-trace ---------------------------------------------------------------------------------
def vtrace_cases():
  cases = []
  t = 6
  for lam, clip_rho, clip_pg, alpha in [(1.0, 1.0, 1.0, 0.6), (0.8, 1.5, 0.7, 0.3)]:
    v_tm1, v_t, r_t = f32(t), f32(t), f32(t)
    d = discounts(t)
    rho = np.exp(f32(t, low=-1.0, high=1.0)).astype(np.float32)
    mask = np.ones((t,), bool)
    mask[1] = False
    args = (jnp.array(v_tm1), jnp.array(v_t), jnp.array(r_t), jnp.array(d), jnp.array(rho))
    out = rlax.vtrace_td_error_and_advantage(*args, lambda_=lam, clip_rho_threshold=clip_rho,
                                             clip_pg_rho_threshold=clip_pg)
    leaky = rlax.leaky_vtrace_td_error_and_advantage(*args, alpha=alpha, lambda_=lam,
                                                     clip_rho_threshold=clip_rho,
                                                     clip_pg_rho_threshold=clip_pg)
    cases.append({
        "vTm1": tolist(v_tm1), "vT": tolist(v_t), "rT": tolist(r_t), "discountT": tolist(d),
        "rhoTm1": tolist(rho), "lambda": lam, "clipRhoThreshold": clip_rho,
        "clipPgRhoThreshold": clip_pg, "alpha": alpha, "sampleMask": tolist(mask.astype(np.float32)),
        "vtrace": tolist(rlax.vtrace(*args, lambda_=lam, clip_rho_threshold=clip_rho)),
        "vtraceMasked": tolist(rlax.vtrace(*args, lambda_=lam, clip_rho_threshold=clip_rho,
                                           sample_mask=jnp.array(mask))),
        "leakyVtrace": tolist(rlax.leaky_vtrace(*args, alpha_=alpha, lambda_=lam,
                                                clip_rho_threshold=clip_rho)),
        "errors": tolist(out.errors), "pgAdvantage": tolist(out.pg_advantage),
        "qEstimate": tolist(out.q_estimate),
        "leakyErrors": tolist(leaky.errors), "leakyPgAdvantage": tolist(leaky.pg_advantage),
        "leakyQEstimate": tolist(leaky.q_estimate),
    })
  return cases


# ---- Retrace and general off-policy returns ----------------------------------------------------
def softmax(x):
  e = np.exp(x - x.max(-1, keepdims=True))
  return (e / e.sum(-1, keepdims=True)).astype(np.float32)


def retrace_cases():
  cases = []
  t, a = 5, 3
  for lam in [0.9, 1.0]:
    q_tm1, q_t = f32(t, a), f32(t, a)
    a_tm1 = rng.randint(0, a, size=t).astype(np.int32)
    a_t = rng.randint(0, a, size=t).astype(np.int32)
    r_t, d = f32(t), discounts(t)
    pi_t = softmax(f32(t, a))
    mu_t = rng.uniform(0.2, 0.9, size=t).astype(np.float32)
    c_t = rng.uniform(0.0, 1.0, size=t).astype(np.float32)
    # continuous: q_tm1 [T], q_t [T-1], v_t [T], log_rhos [T-1]
    cq_tm1, cq_t, cv_t = f32(t), f32(t - 1), f32(t)
    log_rhos = f32(t - 1, low=-1.0, high=1.0)
    cases.append({
        "qTm1": tolist(q_tm1), "qT": tolist(q_t), "aTm1": tolist(a_tm1), "aT": tolist(a_t),
        "rT": tolist(r_t), "discountT": tolist(d), "piT": tolist(pi_t), "muT": tolist(mu_t),
        "lambda": lam, "cT": tolist(c_t),
        "retrace": tolist(rlax.retrace(q_tm1, q_t, a_tm1, a_t, r_t, d, pi_t, mu_t, lam)),
        "fromActionValues": tolist(rlax.general_off_policy_returns_from_action_values(
            q_t, a_t, r_t, d, c_t, pi_t)),
        "fromQAndV": tolist(rlax.general_off_policy_returns_from_q_and_v(
            cq_t, cv_t, r_t, d, c_t[:-1])),
        "contQTm1": tolist(cq_tm1), "contQT": tolist(cq_t), "contVT": tolist(cv_t),
        "logRhos": tolist(log_rhos),
        "retraceContinuous": tolist(rlax.retrace_continuous(cq_tm1, cq_t, cv_t, r_t, d, log_rhos, lam)),
    })
  return cases


# ---- Value transforms ------------------------------------------------------------------------
def transform_cases():
  x = np.concatenate([f32(8, low=-50.0, high=50.0), np.array([0.0, 1.0, -1.0], np.float32)])
  p = f32(7, low=0.02, high=0.98)
  scal = np.array([-12.0, -10.0, -3.3, 0.0, 0.25, 4.0, 7.77, 10.0], np.float32)
  probs = softmax(f32(3, 11))
  return [{
      "x": tolist(x), "signedLogp1": tolist(rlax.signed_logp1(x)),
      "signedExpm1": tolist(rlax.signed_expm1(jnp.array(x) / 10.0)), "xOver10": tolist(x / 10.0),
      "power2": tolist(rlax.power(x, 2.0)), "power05": tolist(rlax.power(x, 0.5)),
      "p": tolist(p), "sigmoid": tolist(rlax.sigmoid(x / 10.0)), "logit": tolist(rlax.logit(p)),
      "scalars": tolist(scal), "minValue": -10.0, "maxValue": 10.0, "numBins": 11,
      "toTwoHot": tolist(rlax.transform_to_2hot(scal, -10.0, 10.0, 11)),
      "probs": tolist(probs), "fromTwoHot": tolist(rlax.transform_from_2hot(probs, -10.0, 10.0, 11)),
  }]


# ---- Quantile regression -----------------------------------------------------------------------
def quantile_cases():
  cases = []
  b, n, m, a = 3, 4, 5, 3
  for huber in [0.0, 1.0]:
    src, tgt = f32(b, n), f32(b, m)
    tau = np.tile(((np.arange(n) + 0.5) / n).astype(np.float32), (b, 1))
    dq_tm1, dq_sel, dq_t = f32(b, n, a), f32(b, m, a), f32(b, m, a)
    a_tm1 = rng.randint(0, a, size=b).astype(np.int32)
    r_t = f32(b)
    d = np.array([0.9, 0.0, 0.5], np.float32)
    probs = softmax(f32(b, a))
    qr = jax.vmap(rlax.quantile_regression_loss, in_axes=(0, 0, 0, None))
    qq = jax.vmap(rlax.quantile_q_learning, in_axes=(0, 0, 0, 0, 0, 0, 0, None))
    qes = jax.vmap(rlax.quantile_expected_sarsa, in_axes=(0, 0, 0, 0, 0, 0, 0, None))
    cases.append({
        "huberParam": huber, "distSrc": tolist(src), "tauSrc": tolist(tau), "distTarget": tolist(tgt),
        "regression": tolist(qr(src, tau, tgt, huber)),
        "distQTm1": tolist(dq_tm1), "aTm1": tolist(a_tm1), "rT": tolist(r_t), "discountT": tolist(d),
        "distQTSelector": tolist(dq_sel), "distQT": tolist(dq_t), "probsAT": tolist(probs),
        "qLearning": tolist(qq(dq_tm1, tau, a_tm1, r_t, d, dq_sel, dq_t, huber)),
        "expectedSarsa": tolist(qes(dq_tm1, tau, a_tm1, r_t, d, dq_t, probs, huber)),
    })
  return cases


# ---- Losses ------------------------------------------------------------------------------------
def loss_cases():
  pred, tgt = f32(6), f32(6)
  p = np.array([0.1, 0.5, 0.9, 0.0, 1.0, 0.3], np.float32)
  y = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.5], np.float32)
  hx = f32(6, low=-3, high=3)
  return [{
      "predictions": tolist(pred), "targets": tolist(tgt),
      "expectile02": tolist(rlax.expectile_loss(pred, tgt, 0.2)),
      "expectile05": tolist(rlax.expectile_loss(pred, tgt, 0.5)),
      "p": tolist(p), "y": tolist(y),
      "likelihood": tolist(rlax.likelihood(p, y)), "logLoss": tolist(rlax.log_loss(p[:3], y[:3])),
      "huberX": tolist(hx), "huber15": tolist(rlax.huber_loss(hx, 1.5)),
  }]


# ---- More value learning -----------------------------------------------------------------------
def value_learning_cases():
  b, a, t = 4, 3, 5
  q_tm1, q_t = f32(b, a), f32(b, a)
  a_tm1 = rng.randint(0, a, size=b).astype(np.int32)
  r_t, v_t, v_tm1 = f32(b), f32(b), f32(b)
  d = np.array([0.9, 0.0, 0.5, 1.0], np.float32)
  sq_tm1, sq_t = f32(t, a), f32(t, a)
  sa_tm1 = rng.randint(0, a, size=t).astype(np.int32)
  sa_t = rng.randint(0, a, size=t).astype(np.int32)
  sr, sd = f32(t), discounts(t)
  return [{
      "qTm1": tolist(q_tm1), "aTm1": tolist(a_tm1), "rT": tolist(r_t), "discountT": tolist(d),
      "qT": tolist(q_t), "vT": tolist(v_t), "vTm1": tolist(v_tm1),
      "qvLearning": tolist(jax.vmap(rlax.qv_learning)(q_tm1, a_tm1, r_t, d, v_t)),
      "qvMax": tolist(jax.vmap(rlax.qv_max)(v_tm1, r_t, d, q_t)),
      "persistentQLearning": tolist(jax.vmap(rlax.persistent_q_learning, in_axes=(0, 0, 0, 0, 0, None))(
          q_tm1, a_tm1, r_t, d, q_t, 0.3)),
      "seqQTm1": tolist(sq_tm1), "seqATm1": tolist(sa_tm1), "seqRT": tolist(sr), "seqDiscountT": tolist(sd),
      "seqQT": tolist(sq_t), "seqAT": tolist(sa_t),
      "sarsaLambda": tolist(rlax.sarsa_lambda(sq_tm1, sa_tm1, sr, sd, sq_t, sa_t, 0.7)),
  }]


# ---- More policy gradients ---------------------------------------------------------------------
def policy_gradient_cases():
  t, a, b, dim = 4, 3, 3, 2
  logits, q = f32(t, a), f32(t, a)
  act, dqda = f32(b, dim), f32(b, dim, low=-3, high=3)
  dpg = jax.vmap(rlax.dpg_loss, in_axes=(0, 0, None))
  grad_dpg = jax.grad(lambda x: jnp.sum(dpg(x, dqda, 1.0)))(act)
  return [{
      "logitsT": tolist(logits), "qT": tolist(q),
      "qpgLoss": float(rlax.qpg_loss(logits, q)), "rmLoss": float(rlax.rm_loss(logits, q)),
      "rpgLoss": float(rlax.rpg_loss(logits, q)),
      "qpgGrad": tolist(jax.grad(rlax.qpg_loss)(logits, q)),
      "rmGrad": tolist(jax.grad(rlax.rm_loss)(logits, q)),
      "rpgGrad": tolist(jax.grad(rlax.rpg_loss)(logits, q)),
      "aT": tolist(act), "dqdaT": tolist(dqda),
      "dpgLoss": tolist(dpg(act, dqda, None)), "dpgLossClipped": tolist(dpg(act, dqda, 1.0)),
      "dpgGradClipped": tolist(grad_dpg),
  }]


# ---- PopArt -----------------------------------------------------------------------------------
def popart_cases():
  n_in, n_out, b = 3, 2, 5
  w, bias = f32(n_in, n_out), f32(n_out)
  targets = f32(b, low=-20.0, high=30.0)
  indices = np.array([0, 1, 1, 0, 1], np.int32)
  init, update = rlax.popart(n_out, 0.1, 1e-3, 1e3)
  state0 = init()
  params1, state1 = update({"w": jnp.array(w), "b": jnp.array(bias)}, state0, targets, indices)
  params2, state2 = update(params1, state1, targets * 0.5, indices[::-1].copy())
  inputs = f32(b, n_out)
  out = rlax.unnormalize_linear(state2, inputs, indices)
  st = lambda s: {"shift": tolist(s.shift), "scale": tolist(s.scale), "secondMoment": tolist(s.second_moment)}
  return [{
      "w": tolist(w), "b": tolist(bias), "targets": tolist(targets), "indices": tolist(indices),
      "stepSize": 0.1, "scaleLb": 1e-3, "scaleUb": 1e3,
      "state1": st(state1), "state2": st(state2), "w1": tolist(params1["w"]), "b1": tolist(params1["b"]),
      "w2": tolist(params2["w"]), "b2": tolist(params2["b"]),
      "inputs": tolist(inputs), "normalizedLinear": tolist(out.normalized),
      "unnormalizedLinear": tolist(out.unnormalized),
      "normalize": tolist(rlax.normalize(state2, targets, indices)),
  }]


# ---- EMA moments and clip_gradient -------------------------------------------------------------
def ema_cases():
  xs = [f32(3, 2), f32(4)]
  ys = [f32(3, 2), f32(4)]
  init, update = rlax.create_ema(decay=0.9)
  state = init(xs)
  m1, state = update(xs, state)
  m2, state = update(ys, state)
  x = f32(5)
  g = f32(5, low=-3, high=3)
  grad = jax.grad(lambda v: jnp.sum(rlax.clip_gradient(v, -1.0, 0.5) * g))(x)
  return [{
      "xs": [tolist(v) for v in xs], "ys": [tolist(v) for v in ys], "decay": 0.9,
      "mean1": [float(v) for v in m1.mean], "variance1": [float(v) for v in m1.variance],
      "mean2": [float(v) for v in m2.mean], "variance2": [float(v) for v in m2.variance],
      "clipX": tolist(x), "clipUpstream": tolist(g), "clipGrad": tolist(grad),
  }]


# ---- Transformed (non-linear) Bellman operators ----------------------------------------------------
def nonlinear_bellman_cases():
  cases = []
  t, a = 6, 3
  pairs = {"IDENTITY_PAIR": rlax.IDENTITY_PAIR, "SIGNED_LOGP1_PAIR": rlax.SIGNED_LOGP1_PAIR,
           "HYPERBOLIC_SIN_PAIR": rlax.HYPERBOLIC_SIN_PAIR,
           "compose(SIGNED_LOGP1_PAIR, HYPERBOLIC_SIN_PAIR)": rlax.compose_tx(
               rlax.SIGNED_LOGP1_PAIR, rlax.HYPERBOLIC_SIN_PAIR)}
  for name, pair in pairs.items():
    q_tm1, q_t = f32(t, a, low=-5, high=5), f32(t, a, low=-5, high=5)
    a_tm1 = rng.randint(0, a, size=t).astype(np.int32)
    a_t = rng.randint(0, a, size=t).astype(np.int32)
    r_t, d = f32(t, low=-3, high=3), discounts(t)
    v_t = f32(t, low=-5, high=5)
    pi_t = softmax(f32(t, a))
    mu_t = rng.uniform(0.2, 0.9, size=t).astype(np.float32)
    c_t = rng.uniform(0.0, 1.0, size=t).astype(np.float32)
    cases.append({
        "pair": name, "qTm1": tolist(q_tm1), "qT": tolist(q_t), "aTm1": tolist(a_tm1), "aT": tolist(a_t),
        "rT": tolist(r_t), "discountT": tolist(d), "vT": tolist(v_t), "piT": tolist(pi_t), "muT": tolist(mu_t),
        "cT": tolist(c_t),
        "lambdaReturns": tolist(rlax.transformed_lambda_returns(pair, r_t, d, v_t, 0.8)),
        "nStepReturns": tolist(rlax.transformed_n_step_returns(pair, r_t, d, v_t, 3)),
        "fromActionValues": tolist(rlax.transformed_general_off_policy_returns_from_action_values(
            pair, q_t, a_t, r_t, d, c_t, pi_t)),
        "qLambda": tolist(rlax.transformed_q_lambda(q_tm1, a_tm1, r_t, d, q_t, 0.8, tx_pair=pair)),
        "retrace": tolist(rlax.transformed_retrace(q_tm1, q_t, a_tm1, a_t, r_t, d, pi_t, mu_t, 0.9,
                                                   tx_pair=pair)),
        "nStepQLearning": tolist(rlax.transformed_n_step_q_learning(q_tm1, a_tm1, q_t, a_t, r_t, d, 3,
                                                                    tx_pair=pair)),
    })
  x = np.array([-30.0, -2.5, -0.3, 0.0, 0.7, 4.0, 11.0, 100.0], np.float32)
  mz = rlax.muzero_pair(-3.0, 3.0, 13, rlax.SIGNED_LOGP1_PAIR)
  ub = rlax.unbiased_transform_pair(-3.0, 3.0, 13, rlax.SIGNED_LOGP1_PAIR)
  th = rlax.twohot_pair(-5.0, 5.0, 11)
  r_t, d_t = f32(5, low=-3, high=3), discounts(5)
  v_t = softmax(f32(5, 13))
  cases.append({"pair": "two-hot pairs", "x": tolist(x),
                "twohotApply": tolist(th.apply(x)), "twohotRoundTrip": tolist(th.apply_inv(th.apply(x))),
                "muzeroApply": tolist(mz.apply(x)), "muzeroRoundTrip": tolist(mz.apply_inv(mz.apply(x))),
                "unbiasedApply": tolist(ub.apply(x)), "unbiasedRoundTrip": tolist(ub.apply_inv(ub.apply(x))),
                "rT": tolist(r_t), "discountT": tolist(d_t), "vTProbs": tolist(v_t),
                "muzeroLambdaReturns": tolist(rlax.transformed_lambda_returns(mz, r_t, d_t, v_t, 0.9))})
  d = np.array([0.0, 0.5, 0.9, 0.99], np.float32)
  cases.append({"pair": "DISCOUNT_TRANSFORM_PAIR", "discounts": tolist(d),
                "apply": tolist(rlax.DISCOUNT_TRANSFORM_PAIR.apply(d))})
  return cases


# ---- Distributions and categorical TD ------------------------------------------------------------
def distribution_cases():
  b, a, dim, k = 4, 3, 2, 7
  prefs = f32(b, a)
  prefs[1] = np.array([1.0, 1.0, 0.0], np.float32)  # a tie
  sample = rng.randint(0, a, size=b).astype(np.int32)
  logits, mu_logits = f32(b, a), f32(b, a)
  mu0, mu1 = f32(b, dim), f32(b, dim)
  s0, s1 = f32(b, dim, low=0.2, high=2.0), f32(b, dim, low=0.2, high=2.0)
  eg = rlax.epsilon_greedy(0.2)
  ce = rlax.clipped_entropy_softmax(temperature=0.7, entropy_clip=0.5)
  atoms_tm1 = np.linspace(-4.0, 4.0, k).astype(np.float32)
  atoms_t = np.linspace(-3.0, 5.0, k).astype(np.float32)
  v_logits_tm1, v_logits_t = f32(b, k), f32(b, k)
  r_t = f32(b)
  d = np.array([0.9, 0.0, 0.5, 1.0], np.float32)
  ctd = jax.vmap(rlax.categorical_td_learning, in_axes=(None, 0, 0, 0, None, 0))
  return [{
      "preferences": tolist(prefs), "sample": tolist(sample),
      "greedyProbs": tolist(rlax.greedy().probs(prefs)),
      "epsilonGreedyProbs": tolist(eg.probs(prefs)),
      "epsilonGreedyLogProb": tolist(eg.logprob(sample, prefs)),
      "epsilonGreedyEntropy": tolist(eg.entropy(prefs)),
      "logits": tolist(logits), "muLogits": tolist(mu_logits),
      "clippedEntropy": tolist(ce.entropy(logits)),
      "isRatios": tolist(rlax.categorical_importance_sampling_ratios(logits, mu_logits, sample)),
      "mu0": tolist(mu0), "sigma0": tolist(s0), "mu1": tolist(mu1), "sigma1": tolist(s1),
      "normalKl": tolist(jax.vmap(rlax.multivariate_normal_kl_divergence)(mu0, s0, mu1, s1)),
      "vAtomsTm1": tolist(atoms_tm1), "vAtomsT": tolist(atoms_t), "vLogitsTm1": tolist(v_logits_tm1),
      "vLogitsT": tolist(v_logits_t), "rT": tolist(r_t), "discountT": tolist(d),
      "categoricalTd": tolist(ctd(atoms_tm1, v_logits_tm1, r_t, d, atoms_t, v_logits_t)),
  }]


# ---- k-NN and NGU episodic memory -----------------------------------------------------------------
def episodic_memory_cases():
  data, queries = f32(12, 3), f32(4, 3)
  knn = rlax.knn_query(data, queries, 3)
  e1, e2, e3 = f32(5, 3), f32(5, 3), f32(5, 3)
  # constant 0: rlax (negated distances) and the NGU paper (distances) agree exactly.
  kw = dict(constant=0.0, epsilon=1e-4, cluster_distance=8e-3, max_similarity=8.0, max_memory_size=12)
  r1, st = rlax.episodic_memory_intrinsic_rewards(e1, 3, 0.5, None, **kw)
  r2, st = rlax.episodic_memory_intrinsic_rewards(e2, 3, 0.5, st, **kw)
  r3, st = rlax.episodic_memory_intrinsic_rewards(e3, 3, 0.5, st, **kw)
  return [{
      "data": tolist(data), "queries": tolist(queries),
      "neighbors": tolist(knn.neighbors), "neighborIndices": tolist(knn.neighbor_indices),
      "neighborNegDistances": tolist(knn.neighbor_neg_distances),
      "e1": tolist(e1), "e2": tolist(e2), "e3": tolist(e3),
      "r1": tolist(r1), "r2": tolist(r2), "r3": tolist(r3),
  }]


# ---- Auxiliary tasks and trajectory utilities -------------------------------------------------------
def auxiliary_cases():
  t, hgt, wid, ch, cell, a = 3, 4, 6, 2, 2, 3
  obs = f32(t + 1, hgt, wid, ch)
  actions = rng.randint(0, a, size=t).astype(np.int32)
  q = f32(t + 1, hgt // cell, wid // cell, a)
  feats = f32(t + 1, 3)
  emb_f, emb_a, emb_r = f32(2, 3), np.array([2, 0], np.int32), f32(2)
  step = np.array([[0, 0], [1, 1], [1, 2], [0, 0], [1, 1]], np.int32)
  traj = f32(6, 2, 2)
  starts = np.array([[0, 3], [2, 1]], np.int32)
  return [{
      "observations": tolist(obs), "actions": tolist(actions), "actionValues": tolist(q), "cellSize": cell,
      "pixelRewards": tolist(rlax.pixel_control_rewards(obs, cell)),
      "pixelLoss": tolist(rlax.pixel_control_loss(obs, actions, q, 0.9, cell)),
      "pixelLossVecDiscount": tolist(rlax.pixel_control_loss(obs, actions, q, jnp.array([0.9, 0.0, 0.5]), cell)),
      "features": tolist(feats),
      **{f"feature_{k}": tolist(rlax.feature_control_rewards(feats, k, 0.9)) for k in
         ["feature", "absolute_change", "increase", "decrease", "potential"]},
      "embFeatures": tolist(emb_f), "embAction": tolist(emb_a), "embReward": tolist(emb_r),
      "embedOar": tolist(rlax.embed_oar(emb_f, emb_a, emb_r, 4)),
      "stepType": tolist(step), "fixedStepType": tolist(rlax.fix_step_type_on_interruptions(step)),
      "trajectories": tolist(traj), "startIndices": tolist(starts),
      "subsequences": tolist(rlax.extract_subsequences(traj, starts, 3, 3)),
  }]


# ---- Policy targets ------------------------------------------------------------------------------
def policy_target_cases():
  import distrax
  n, b, a = 4, 3, 5
  logits = f32(b, a)
  actions = rng.randint(0, a, size=(n, b)).astype(np.int32)
  weights = f32(n, b, low=0.0, high=1.0)
  dist = distrax.Categorical(logits=logits)
  target = rlax.PolicyTarget(actions=actions, weights=weights)
  return [{"logits": tolist(logits), "actions": tolist(actions), "weights": tolist(weights),
           "loss": float(rlax.sampled_policy_distillation_loss(dist, target)),
           "grad": tolist(jax.grad(lambda l: rlax.sampled_policy_distillation_loss(
               distrax.Categorical(logits=l), target))(logits))}]


# ---- MPO / V-MPO duals ------------------------------------------------------------------------------
def mpo_cases():
  proj = lambda x: jax.nn.softplus(x) + 1e-8
  q = f32(6, 3, low=-3, high=3)
  alpha = jnp.array(0.3, jnp.float32)
  pen = rlax.LagrangePenalty(alpha=alpha, epsilon=0.1)
  loss, weights, n = rlax.mpo_compute_weights_and_temperature_loss(q, pen, proj)
  grad_alpha = jax.grad(lambda a: jnp.sum(rlax.mpo_compute_weights_and_temperature_loss(
      q, rlax.LagrangePenalty(alpha=a, epsilon=0.1), proj)[0]))(alpha)
  kl1, kl2 = f32(4, low=0, high=0.5), f32(4, 2, low=0, high=0.5)
  pen1 = rlax.LagrangePenalty(alpha=jnp.array(0.5, jnp.float32), epsilon=0.01)
  pen2 = rlax.LagrangePenalty(alpha=jnp.array([0.2, -0.4], jnp.float32), epsilon=0.02, per_dimension=True)
  kl_loss, dual_loss = rlax.compute_parametric_kl_penalty_and_dual_loss([(kl1, pen1), (kl2, pen2)], proj)
  adv = f32(3, 4, low=-2, high=2)
  restart = np.ones((3, 4), np.float32); restart[0, 1] = 0.0
  iw = f32(3, 4, low=0.5, high=1.5)
  vpen = rlax.LagrangePenalty(alpha=jnp.array(0.8, jnp.float32), epsilon=0.05)
  out = {}
  for frac in [1.0, 0.5]:
    tl, w, ns = rlax.vmpo_compute_weights_and_temperature_loss(adv, restart, iw, vpen, proj, frac)
    out[str(frac)] = {"temperatureLoss": float(tl), "weights": tolist(w), "numSamples": float(ns)}
  return [{
      "q": tolist(q), "alpha": 0.3, "epsilon": 0.1, "temperatureLoss": tolist(loss), "weights": tolist(weights),
      "numActionSamples": int(n), "gradAlpha": float(grad_alpha),
      "kl1": tolist(kl1), "kl2": tolist(kl2), "klLoss": tolist(kl_loss), "dualLoss": tolist(dual_loss),
      "advantages": tolist(adv), "restartingWeights": tolist(restart), "importanceWeights": tolist(iw),
      "vmpo": out,
  }]


# ---- Functions that predate issue 15 (value_learning.ts, multistep.ts, policy_gradients.ts) ---------
def legacy_cases():
  b, a, t = 4, 3, 6
  q_tm1, q_t, q_sel = f32(b, a), f32(b, a), f32(b, a)
  a_tm1 = rng.randint(0, a, size=b).astype(np.int32)
  a_t = rng.randint(0, a, size=b).astype(np.int32)
  r_t, v_tm1, v_t = f32(b), f32(b), f32(b)
  d = np.array([0.9, 0.0, 0.5, 1.0], np.float32)
  probs = softmax(f32(b, a))
  sr, sd, sv, svtm1 = f32(t), discounts(t), f32(t), f32(t)
  values = f32(t + 1)
  logits, acts, adv, w = f32(t, a), rng.randint(0, a, size=t).astype(np.int32), f32(t), f32(t, low=0, high=1)
  ratios = f32(t, low=0.5, high=1.5)
  vm = jax.vmap
  k = 5
  atoms = np.linspace(-2.0, 2.0, k).astype(np.float32)
  ql_tm1, ql_t = f32(b, a, k), f32(b, a, k)
  pl, ql = f32(b, a), f32(b, a)
  z_p = f32(b, k, low=-3, high=3)
  pp = softmax(f32(b, k))
  extra = {
      "atoms": tolist(atoms), "qLogitsTm1": tolist(ql_tm1), "qLogitsT": tolist(ql_t),
      "categoricalQLearning": tolist(vm(rlax.categorical_q_learning, in_axes=(None, 0, 0, 0, 0, None, 0))(
          atoms, ql_tm1, a_tm1, r_t, d, atoms, ql_t)),
      "categoricalDoubleQLearning": tolist(vm(rlax.categorical_double_q_learning,
                                              in_axes=(None, 0, 0, 0, 0, None, 0, 0))(
          atoms, ql_tm1, a_tm1, r_t, d, atoms, ql_t, q_sel)),
      "zP": tolist(z_p), "projProbs": tolist(pp),
      "categoricalL2Project": tolist(vm(rlax.categorical_l2_project, in_axes=(0, 0, None))(z_p, pp, atoms)),
      "pLogits": tolist(pl), "qLogits": tolist(ql),
      "categoricalKl": tolist(rlax.categorical_kl_divergence(pl, ql)),
      "categoricalCrossEntropy": tolist(rlax.categorical_cross_entropy(probs, ql)),
  }
  return [{
      **extra,
      "qTm1": tolist(q_tm1), "qT": tolist(q_t), "qTSelector": tolist(q_sel), "aTm1": tolist(a_tm1), "aT": tolist(a_t),
      "rT": tolist(r_t), "vTm1": tolist(v_tm1), "vT": tolist(v_t), "discountT": tolist(d), "probsAT": tolist(probs),
      "tdLearning": tolist(vm(rlax.td_learning)(v_tm1, r_t, d, v_t)),
      "qLearning": tolist(vm(rlax.q_learning)(q_tm1, a_tm1, r_t, d, q_t)),
      "doubleQLearning": tolist(vm(rlax.double_q_learning)(q_tm1, a_tm1, r_t, d, q_t, q_sel)),
      "sarsa": tolist(vm(rlax.sarsa)(q_tm1, a_tm1, r_t, d, q_t, a_t)),
      "expectedSarsa": tolist(vm(rlax.expected_sarsa)(q_tm1, a_tm1, r_t, d, q_t, probs)),
      "seqR": tolist(sr), "seqD": tolist(sd), "seqV": tolist(sv), "seqVTm1": tolist(svtm1), "values": tolist(values),
      "tdLambda": tolist(rlax.td_lambda(svtm1, sr, sd, sv, 0.7)),
      "lambdaReturns": tolist(rlax.lambda_returns(sr, sd, sv, 0.7)),
      "nStep3": tolist(rlax.n_step_bootstrapped_returns(sr, sd, sv, 3, 0.8)),
      "discountedReturns": tolist(rlax.discounted_returns(sr, sd, sv)),
      "gae": tolist(rlax.truncated_generalized_advantage_estimation(sr, sd, 0.9, values)),
      "logits": tolist(logits), "actions": tolist(acts), "adv": tolist(adv), "w": tolist(w), "ratios": tolist(ratios),
      "policyGradientLoss": float(rlax.policy_gradient_loss(logits, acts, adv, w)),
      "entropyLoss": float(rlax.entropy_loss(logits, w)),
      "clippedSurrogatePgLoss": float(rlax.clipped_surrogate_pg_loss(ratios, adv, 0.2)),
  }]


# ---- MPO and V-MPO losses (issue 15 part 2) -----------------------------------------------------
# These families draw from their own generator, so adding them left the files above unchanged.
from types import SimpleNamespace  # noqa: E402

from rlax._src import mpo_ops  # noqa: E402  (kl_constraint_loss, kl_alpha_loss, get_top_k_weights)

rng2 = np.random.RandomState(1515)


def g32(*shape, low=-2.0, high=2.0):
  return rng2.uniform(low, high, size=shape).astype(np.float32)


SOFTPLUS = lambda x: jax.nn.softplus(x) + 1e-8  # noqa: E731  (allts: softplus(x) + 1e-8)
CLIP = None  # rlax's default projection, clip(x, min=1e-10) (allts: clipProjection)


def pen(alpha, epsilon, per_dimension=False):
  return rlax.LagrangePenalty(alpha=jnp.asarray(alpha, jnp.float32), epsilon=epsilon, per_dimension=per_dimension)


def grads_of(fn, inputs):
  """jax.grad of sum(fn(**inputs)) with respect to every input, as lists keyed like `inputs`."""
  g = jax.grad(lambda d: jnp.sum(fn(**d)))({k: jnp.asarray(v) for k, v in inputs.items()})
  return {k: tolist(v) for k, v in g.items()}


def outputs(loss, out):
  return {"loss": tolist(loss), "temperatureLoss": tolist(out.temperature_loss), "policyLoss": tolist(out.policy_loss),
          "klLoss": tolist(out.kl_loss), "alphaLoss": tolist(out.alpha_loss),
          "normalizedWeights": tolist(out.normalized_weights), "numSamples": float(out.num_samples)}


def mpo_loss_cases():
  cases = []
  s, t, b, a = 4, 3, 2, 2
  # name, sample axis, projection, use_stop_gradient, loss weights (policy, temperature, kl, alpha)
  for name, axis, proj, stop, w in [
      ("axis 0, clip projection, stop gradients", 0, CLIP, True, (1.0, 0.5, 2.0, 0.3)),
      ("axis 1, softplus projection, no stop gradients", 1, SOFTPLUS, False, (0.7, 1.0, 1.0, 1.5)),
      ("axis -1, clip projection, stop gradients", -1, CLIP, True, (1.0, 1.0, 1.0, 1.0))]:
    shape = [t, b]
    shape.insert(axis if axis >= 0 else len(shape) + 1 + axis, s)
    inputs = {
        "sampleLogProbs": g32(*shape, low=-3.0, high=0.0), "sampleQValues": g32(*shape),
        "temperatureAlpha": np.float32(rng2.uniform(0.3, 1.2)),
        "kl1": g32(t, b, low=0.0, high=0.3), "alpha1": g32(t, b, low=-0.2, high=1.0),
        "kl2": g32(t, b, a, low=0.0, high=0.3), "alpha2": g32(a, low=-0.2, high=1.0),
    }
    inputs["alpha1"][0, 0] = -0.1  # a multiplier the projection clips (or softplus maps near 0.64)
    kw = dict(policy_loss_weight=w[0], temperature_loss_weight=w[1], kl_loss_weight=w[2], alpha_loss_weight=w[3],
              sample_axis=axis, use_stop_gradient=stop)
    if proj is not None:
      kw["projection_operator"] = proj

    def fn(sampleLogProbs, sampleQValues, temperatureAlpha, kl1, alpha1, kl2, alpha2, kw=kw):
      return rlax.mpo_loss(sampleLogProbs, sampleQValues, pen(temperatureAlpha, 0.1),
                           [(kl1, pen(alpha1, 0.05)), (kl2, pen(alpha2, 0.01, True))], **kw)

    loss, out = fn(**inputs)
    cases.append({"name": name, "sampleAxis": axis, "projection": "clip" if proj is None else "softplus",
                  "useStopGradient": stop, "weights": list(w), "temperatureEpsilon": 0.1, "epsilon1": 0.05,
                  "epsilon2": 0.01, **{k: tolist(v) for k, v in inputs.items()}, **outputs(loss, out),
                  "grads": grads_of(lambda **d: fn(**d)[0], inputs)})
  return cases


def vmpo_loss_cases():
  cases = []
  t, b, a = 4, 3, 2
  for name, frac, proj, stop, masks, w in [
      ("top half, restarts, importance weights, clip projection, stop gradients", 0.5, CLIP, True, True,
       (1.0, 0.5, 2.0, 0.3)),
      ("all examples, defaults, softplus projection, no stop gradients", 1.0, SOFTPLUS, False, False,
       (1.0, 1.0, 1.0, 1.0)),
      ("top 30%, tied advantages, restarts, softplus projection, no stop gradients", 0.3, SOFTPLUS, False, True,
       (0.5, 2.0, 1.0, 1.0))]:
    inputs = {
        "sampleLogProbs": g32(t, b, low=-3.0, high=0.0), "advantages": g32(t, b),
        "temperatureAlpha": np.float32(rng2.uniform(0.3, 1.2)),
        "kl1": g32(t, b, low=0.0, high=0.3), "alpha1": np.float32(0.4),
        "kl2": g32(t, b, a, low=0.0, high=0.3), "alpha2": g32(t, b, a, low=-0.2, high=1.0),
    }
    if frac == 0.3:
      inputs["advantages"][1, :] = inputs["advantages"][0, 0]  # ties around the k-th value
    if masks:
      restart = np.ones((t, b), np.float32)
      restart[0, 1] = 0.0
      restart[2, 2] = 0.0
      inputs["restartingWeights"] = restart
      inputs["importanceWeights"] = g32(t, b, low=0.5, high=1.5)
    kw = dict(top_k_fraction=frac, policy_loss_weight=w[0], temperature_loss_weight=w[1], kl_loss_weight=w[2],
              alpha_loss_weight=w[3], use_stop_gradient=stop)
    if proj is not None:
      kw["projection_operator"] = proj

    def fn(sampleLogProbs, advantages, temperatureAlpha, kl1, alpha1, kl2, alpha2, restartingWeights=None,
           importanceWeights=None, kw=kw):
      return rlax.vmpo_loss(sampleLogProbs, advantages, pen(temperatureAlpha, 0.05),
                            [(kl1, pen(alpha1, 0.02)), (kl2, pen(alpha2, 0.01, True))],
                            restarting_weights=restartingWeights, importance_weights=importanceWeights, **kw)

    loss, out = fn(**inputs)
    cases.append({"name": name, "topKFraction": frac, "projection": "clip" if proj is None else "softplus",
                  "useStopGradient": stop, "weights": list(w), "temperatureEpsilon": 0.05, "epsilon1": 0.02,
                  "epsilon2": 0.01, **{k: tolist(v) for k, v in inputs.items()}, **outputs(loss, out),
                  "grads": grads_of(lambda **d: fn(**d)[0], inputs)})
  return cases


def mpo_parts_cases():
  t, b, a = 3, 4, 2
  scaled = g32(t, b)
  scaled[2, :2] = scaled[0, 0]  # ties
  restart = np.ones((t, b), np.float32)
  restart[1, 3] = 0.0
  top_k = {str(frac): tolist(mpo_ops.get_top_k_weights(frac, restart, scaled)) for frac in [1.0, 0.5, 0.25, 0.1]}
  kl, kla = g32(t, b, low=0.0, high=0.3), g32(t, b, low=-0.2, high=1.0)
  klp, klpa = g32(t, b, a, low=0.0, high=0.3), g32(a, low=0.1, high=1.0)
  cons = {}
  for stop in [True, False]:
    for per, k, al, eps in [(False, kl, kla, 0.05), (True, klp, klpa, 0.01)]:
      def f(kl_, alpha_, per=per, eps=eps, stop=stop):
        return mpo_ops.kl_constraint_loss(kl_, pen(alpha_, eps, per), SOFTPLUS, stop)
      kl_loss, alpha_loss, alpha = f(k, al)
      gk = jax.grad(lambda x, y: jnp.sum(f(x, y)[0]), argnums=(0, 1))(k, al)
      ga = jax.grad(lambda x, y: jnp.sum(f(x, y)[1]), argnums=(0, 1))(k, al)
      cons[f"{'perDimension' if per else 'scalar'} {'stop' if stop else 'noStop'}"] = {
          "klLoss": tolist(kl_loss), "alphaLoss": tolist(alpha_loss), "alpha": tolist(alpha),
          "klLossGradKl": tolist(gk[0]), "klLossGradAlpha": tolist(gk[1]),
          "alphaLossGradKl": tolist(ga[0]), "alphaLossGradAlpha": tolist(ga[1])}
  pos_alpha, pos_alpha_p = g32(t, b, low=0.1, high=1.0), g32(a, low=0.1, high=1.0)
  kal = mpo_ops.kl_alpha_loss(restart, [(kl, pen(pos_alpha, 0.05)), (klp, pen(pos_alpha_p, 0.01, True))])
  return [{"scaledAdvantages": tolist(scaled), "restartingWeights": tolist(restart), "topK": top_k,
           "kl": tolist(kl), "klAlpha": tolist(kla), "klPerDim": tolist(klp), "klPerDimAlpha": tolist(klpa),
           "klConstraintLoss": cons, "positiveAlpha": tolist(pos_alpha), "positiveAlphaPerDim": tolist(pos_alpha_p),
           "klAlphaLoss": {"klLoss": float(kal[0]), "alphaLoss": float(kal[1])}}]


# ---- Diagonal and squashed Gaussians (distributions.ts) --------------------------------------------
def gaussian_cases():
  b, d = 4, 3
  mu, log_std, x = g32(b, d), g32(b, d, low=-1.0, high=0.5), g32(b, d, low=-3.0, high=3.0)
  sigma = np.exp(log_std)
  gd = rlax.gaussian_diagonal()
  key = jax.random.PRNGKey(15)
  eps = np.asarray(jax.random.normal(key, (b, d)), np.float32)
  sample = gd.sample(key, mu, sigma)
  # rlax's sample is mu + sigma * eps with eps = jax.random.normal(key, shape): checked here, so the
  # test can pass the same eps to allts's reparameterized sampler.
  np.testing.assert_allclose(np.asarray(sample), mu + sigma * eps, atol=1e-5)
  lp = lambda m, ls: gd.logprob(x, m, jnp.exp(ls))  # noqa: E731
  # Squashed: rlax squashes mu with tanh and maps sigma to exp(-4 + 2 (tanh(sigma) + 1)) (its
  # defaults sigma_min -4, sigma_max 0); allts takes the activated mean and log-std as given.
  sq = rlax.squashed_gaussian()
  raw_mu, raw_sigma = g32(b, d, low=-1.5, high=1.5), g32(b, d, low=-1.5, high=1.5)
  spec = SimpleNamespace(minimum=np.array([-1.0, -2.0, 0.0], np.float32), maximum=np.array([1.0, 3.0, 0.5], np.float32))
  sq_sample = sq.sample(key, raw_mu, raw_sigma, spec)
  sq_unit = sq.sample(key, raw_mu, raw_sigma, None)
  return [{
      "mean": tolist(mu), "logStd": tolist(log_std), "x": tolist(x), "eps": tolist(eps),
      "logProb": tolist(gd.logprob(x, mu, sigma)), "entropy": tolist(gd.entropy(mu, sigma)),
      "sample": tolist(sample),
      "klToStandardNormal": tolist(gd.kl_to_standard_normal(mu, sigma)),
      "logProbGradMean": tolist(jax.grad(lambda m: jnp.sum(lp(m, log_std)))(mu)),
      "logProbGradLogStd": tolist(jax.grad(lambda ls: jnp.sum(lp(mu, ls)))(log_std)),
      "rawMu": tolist(raw_mu), "rawSigma": tolist(raw_sigma), "sigmaMin": -4.0, "sigmaMax": 0.0,
      "low": tolist(spec.minimum), "high": tolist(spec.maximum),
      "squashedSample": tolist(sq_sample), "squashedLogProb": tolist(sq.logprob(sq_sample, raw_mu, raw_sigma, spec)),
      "squashedSampleUnit": tolist(sq_unit),
      "squashedLogProbUnit": tolist(sq.logprob(sq_unit, raw_mu, raw_sigma, None)),
      "squashedEntropy": tolist(sq.entropy(raw_mu, raw_sigma)),
  }]


def decoupled_kl_cases():
  """rlax's own MPO test helper, run as rlax ships it (read from rlax/_src/mpo_ops_test.py, whose
  other imports, haiku and optax, are not needed for this function)."""
  import ast
  import typing
  import chex
  path = os.path.join(os.path.dirname(rlax.__file__), "_src", "mpo_ops_test.py")
  tree = ast.parse(open(path).read())
  node = next(n for n in tree.body
              if isinstance(n, ast.FunctionDef) and n.name == "_decoupled_multivariate_normal_kl_divergence")
  ns = {"jnp": jnp, "Array": chex.Array, "Numeric": chex.Numeric, "Tuple": typing.Tuple}
  exec(compile(ast.Module(body=[node], type_ignores=[]), path, "exec"), ns)  # pylint: disable=exec-used
  kl = ns["_decoupled_multivariate_normal_kl_divergence"]
  b, a = 4, 3
  mu0, mu1 = g32(b, a), g32(b, a)
  sigma0, sigma1 = g32(b, a, low=0.2, high=2.0), g32(b, a, low=0.2, high=2.0)
  sigma1[0, 0] = 1e-4  # a variance below the clip floor 1e-6
  cases = []
  for per in [False, True]:
    for name, s0 in [("vector sigma0", sigma0), ("scalar sigma0", np.float32(0.7))]:
      m, c = kl(mu0, s0, mu1, sigma1, per_dimension=per)
      g = jax.grad(lambda m1, s1: jnp.sum(sum(w * x for w, x in zip((1.0, 2.0), kl(mu0, s0, m1, s1, per)))),
                   argnums=(0, 1))(mu1, sigma1)
      cases.append({"name": name, "perDimension": per, "mu0": tolist(mu0), "sigma0": tolist(s0), "mu1": tolist(mu1),
                    "sigma1": tolist(sigma1), "klMean": tolist(m), "klCovariance": tolist(c),
                    "gradMu1": tolist(g[0]), "gradSigma1": tolist(g[1])})
  return cases


if __name__ == "__main__":
  write("vtrace", vtrace_cases())
  write("retrace", retrace_cases())
  write("transforms", transform_cases())
  write("quantile", quantile_cases())
  write("losses", loss_cases())
  write("value_learning", value_learning_cases())
  write("policy_gradients", policy_gradient_cases())
  write("popart", popart_cases())
  write("ema", ema_cases())
  write("nonlinear_bellman", nonlinear_bellman_cases())
  write("distributions", distribution_cases())
  write("episodic_memory", episodic_memory_cases())
  write("auxiliary", auxiliary_cases())
  write("policy_targets", policy_target_cases())
  write("mpo", mpo_cases())
  write("legacy", legacy_cases())
  write("mpo_loss", mpo_loss_cases() + vmpo_loss_cases())
  write("mpo_parts", mpo_parts_cases())
  write("gaussian", gaussian_cases())
  write("mpo_decoupled_kl", decoupled_kl_cases())
