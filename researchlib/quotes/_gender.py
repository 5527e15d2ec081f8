"""Grammatical gender of a person's name, where the text makes it clear (for he/she resolution).

Evidence, strongest first: an honorific written before the surname anywhere in the document
("Mr. Brook", "Mrs. Reed", "Ms. Lane"), a gendered title ("Congresswoman Ada Brook", "King Tom"),
then a common given name from the short lists below. Names that are given to both (Jordan,
Taylor, Kelly, Leslie ...) are in neither list. Unknown stays unknown: resolution then keeps
every person as a candidate, as before.
"""

from __future__ import annotations

import re

#: Common given names of men (English-language news); kept short and unambiguous.
MALE_NAMES = frozenset(
    """aaron adam alan albert alex alexander andrew anthony antonio arthur barack ben benjamin
    bernard bernie bill billy bob bobby brad bradley brandon brent brian bruce carl carlos
    charles charlie chris christopher chuck clarence craig dale dan daniel danny david dennis
    dick don donald doug douglas earl ed eddie edward eric eugene frank fred gary george gerald
    glenn greg gregory harold harry henry howard ian jack jacob james jason jeb jeff jeffrey
    jeremy jerry jim jimmy joe joel john johnny jon jonathan jose joseph josh joshua juan justin
    keith ken kenneth kevin larry lawrence lindsey louis luis marco mark martin matt matthew
    michael mike mitch mitt nathan newt nicholas nick paul peter phil philip ralph randy ray
    raymond reince richard rick rob robert roger ron ronald roy rudy russell ryan sam samuel scott
    sean stephen steve steven ted terry thomas tim timothy todd tom tony victor vincent walter
    wayne william willie""".split()
)
#: Common given names of women (English-language news); kept short and unambiguous.
FEMALE_NAMES = frozenset(
    """abigail alice alicia amanda amy andrea angela ann anna anne barbara betty beverly brenda
    carly carol caroline catherine cathy cheryl christina christine cindy claire cynthia deborah
    debbie debra denise diana diane donna doris dorothy elaine elizabeth ellen emily emma evelyn
    frances gloria grace hannah heather helen hillary ivanka jane janet janice jean jennifer
    jessica jill joan joyce judith judy julia julie karen katherine kathleen kathy katie kimberly
    laura lauren linda lisa lois loretta louise margaret maria marie marilyn martha mary megan
    melania melissa michelle mildred nancy nicole nikki olivia pamela patricia paula peggy
    rachel rebecca rose ruth samantha sandra sara sarah sharon shirley sophia stephanie susan
    theresa virginia wanda""".split()
)
#: Either list: a given name that marks a phrase as a person's name.
GIVEN_NAMES = MALE_NAMES | FEMALE_NAMES
_MALE_TITLES = frozenset(
    """mr mr. king prince lord sir congressman councilman assemblyman spokesman chairman
    businessman father brother son husband uncle nephew grandfather""".split()
)
_FEMALE_TITLES = frozenset(
    """mrs mrs. ms ms. miss queen princess lady dame madam congresswoman councilwoman
    assemblywoman spokeswoman chairwoman businesswoman mother sister daughter wife aunt niece
    grandmother""".split()
)
_TITLE_WORDS = (
    "Mr", "Mrs", "Ms", "Miss", "King", "Prince", "Lord", "Sir", "Queen", "Princess", "Lady", "Dame",
    "Madam", "Congressman", "Congresswoman", "Councilman", "Councilwoman", "Assemblyman",
    "Assemblywoman", "Spokesman", "spokesman", "Spokeswoman", "spokeswoman", "Chairman", "Chairwoman",
)
#: A title and the surname after it. The word boundary before the title is written after its
#: first letter, ``(?<!\w.)``, so that the pattern opens with plain letters, which the engine
#: scans for instead of trying every position (the same matches as ``\b(?P<title>Mr|...)``).
_TITLED_RE = re.compile(
    r"(?P<title>" + "|".join(rf"{w[0]}(?<!\w.){w[1:]}" for w in _TITLE_WORDS) + r")"
    r"\.?(?:[^\S\n]+[A-Z][\w’'\-.]*)*?[^\S\n]+(?P<surname>[A-Z][\w’'\-]+)\b(?![^\S\n]+[A-Z])"
)


def title_genders(text: str) -> dict[str, str]:
    """``{surname: "m" | "f"}`` from the honorifics and gendered titles of ``text``; a surname
    written with both ("Mr. Lane", "Mrs. Lane") is left out."""
    out: dict[str, str] = {}
    clash = set()
    for m in _TITLED_RE.finditer(text):
        title = m.group("title").lower()
        g = "m" if title in _MALE_TITLES else "f" if title in _FEMALE_TITLES else None
        surname = m.group("surname")
        if g is None:
            continue
        if out.get(surname, g) != g:
            clash.add(surname)
        out[surname] = g
    for surname in clash:
        del out[surname]
    return out


def name_gender(name: str, titled: dict[str, str]) -> str | None:
    """``"m"``, ``"f"`` or None for a person's canonical name, given the document's
    :func:`title_genders`."""
    words = name.split()
    if not words:
        return None
    g = titled.get(words[-1])
    if g is not None:
        return g
    first = words[0].lower()
    if first in MALE_NAMES:
        return "m"
    if first in FEMALE_NAMES:
        return "f"
    return None
