"""The distribution installs every package of annotations/ and tui/ under the one name marginote."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_every_package_folder_is_installed_under_marginote() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    on_disk = {
        "marginote." + ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("annotations", "tui")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert all(name.startswith("marginote.") for name in listed)
