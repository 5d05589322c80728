"""Keys a student can remap in settings.toml (``[keys]``), through Textual's keymap.

Every binding a student uses has an id; ``[keys]`` maps ids to keys, e.g.
``review = "v"``. Ids shared by several screens (``back``, ``help``, ``review``) change
on all of them at once, so a key keeps one meaning everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding


def _binding_classes() -> Iterable[type]:
    from trainer.ui import app
    from trainer.ui.screens import (
        answer_key,
        confirm,
        exam_dialogs,
        help,
        home,
        lesson,
        problems,
        progress,
        quiz,
        quiz_chooser,
        results,
        section,
    )
    from trainer.ui.widgets import arrange_list, choice_list, pick_list

    for module in (app, confirm, exam_dialogs, help, home, lesson, problems, progress, quiz,
                   quiz_chooser, results, section, answer_key, arrange_list, choice_list,
                   pick_list):  # fmt: skip
        for value in vars(module).values():
            # Ours only: Textual's own classes come along with the imports.
            if (
                isinstance(value, type)
                and "BINDINGS" in vars(value)
                and value.__module__.startswith("trainer.")
            ):
                yield value


def binding_defaults() -> dict[str, tuple[str, str]]:
    """Every remappable binding id: (its default keys, what it does)."""
    found: dict[str, tuple[str, str]] = {}
    for cls in _binding_classes():
        for binding in vars(cls)["BINDINGS"]:
            if isinstance(binding, Binding) and binding.id:
                found.setdefault(binding.id, (binding.key, binding.description))
    return dict(sorted(found.items()))


def checked_keymap(keys: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The usable part of a ``[keys]`` table, and what was left out and why."""
    known = binding_defaults()
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in keys.items():
        cleaned = ",".join(part.strip() for part in value.split(",") if part.strip())
        if binding_id not in known:
            problems.append(f"unknown key id {binding_id!r}")
        elif not cleaned:
            problems.append(f"no key given for {binding_id!r}")
        else:
            keymap[binding_id] = cleaned
    for clash in clashes(keymap):
        # A clash is not applied: a key that did two things would do only one of them.
        problems.append(clash)
    if any("would do both" in p for p in problems):
        keymap = {k: v for k, v in keymap.items() if not any(repr(k) in p for p in problems)}
    return keymap, problems


def clashes(keymap: Mapping[str, str]) -> list[str]:
    """Keys a remap gives to two actions of one screen (the first would win silently)."""
    found: list[str] = []
    for cls in _binding_classes():
        owner: dict[str, str] = {}
        for binding in vars(cls)["BINDINGS"]:
            if not isinstance(binding, Binding) or not binding.id:
                continue
            keys = keymap.get(binding.id, binding.key).split(",")
            for key in keys:
                other = owner.setdefault(key, binding.id)
                if other != binding.id and (binding.id in keymap or other in keymap):
                    found.append(f"{key!r} would do both {other!r} and {binding.id!r}")
    return list(dict.fromkeys(found))


def keymap_notice(problems: list[str]) -> str | None:
    """The sentence telling the student that part of ``[keys]`` was not used."""
    if not problems:
        return None
    return (
        f"settings.toml [keys]: {'; '.join(problems)}; left out (the defaults apply). "
        "See docs/keys.md for the ids."
    )
