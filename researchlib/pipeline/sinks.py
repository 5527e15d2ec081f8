"""Parquet sinks: Arrow tables with stable types, streamed into deterministic parquet files.

Every table is written with pyarrow, zstd level 3, no pandas metadata, strings
as ``large_string``, timestamps in ns and row groups of :data:`ROW_GROUP_SIZE`
rows, so the bytes depend only on the rows: not on the executor, the worker
count or the chunking.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..tables import ARROW_TYPES

__all__ = ["ROW_GROUP_SIZE", "to_arrow", "conform", "ParquetSink", "write_parquet"]

ROW_GROUP_SIZE = 1 << 16
_COMPRESSION = "zstd"
_COMPRESSION_LEVEL = 3
_STR = pa.large_string()


def _normalise_type(name: str, typ: pa.DataType) -> pa.DataType:
    if name in ARROW_TYPES:
        return ARROW_TYPES[name]
    if pa.types.is_dictionary(typ):
        typ = typ.value_type
    if pa.types.is_string(typ) or pa.types.is_large_string(typ) or pa.types.is_null(typ):
        return _STR
    if pa.types.is_timestamp(typ):
        return pa.timestamp("ns", tz=typ.tz)
    return typ


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """A frame as an Arrow table with stable types and no pandas metadata."""
    fields, columns = [], []
    for name in frame.columns:
        col = pa.array(frame[name].to_numpy(dtype=object) if frame[name].dtype == object
                       else frame[name], from_pandas=True)
        if isinstance(col, pa.ChunkedArray):
            col = col.combine_chunks()
        if pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)
        typ = _normalise_type(str(name), col.type)
        if col.type != typ:
            col = col.cast(typ, safe=not pa.types.is_timestamp(typ))
        fields.append(pa.field(str(name), typ))
        columns.append(col)
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with exactly ``schema``'s columns (missing ones null)."""
    if table.schema.equals(schema):
        return table
    columns = []
    for fld in schema:
        if fld.name in table.column_names:
            col = table.column(fld.name)
            columns.append(col if col.type == fld.type else col.cast(fld.type))
        else:
            columns.append(pa.nulls(table.num_rows, fld.type))
    return pa.Table.from_arrays(columns, schema=schema)



class ParquetSink:
    """Streams one table into a parquet file in row groups of :data:`ROW_GROUP_SIZE` rows."""

    def __init__(self, path: Path, fallback: pa.Schema):
        self.path, self.fallback = path, fallback
        self.schema = None
        self.pending, self.n_pending, self.rows = [], 0, 0
        self.writer = None

    def add(self, table: pa.Table) -> None:
        if self.schema is None:
            if table.num_rows == 0 and table.num_columns == 0:
                return
            self.schema = table.schema
        table = conform(table, self.schema)
        if table.num_rows == 0:
            return
        self.pending.append(table)
        self.n_pending += table.num_rows
        self.rows += table.num_rows
        if self.n_pending >= ROW_GROUP_SIZE:
            self._flush(final=False)

    def _open(self):
        if self.writer is None:
            self.writer = pq.ParquetWriter(
                self.path, self.schema, compression=_COMPRESSION,
                compression_level=_COMPRESSION_LEVEL, version="2.6",
                data_page_version="1.0", write_statistics=True,
            )

    def _flush(self, *, final: bool) -> None:
        table = pa.concat_tables(self.pending).combine_chunks() if self.pending else None
        self.pending, self.n_pending = [], 0
        if table is None:
            return
        full = table.num_rows if final else (table.num_rows // ROW_GROUP_SIZE) * ROW_GROUP_SIZE
        self._open()
        if full:
            self.writer.write_table(table.slice(0, full), row_group_size=ROW_GROUP_SIZE)
        rest = table.slice(full)
        if rest.num_rows:
            self.pending, self.n_pending = [rest], rest.num_rows

    def close(self) -> None:
        if self.schema is None:
            self.schema = self.fallback
        self._flush(final=True)
        if self.writer is None:
            self._open()
            self.writer.write_table(self.schema.empty_table())
        self.writer.close()
        self.writer = None


def write_parquet(table: pa.Table, path: Path) -> None:
    sink = ParquetSink(path, table.schema)
    sink.schema = table.schema
    for batch in table.to_batches(max_chunksize=ROW_GROUP_SIZE):
        sink.add(pa.Table.from_batches([batch], schema=table.schema))
    sink.close()

