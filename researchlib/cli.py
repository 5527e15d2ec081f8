"""Command line: parse arguments, call the library, map errors to exit codes.

Exit codes: 0 success, 1 a check or run failed (``verify`` differences, failed
batch runs), 2 bad input or arguments (a :class:`ResearchlibError`).

Each command imports its library module when it runs (documented lazy loading),
so that ``researchlib --help`` answers without loading pandas or papermill.
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path

from . import __version__
from ._parallel import EXECUTORS
from .exceptions import ParameterError, ResearchlibError, ResearchlibWarning


def _add_prepare(sub) -> None:
    p = sub.add_parser("prepare", help="load, clean and analyse raw documents into tables")
    p.add_argument("raw", nargs="?", default="data/raw", help="file or folder of documents (default: data/raw)")
    p.add_argument("--out", default="data/processed", help="output folder (default: data/processed)")
    p.add_argument("--text-column", default="text", help="text column of CSV/JSONL input (default: text)")
    p.add_argument("--id-column", default=None, help="id column of CSV/JSONL input")
    p.add_argument("--lexicon", action="append", default=[], metavar="PATH",
                   help="extra lexicon (YAML, .dic or .cat); may be repeated")
    p.add_argument("--inflect", action=argparse.BooleanOptionalAction, default=None,
                   help="extra lexicons match any inflection of a word (--inflect) or the word as "
                        "written (--no-inflect); default: each format's rule (YAML inflects, "
                        ".dic and .cat do not)")
    p.add_argument("--no-sentiment", action="store_true", help="skip VADER scoring")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: the machine's cores)")
    p.add_argument("--executor", choices=list(EXECUTORS), default=None,
                   help="where per-document work runs (default: local)")
    p.add_argument("--engine", choices=list(EXECUTORS), default=None, help=argparse.SUPPRESS)  # deprecated
    p.add_argument("--scheduler", default=None, help="Dask scheduler address (default: a LocalCluster)")
    p.add_argument("--repairs", choices=["auto", "all", "none"], default="auto",
                   help="source-specific cleaning repairs (KCNA's scrape joins): where a document "
                        "shows the damage (default), always, or never")
    p.add_argument("--language", default=None, metavar="CODE",
                   help="force every document's language (ISO 639-1, e.g. en, ko); "
                        "default: detected from each document's text")
    p.add_argument("--country-aliases", default=None, metavar="FILE",
                   help="extra country spellings -> canonical names (.csv with alias,canonical, or "
                        ".json), added to the packaged table")
    p.add_argument("--speaker-aliases", default=None, metavar="FILE",
                   help="extra speaker spellings -> canonical names (.csv with alias,canonical, or "
                        ".json), added to the packaged table")
    p.add_argument("--no-cache", action="store_true", help="recompute every document")
    p.add_argument("--quiet", action="store_true", help="no progress output")


def _add_batch(sub) -> None:
    p = sub.add_parser("batch", help="run a parameterised notebook over a grid of parameters")
    p.add_argument("notebook", nargs="?", default=None,
                   help="notebook to run (default: the grid file's 'notebook' entry)")
    p.add_argument("--grid", required=True, help="YAML grid: a list of parameter sets or a mapping of lists")
    p.add_argument("--out", default="reports", help="output folder (default: reports)")
    p.add_argument("--workers", type=int, default=None,
                   help="runs executed at once (default: one per core)")
    p.add_argument("--jobs", type=int, default=None, help=argparse.SUPPRESS)  # deprecated: --workers
    p.add_argument("--show-code", action="store_true",
                   help="show code cells in the HTML reports (default: prose and outputs only; "
                        "changing only this re-renders the pages without executing the notebooks)")
    p.add_argument("--no-input", action="store_true", help=argparse.SUPPRESS)  # deprecated: the default now
    p.add_argument("--timeout", type=float, default=None, help="seconds allowed per cell")
    p.add_argument("--run-timeout", type=float, default=None, help="seconds allowed per run")
    p.add_argument("--force", action="store_true", help="re-run runs whose outputs are up to date")
    p.add_argument("--executor", choices=list(EXECUTORS), default="local", help="where runs execute")
    p.add_argument("--scheduler", default=None, help="Dask scheduler address (default: a LocalCluster)")
    p.add_argument("--quiet", action="store_true", help="no progress output")


def _add_verify(sub) -> None:
    p = sub.add_parser("verify", help="re-execute what a manifest describes and compare the outputs")
    p.add_argument("run_dir", help="a folder holding manifest.json (data/processed or a reports folder)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="researchlib",
        description="Reproducible rhetoric analysis of political and diplomatic texts.",
    )
    parser.add_argument("--version", action="version", version=f"researchlib {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_prepare(sub)
    _add_batch(sub)
    _add_verify(sub)
    return parser


#: The library's argument names that the command line spells as options.
_OPTION_WORDS = re.compile(
    r"\b(text_column|id_column|workers|executor|engine|scheduler|language|repairs|chunk_size|"
    r"lexicons|out|jobs|cell_timeout|run_timeout|no_input|show_code|country_aliases|speaker_aliases)=(?=\S)"
)


def _in_cli_words(message: str) -> str:
    """A library message in the command line's words: ``text_column=`` -> ``--text-column ``."""
    def option(match: re.Match) -> str:
        name = {"lexicons": "lexicon", "cell_timeout": "timeout", "engine": "executor"}.get(
            match.group(1), match.group(1))
        return f"--{name.replace('_', '-')} "

    message = _OPTION_WORDS.sub(option, message)
    return message.replace("(pass --text-column ...)", "(pass --text-column NAME)")


def _show_warning(message, category, filename, lineno, file=None, line=None):
    name = category.__name__
    print(f"warning ({name}): {message}", file=sys.stderr)


def _batch_workers(args: argparse.Namespace) -> int | None:
    """``--workers``, or the deprecated ``--jobs`` (with a warning) for one more release."""
    if args.jobs is None:
        return args.workers
    if args.workers is not None:
        raise ParameterError(f"--jobs {args.jobs} and --workers {args.workers}: give only --workers "
                             "(--jobs is its deprecated old name)")
    warnings.warn("--jobs is deprecated; use --workers (--jobs goes in the next release)",
                  FutureWarning, stacklevel=2)
    return args.jobs


def _batch_show_code(args: argparse.Namespace) -> bool:
    """``--show-code``; the deprecated ``--no-input`` (hiding code, the default now) only warns."""
    if not args.no_input:
        return args.show_code
    if args.show_code:
        raise ParameterError("--show-code and --no-input contradict each other: give only --show-code "
                             "(code is hidden by default; --no-input is deprecated)")
    warnings.warn("--no-input is deprecated: code is hidden by default now (--show-code shows it); "
                  "--no-input goes in the next release", FutureWarning, stacklevel=2)
    return False


def _run(args: argparse.Namespace) -> int:
    if args.command == "prepare":
        from .pipeline import prepare

        prepare(
            args.raw,
            out=args.out,
            text_column=args.text_column,
            id_column=args.id_column,
            lexicons=args.lexicon,
            sentiment=not args.no_sentiment,
            workers=args.workers,
            executor=args.executor or "local",
            engine=args.engine,
            scheduler=args.scheduler,
            cache=not args.no_cache,
            repairs=args.repairs,
            language=args.language,
            inflect=args.inflect,
            country_aliases=args.country_aliases,
            speaker_aliases=args.speaker_aliases,
            progress=not args.quiet,
        )
        print(f"prepared tables in {Path(args.out)}")
        return 0
    if args.command == "batch":
        from .batch import run_batch

        result = run_batch(
            args.notebook,
            grid=args.grid,
            out=args.out,
            workers=_batch_workers(args),
            show_code=_batch_show_code(args),
            cell_timeout=args.timeout,
            run_timeout=args.run_timeout,
            force=args.force,
            executor=args.executor,
            scheduler=args.scheduler,
            progress=not args.quiet,
        )
        print(result.summary())
        return 0 if result.ok else 1
    if args.command == "verify":
        from .provenance import verify

        report = verify(args.run_dir)
        print(report.summary())
        return 0 if report.identical else 1
    raise AssertionError(args.command)  # pragma: no cover - argparse guards this


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``researchlib`` console script."""
    args = build_parser().parse_args(argv)
    warnings.showwarning = _show_warning
    warnings.simplefilter("default", ResearchlibWarning)
    try:
        return _run(args)
    except ResearchlibError as err:
        print(f"researchlib {args.command}: error: {_in_cli_words(str(err))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"researchlib {args.command}: interrupted; earlier outputs are intact", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
