"""Model text from bytes: strict decoding that names the first bad byte's line."""

from __future__ import annotations

from pathlib import Path

from windfall.core.errors import WindfallError


def decode_model_text(data: bytes, source_path: Path) -> str:
    """Decode model text strictly: a byte that is not valid is an error, never dropped."""
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith(b"{") and b"}" in data[:64]:
        declared = data[1 : data.index(b"}")].decode("ascii", "replace").strip().lower()
        if declared in ("utf-8", "utf8"):
            encoding = "utf-8"
        elif declared in ("latin-1", "latin1", "iso-8859-1", "windows-1252", "cp1252"):
            encoding = "cp1252" if "12" in declared else "latin-1"
        else:
            raise WindfallError(source_path, f"unsupported text encoding header '{{{declared}}}'")
    if b"\x00" in data:
        raise WindfallError(source_path, "file contains binary data (NUL bytes), not model text")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise WindfallError(
            source_path,
            f"byte 0x{data[exc.start]:02x} is not valid {encoding.upper()}",
            line=line,
        ) from exc
