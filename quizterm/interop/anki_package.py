"""Opening an Anki package (`.apkg`, `.colpkg`) safely: its collection, extracted to a private temporary file.

A package is a zip. Which collection it holds depends on the Anki that wrote it:

- `collection.anki21b`: the current format, an SQLite file compressed with zstd;
- `collection.anki21`: Anki 2.1's format (an export with "support older Anki versions");
- `collection.anki2`: the oldest format (genanki and Anki before 2.1 write only this). Newer Anki also
  writes one beside its real collection, as a stub whose only note says to update Anki: the newest
  collection present is the one read, and a package holding nothing but that stub is refused.

A package is untrusted input, so nothing in it is believed before it is checked: a member name with
`..`, an absolute path or a drive is refused (nothing is ever extracted under a member's own name
anyway); sizes and compression ratios are checked from the zip's directory before anything is
extracted and counted again while it is (a zip bomb, or zstd data that expands without end, is stopped
at the cap); the collection is copied into a temporary folder that is removed afterwards, and opened
read-only there (`anki_collection.py`).
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import IO

from quizterm.errors import QuiztermError

MAX_COLLECTION_BYTES = 512 * 2**20
"""The largest collection (uncompressed) read: far above any deck quizterm could hold (20 MiB of text)."""
MAX_RATIO = 200
"""The most a member may expand (uncompressed / compressed), once it is over `RATIO_FROM` bytes. SQLite
collections compress 4 to 30 times; a zip bomb, hundreds to a thousand times."""
RATIO_FROM = 4 * 2**20
MAX_MEMBERS = 200_000
"""Members in the zip (a package holds one file per media file; a zip's directory is read whole)."""
CHUNK = 2**20

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
"""Newest first: the first present is the real collection."""


class PackageError(QuiztermError):
    """A package that cannot (or must not) be read: says what is wrong with it."""


@contextmanager
def extracted_collection(package: Path) -> Iterator[tuple[Path, str]]:
    """The package's collection as a temporary SQLite file, and the member it came from.

    Raises `PackageError` for anything but a sound package; the temporary folder is removed on exit.
    """
    try:
        archive = zipfile.ZipFile(package)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise PackageError(f"{package}: not an Anki package (not a readable zip file: {exc})") from None
    with archive, tempfile.TemporaryDirectory(prefix="quizterm-anki-") as scratch:
        infos = archive.infolist()
        _check_members(package, infos)
        present = {info.filename: info for info in infos}
        name = next((candidate for candidate in COLLECTIONS if candidate in present), None)
        if name is None:
            raise PackageError(f"{package}: no Anki collection inside (expected one of {', '.join(COLLECTIONS)})")
        info = present[name]
        _check_size(package, info)
        target = Path(scratch) / "collection.sqlite3"
        try:
            with archive.open(info) as source, target.open("wb") as out:
                if name.endswith(".anki21b"):
                    _unzstd(package, source, out, info.compress_size)
                else:
                    _copy_capped(package, source, out, info.compress_size)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
            raise PackageError(f"{package}: damaged package ({name}: {exc})") from None
        yield target, name


def _check_members(package: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise PackageError(f"{package}: {len(infos):,} files inside (at most {MAX_MEMBERS:,}); not an Anki package "
                           "quizterm reads")
    for info in infos:
        if not _safe_name(info.filename):
            raise PackageError(f"{package}: refused: a file inside is named {info.filename!r} (a path leading out "
                               "of the package); Anki never writes such names")


def _safe_name(name: str) -> bool:
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    return not (posix.is_absolute() or windows.is_absolute() or windows.drive or ".." in posix.parts
                or ".." in windows.parts or "\x00" in name)


def _check_size(package: Path, info: zipfile.ZipInfo) -> None:
    if info.file_size > MAX_COLLECTION_BYTES:
        raise PackageError(f"{package}: refused: its collection would be {info.file_size / 2**20:,.0f} MiB "
                           f"uncompressed (at most {MAX_COLLECTION_BYTES // 2**20} MiB)")
    ratio = info.file_size // max(info.compress_size, 1)
    if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
        raise PackageError(f"{package}: refused: its collection would expand {ratio:,} times (at most {MAX_RATIO}); "
                           "this looks like a zip bomb")


def _bomb(package: Path, written: int, read: int) -> PackageError:
    if written > MAX_COLLECTION_BYTES:
        return PackageError(f"{package}: refused: its collection expands past {MAX_COLLECTION_BYTES // 2**20} MiB")
    return PackageError(f"{package}: refused: its collection expands more than {MAX_RATIO} times "
                        f"({read:,} bytes became {written:,}); this looks like a zip bomb")


def _over(written: int, read: int) -> bool:
    return written > MAX_COLLECTION_BYTES or (written > RATIO_FROM and written > MAX_RATIO * max(read, 1))


def _copy_capped(package: Path, source: IO[bytes], out: IO[bytes], compressed: int) -> None:
    """Copy, counting: the zip's directory may lie about the size."""
    written = 0
    while chunk := source.read(CHUNK):
        written += len(chunk)
        if _over(written, compressed):
            raise _bomb(package, written, compressed)
        out.write(chunk)


def _unzstd(package: Path, source: IO[bytes], out: IO[bytes], compressed: int) -> None:
    """Decompress `collection.anki21b`, stopping as soon as it expands past the caps."""
    import zstandard

    try:
        reader = zstandard.ZstdDecompressor().stream_reader(source, read_size=CHUNK)
        written = 0
        while chunk := reader.read(CHUNK):
            written += len(chunk)
            # Against the member's size in the zip: zstd's ratio and the zip's together.
            if _over(written, compressed):
                raise _bomb(package, written, compressed)
            out.write(chunk)
    except zstandard.ZstdError as exc:
        raise PackageError(f"{package}: damaged package (collection.anki21b is not valid zstd data: {exc})") from None
