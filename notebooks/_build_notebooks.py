"""Write the report notebooks of this folder from the cell lists below (run once after an edit).

    .venv/bin/python notebooks/_build_notebooks.py

The notebooks are the product; this script only keeps them consistent: nbformat 4,
the project kernel (``python3``), no outputs, one cell tagged ``parameters`` with a
comment on every assignment, stable cell ids (so a rebuild gives the same bytes).
Edit the cells here rather than in JupyterLab, then rebuild and commit both.
``tests/test_notebooks.py`` checks the committed notebooks, not this script.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "file_extension": ".py", "mimetype": "text/x-python"}

IMPORTS = """\
import pandas as pd
from IPython.display import HTML, Markdown

import researchlib as rl
from researchlib import kwic, kwic_html
from researchlib.narrative import describe, escape_markdown
from researchlib.selection import select"""

VADER_CAVEAT = """\
**How far to trust these scores.** VADER is a lexicon-and-rules sentiment model tuned on social media.
Against human raters its agreement is high on tweets but only about **r = 0.49 on editorial news prose**
(Hutto & Gilbert 2014, New York Times editorials). Diplomatic language is formal and often ironic or
threatening in polite words, so read the differences between speakers as rough indications and check
them against the sentences themselves (the quotes above, the concordance below)."""


def md(text: str):
    return ("md", text)


def code(text: str):
    return ("code", text)


def params(text: str):
    return ("params", text)


REPORT_RHETORIC = [
    md("""\
# Rhetoric report

One report for a selection of the corpus: who speaks, what they say, their tone, the frames they use
and the words that set them apart. Set the selection in the **parameters** cell below, or run the same
report for many selections with `researchlib batch notebooks/report_rhetoric.ipynb --grid GRID.yaml`.
The tables come from `researchlib prepare` (run `make run` once)."""),
    params('''\
processed_dir = "../data/processed"  # folder written by `researchlib prepare` (relative to this notebook)
speaker = None  # a speaker name or a list of names, None for every voice
country = None  # a country (documents' `country` column) or a list, None for all
date_from = None  # first date included: "2023", "2023-05" or "2023-05-09", None for no lower bound
date_to = None  # last date included (a year or month covers all of it), None for no upper bound
where = None  # dict of documents column -> value or list, e.g. {"genre": ["letter"]}, None for no filter
lexicons = []  # lexicon names as recorded in frames.lexicon (e.g. ["default"]), empty for all
categories = []  # frame categories to show (e.g. ["kinship_blood"]), empty for all
title = "Rhetoric report"  # heading of the report
top_n = 15  # number of key terms, speakers and sample sentences shown
kwic_rows = 20  # rows of the concordance table
seed = 0  # random seed of the sample of sentences (same seed, same sample)'''),
    code(IMPORTS),
    code('Markdown("# " + escape_markdown(title))'),
    md("## The corpus and the selection\n\nThe processed tables: documents, sentences (each with its "
       "speaker), quotations and frame hits."),
    code("tables = rl.load_processed(processed_dir)\ntables.documents.filter(\n"
         '    items=["doc_id", "date", "title", "speaker", "country", "genre", "n_chars"]\n)'),
    md("The selection keeps the documents that match the metadata filters; with `speaker` it keeps "
       "what those speakers say (their quotations and the sentences attributed to them)."),
    code("sub = select(\n    tables, speaker=speaker, country=country, date_from=date_from, "
         "date_to=date_to, where=where\n)\n"
         'sub.documents.filter(items=["doc_id", "date", "title", "speaker", "country", "genre"])'),
    md("## Who speaks\n\nSentences and quotations per speaker. `narrator` is the voice of the "
       "document itself (a journalist's own words); `unattributed` marks quotations without a speaker."),
    code('pd.DataFrame(\n    {\n        "sentences": sub.sentences["speaker"].value_counts(),\n'
         '        "quotations": sub.quotes["speaker"].value_counts(),\n    }\n)'
         '.fillna(0).astype(int).sort_values("sentences", ascending=False).head(top_n)'),
    md("## Quotations\n\nEvery quotation in the selection, with the attribution cue that was found."),
    code('sub.quotes.merge(sub.documents[["doc_id", "date"]], on="doc_id")[\n'
         '    ["date", "doc_id", "speaker", "cue", "text"]\n]'),
    md("A seeded random sample of the selection's sentences, to read the material behind the numbers."),
    code('sub.sentences.sample(n=min(top_n, len(sub.sentences)), random_state=seed).sort_index()[\n'
         '    ["doc_id", "speaker", "in_quote", "text"]\n]'),
    md("## Sentiment by speaker\n\nVADER scores each sentence (compound from -1, most negative, to "
       "+1, most positive); the table aggregates them per speaker."),
    md(VADER_CAVEAT),
    code('sentiment = rl.aggregate_sentiment(sub.sentences, by="speaker")\nsentiment'),
    code('rl.plot_sentiment(sub.sentences, by="speaker", title=f"Sentence sentiment: {title}");'),
    md("## Frames\n\nHits of the framing lexicon(s), as counts and per 1,000 words of each speaker. "
       "The `lexicons` and `categories` parameters narrow the hits shown."),
    code('frames = sub.frames[\n'
         '    (sub.frames["lexicon"].isin(lexicons) | (len(lexicons) == 0))\n'
         '    & (sub.frames["category"].isin(categories) | (len(categories) == 0))\n]\n'
         'frames[["doc_id", "speaker", "category", "matched"]].head(top_n)'),
    code('rates = rl.frame_rates(frames, sub.sentences, by="speaker")\nrates'),
    code('rl.plot_frames(rates, by="speaker", title=f"Frame rates: {title}");'),
    md("Dispersion: where in each document (ordered by date) the frames occur."),
    code('rl.plot_dispersion(frames, sub.documents, by="date", title=f"Frame dispersion: {title}");'),
    md("## Key terms\n\nWords the selection uses more (or less) than the rest of the corpus "
       "(G-squared log-likelihood; Log Ratio is the effect size in doublings). With no selection "
       "there is no rest of the corpus to compare with, and this section is empty."),
    code('in_selection = tables.sentences.index.isin(sub.sentences.index)\n'
         'keys = (\n    rl.compute_keyness(tables.sentences, in_selection, min_count=3, stopwords="english")\n'
         '    if not in_selection.all()\n    else None\n)\n'
         'keys[keys["direction"] == "target"].head(top_n) if keys is not None else Markdown("*The selection is the whole corpus.*")'),
    code('rl.plot_keyness(\n    keys, top=top_n, target_label="selection", reference_label="rest of the corpus"\n'
         ') if keys is not None else None;'),
    md("## The strongest frames in context\n\nA keyword-in-context table of the patterns behind the "
       "two frames with the most hits, inside the selection's sentences."),
    code('strongest = rates.groupby("category")["n"].sum().nlargest(2).index.tolist()\n'
         'patterns = frames.loc[frames["category"].isin(strongest), "pattern"].unique().tolist()\n'
         'strongest, patterns'),
    code('concordance = kwic(sub.documents, patterns, sentences=sub.sentences)\n'
         'HTML(kwic_html(concordance, max_rows=kwic_rows, caption="Strongest frames: " + ", ".join(strongest)))'),
    md("## Summary\n\nGenerated from the numbers above (names and terms are escaped)."),
    code("Markdown(describe(sub, rates=rates, sentiment=sentiment, keyness=keys, title=title))"),
]

REPORT_COMPARE = [
    md("""\
# Comparison report

Two selections side by side: frames, sentiment and key terms both ways. Each side is a set of
`select` options (`speaker`, `country`, `date_from`, `date_to`, `where`), for example two leaders or
two countries. The tables come from `researchlib prepare` (run `make run` once)."""),
    params('''\
processed_dir = "../data/processed"  # folder written by `researchlib prepare` (relative to this notebook)
left = {"speaker": "Idris Valko"}  # select() options of the left side, e.g. {"country": "Varnia"}
right = {"speaker": "Maren Solvik"}  # select() options of the right side
left_label = "Idris Valko"  # name of the left side in tables and plots
right_label = "Maren Solvik"  # name of the right side in tables and plots
title = "Comparison report"  # heading of the report
top_n = 15  # number of key terms shown each way
kwic_rows = 10  # rows of each side's concordance
min_count = 3  # minimum count of a term over both sides for keyness'''),
    code(IMPORTS),
    code('Markdown("# " + escape_markdown(title))'),
    code("tables = rl.load_processed(processed_dir)\na = select(tables, **left)\nb = select(tables, **right)"),
    md("Both sides in one table of sentences (a `side` column), so every comparison below is one call."),
    code("both = pd.concat(\n    [a.sentences.assign(side=left_label), b.sentences.assign(side=right_label)],\n"
         "    ignore_index=True,\n)\n"
         'both.groupby("side").agg(sentences=("text", "size"), words=("n_words", "sum"))'),
    md("## Frames"),
    code("hits = pd.concat(\n    [a.frames.assign(side=left_label), b.frames.assign(side=right_label)],\n"
         "    ignore_index=True,\n)\n"
         'rates = rl.frame_rates(hits, both, by="side")\nrates'),
    code('rl.plot_frames(rates, by="side", title=f"Frame rates: {left_label} vs {right_label}");'),
    md("## Sentiment"),
    md(VADER_CAVEAT),
    code('rl.aggregate_sentiment(both, by="side")'),
    code('rl.plot_sentiment(both, by="side", title=f"Sentence sentiment: {left_label} vs {right_label}");'),
    md("## Key terms both ways\n\n`direction` says which side over-uses the term (`target` = left, "
       "`reference` = right)."),
    code('keys = rl.compute_keyness(\n    both, {"side": left_label}, reference={"side": right_label},\n'
         '    min_count=min_count, stopwords="english",\n)\n'
         'keys[keys["direction"] == "target"].head(top_n)'),
    code('keys[keys["direction"] == "reference"].head(top_n)'),
    code("rl.plot_keyness(keys, top=top_n, target_label=left_label, reference_label=right_label);"),
    md("## Each side's five most frequent frame patterns in context"),
    code('HTML(kwic_html(\n    kwic(a.documents, a.frames["pattern"].value_counts().index[:5].tolist(), '
         'sentences=a.sentences),\n    max_rows=kwic_rows, caption=left_label,\n))'),
    code('HTML(kwic_html(\n    kwic(b.documents, b.frames["pattern"].value_counts().index[:5].tolist(), '
         'sentences=b.sentences),\n    max_rows=kwic_rows, caption=right_label,\n))'),
    md("## Summaries"),
    code('Markdown(describe(a, rates=rl.frame_rates(a.frames, a.sentences, by="speaker"), title=left_label))'),
    code('Markdown(describe(b, rates=rl.frame_rates(b.frames, b.sentences, by="speaker"), title=right_label))'),
]

EXPLORE_CORPUS = [
    md("""\
# Exploring the corpus

The starting point in JupyterLab (`make lab`). Run the cells from the top; change the parameters and
re-run. Everything here reads the tables written by `researchlib prepare` (run `make run` or
`make prepare` once after adding documents to `data/raw/`).

When an analysis is worth repeating, move it into a parameterised report
(`report_rhetoric.ipynb`, `report_compare.ipynb`) and run it over a grid with `researchlib batch`."""),
    params('''\
processed_dir = "../data/processed"  # folder written by `researchlib prepare` (relative to this notebook)
search = "share blood"  # a KWIC pattern: words match their inflections, "fratern*" is a prefix glob
window = 8  # words of context on each side of a KWIC match
kwic_rows = 30  # rows of the concordance shown
doc_index = 0  # position of the document whose text is shown'''),
    code(IMPORTS),
    md("## Documents\n\nOne row per document with its metadata; `path` says which file it came from."),
    code("tables = rl.load_processed(processed_dir)\ntables.documents.drop(columns=[\"text\"])"),
    md("The cleaned text of one document (change `doc_index`). All offsets in the other tables point "
       "into this text."),
    code('print(tables.documents["text"].iloc[doc_index])'),
    md("## Voices\n\nSentences per speaker and in or out of quotation marks. Try "
       "`select(tables, speaker=...)` to keep one speaker's words."),
    code('pd.crosstab(tables.sentences["speaker"], tables.sentences["in_quote"], margins=True)'),
    md("Quotations and the cue that attributed them; check a few against the text."),
    code('tables.quotes[["doc_id", "speaker", "cue", "text"]]'),
    md("## Keyword in context\n\nChange `search` in the parameters cell. The pattern language is "
       "the lexicons' (see the README)."),
    code("concordance = kwic(tables.documents, search, window=window, sentences=tables.sentences)\n"
         "HTML(kwic_html(concordance, max_rows=kwic_rows, caption=search))"),
    md("## Frames\n\nRates of the default lexicon's categories (and any `--lexicon` given to "
       "`prepare`) per speaker, then through the years."),
    code('rates = rl.frame_rates(tables.frames, tables.sentences, by="speaker")\n'
         'rl.plot_frames(rates, by="speaker");'),
    code('by_year = rl.frame_rates(tables.frames, tables.sentences, by="year", documents=tables.documents)\n'
         'rl.plot_frames_over_time(by_year, time="year");'),
    md("## Next steps\n\n- `rl.lexicon_diagnostics(tables.frames, rl.default_lexicon())`: patterns that "
       "never match.\n- `rl.compute_keyness(tables.sentences, {\"speaker\": \"...\"})`: a speaker's key "
       "terms.\n- `rl.find_collocations(tables.sentences, \"blood\")`: what a word keeps company with."),
]


def build(cells: list, path: Path) -> None:
    """Write one notebook, cells numbered ``<stem>-NN`` so a rebuild is byte-identical."""
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
    for i, (kind, text) in enumerate(cells):
        cell_id = f"{path.stem.replace('_', '-')}-{i:02d}"
        if kind == "md":
            cell = new_markdown_cell(text, id=cell_id)
        else:
            cell = new_code_cell(text, id=cell_id)
            if kind == "params":
                cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
    nbformat.validate(nb)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        nbformat.write(nb, fh)


NOTEBOOKS = {
    "report_rhetoric.ipynb": REPORT_RHETORIC,
    "report_compare.ipynb": REPORT_COMPARE,
    "explore_corpus.ipynb": EXPLORE_CORPUS,
}


def main(out: Path = HERE) -> list[Path]:
    """Write every notebook into ``out`` (default: this folder); return their paths."""
    paths = []
    for name, cells in NOTEBOOKS.items():
        build(cells, Path(out) / name)
        paths.append(Path(out) / name)
    return paths


if __name__ == "__main__":
    main()
