"""Korean quotation marks: 「 」, 『 』 and “ ” open and close quotations in Korean text."""

from __future__ import annotations

import pandas as pd

from researchlib.quotes import extract_quotes


def _quotes(text: str) -> pd.DataFrame:
    return extract_quotes(pd.DataFrame({"doc_id": ["k"], "text": [text], "speaker": ["김일성"]}))


def test_corner_brackets_and_double_corner_brackets_are_quote_marks():
    text = "김일성동지께서는 「우리 인민은 반드시 승리할것이다.」라고 말씀하시였다. 『로동신문』은 “원쑤를 물리치자”고 썼다."
    quotes = _quotes(text)
    assert quotes["text"].tolist() == ["우리 인민은 반드시 승리할것이다.", "로동신문", "원쑤를 물리치자"]
    for start, end, body in zip(quotes["start"], quotes["end"], quotes["text"]):
        assert text[start:end] == body


def test_nested_corner_brackets_close_at_their_own_mark():
    text = "그는 「우리는 『단결』을 말한다. 단결은 힘이다.」라고 하였다."
    quotes = _quotes(text)
    assert quotes["text"].tolist()[0] == "우리는 『단결』을 말한다. 단결은 힘이다."


def test_a_closing_mark_of_another_kind_does_not_close():
    text = "그는 「우리는 승리한다” 하고 말하였다.」 끝."
    assert _quotes(text)["text"].tolist() == ["우리는 승리한다” 하고 말하였다."]
