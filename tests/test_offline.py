"""researchlib runs with no network at all: sockets are blocked in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_BLOCK = textwrap.dedent(
    """
    import socket

    def _refuse(*args, **kwargs):
        raise OSError("network disabled by the offline test")

    socket.socket.connect = _refuse
    socket.socket.connect_ex = _refuse
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
    """
)


def _run_offline(code: str, tmp_path: Path) -> dict:
    script = tmp_path / "offline.py"
    script.write_text(_BLOCK + textwrap.dedent(code), encoding="utf-8")
    env_home = tmp_path / "home"  # no user NLTK data, no caches from earlier runs
    env_home.mkdir()
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=ROOT,
        env={"HOME": str(env_home), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0",
             "RESEARCHLIB_NLTK_DATA": str(tmp_path / "nltk_data"), "MPLBACKEND": "Agg"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_sentiment_and_sentences_work_with_sockets_blocked(tmp_path):
    result = _run_offline(
        """
        import json, socket
        try:
            socket.create_connection(("127.0.0.1", 9))
            blocked = False
        except OSError:
            blocked = True
        import pandas as pd
        import researchlib as rl
        docs = pd.DataFrame({"doc_id": ["d"], "speaker": [None], "text": [
            'Dr. Smith arrived on Dec. 18. "We share blood," he said. It was a terrible day.']})
        sents = rl.split_sentences(docs)
        scores = rl.score_sentiment(sents)
        print(json.dumps({"blocked": blocked, "n": len(sents),
                          "compound": scores["compound"].round(4).tolist()}))
        """,
        tmp_path,
    )
    assert result["blocked"] is True
    assert result["n"] == 3
    assert result["compound"][2] < 0  # "terrible"


@pytest.mark.slow
def test_prepare_on_the_demo_corpus_with_sockets_blocked(tmp_path):
    out = tmp_path / "processed"
    result = _run_offline(
        f"""
        import json
        from researchlib.pipeline import prepare, load_processed
        prepare({str(ROOT / "data" / "raw")!r}, out={str(out)!r}, workers=1, progress=False)
        t = load_processed({str(out)!r})
        print(json.dumps({{"docs": len(t.documents), "sentences": len(t.sentences),
                          "frames": len(t.frames), "scored": bool(t.sentences["compound"].notna().all())}}))
        """,
        tmp_path,
    )
    assert result["docs"] >= 24 and result["sentences"] > 100 and result["frames"] > 50
    assert result["scored"]
