"""The progress package must never import Textual (it runs in CLI commands and workers)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import trainer.progress

MODULES = sorted(
    f"trainer.progress.{info.name}" for info in pkgutil.iter_modules(trainer.progress.__path__)
)


def test_modules_found() -> None:
    assert "trainer.progress.store" in MODULES
    assert "trainer.progress.commands" in MODULES


@pytest.mark.parametrize("module", ["trainer.progress", *MODULES])
def test_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; sys.exit('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr or f"{module} imported textual"
