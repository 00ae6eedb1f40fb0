"""placeholder"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from marginote.annotations.exchange import Exported


def write(items: Sequence[Exported], out: Path) -> list[Path]:
    raise NotImplementedError
