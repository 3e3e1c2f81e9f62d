"""Reading a user's table of numbers (CSV, or the first sheet of an XLSX workbook), bounded.

A data file is hostile input like a model: it is read only if it is a regular file under the
size limit; an XLSX workbook (a zip of XML) is refused before parsing when it would unzip past
a limit or holds too many parts, and openpyxl reads it in read-only mode. Rows and columns are
bounded too. Cells come back as text, numbers or None, each with its row number in the file.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from windfall.core.errors import WindfallError
from windfall.core.io.userfile import read_bounded

MAX_TABLE_BYTES = 16 * 1024 * 1024
MAX_UNZIPPED_BYTES = 128 * 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
MAX_ROWS = 200_000
MAX_COLUMNS = 500
TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass
class Table:
    """A header row and body rows; `rows[i]` is (row number in the file, cells)."""

    path: Path
    header: list[str]
    rows: list[tuple[int, list[object]]]


def read_table(path: str | Path) -> Table:
    """The table in a .csv or .xlsx file; WindfallError naming file, row and cause."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise WindfallError(path, "data files are .csv or .xlsx")
    data = read_bounded(path, MAX_TABLE_BYTES)
    lines = _csv_rows(path, data) if suffix == ".csv" else _xlsx_rows(path, data)
    numbered = [(n, cells) for n, cells in lines if any(c not in (None, "") for c in cells)]
    if not numbered:
        raise WindfallError(path, "the file holds no rows")
    (header_row, header), body = numbered[0], numbered[1:]
    names = ["" if cell is None else str(cell).strip() for cell in header]
    while names and not names[-1]:
        names.pop()
    for k, name in enumerate(names):
        if not name:
            raise WindfallError(path, f"column {k + 1} has no name", line=header_row)
    return Table(path, names, [(n, list(cells[: len(names)])) for n, cells in body])


def _csv_rows(path: Path, data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise WindfallError(path, "the file is not UTF-8 text", line=line) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        for cells in reader:
            _bound(path, reader.line_num, len(rows) + 1, len(cells))
            rows.append((reader.line_num, [cell.strip() for cell in cells]))
    except csv.Error as exc:
        raise WindfallError(path, f"not valid CSV ({exc})", line=reader.line_num) from exc
    return rows


def _bound(path: Path, line: int, count: int, width: int) -> None:
    if count > MAX_ROWS:
        raise WindfallError(path, f"more than {MAX_ROWS:,} rows", line=line)
    if width > MAX_COLUMNS:
        raise WindfallError(path, f"more than {MAX_COLUMNS} columns", line=line)


def _xlsx_rows(path: Path, data: bytes):
    _check_zip(path, data)
    try:
        import openpyxl
    except ImportError as exc:  # a declared dependency; only a broken install lacks it
        raise WindfallError(path, f"reading XLSX needs openpyxl ({exc})") from exc
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise WindfallError(path, f"not a readable XLSX workbook ({type(exc).__name__})") from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        for number, cells in enumerate(
            sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), start=1
        ):
            cells = list(cells)
            while cells and cells[-1] is None:  # read-only rows are padded to max_col
                cells.pop()
            _bound(path, number, len(rows) + 1, len(cells))
            rows.append((number, [_cell(path, number, c) for c in cells]))
        return rows
    finally:
        book.close()


def _cell(path: Path, row: int, value) -> object:
    if value is None or isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return value
    raise WindfallError(
        path, f"a cell holds {type(value).__name__}; use plain numbers (e.g. years)", line=row
    )


def _check_zip(path: Path, data: bytes) -> None:
    """Refuse a workbook that would unzip too large or holds too many parts."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise WindfallError(path, "not an XLSX workbook (not a zip archive)") from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise WindfallError(path, f"the workbook has more than {MAX_ZIP_ENTRIES} parts")
    unzipped = sum(info.file_size for info in infos)
    if unzipped > MAX_UNZIPPED_BYTES:
        raise WindfallError(
            path, f"the workbook unzips to {unzipped:,} bytes (limit {MAX_UNZIPPED_BYTES:,})"
        )
