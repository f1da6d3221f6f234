"""Zip packages from outside (Word, OpenDocument, EPUB files), checked before anything opens them.

A docx, odt or epub file is a zip archive, and a zip archive can be a bomb: 150 KB that
unpacks to gigabytes (pandoc unpacked one for 295 s into 3.8 GB), a table of contents whose
sizes lie, a damaged part. So before pandoc or roledoc's own reader opens a package, it is
checked here against the limits: the number of parts, each part's and the total unpacked size,
how much smaller a part is packed than it unpacks. Then every part is unpacked once as a
stream that stops just past its stated size, so a size that lies, a bad checksum (CRC) or a
damaged part is found without unpacking more than the limits allow.

`copy_package` writes the parts as they are checked into a new package, which is the one pandoc
reads: pandoc's zip reader is not Python's, and reading the copy leaves no room for the two to
see different parts in the same file.
"""

from __future__ import annotations

import copy
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..core.errors import RoledocError
from ..core.messages import _, megabytes

MAX_PARTS = 2000
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed, for parts over 1 MB: Word's XML packs some 10 to 1
_RATIO_FROM = 1024 * 1024
_CHUNK = 1024 * 1024
# What Word, LibreOffice and pandoc write, and all that pandoc's zip reader reads.
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_BROKEN = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError)


class PackageError(RoledocError):
    """A package that is not opened, and why; the message names the file."""


class DamagedPackage(PackageError):
    """Not a zip archive, or one with a damaged, encrypted or misnamed part."""


class OversizedPackage(PackageError):
    """A package that unpacks to more than the limits (a zip bomb, or far too large)."""


def check_package(
    path: Path,
    kind: str,
    *,
    parts: int = MAX_PARTS,
    part_bytes: int = MAX_PART_BYTES,
    total_bytes: int = MAX_TOTAL_BYTES,
    ratio: int = MAX_RATIO,
) -> None:
    """Raise `OversizedPackage` or `DamagedPackage` unless the package at `path` (a `kind`
    file: docx, odt, epub) keeps to the limits and every part unpacks whole, as stated."""
    with _open(path, kind) as archive:
        for info in _listed(archive, path.name, parts, part_bytes, total_bytes, ratio):
            for _chunk in _unpacked(archive, info, path.name):
                pass


def copy_package(path: Path, target: Path, kind: str) -> None:
    """`check_package`, writing each part into a new package at `target` as it is unpacked."""
    with _open(path, kind) as archive, zipfile.ZipFile(target, "w") as copied:
        listed = _listed(archive, path.name, MAX_PARTS, MAX_PART_BYTES, MAX_TOTAL_BYTES, MAX_RATIO)
        for info in listed:
            part = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            part.compress_type = info.compress_type
            if info.is_dir():
                copied.writestr(part, b"")
                continue
            with copied.open(part, "w", force_zip64=info.file_size > 2**31) as stream:
                for chunk in _unpacked(archive, info, path.name):
                    stream.write(chunk)


def _open(path: Path, kind: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (*_BROKEN, NotImplementedError):
        raise DamagedPackage(
            _("cannot read {name}: it is not a valid {kind} file", name=path.name, kind=kind)
        ) from None


def _listed(
    archive: zipfile.ZipFile, name: str, parts: int, part_bytes: int, total_bytes: int, ratio: int
) -> list[zipfile.ZipInfo]:
    """The parts as the archive lists them, once their count, sizes, names and packing are
    found within the limits."""
    infos = archive.infolist()
    if len(infos) > parts:
        raise OversizedPackage(
            _("cannot read {name}: it holds more than {limit} parts", name=name, limit=parts)
        )
    total = sum(info.file_size for info in infos)
    if total > total_bytes:
        raise OversizedPackage(
            _(
                "cannot read {name}: it unpacks to {size}, more than the limit of {limit}",
                name=name,
                size=megabytes(total),
                limit=megabytes(total_bytes),
            )
        )
    seen: set[str] = set()
    for info in infos:
        if info.file_size > part_bytes:
            raise OversizedPackage(
                _(
                    "cannot read {name}: its part {part} unpacks to {size}, more than the "
                    "limit of {limit}",
                    name=name,
                    part=info.filename,
                    size=megabytes(info.file_size),
                    limit=megabytes(part_bytes),
                )
            )
        packed = max(1, info.compress_size)
        if info.file_size > _RATIO_FROM and info.file_size > ratio * packed:
            raise OversizedPackage(
                _(
                    "cannot read {name}: its part {part} unpacks to {times} times its packed "
                    "size, more than the limit of {limit} (a zip bomb)",
                    name=name,
                    part=info.filename,
                    times=info.file_size // packed,
                    limit=ratio,
                )
            )
        if info.compress_type not in _METHODS or info.flag_bits & 0x1:
            raise DamagedPackage(
                _(
                    "cannot read {name}: its part {part} is encrypted or packed in a way "
                    "roledoc does not read",
                    name=name,
                    part=info.filename,
                )
            )
        if not _plain_name(info.filename) or info.filename in seen:
            raise DamagedPackage(
                _(
                    "cannot read {name}: it holds a part named {part}, a name that leads "
                    "outside the package or is there twice",
                    name=name,
                    part=info.filename,
                )
            )
        seen.add(info.filename)
    return infos


def _plain_name(name: str) -> bool:
    """A part name that stays inside the package wherever it is unpacked."""
    path = PurePosixPath(name)
    return bool(name) and not (
        path.is_absolute() or ".." in path.parts or "\\" in name or "\0" in name or ":" in name
    )


def _unpacked(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """The part's bytes in chunks; `DamagedPackage` when it is damaged (a bad CRC, broken
    packed data) or unpacks to another size than the archive states. Asked for one byte more
    than stated, the stream shows a part that goes on, and still stops there."""
    probe = copy.copy(info)
    probe.file_size = info.file_size + 1
    read = 0
    try:
        with archive.open(probe) as stream:
            while chunk := stream.read(_CHUNK):
                read += len(chunk)
                if read > info.file_size:
                    break
                yield chunk
    except _BROKEN:
        read = -1
    if read != info.file_size:
        raise DamagedPackage(
            _(
                "cannot read {name}: its part {part} is damaged (it does not unpack as the "
                "file states)",
                name=name,
                part=info.filename,
            )
        )
