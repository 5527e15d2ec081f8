"""The per-document cache of ``prepare``: one small file of Arrow IPC streams per document.

Each analysed document's sentences, quotes and frames (without ``doc_id``) and
the warnings it raised are kept under ``<out>/.cache/<key>.rlc``, keyed by the
sha256 of its cleaned text, its speaker, the lexicons' contents, the sentiment
flag, the researchlib version and the code version (:func:`researchlib._env.code_version`).
Never pickle: a cache entry is data only.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from pathlib import Path

import pyarrow as pa

__all__ = ["PER_DOC_TABLES", "encode_bundle", "decode_bundle", "doc_key", "store", "prune"]

#: The tables computed per document (the documents table is built from the corpus).
PER_DOC_TABLES = ("sentences", "quotes", "frames")
_CACHE_MAGIC = b"RLCACHE1"


def _ipc_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:  # uncompressed: fastest round trip
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def encode_bundle(tables: dict, caught: list) -> bytes:
    """One document's tables (without ``doc_id``) and warnings as bytes: magic, header, streams."""
    parts = [_ipc_bytes(tables[name]) for name in PER_DOC_TABLES]
    header = json.dumps(
        {"parts": [[n, len(p)] for n, p in zip(PER_DOC_TABLES, parts)], "warnings": caught}
    ).encode()
    return b"".join([_CACHE_MAGIC, struct.pack("<I", len(header)), header, *parts])


def decode_bundle(data: bytes) -> tuple[dict, list]:
    if data[:8] != _CACHE_MAGIC:
        raise ValueError("not a researchlib cache entry")
    (size,) = struct.unpack("<I", data[8:12])
    header = json.loads(data[12:12 + size])
    offset, tables = 12 + size, {}
    for name, length in header["parts"]:
        buf = pa.py_buffer(data[offset:offset + length])
        tables[name] = pa.ipc.open_stream(buf).read_all()
        offset += length
    return tables, header["warnings"]



def doc_key(text: str, speaker, language: str, base: bytes) -> str:
    """The cache key of one document: its text, speaker and language under ``base``."""
    h = hashlib.sha256(base)
    h.update(b"\x00speaker\x00" + ("" if speaker is None else str(speaker)).encode("utf-8"))
    h.update(b"\x00language\x00" + language.encode("utf-8"))
    h.update(b"\x00text\x00" + text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()



def store(cache_dir: Path, key: str, data: bytes) -> None:
    target = cache_dir / f"{key}.rlc"
    tmp = cache_dir / f".{key}.{os.getpid()}.tmp"
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass



def prune(cache_dir: Path, used_keys: set[str]) -> None:
    """Delete the entries of ``cache_dir`` whose keys are not in ``used_keys`` (best effort)."""
    for path in cache_dir.iterdir():
        if path.name.removesuffix(".rlc") not in used_keys:
            try:
                path.unlink()
            except OSError:
                pass
