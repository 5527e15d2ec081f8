"""Words that name a place or a people: never a speaker on their own (a gazetteer, kept short).

A subject made only of these words ("Canada", "U.S.", "DPRK", "South Korea", "Russian",
"Cambridge") is not a speaker; a longer name is never made canonical from one ("Canada" does not
become "Statistics Canada").
"""

from __future__ import annotations

from functools import lru_cache

_COUNTRIES = """
afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan
bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana
brazil brunei bulgaria burkina burundi cambodia cameroon canada chad chile china colombia comoros
congo croatia cuba cyprus czech czechia denmark djibouti dominica ecuador egypt eritrea estonia
eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada guatemala
guinea guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica
japan jordan kazakhstan kenya kiribati korea kosovo kuwait kyrgyzstan laos latvia lebanon lesotho
liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta
mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique
myanmar burma namibia nauru nepal netherlands holland nicaragua niger nigeria norway oman pakistan
palau palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda samoa
senegal serbia seychelles singapore slovakia slovenia somalia spain sudan suriname sweden
switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey turkmenistan
tuvalu uganda ukraine uruguay uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe
america britain england scotland wales europe asia africa oceania antarctica
"""
_PEOPLES = """
afghan albanian algerian american angolan argentine argentinian armenian australian austrian
azerbaijani bangladeshi belarusian belgian bolivian bosnian brazilian british bulgarian
cambodian cameroonian canadian chilean chinese colombian congolese croatian cuban cypriot czech
danish dutch ecuadorian egyptian english eritrean estonian ethiopian european filipino finnish
french georgian german ghanaian greek guatemalan haitian honduran hungarian icelandic indian
indonesian iranian iraqi irish israeli italian jamaican japanese jordanian kazakh kenyan korean
kuwaiti kyrgyz laotian latvian lebanese liberian libyan lithuanian malaysian malian maltese
mexican moldovan mongolian moroccan mozambican namibian nepalese nicaraguan nigerian norwegian
omani pakistani palestinian panamanian paraguayan peruvian polish portuguese qatari romanian
russian rwandan saudi scottish senegalese serbian singaporean slovak slovenian somali spanish
sudanese swedish swiss syrian taiwanese tajik tanzanian thai tunisian turkish turkmen ugandan
ukrainian uruguayan uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean african asian
arab arabian latin western eastern northern southern soviet
"""
_STATES = """
alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho
illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada hampshire jersey mexico york carolina dakota ohio
oklahoma oregon pennsylvania rhode tennessee texas utah vermont virginia washington wisconsin
wyoming
"""
_CITIES_AND_REGIONS = """
pyongyang seoul beijing moscow tokyo washington london paris berlin rome madrid kyiv kiev
brussels geneva vienna delhi tehran baghdad damascus cairo jerusalem ankara havana caracas
ottawa toronto montreal vancouver calgary edmonton cambridge boston chicago houston dallas
atlanta miami philadelphia detroit cleveland denver seattle phoenix manhattan brooklyn
hollywood baltimore milwaukee des moines charlotte orlando tampa
north south east west korean-peninsula peninsula midwest
"""

#: Lower-case words that name a country, people, state, city or region.
PLACE_WORDS = frozenset(
    (_COUNTRIES + _PEOPLES + _STATES + _CITIES_AND_REGIONS).split()
) | frozenset(("new", "south", "north", "the", "of", "and", "saint", "st.", "san", "los", "las",
               "united", "states", "kingdom", "republic", "democratic", "people's", "federal",
               "islamic", "arab", "emirates", "city", "county", "state", "province", "island",
               "islands", "republican", "sea", "gulf", "coast"))
#: A place-only name must hold at least one of these (so "United States" counts, "Republican" alone not).
PLACE_HEADS = frozenset((_COUNTRIES + _PEOPLES + _STATES + _CITIES_AND_REGIONS).split()) | {
    "states", "kingdom", "emirates"
}


#: Abbreviations of countries and unions, matched as written (so "Un" in "Kim Jong Un" is not one).
ABBREVIATIONS = frozenset(
    ("U.S.", "US", "USA", "U.S.A.", "UK", "U.K.", "UN", "U.N.", "EU", "E.U.", "DPRK", "D.P.R.K.",
     "ROK", "PRC", "USSR", "U.S.S.R.")
)


def _word(token: str) -> str:
    token = token.replace("’", "'").strip(",")
    token = token[:-2] if token.endswith("'s") else token
    return "us" if token in ABBREVIATIONS else token.strip(".").lower()


#: Nouns that end the name of a place ("Sosong District", "South Hwanghae Province").
PLACE_SUFFIXES = frozenset(
    """district county province prefecture municipality city town village island islands region
    ri dong gun street avenue square valley peninsula strait bay river mountain mountains mt.
    coast""".split()
)


@lru_cache(maxsize=4096)
def is_place(name: str) -> bool:
    """Whether ``name`` names a place or a people: every word a place or people word (one of them
    a place), or a capitalised name ending in a place noun ("Sosong District")."""
    words = [_word(t) for t in name.split()]
    if not words:
        return False
    if len(words) >= 2 and words[-1] in PLACE_SUFFIXES and name.split()[-1][:1].isupper():
        return True
    return all(w in PLACE_WORDS or w == "us" for w in words) and any(
        w in PLACE_HEADS or w == "us" for w in words
    )


def is_place_word(token: str) -> bool:
    """Whether one token names a country, people, state, city or region."""
    word = _word(token)
    return word == "us" or word in PLACE_HEADS
