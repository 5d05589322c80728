"""Building the command-line parser must stay light: plain ``massage-trainer`` builds it
before the app shows anything, so it must not import pydantic, Textual, filelock or fsrs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pydantic", "textual", "filelock", "fsrs")

CODE = f"""
import sys
from trainer.cli import build_parser

parser = build_parser()
parser.parse_args([])
parser.parse_args(["validate"])
heavy = [name for name in {HEAVY!r} if name in sys.modules]
print(",".join(heavy))
"""


def test_building_the_parser_imports_nothing_heavy() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded = [name for name in result.stdout.strip().split(",") if name]
    assert not loaded, f"building the parser imported: {', '.join(loaded)}"
