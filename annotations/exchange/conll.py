"""placeholder"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from marginote.annotations.exchange import Exported, WriteOptions


def write(items: Sequence[Exported], out: Path, options: WriteOptions | None = None) -> list[Path]:
    raise NotImplementedError
