"""Batch grid: a YAML file or Python object in, the list of planned runs (name, notebook, parameters) out.

:func:`load_grid` reads the grid and names each run; :func:`validate_runs` checks
every run's parameters against its notebook's ``parameters`` cell before
anything executes, so a typo fails the whole batch up front.

Notebook paths written *inside* a grid file are relative to the grid file's
folder; the ``notebook`` argument (the command line's NOTEBOOK) is relative to
the current folder, like any other path typed on a command line.
"""

from __future__ import annotations

import itertools
import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .._io import safe_name
from .._suggest import did_you_mean
from ..exceptions import GridError, NotebookError, ResearchlibError, ResearchlibWarning
from .notebook import check_value, has_parameters_cell, notebook_parameters, read_notebook

__all__ = ["Run", "load_grid", "validate_runs"]

_RESERVED = ("name", "notebook", "parameters")
#: Run names that would overwrite the batch's own files.
_TAKEN = frozenset({"index", "manifest"})


@dataclass
class Run:
    """One planned run: its unique file-safe ``name``, the ``notebook`` and its ``parameters``."""

    name: str
    notebook: Path
    parameters: dict = field(default_factory=dict)


def _read_grid(grid) -> tuple[Any, Path | None]:
    if not isinstance(grid, (str, os.PathLike)):
        return grid, None
    path = Path(grid)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise GridError(f"grid file {str(path)!r} does not exist") from err
    except (OSError, UnicodeDecodeError) as err:
        raise GridError(f"grid file {str(path)!r} cannot be read: {err}") from err
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise GridError(f"grid file {str(path)!r} is not valid YAML: {err}") from err
    return data, path


def _value_label(value) -> str:
    if isinstance(value, (list, tuple)):
        return "+".join(_value_label(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def _cartesian(mapping: dict, where: str) -> list[dict]:
    if not mapping:
        return [{}]
    keys = sorted(mapping)
    axes = []
    for key in keys:
        if not isinstance(key, str):
            raise GridError(f"{where}: parameter name {key!r} is not a string")
        values = mapping[key]
        if isinstance(values, (list, tuple)):
            if not values:
                raise GridError(f"{where}: parameter {key!r} has an empty list of values")
            axes.append(list(values))
        else:
            axes.append([values])
    return [dict(zip(keys, combo)) for combo in itertools.product(*axes)]


def _resolve_nb(nb, base: Path) -> Path:
    """A notebook path written in the grid file, relative to the grid's folder ``base``."""
    if not isinstance(nb, (str, os.PathLike)) or not str(nb):
        raise GridError(f"notebook entry {nb!r} is not a path")
    path = Path(nb)
    return path if path.is_absolute() else base / path


def _entry(item, where: str, default: Path | None, base: Path,
           shared: dict) -> tuple[str | None, Path | None, dict]:
    """One run of a list: its name, its notebook (its own, else ``default``) and parameters."""
    if not isinstance(item, dict):
        raise GridError(f"{where}: expected a mapping of parameter names to values, got {item!r}")
    name = item.get("name")
    nb = _resolve_nb(item["notebook"], base) if item.get("notebook") is not None else default
    if "parameters" in item:
        params = item["parameters"] or {}
        if not isinstance(params, dict):
            raise GridError(f"{where}: 'parameters' must be a mapping, got {params!r}")
        extra = sorted(set(item) - set(_RESERVED))
        if extra:
            raise GridError(f"{where}: unexpected keys {extra} beside 'parameters'; "
                            f"allowed: {list(_RESERVED)}")
    else:
        params = {k: v for k, v in item.items() if k not in ("name", "notebook")}
    for key in params:
        if not isinstance(key, str):
            raise GridError(f"{where}: parameter name {key!r} is not a string")
    return name, nb, {**shared, **params}


def _plan(data, label: str, default_nb: Path | None, base: Path) -> list[tuple]:
    """``(name or None, notebook or None, parameters)`` of every run, in grid order."""
    if data is None:
        raise GridError(f"{label} is empty; give a list of parameter sets or a mapping of lists")
    if isinstance(data, list):
        return [_entry(item, f"{label} run {i}", default_nb, base, {}) for i, item in enumerate(data)]
    if not isinstance(data, dict):
        raise GridError(f"{label}: expected a list of parameter sets or a mapping, "
                        f"got {type(data).__name__}")
    if not set(data) & {"runs", "grid", "notebook"}:
        return [(None, default_nb, combo) for combo in _cartesian(data, label)]
    unknown = sorted(set(data) - {"runs", "grid", "notebook", "parameters"})
    if unknown:
        raise GridError(f"{label}: unknown top-level keys {unknown}; "
                        "allowed: notebook, runs, grid, parameters")
    nb = _resolve_nb(data["notebook"], base) if data.get("notebook") is not None else default_nb
    shared = data.get("parameters") or {}
    if not isinstance(shared, dict):
        raise GridError(f"{label}: 'parameters' must be a mapping, got {shared!r}")
    runs = data.get("runs") or []
    if not isinstance(runs, list):
        raise GridError(f"{label}: 'runs' must be a list of parameter sets, got {runs!r}")
    planned = [_entry(item, f"{label} run {i}", nb, base, shared) for i, item in enumerate(runs)]
    if data.get("grid") is not None:
        if not isinstance(data["grid"], dict):
            raise GridError(f"{label}: 'grid' must be a mapping of parameter -> list of values")
        planned.extend((None, nb, {**shared, **combo}) for combo in _cartesian(data["grid"], label))
    return planned or [(None, nb, dict(shared))]


def _unique_name(raw: str, used: set[str], argument: str) -> str:
    try:
        safe = safe_name(raw, argument=argument)
    except ResearchlibError as err:
        raise GridError(str(err)) from err
    safe = safe.lstrip("._") or "run"  # never a hidden file, whatever safe_name leaves
    unique, n = safe, 1
    while unique.lower() in used or unique.lower() in _TAKEN:
        n += 1
        unique = f"{safe}-{n}"
    used.add(unique.lower())
    return unique


def load_grid(grid, *, notebook: str | os.PathLike | None = None) -> list[Run]:
    """Read a grid into a list of runs with unique, file-safe names.

    Parameters
    ----------
    grid : str, Path, list or dict
        A YAML file (read with ``yaml.safe_load``) or the same structure in Python:

        * a list of parameter sets, each optionally with ``name`` and ``notebook``
          (or with the parameters under a ``parameters`` key);
        * a mapping parameter -> list of values: the Cartesian product, parameters in
          sorted name order, values in the order given;
        * a mapping with ``notebook``, ``runs`` (a list as above), ``grid`` (a mapping
          as above) and ``parameters`` (values shared by every run).

        Notebook paths inside a grid file are relative to the grid file's folder.
    notebook : str or Path, optional
        The notebook of runs that name none (the command line's NOTEBOOK), relative
        to the current folder.

    Returns
    -------
    list of Run
        In grid order.  Names are the ``name`` given or
        ``<notebook stem>__<param>-<value>_...``, made file-safe by
        :func:`researchlib._io.safe_name`; repeated names get ``-2``, ``-3``.

    Raises
    ------
    GridError
        If the grid is malformed or a run has no notebook.
    """
    data, path = _read_grid(grid)
    base = path.parent if path is not None else Path.cwd()
    label = repr(str(path)) if path is not None else "grid"
    default_nb = Path(notebook) if notebook is not None else None
    runs: list[Run] = []
    used: set[str] = set()
    for i, (name, nb, params) in enumerate(_plan(data, label, default_nb, base)):
        if nb is None:
            raise GridError(f"{label} run {i}: no notebook; pass NOTEBOOK or add 'notebook:' to the grid")
        if name is None:
            raw = "__".join([nb.stem] + [f"{k}-{_value_label(v)}" for k, v in sorted(params.items())])
        else:
            raw = str(name)
        runs.append(Run(_unique_name(raw, used, f"{label} run {i} name"), nb, params))
    return runs


def validate_runs(runs: list[Run], *, strict: bool) -> dict[Path, tuple[bool, dict]]:
    """Check every run against its notebook's parameters cell.

    Parameters
    ----------
    runs : list of Run
        From :func:`load_grid`.
    strict : bool
        Unknown parameters, and parameters for a notebook without a ``parameters``
        cell, are errors; with False they are warnings.

    Returns
    -------
    dict
        Resolved notebook path -> ``(has a parameters cell, {name: NotebookParameter})``.

    Raises
    ------
    NotebookError
        A notebook does not exist or cannot be read, or (strict) has no parameters cell.
    GridError
        A value does not fit its parameter's type, or (strict) a parameter is unknown
        (with "did you mean" the notebook's nearest parameter names).
    """
    cache: dict[Path, tuple[bool, dict]] = {}
    for run in runs:
        key = run.notebook.resolve()
        if key not in cache:
            if not run.notebook.is_file():
                raise NotebookError(f"run {run.name!r}: notebook {str(run.notebook)!r} does not exist")
            nb = read_notebook(run.notebook)
            cache[key] = (has_parameters_cell(nb), notebook_parameters(nb))
        has_cell, params = cache[key]
        if not run.parameters:
            continue
        if not has_cell:
            message = (f"run {run.name!r}: notebook {str(run.notebook)!r} has no cell tagged "
                       f"'parameters', so parameters {sorted(run.parameters)} cannot be checked")
            if strict:
                raise NotebookError(message + "; tag its parameters cell, or pass strict=False "
                                    "to let papermill inject them at the top")
            warnings.warn(message + "; papermill injects them at the top", ResearchlibWarning,
                          stacklevel=3)
            continue
        for pname, value in run.parameters.items():
            if pname not in params:
                message = (f"run {run.name!r}: unknown parameter {pname!r} for notebook "
                           f"{str(run.notebook)!r}{did_you_mean(pname, params)}; "
                           f"allowed: {sorted(params)}")
                if strict:
                    raise GridError(message)
                warnings.warn(message, ResearchlibWarning, stacklevel=3)
                continue
            expected = check_value(params[pname], value)
            if expected is not None:
                raise GridError(f"run {run.name!r}: parameter {pname!r} = {value!r} "
                                f"({type(value).__name__}) does not fit notebook "
                                f"{str(run.notebook)!r}; expected {expected}")
    return cache
