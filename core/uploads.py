"""Checking an uploaded file by its content before anything is stored.

`check_upload` sniffs the real type from the first bytes (magic numbers), not
from the name or the browser's content type; refuses empty and oversized files,
names whose extension does not match the content, and HTML hidden in images;
opens images and office documents to be sure they are what they claim; and runs
the optional antivirus. It returns a `CheckedUpload` or raises ValidationError
with a message in Portuguese (through gettext). It never stores anything.
"""

import hashlib
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from . import antivirus


@dataclass(frozen=True)
class Kind:
    label: str  # shown to editors and citizens
    mimes: frozenset
    extensions: frozenset


KINDS = {
    "pdf": Kind("PDF", frozenset({"application/pdf"}), frozenset({".pdf"})),
    "jpeg": Kind("JPEG", frozenset({"image/jpeg"}), frozenset({".jpg", ".jpeg", ".jfif"})),
    "png": Kind("PNG", frozenset({"image/png"}), frozenset({".png"})),
    "heic": Kind("HEIC", frozenset({"image/heic", "image/heif"}), frozenset({".heic", ".heif"})),
    "webp": Kind("WebP", frozenset({"image/webp"}), frozenset({".webp"})),
    "docx": Kind(
        "DOCX",
        frozenset({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}),
        frozenset({".docx"}),
    ),
    "odt": Kind("ODT", frozenset({"application/vnd.oasis.opendocument.text"}), frozenset({".odt"})),
}
DEFAULT_KINDS = ["pdf", "jpeg", "png", "heic", "webp"]
IMAGE_KINDS = {"jpeg", "png", "heic", "webp"}
MB = 1024 * 1024

SNIFF_BYTES = 8192
# Markup a browser could be tricked into running, looked for in image files
# (a "polyglot": a valid image header with a web page inside).
MARKUP_RE = re.compile(rb"<\s*(?:!doctype|html|script|svg|iframe|body|object|embed)\b", re.I)
# Zip-based documents: refuse "zip bombs" and macro-carrying files.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 200 * MB
NAME_MAX_LENGTH = 120


@dataclass(frozen=True)
class CheckedUpload:
    file: object  # the UploadedFile, rewound
    name: str  # sanitised, for display
    kind: str
    content_type: str
    size: int
    sha256: str


def sanitise_name(name: str) -> str:
    """A file name safe to show and to offer on download: no folders, no control
    characters, no leading dots, at most NAME_MAX_LENGTH characters (keeping the
    extension)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*')
    name = " ".join(name.split()).lstrip(". ")
    stem, ext = os.path.splitext(name)
    if len(name) > NAME_MAX_LENGTH:
        ext = ext[:16]
        name = stem[: NAME_MAX_LENGTH - len(ext)] + ext
    return name or "arquivo"


def accepted_labels(kinds) -> str:
    return ", ".join(KINDS[k].label for k in kinds if k in KINDS)


def accept_attribute(kinds) -> str:
    """The `accept` attribute of the file input (a hint for the phone's picker)."""
    values = []
    for key in kinds:
        kind = KINDS.get(key)
        if kind:
            values += sorted(kind.extensions) + sorted(kind.mimes)
    return ",".join(values)


def sniff(head: bytes) -> str | None:
    """The kind key for the content's magic bytes, or None."""
    guess = filetype.guess(head)
    if guess is None:
        return None
    for key, kind in KINDS.items():
        if guess.mime in kind.mimes:
            return key
    return None


class HashingMixin:
    """An upload handler that works out each file's SHA-256 while the request is
    read (FILE_UPLOAD_HANDLERS), so checking a file needs no second pass over it
    only to hash it. The file it makes carries `sha256` (hex) and `hashed_size`.

    It also reads the request in pieces of 1 MiB rather than Django's 64 KiB:
    each piece is a call through the server's body reader and the parser's
    iterators (docs/performance.md has the measurement)."""

    chunk_size = 1024 * 1024

    def new_file(self, *args, **kwargs):
        self._digest = hashlib.sha256()
        super().new_file(*args, **kwargs)  # may raise StopFutureHandlers

    def receive_data_chunk(self, raw_data, start):
        passed_on = super().receive_data_chunk(raw_data, start)
        if passed_on is None:  # this handler kept the chunk
            self._digest.update(raw_data)
        return passed_on

    def file_complete(self, file_size):
        file = super().file_complete(file_size)
        if file is not None:
            file.sha256 = self._digest.hexdigest()
            file.hashed_size = file_size
        return file


class HashingMemoryFileUploadHandler(HashingMixin, MemoryFileUploadHandler):
    pass


class HashingTemporaryFileUploadHandler(HashingMixin, TemporaryFileUploadHandler):
    pass


def _received_digest(file):
    """(sha256, size) the upload handler worked out, when it did and the file is
    the one it read; else None."""
    digest = getattr(file, "sha256", None)
    if digest and getattr(file, "hashed_size", None) == file.size:
        return digest, file.size
    return None


def _read_all(file, look_for_markup=True):
    file.seek(0)
    digest = hashlib.sha256()
    size = 0
    markup = False
    tail = b""
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(MB), b""):
        digest.update(chunk)
        size += len(chunk)
        # Search across chunk borders too.
        if look_for_markup and not markup and MARKUP_RE.search(tail + chunk):
            markup = True
        tail = chunk[-32:]
    file.seek(0)
    return digest.hexdigest(), size, markup, tail


def _check_image(file, kind):
    from PIL import Image

    if kind == "heic":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    file.seek(0)
    try:
        with Image.open(file) as image:
            image.verify()
    except Exception as error:  # Pillow raises many kinds for broken files
        raise ValidationError(
            gettext("“%(name)s” is not a readable image."), code="broken"
        ) from error
    finally:
        file.seek(0)


def _check_zip(file, kind):
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            total = sum(entry.file_size for entry in entries)
            if len(entries) > ZIP_MAX_ENTRIES or total > ZIP_MAX_UNCOMPRESSED:
                raise ValidationError(gettext("“%(name)s” is not a valid document."), "broken")
            if kind == "docx" and "word/document.xml" not in names:
                raise ValidationError(gettext("“%(name)s” is not a valid document."), "broken")
            if kind == "odt" and (
                archive.read("mimetype").strip() != b"application/vnd.oasis.opendocument.text"
            ):
                raise ValidationError(gettext("“%(name)s” is not a valid document."), "broken")
            if any("vbaproject" in name.lower() or name.startswith("Basic/") for name in names):
                raise ValidationError(
                    gettext("“%(name)s” contains macros, which are not accepted."), "macros"
                )
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise ValidationError(gettext("“%(name)s” is not a valid document."), "broken") from error
    finally:
        file.seek(0)


def check_upload(file, *, kinds, max_bytes) -> CheckedUpload:
    """Check one uploaded file; see the module docstring. Raises ValidationError."""
    name = sanitise_name(getattr(file, "name", ""))
    params = {"name": name}
    try:
        return _check(file, name, kinds, max_bytes)
    except ValidationError as error:
        raise ValidationError(
            error.message, code=error.code, params={**params, **(error.params or {})}
        ) from None


def _check(file, name, kinds, max_bytes):
    if not file.size:
        raise ValidationError(gettext("“%(name)s” is empty."), code="empty")
    if file.size > max_bytes:
        raise ValidationError(
            gettext("“%(name)s” is larger than %(limit)s."),
            code="too_big",
            params={"limit": filesizeformat(max_bytes)},
        )
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    kind = sniff(head)
    labels = accepted_labels(kinds)
    if kind is None or kind not in kinds:
        raise ValidationError(
            gettext("“%(name)s” is not an accepted type of file. Send %(kinds)s."),
            code="type",
            params={"kinds": labels},
        )
    extension = os.path.splitext(name)[1].lower()
    if extension not in KINDS[kind].extensions:
        raise ValidationError(
            gettext(
                "The name of “%(name)s” does not match its content (a %(kind)s file). "
                "Rename it or send the original file."
            ),
            code="mismatch",
            params={"kind": KINDS[kind].label},
        )
    # Markup is refused in images only (a PDF or a document may quote HTML).
    received = _received_digest(file)
    if received is not None and kind not in IMAGE_KINDS:
        sha256, size = received  # hashed as it arrived; nothing to search
        markup, tail = False, b""
    else:
        sha256, size, markup, tail = _read_all(file, look_for_markup=kind in IMAGE_KINDS)
    if kind in IMAGE_KINDS:
        if markup:
            raise ValidationError(
                gettext("“%(name)s” has hidden content and was refused."), code="polyglot"
            )
        _check_image(file, kind)
    elif kind == "pdf":
        if b"%%EOF" not in tail and not _pdf_has_eof(file):
            raise ValidationError(gettext("“%(name)s” is not a complete PDF."), code="broken")
    else:
        _check_zip(file, kind)
    antivirus.check(file)
    return CheckedUpload(
        file=file,
        name=name,
        kind=kind,
        content_type=next(iter(sorted(KINDS[kind].mimes))),
        size=size,
        sha256=sha256,
    )


def _pdf_has_eof(file):
    """PDFs end with %%EOF, sometimes followed by a little padding."""
    file.seek(max(file.size - 2048, 0))
    end = file.read()
    file.seek(0)
    return b"%%EOF" in end


def limit_text(kinds, max_bytes) -> str:
    """The hint under a file input, e.g. "PDF, JPEG or PNG, up to 10 MB each"."""
    return gettext("Accepted: %(kinds)s; up to %(size)s per file.") % {
        "kinds": accepted_labels(kinds),
        "size": filesizeformat(max_bytes),
    }


KIND_CHOICES = [(key, kind.label) for key, kind in KINDS.items()]
