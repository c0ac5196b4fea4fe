"""CSV files with a header row → Dataset (stdlib ``csv`` + numpy, no pandas).

Errors name the file, the row (as an editor counts lines: the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import io
import logging
import math
from pathlib import Path

import numpy as np

from netbuilder.core.limits import check_memory
from netbuilder.data.dataset import Dataset
from netbuilder.data.errors import DatasetError
from netbuilder.data.paths import read_user_file, resolve_user_path
from netbuilder.data.spec import CsvSpec
from netbuilder.data.splits import split_and_assemble

log = logging.getLogger(__name__)

FLOAT32_MAX = float(np.finfo(np.float32).max)
# Parsed into Python strings and lists, a CSV file takes ~30-40 times its size (a 2-byte cell "0," is a
# 50-byte str plus a list slot): the bound on a file's read is checked against this.
CSV_BYTES_PER_BYTE = 40


def read_csv_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows (each with its row number); blank lines are skipped."""
    raw = read_user_file(path)
    check_memory(len(raw) * CSV_BYTES_PER_BYTE, f"reading {path}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DatasetError(f"not UTF-8 text (byte {error.start})", path=str(path)) from None
    if not text.strip():
        raise DatasetError("the file is empty", path=str(path))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if not cells or all(not c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip() for c in cells]
                _check_header(header, path)
                continue
            if len(cells) != len(header):
                raise DatasetError(
                    f"row {reader.line_num} has {len(cells)} cells, the header has {len(header)}", path=str(path)
                )
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise DatasetError(f"row {reader.line_num}: {error}", path=str(path)) from None
    if header is None:
        raise DatasetError("the file is empty", path=str(path))
    if not rows:
        raise DatasetError("the file has a header row but no data rows", path=str(path))
    return header, rows


def _delimiter(text: str) -> str:
    """Comma unless the header line has none but has semicolons or tabs (csv.Sniffer guesses too freely)."""
    first_line = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    if "," in first_line:
        return ","
    if ";" in first_line:
        return ";"
    if "\t" in first_line:
        return "\t"
    return ","


def _check_header(header: list[str], path: Path) -> None:
    for i, name in enumerate(header):
        if not name:
            raise DatasetError(f"row 1: column {i + 1} has no name (a header row is required)", path=str(path))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise DatasetError(f"row 1: column name {name!r} appears twice", path=str(path))
        seen.add(name)


def _parse_number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def _numeric_column(rows: list[tuple[int, list[str]]], index: int, name: str, path: Path) -> np.ndarray:
    values = np.empty(len(rows), dtype=np.float64)
    for i, (row_number, cells) in enumerate(rows):
        cell = cells[index]
        if not cell.strip():
            raise DatasetError(f"row {row_number}, column {name!r} is empty", path=str(path))
        value = _parse_number(cell)
        if value is None:
            raise DatasetError(f"row {row_number}, column {name!r}: {cell.strip()!r} is not a number", path=str(path))
        if not math.isfinite(value):
            raise DatasetError(
                f"row {row_number}, column {name!r}: {cell.strip()!r} is not a finite number", path=str(path)
            )
        if abs(value) > FLOAT32_MAX:
            raise DatasetError(
                f"row {row_number}, column {name!r}: {cell.strip()!r} is too large for a float32", path=str(path)
            )
        values[i] = value
    return values


def _column_index(header: list[str], name: str, path: Path, field: str) -> int:
    if name not in header:
        raise DatasetError(f"field {field!r}: no column {name!r}; columns are {', '.join(header)}", path=str(path))
    return header.index(name)


def _categorical(rows: list[tuple[int, list[str]]], index: int, name: str, path: Path) -> tuple[np.ndarray, list[str]]:
    labels = []
    for row_number, cells in rows:
        label = cells[index].strip()
        if not label:
            raise DatasetError(f"row {row_number}, column {name!r} is empty", path=str(path))
        labels.append(label)
    unique = set(labels)
    numbers = {label: _parse_number(label) for label in unique}
    if all(v is not None and math.isfinite(v) for v in numbers.values()):
        # numeric labels sort by value, so that "10" comes after "2"
        class_names = sorted(unique, key=lambda label: (numbers[label], label))
    else:
        class_names = sorted(unique)
    lookup = {label: i for i, label in enumerate(class_names)}
    return np.array([lookup[label] for label in labels], dtype=np.int64), class_names


def build_csv(spec: CsvSpec, base_dir: Path | None) -> Dataset:
    path = resolve_user_path(spec.path, base_dir, "path")
    header, rows = read_csv_table(path)
    if len(header) < 2 and spec.inputs is None:
        raise DatasetError("needs at least two columns: inputs and a target", path=str(path))
    target_name = spec.target or header[-1]
    target_index = _column_index(header, target_name, path, "target")
    input_names = list(spec.inputs) if spec.inputs is not None else [h for h in header if h != target_name]
    if not input_names:
        raise DatasetError("field 'inputs': choose at least one input column", path=str(path))
    if target_name in input_names:
        raise DatasetError(f"field 'inputs': the target column {target_name!r} cannot also be an input", path=str(path))
    input_indices = [_column_index(header, name, path, "inputs") for name in input_names]
    x = np.stack([_numeric_column(rows, i, header[i], path) for i in input_indices], axis=1)

    target_type = spec.target_type
    if target_type == "auto":
        # NaN still counts as numeric here, so that it is reported with its row below rather than
        # silently becoming a class called "nan".
        numeric = all(_parse_number(cells[target_index]) is not None for _, cells in rows)
        target_type = "numeric" if numeric else "categorical"
    if target_type == "numeric":
        y = _numeric_column(rows, target_index, target_name, path).reshape(-1, 1).astype(np.float32)
        task, class_names = "regression", None
    else:
        y, class_names = _categorical(rows, target_index, target_name, path)
        task = "classification"
    log.debug("read %s: %d rows, %d inputs, %s target", path, len(rows), len(input_names), task)
    return split_and_assemble(
        x.astype(np.float32),
        y,
        split=spec.split,
        seed=spec.seed,
        task=task,
        input_shape=(len(input_names),),
        feature_names=input_names,
        class_names=class_names,
        num_classes=len(class_names) if class_names is not None else None,
        normalize=spec.normalize,
        extras={"target_name": target_name},
    )
