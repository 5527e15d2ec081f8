"""Offline language resources: an NLTK data folder that researchlib provisions itself.

NLTK's downloader needs the network, which researchlib never uses at run time.
VADER's lexicon ships inside the ``vaderSentiment`` package on PyPI; this module
copies it once into an NLTK data folder laid out as NLTK expects
(``sentiment/vader_lexicon.zip``) and appends that folder to
``nltk.data.path``.  Because the folder is *appended*, real NLTK data that a
user installed is still found first.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

from .exceptions import ResourceError

VADER_RESOURCE = "sentiment/vader_lexicon.zip/vader_lexicon/vader_lexicon.txt"
_VADER_ZIP = Path("sentiment") / "vader_lexicon.zip"
_VADER_MEMBER = "vader_lexicon/vader_lexicon.txt"


def _vader_source() -> Path:
    try:
        import vaderSentiment
    except ImportError as err:  # pragma: no cover - part of the lock
        raise ResourceError(
            "VADER's lexicon comes from the 'vaderSentiment' package, which is not "
            "installed; run 'make setup' (or pip install vaderSentiment)"
        ) from err
    path = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
    if not path.is_file():  # pragma: no cover - broken install
        raise ResourceError(f"vaderSentiment is installed but {path} is missing")
    return path


def _candidate_dirs() -> list[Path]:
    env = os.environ.get("RESEARCHLIB_NLTK_DATA")
    dirs = [Path(env)] if env else []
    dirs.append(Path(__file__).resolve().parent / "_nltk_data")
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    dirs.append(Path(cache) / "researchlib" / "nltk_data")
    dirs.append(Path(tempfile.gettempdir()) / f"researchlib-nltk-data-{os.getuid()}")
    return dirs


def _provision(root: Path, source: Path) -> bool:
    target = root / _VADER_ZIP
    data = source.read_bytes()
    try:
        if target.is_file():
            with zipfile.ZipFile(target) as zf:
                if zf.read(_VADER_MEMBER) == data:
                    return True
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            info = zipfile.ZipInfo(_VADER_MEMBER, date_time=(1980, 1, 1, 0, 0, 0))
            zf.writestr(info, data)
        os.replace(tmp, target)
        return True
    except (OSError, zipfile.BadZipFile, KeyError):
        return False


@lru_cache(maxsize=1)
def nltk_data_dir() -> Path:
    """Provision researchlib's NLTK data folder and put it on ``nltk.data.path``.

    Returns
    -------
    pathlib.Path
        The folder holding ``sentiment/vader_lexicon.zip``.

    Raises
    ------
    ResourceError
        If no candidate folder is writable.
    """
    import nltk

    source = _vader_source()
    for root in _candidate_dirs():
        if _provision(root, source):
            if str(root) not in nltk.data.path:
                nltk.data.path.append(str(root))
            return root
    raise ResourceError(
        "could not write researchlib's NLTK data folder anywhere; set "
        "RESEARCHLIB_NLTK_DATA to a writable folder"
    )
