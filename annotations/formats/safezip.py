"""Reading zip containers (DOCX, EPUB) without trusting their headers.

A zip bomb declares small sizes and expands to gigabytes, or holds thousands of entries. Every
member is read in chunks and the bytes actually produced are counted against one budget for the
whole file, so the cost of a hostile file is bounded whatever its headers say.
"""

from __future__ import annotations

import io
import zipfile

from marginote.annotations.formats.base import (
    MAX_EXPANDED_BYTES,
    MAX_ZIP_ENTRIES,
    ExtractionError,
)

_CHUNK = 1 << 16


class SafeZip:
    """A zip archive read from bytes, with a budget of expanded bytes shared by every read."""

    def __init__(self, data: bytes, what: str, budget: int = MAX_EXPANDED_BYTES) -> None:
        self.what = what
        self.budget = budget
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise ExtractionError(f"damaged {what} (not a readable zip: {error})") from None
        if len(infos) > MAX_ZIP_ENTRIES:
            raise ExtractionError(f"refused: the {what} holds {len(infos):,} files")
        self.names = {info.filename for info in infos}

    def read(self, name: str) -> bytes:
        """The member ``name`` expanded; ExtractionError when missing, damaged or too big."""
        chunks: list[bytes] = []
        try:
            with self.zip.open(name) as member:
                while chunk := member.read(_CHUNK):
                    self.budget -= len(chunk)
                    if self.budget < 0:
                        raise ExtractionError(
                            f"refused: the {self.what} expands to more than "
                            f"{MAX_EXPANDED_BYTES >> 20} MB (a zip bomb?)"
                        )
                    chunks.append(chunk)
        except KeyError:
            raise ExtractionError(f"damaged {self.what}: {name} is missing") from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            raise ExtractionError(f"damaged {self.what}: {name} cannot be read ({error})") from None
        except RuntimeError as error:  # an encrypted member
            raise ExtractionError(f"{self.what} is encrypted: {error}") from None
        return b"".join(chunks)

    def check_all(self) -> None:
        """Expand every member once (within the budget): for libraries that open the zip
        themselves (python-docx), so that a bomb is refused before they read it."""
        for name in sorted(self.names):
            self.read(name)
