"""allts's Python bridge: serves gymnasium and PettingZoo environments to Node over stdin/stdout.

Why a separate process: allts is TypeScript, but most RL environments (gymnasium, the Arcade
Learning Environment, PettingZoo, users' own) exist only in Python. The Node client
(environments/bridge/) starts this file with `python3 allts_bridge.py`, and every request gets one
response, in order.

Framing (both directions): a little-endian uint32 byte count, then that many bytes: a uint32 JSON
length, the UTF-8 JSON header, then a binary blob. Arrays never travel as JSON numbers (JSON has no
NaN or Infinity, and Box bounds are often infinite): the header holds {"$nd": [offset, nbytes],
"dtype": "<f4", "shape": [...]} and the bytes sit in the blob, little-endian, C order. Non-finite
floats elsewhere (info) are {"$float": "nan" | "inf" | "-inf"}; values JSON cannot hold become
{"$notJson": type name, "repr": short repr}.

The first frame is the handshake: protocol version, Python, numpy, gymnasium and pettingzoo
versions. Errors are answered as {"ok": false, "error": {...}} naming the environment and the
Python exception; the server keeps serving. The server exits on stdin EOF (its parent died or
closed it) and, on Linux, when its parent thread dies (PR_SET_PDEATHSIG), so it never outlives Node.

Only the standard library plus numpy, gymnasium and pettingzoo (the latter two imported when used).
"""
import importlib
import json
import math
import os
import platform
import struct
import sys
import time
import traceback

PROTOCOL = 1

# The protocol runs over stdin/stdout, or over two named pipes (`--fifo <requests> <replies>`, which
# the client reads synchronously); anything environments print goes to stderr instead.
if len(sys.argv) == 4 and sys.argv[1] == "--fifo":
    _proto_in = open(sys.argv[2], "rb", buffering=0)
    _proto_out = open(sys.argv[3], "wb", buffering=0)
    try:  # 1 MiB pipes: an image batch crosses in a few reads instead of dozens of 64 KiB ones
        import fcntl

        for _f in (_proto_in, _proto_out):
            fcntl.fcntl(_f.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
    except Exception:
        pass
else:
    _proto_out = os.fdopen(os.dup(1), "wb", buffering=0)
    _proto_in = sys.stdin.buffer
os.dup2(2, 1)
sys.stdout = sys.stderr


def _die_with_parent():
    """Linux: SIGTERM this process when the thread that started it dies (belt to stdin EOF's braces)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent already died before prctl
            sys.exit(0)
    except Exception:
        pass


def _version(module):
    try:
        return importlib.import_module(module).__version__
    except Exception:
        return None


try:
    import numpy as np
except ImportError:
    np = None


# ---------- framing ----------

def _read_exact(n):
    chunks = []
    while n > 0:
        chunk = _proto_in.read(n)
        if not chunk:
            sys.exit(0)  # EOF: Node is gone
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame():
    (length,) = struct.unpack("<I", _read_exact(4))
    payload = _read_exact(length)
    (jlen,) = struct.unpack_from("<I", payload, 0)
    header = json.loads(payload[4 : 4 + jlen].decode("utf-8"))
    return header, memoryview(payload)[4 + jlen :]


class Blob:
    """Collects array bytes for one outgoing frame."""

    def __init__(self):
        self.parts = []
        self.size = 0

    def add(self, array):
        a = np.ascontiguousarray(array)
        if a.dtype.byteorder == ">":
            a = a.astype(a.dtype.newbyteorder("<"))
        data = a.tobytes()
        ref = {"$nd": [self.size, len(data)], "dtype": a.dtype.str, "shape": list(a.shape)}
        self.parts.append(data)
        self.size += len(data)
        return ref


def write_frame(header, blob=None):
    j = json.dumps(header, allow_nan=False).encode("utf-8")
    body = b"".join(blob.parts) if blob is not None else b""
    data = memoryview(struct.pack("<II", 4 + len(j) + len(body), len(j)) + j + body)
    while len(data) > 0:  # a pipe may take a large frame in several writes
        data = data[_proto_out.write(data) :]


def decode_array(ref, blob):
    offset, nbytes = ref["$nd"]
    a = np.frombuffer(blob[offset : offset + nbytes], dtype=np.dtype(ref["dtype"]))
    return a.reshape(ref["shape"]).copy()


def decode_value(v, blob):
    if isinstance(v, dict) and "$nd" in v:
        return decode_array(v, blob)
    return v


# ---------- values ----------

def jsonable(x, blob, depth=0):
    """info and other free-form values: JSON-able values pass, numpy becomes arrays, the rest a marker."""
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, int):
        return x if abs(x) < 2**53 else float(x)
    if isinstance(x, float):
        if math.isfinite(x):
            return x
        return {"$float": "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")}
    if np is not None and isinstance(x, np.generic):
        return jsonable(x.item(), blob, depth)
    if np is not None and isinstance(x, np.ndarray) and x.dtype.kind in "biuf":
        return blob.add(x)
    if depth < 8 and isinstance(x, dict) and all(isinstance(k, str) for k in x):
        return {k: jsonable(v, blob, depth + 1) for k, v in x.items()}
    if depth < 8 and isinstance(x, (list, tuple)):
        return [jsonable(v, blob, depth + 1) for v in x]
    r = repr(x)
    return {"$notJson": type(x).__module__ + "." + type(x).__qualname__, "repr": r[:200]}


def describe_space(space, blob):
    from gymnasium import spaces

    if isinstance(space, spaces.Discrete):
        return {"kind": "discrete", "n": int(space.n), "start": int(space.start)}
    if isinstance(space, spaces.Box):
        return {
            "kind": "box",
            "low": blob.add(space.low.astype(np.float64)),
            "high": blob.add(space.high.astype(np.float64)),
            "shape": list(space.shape),
            "dtype": space.dtype.str,
        }
    return {"kind": "unsupported", "repr": repr(space)[:300]}


def observation_array(obs):
    """Observations travel as uint8 (images) or float32 (everything else), as allts's Box does."""
    a = np.asarray(obs)
    return a if a.dtype == np.uint8 else a.astype(np.float32)


def missing_module(e):
    """The module whose import failed, also when a library re-raised it (gymnasium wraps ImportErrors)."""
    seen = 0
    while e is not None and seen < 10:
        if isinstance(e, ImportError) and getattr(e, "name", None):
            return e.name
        e = e.__cause__ or e.__context__
        seen += 1
    return None


# ---------- environments ----------

class Server:
    def __init__(self):
        self.envs = {}  # handle -> (name, env, kind)
        self.next_handle = 1

    # gymnasium

    def op_make(self, req, blob):
        spec = req["id"]
        kwargs = req.get("kwargs", {})
        if spec.startswith("pettingzoo:"):
            return self.make_pettingzoo(spec[len("pettingzoo:") :], kwargs, blob)
        import gymnasium as gym

        if spec.startswith("ALE/") or "NoFrameskip" in spec:
            import ale_py  # gymnasium >= 1.0 needs the ALE ids registered explicitly

            gym.register_envs(ale_py)
        env = gym.make(spec, **kwargs)
        handle = self.add(req.get("name") or spec, env, "gym")
        max_steps = env.spec.max_episode_steps if env.spec is not None else None
        return {
            "handle": handle,
            "observationSpace": describe_space(env.observation_space, blob),
            "actionSpace": describe_space(env.action_space, blob),
            "maxEpisodeSteps": max_steps,
            "renderMode": env.render_mode,
        }

    def add(self, name, env, kind):
        handle = self.next_handle
        self.next_handle += 1
        self.envs[handle] = (name, env, kind)
        return handle

    def env(self, req):
        entry = self.envs.get(req["handle"])
        if entry is None:
            raise KeyError("no environment with handle %r (closed already?)" % req["handle"])
        return entry

    def op_reset(self, req, blob):
        _, env, _ = self.env(req)
        obs, info = env.reset(seed=req.get("seed"))
        return {"obs": blob.add(observation_array(obs)), "info": jsonable(info, blob)}

    def step_one(self, env, action):
        obs, reward, terminated, truncated, info = env.step(action)
        return obs, float(reward), bool(terminated), bool(truncated), info

    def op_step(self, req, blob):
        _, env, _ = self.env(req)
        obs, reward, terminated, truncated, info = self.step_one(env, decode_value(req["action"], self.blob_in))
        return {
            "obs": blob.add(observation_array(obs)),
            "reward": reward if math.isfinite(reward) else jsonable(reward, blob),
            "terminated": terminated,
            "truncated": truncated,
            "info": jsonable(info, blob),
        }

    def op_step_many(self, req, blob):
        """Steps (or resets, where `reset[i]`) several environments: one round trip for a vector env."""
        handles = req["handles"]
        actions = decode_value(req["actions"], self.blob_in)
        resets = req.get("reset") or [False] * len(handles)
        seeds = req.get("seeds") or [None] * len(handles)
        obs_list, rewards, term, trunc, infos = [], [], [], [], []
        for i, h in enumerate(handles):
            entry = self.envs.get(h)
            if entry is None:
                raise KeyError("no environment with handle %r" % h)
            name, env, _ = entry
            self.current = "%s (copy %d)" % (name, i)
            if resets[i]:
                obs, info = env.reset(seed=seeds[i])
                reward, terminated, truncated = 0.0, False, False
            else:
                a = actions[i]
                a = int(a) if np.ndim(a) == 0 and getattr(env.action_space, "n", None) is not None else a
                obs, reward, terminated, truncated, info = self.step_one(env, a)
            obs_list.append(observation_array(obs))
            rewards.append(reward)
            term.append(terminated)
            trunc.append(truncated)
            infos.append(jsonable(info, blob))
        return {
            "obs": blob.add(np.stack(obs_list)),
            "reward": blob.add(np.asarray(rewards, dtype=np.float64)),
            "terminated": blob.add(np.asarray(term, dtype=np.uint8)),
            "truncated": blob.add(np.asarray(trunc, dtype=np.uint8)),
            "info": infos,
        }

    def op_render(self, req, blob):
        _, env, _ = self.env(req)
        frame = env.render()
        if frame is None:
            raise ValueError("render() returned None: make the environment with render_mode='rgb_array' (option renderMode)")
        if isinstance(frame, str):
            return {"text": frame}
        return {"frame": blob.add(np.asarray(frame, dtype=np.uint8))}

    def op_action_meanings(self, req, blob):
        """Atari: ALE's action names (get_action_meanings), so a client finds NOOP and FIRE."""
        _, env, _ = self.env(req)
        return {"meanings": [str(m) for m in env.unwrapped.get_action_meanings()]}

    def op_get_state(self, req, blob):
        _, env, _ = self.env(req)
        state = getattr(env.unwrapped, "state", None)
        if state is None:
            raise AttributeError("%s has no unwrapped.state" % type(env.unwrapped).__name__)
        return {"state": blob.add(np.asarray(state, dtype=np.float64))}

    def op_set_state(self, req, blob):
        _, env, _ = self.env(req)
        old = env.unwrapped.state
        new = decode_value(req["state"], self.blob_in)
        env.unwrapped.state = new.astype(np.asarray(old).dtype) if isinstance(old, np.ndarray) else tuple(new.tolist())
        return {}

    def op_close(self, req, blob):
        entry = self.envs.pop(req["handle"], None)
        if entry is not None:
            entry[1].close()
        return {}

    def op_sleep(self, req, blob):
        """Test hook: a hung Python (the client's timeout must fire)."""
        time.sleep(float(req["seconds"]))
        return {}

    def op_raise(self, req, blob):
        """Test hook: an exception outside any environment."""
        raise RuntimeError(req.get("message", "raised on request"))

    # PettingZoo (AEC)

    def make_pettingzoo(self, path, kwargs, blob):
        module = importlib.import_module("pettingzoo." + path.replace("/", "."))
        env = module.env(**kwargs)
        env.reset()  # some PettingZoo envs only know their spaces after a reset
        handle = self.add("pettingzoo:" + path, env, "aec")
        agents = list(env.possible_agents)
        return {
            "handle": handle,
            "possibleAgents": agents,
            "observationSpaces": {a: describe_space(self.pz_obs_space(env.observation_space(a)), blob) for a in agents},
            "actionSpaces": {a: describe_space(env.action_space(a), blob) for a in agents},
        }

    @staticmethod
    def pz_obs_space(space):
        from gymnasium import spaces

        if isinstance(space, spaces.Dict) and "observation" in space.spaces:
            return space.spaces["observation"]
        return space

    def pz_snapshot(self, env, blob):
        """Everything the client's MultiagentEnvironment shows after a reset or a step."""
        agent = env.agent_selection if env.agents else None
        out = {"agents": list(env.agents), "agentSelection": agent}
        out["terminations"] = {a: bool(v) for a, v in env.terminations.items()}
        out["truncations"] = {a: bool(v) for a, v in env.truncations.items()}
        if agent is not None:
            obs, reward, terminated, truncated, info = env.last()
            mask = None
            if isinstance(obs, dict):
                mask = obs.get("action_mask")
                obs = obs["observation"]
            if mask is None and isinstance(info, dict):
                mask = info.get("action_mask")
            out["last"] = {
                "obs": blob.add(observation_array(obs)),
                "mask": None if mask is None else blob.add(np.asarray(mask, dtype=np.uint8)),
                "reward": float(reward),
                "terminated": bool(terminated),
                "truncated": bool(truncated),
                "info": jsonable(info, blob),
            }
        out["rewards"] = {a: float(v) for a, v in env.rewards.items()}
        return out

    def op_pz_reset(self, req, blob):
        _, env, _ = self.env(req)
        env.reset(seed=req.get("seed"))
        return self.pz_snapshot(env, blob)

    def op_pz_step(self, req, blob):
        _, env, _ = self.env(req)
        action = req["action"]
        env.step(None if action is None else int(action))
        return self.pz_snapshot(env, blob)

    def op_pz_render(self, req, blob):
        _, env, _ = self.env(req)
        return {"text": str(env.render())}

    # loop

    def serve(self):
        write_frame(
            {
                "hello": "allts-bridge",
                "protocol": PROTOCOL,
                "python": platform.python_version(),
                "executable": sys.executable,
                "numpy": _version("numpy"),
                "gymnasium": _version("gymnasium"),
                "pettingzoo": _version("pettingzoo"),
                "pid": os.getpid(),
            }
        )
        while True:
            req, self.blob_in = read_frame()
            blob = Blob()
            self.current = None
            try:
                handler = getattr(self, "op_" + req.get("op", ""), None)
                if handler is None:
                    raise ValueError("unknown bridge operation %r" % req.get("op"))
                if self.current is None and "handle" in req and req["handle"] in self.envs:
                    self.current = self.envs[req["handle"]][0]
                if req.get("op") == "make":
                    self.current = req.get("name") or req.get("id")
                result = handler(req, blob)
                result["ok"] = True
                write_frame(result, blob)
            except Exception as e:  # every failure goes back to Node; the server keeps serving
                write_frame(
                    {
                        "ok": False,
                        "error": {
                            "type": type(e).__module__ + "." + type(e).__qualname__
                            if type(e).__module__ != "builtins"
                            else type(e).__qualname__,
                            "message": str(e),
                            "env": self.current,
                            "missingModule": missing_module(e),
                            "traceback": traceback.format_exc()[-3000:],
                        },
                    }
                )


if __name__ == "__main__":
    _die_with_parent()
    if np is None:
        write_frame({"hello": "allts-bridge", "protocol": PROTOCOL, "python": platform.python_version(),
                     "executable": sys.executable, "numpy": None, "gymnasium": _version("gymnasium"),
                     "pettingzoo": None, "pid": os.getpid()})
        sys.exit(3)
    Server().serve()
