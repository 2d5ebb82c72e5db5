"""The wheel (what the Dockerfile installs, unlike the editable install of `make install`) holds every module."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_the_wheel_holds_every_module_and_the_migrations(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            str(ROOT),
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("accord_bot-*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    sources = {str(p.relative_to(ROOT)) for p in (ROOT / "bot").rglob("*.py")}
    assert sources <= inside, sorted(sources - inside)
    assert "bot/store/migrations/script.py.mako" in inside
    assert "bot/store/migrations/versions/0001_initial.py" in inside
