"""A non-editable install works: the wheel carries the top-level ``db/`` migrations inside the package."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_built_wheel_creates_a_database_from_its_own_migrations(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="the build backend is in the [test] extra")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("cswork-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    migrations = sorted(n for n in names if n.startswith("cswork/db/") and n.endswith(".sql"))
    assert migrations == sorted(f"cswork/db/{p.name}" for p in (ROOT / "db").glob("*.sql"))

    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)  # a pure-Python wheel installs by unpacking
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import cswork; assert cswork.__file__.startswith(sys.argv[1]), cswork.__file__;"
        "from cswork.cli import app; app(['init', '--db', sys.argv[2]])"
    )
    database = tmp_path / "fresh.db"
    run = subprocess.run(
        [sys.executable, "-c", script, str(installed), str(database)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr

    version = sqlite3.connect(database).execute("SELECT MAX(version) FROM schema_migrations")
    assert version.fetchone()[0] == len(migrations)
