"""Fixtures shared by the question-bank tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

GIFT_NODE_DIR = Path(__file__).parent / "node"
"""The Node.js helper that parses GIFT with gift-pegjs (pinned in its package-lock.json)."""


@pytest.fixture(scope="session")
def gift_pegjs() -> Callable[[str], list[dict[str, Any]]]:
    """Parse GIFT text with gift-pegjs, an independent GIFT parser: its questions as JSON.

    Fails (never skips) when Node.js or the installed package is missing: install it
    with ``npm ci --prefix tests/banks/node``.
    """
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "Node.js (`node`) is not on PATH: the GIFT export is checked with gift-pegjs, "
            "which needs Node.js 18 or later"
        )
    if not (GIFT_NODE_DIR / "node_modules" / "gift-pegjs").is_dir():
        pytest.fail(
            f"gift-pegjs is not installed in {GIFT_NODE_DIR / 'node_modules'}: run "
            "`npm ci --prefix tests/banks/node` (it installs the versions pinned in "
            "tests/banks/node/package-lock.json)"
        )
    script = str(GIFT_NODE_DIR / "parse_gift.js")

    def parse(text: str) -> list[dict[str, Any]]:
        result = subprocess.run(
            [node, script],
            input=text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=GIFT_NODE_DIR,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(f"gift-pegjs cannot parse the GIFT: {result.stderr.strip()}\n{text}")
        questions: list[dict[str, Any]] = json.loads(result.stdout)
        return questions

    return parse
