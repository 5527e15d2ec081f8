"""A faster VADER front end that gives exactly NLTK's scores.

NLTK's ``SentimentIntensityAnalyzer`` spends most of its time building, for every
sentence, a dictionary of every word joined with every punctuation mark (to strip
punctuation from the ends of tokens).  :class:`FastVader` replaces only that step
with a direct suffix/prefix check that yields the same tokens, and runs NLTK's own
valence rules on them.  Equality with NLTK is proven in tests on every sentence of
VADER's four ground-truth sets and on the UN speeches.
"""

from __future__ import annotations

import string

from nltk.sentiment.vader import SentimentIntensityAnalyzer

_PUNCT = frozenset(string.punctuation)
_DROP_PUNCT = str.maketrans("", "", string.punctuation)


class _Tokens:
    """The two attributes NLTK's valence rules read from a ``SentiText``."""

    __slots__ = ("words_and_emoticons", "is_cap_diff")

    def __init__(self, words, is_cap_diff):
        self.words_and_emoticons = words
        self.is_cap_diff = is_cap_diff


class FastVader(SentimentIntensityAnalyzer):
    """NLTK's VADER with a linear-time tokeniser; same lexicon, same rules, same scores."""

    def __init__(self, lexicon_file):
        super().__init__(lexicon_file)
        punc = self.constants.PUNC_LIST
        # Longest first is not needed for correctness (at most one strip leaves a
        # punctuation-free word) but saves work on "!!!"-style endings.
        self._suffixes = tuple(sorted(set(punc), key=len, reverse=True))

    def _strip(self, token: str) -> str:
        # NLTK maps "<word><p>" and "<p><word>" to "<word>" for p in PUNC_LIST when
        # <word> has no ASCII punctuation and more than one character; the
        # trailing form wins when both apply.
        if token[-1] in _PUNCT:
            for p in self._suffixes:
                if token.endswith(p):
                    word = token[: -len(p)]
                    if len(word) > 1 and not _PUNCT.intersection(word):
                        return word
        if token[0] in _PUNCT:
            for p in self._suffixes:
                if token.startswith(p):
                    word = token[len(p):]
                    if len(word) > 1 and not _PUNCT.intersection(word):
                        return word
        return token

    def tokens(self, text: str) -> list[str]:
        """VADER's ``words_and_emoticons`` for ``text``."""
        strip = self._strip
        return [strip(t) for t in text.split() if len(t) > 1]

    def polarity_scores(self, text):  # noqa: D401 - same contract as NLTK's
        if not isinstance(text, str):
            text = str(text.encode("utf-8"))
        words = self.tokens(text)
        n_caps = sum(1 for w in words if w.isupper())
        sentitext = _Tokens(words, 0 < len(words) - n_caps < len(words))
        sentiments = []
        first_index: dict[str, int] = {}
        for idx, token in enumerate(words):
            first_index.setdefault(token, idx)
        boosters = self.constants.BOOSTER_DICT
        lexicon = self.lexicon
        last = len(words) - 1
        for item in words:
            i = first_index[item]
            low = item.lower()
            if (i < last and low == "kind" and words[i + 1].lower() == "of") or low in boosters:
                sentiments.append(0)
                continue
            if low not in lexicon:
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text)
