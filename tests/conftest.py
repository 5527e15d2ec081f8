"""Shared fixtures: paths to the shared corpora (skipped cleanly when absent)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RESEARCHLIB_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "kim-putin-new-year-2026.txt"
CORPORA = SHARED / "corpora"


def compiled_expected() -> bool:
    """Whether the compiled module should be in use here: a C compiler exists and no switch is on."""
    from researchlib._compiled import pure_python

    return not pure_python() and any(shutil.which(cc) for cc in ("cc", "gcc", "clang"))


def shared_path(*parts: str) -> Path:
    """Path under ../shared, or skip the calling test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared material not available: {path}")
    return path


@pytest.fixture
def seed_path() -> Path:
    return shared_path("seed", "kim-putin-new-year-2026.txt")


@pytest.fixture
def corpora() -> Path:
    return shared_path("corpora")


@pytest.fixture(autouse=True)
def _no_interactive_plots(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
