"""The layers hold: the model stays pure, the CLI path stays light, and every package has a layer.

import-linter (``lint-imports``, in ``.ci/run``) checks the imports between cswork's own packages
against the contracts in ``pyproject.toml``; these tests check what it cannot see: third-party
libraries pulled in at run time, and a new package left out of the contracts.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import cswork
import cswork.model

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _modules_after(statement: str) -> set[str]:
    code = f"{statement}; import sys; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def _model_modules() -> list[str]:
    found = pkgutil.walk_packages(cswork.model.__path__, prefix="cswork.model.")
    return sorted(module.name for module in found)


def test_discovery_finds_the_model() -> None:
    modules = _model_modules()
    assert {"cswork.model.measures", "cswork.model.projection.engine"} <= set(modules)
    assert len(modules) > 20


def test_model_imports_nothing_from_outside_the_domain() -> None:
    loaded = _modules_after(f"import {', '.join(_model_modules())}")
    for forbidden in ("textual", "rich", "sqlite3", "sqlite_utils", "typer", "xmlschema"):
        assert forbidden not in loaded, forbidden
    others = {name.split(".")[1] for name in loaded if name.startswith("cswork.")}
    assert others <= {"model"}, others


def test_every_package_has_a_layer() -> None:
    contracts = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    layered = {
        name.strip()
        for contract in contracts["contracts"]
        if contract["type"] == "layers"
        for layer in contract["layers"]
        for name in layer.replace(":", "|").split("|")
    }
    top = {f"cswork.{module.name}" for module in pkgutil.iter_modules(cswork.__path__)}
    assert top - layered == set(), "add these to the layers in pyproject.toml"
    assert layered - top == set(), "these layers name nothing"


def test_cli_help_and_summary_path_do_not_import_textual() -> None:
    loaded = _modules_after(
        "import cswork.cli, cswork.services.summary, cswork.render.summary, "
        "cswork.services.pressure, cswork.services.cohorts, cswork.render.pressure, "
        "cswork.render.cohorts, cswork.render.settings"
    )
    assert "textual" not in loaded
    assert "numpy" not in loaded


def test_the_store_leaves_dateutils_parser_unloaded_until_used() -> None:
    loaded = _modules_after("import cswork.store")
    assert "dateutil.parser._parser" not in loaded
    assert "numpy" not in loaded
    used = _modules_after(
        "import cswork.store; from sqlite_utils.recipes import parsedate; "
        "assert parsedate('5 March 2024') == '2024-03-05'"
    )
    assert "dateutil.parser._parser" in used
