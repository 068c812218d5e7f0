"""Bytes to text for files whose encoding nobody wrote down.

Open-data dumps come as UTF-8 or as Windows-1252/ISO-8859-1 (the same letters for Italian
text), and sometimes with UTF-8 that was decoded as Windows-1252 once already ("Ã¨" for
"è"). The encoding is decided per file: UTF-8 if every byte says so, else Windows-1252.
"""

import re

from catalog.data.importers.errors import ImportAborted

UTF8 = "utf-8"
WINDOWS_1252 = "cp1252"
# C0 and C1 control codes, DEL, but not tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# A UTF-8 lead byte then continuation bytes, as they look when read as Windows-1252.
_LEAD = "".join(bytes([b]).decode(WINDOWS_1252) for b in range(0xC2, 0xF5))
_CONTINUATION = "".join(bytes([b]).decode(WINDOWS_1252, errors="ignore") for b in range(0x80, 0xC0))
_MOJIBAKE = re.compile(f"[{re.escape(_LEAD)}][{re.escape(_CONTINUATION)}]{{1,3}}")


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """(text, encoding); ImportAborted for bytes no text encoding explains, or control codes."""
    try:
        text, encoding = raw.decode("utf-8-sig"), UTF8
    except UnicodeDecodeError:
        try:
            text, encoding = raw.decode(WINDOWS_1252), WINDOWS_1252
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            byte = raw[error.start]
            raise ImportAborted(
                f"{name}:{line}: invalid byte 0x{byte:02X}: neither UTF-8 nor "
                "Windows-1252/ISO-8859-1 (corrupted file?)"
            ) from error
    _refuse_control_characters(text, name)
    return text, encoding


def repair_mojibake(text: str) -> str:
    """ "Ã¨" -> "è", "â€™" -> "’": each sequence that is UTF-8 read as Windows-1252 is re-read."""

    def repaired(match: re.Match) -> str:
        try:
            return match.group(0).encode(WINDOWS_1252).decode(UTF8)
        except UnicodeError:
            return match.group(0)

    return _MOJIBAKE.sub(repaired, text)


def _refuse_control_characters(text: str, name: str) -> None:
    """NUL and other control codes never occur in a text file: the data is damaged."""
    found = _CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise ImportAborted(
            f"{name}:{line}: control character U+{ord(found.group()):04X}: binary or corrupted data"
        )
