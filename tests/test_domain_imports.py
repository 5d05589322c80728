"""The domain packages never load Textual or Rich: they run in commands, workers and tests.

import-linter checks the import statements (``.ci/run``); this checks what really ends up
in ``sys.modules``, including through third-party packages, in one fresh interpreter.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import trainer

DOMAIN = ("course", "quiz", "progress", "mastery", "study", "banks", "classes", "xapi")
FORBIDDEN = ("textual", "rich")

PROBE = """
import importlib, json, sys
found = {}
for name in sys.argv[1:]:
    before = set(sys.modules)
    importlib.import_module(name)
    # Only what this import brought in: the first module to load one is the culprit.
    found[name] = sorted(m for m in %r if m in sys.modules and m not in before)
print(json.dumps(found))
"""


def _domain_modules() -> list[str]:
    names = [f"trainer.{package}" for package in DOMAIN]
    names += ["trainer.text", "trainer.safe_parse", "trainer.bounded_read", "trainer.durable"]
    for package in DOMAIN:
        path = next(str(p) for p in trainer.__path__) + f"/{package}"
        names += [f"trainer.{package}.{info.name}" for info in pkgutil.iter_modules([path])]
    return names


def test_every_domain_module_is_probed() -> None:
    modules = _domain_modules()
    assert {"trainer.study.session", "trainer.progress.store", "trainer.course.loader"} <= set(
        modules
    )
    assert not any(".commands" in name for name in modules)  # commands live in trainer.cli


def test_no_domain_module_loads_textual_or_rich() -> None:
    modules = _domain_modules()
    result = subprocess.run(
        [sys.executable, "-c", PROBE % (FORBIDDEN,), *modules],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = {name: found for name, found in json.loads(result.stdout).items() if found}
    assert loaded == {}, f"these modules brought in {FORBIDDEN}: {loaded}"
