"""The docs point at what exists: the files code cites, and the modules architecture.md names."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _sources() -> list[Path]:
    files = [ROOT / "README.md", *ROOT.glob("cswork/**/*.py"), *ROOT.glob("tests/**/*.py")]
    return [f for f in files if f.name != "test_docs.py"]


def test_code_cites_docs_in_the_repository_not_the_brief_outside_it() -> None:
    for source in _sources():
        text = source.read_text(encoding="utf-8")
        assert "DESIGN.md" not in text, source
        for cited in re.findall(r"docs/[\w-]+\.md", text):
            assert (ROOT / cited).is_file(), (source, cited)


def test_every_module_architecture_md_names_exists() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:cswork/)?[\w/]+\.(?:py|tcss))`", text))
    assert len(named) > 30
    found = [*ROOT.glob("cswork/**/*.*"), *ROOT.glob("tests/**/*.py"), *ROOT.glob("bench/*.py")]
    files = [f.relative_to(ROOT).as_posix() for f in found]
    for path in named:
        if "NAME" in path or "KIND" in path:
            continue  # a placeholder for the file you would add
        assert any(f == path or f.endswith(f"/{path}") for f in files), path


def test_every_package_is_in_the_architecture_page() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    for package in (ROOT / "cswork").iterdir():
        if package.is_dir() and (package / "__init__.py").exists():
            assert f"cswork/{package.name}/" in text, package.name
