"""The mastery package must never import Textual (it runs in CLI commands and workers)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import trainer.mastery

MODULES = sorted(
    f"trainer.mastery.{info.name}" for info in pkgutil.iter_modules(trainer.mastery.__path__)
)


def test_modules_found() -> None:
    assert {"trainer.mastery.scheduling", "trainer.mastery.commands"} <= set(MODULES)


@pytest.mark.parametrize("module", ["trainer.mastery", *MODULES])
def test_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; sys.exit('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr or f"{module} imported textual"
