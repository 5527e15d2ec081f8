"""The package's public names."""

from __future__ import annotations


def test_public_names_resolve_to_functions_whatever_was_imported_first():
    import importlib

    importlib.import_module("researchlib.concordance")
    import researchlib as rl

    for name in rl.__all__:
        value = getattr(rl, name)
        assert not isinstance(value, type(importlib)), f"researchlib.{name} is a module"
