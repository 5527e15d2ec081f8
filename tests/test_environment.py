"""The conda environment and the pip lock pin the same versions; the set-up is offline-safe."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, ver = line.partition("==")
        assert ver, f"requirements.lock: {line!r} is not an exact pin"
        pins[_norm(name)] = ver
    return pins


def _environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for line in dep.get("pip", []):
                name, _, ver = line.partition("==")
                pins[_norm(name)] = ver
            continue
        name, _, ver = dep.partition("=")
        if name in {"python", "pip"}:
            continue
        pins[_norm(name)] = ver
    return pins


def test_environment_pins_match_lock():
    lock, env = _lock(), _environment()
    assert env, "environment.yml pins nothing"
    missing = sorted(set(env) - set(lock))
    assert not missing, f"environment.yml pins packages the lock lacks: {missing}"
    differ = {k: (env[k], lock[k]) for k in env if env[k] != lock[k]}
    assert not differ, f"environment.yml and requirements.lock disagree (env, lock): {differ}"


def test_runtime_dependencies_are_pinned_in_both():
    data = (ROOT / "pyproject.toml").read_text()
    block = data.split("dependencies = [", 1)[1].split("]", 1)[0]
    names = [_norm(re.split(r"[<>=!~ ]", s.strip().strip('",'))[0]) for s in block.splitlines() if s.strip()]
    lock, env = _lock(), _environment()
    for name in names:
        assert name in lock, f"runtime dependency {name} is not in requirements.lock"
        assert name in env, f"runtime dependency {name} is not in environment.yml"


def test_python_version_matches_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    major, minor = (int(x) for x in python.split("=")[1].split(".")[:2])
    assert (major, minor) >= (3, 11)
