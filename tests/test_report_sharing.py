"""Reports that hide their code still say what they were run on: describe_parameters."""

from __future__ import annotations

import pytest

from researchlib.exceptions import ParameterError
from researchlib.narrative import describe_parameters


def test_describe_parameters_names_every_value_and_escapes_them():
    line = describe_parameters({"speaker": "Idris <b>Valko</b>", "country": None,
                                "where": {"genre": ["letter", "speech"]}, "categories": []})
    assert line.startswith("**Parameters of this report.** speaker: Idris &lt;b&gt;Valko&lt;/b&gt;;")
    assert "country: not set;" in line and "where: genre = letter, speech;" in line
    assert "categories: none." in line and "<b>" not in line
    sides = describe_parameters({"DPRK": {"where": {"iso3": "PRK"}}}, label="The two sides")
    assert sides == "**The two sides.** DPRK: where = iso3 = PRK.\n"


def test_describe_parameters_needs_a_dict():
    with pytest.raises(ParameterError, match="got list"):
        describe_parameters(["speaker"])
