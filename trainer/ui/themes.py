"""Themes: a high-contrast one of our own, and a guess at the terminal's background."""

from __future__ import annotations

import os

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffaf00",
    error="#ff5f5f",
    success="#5fff5f",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1c1c1c",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "scrollbar": "#ffff00",
        "scrollbar-hover": "#ffffff",
        "scrollbar-active": "#ffffff",
        "scrollbar-background": "#303030",
        "footer-key-foreground": "#ffff00",
    },
)


def default_theme(environ: dict[str, str] | None = None) -> str:
    """``textual-light`` when the terminal says its background is light, else dark.

    Many terminals set ``COLORFGBG`` ("15;0": white on black); a background colour of 7
    or 15 means a light background.
    """
    env = os.environ if environ is None else environ
    background = env.get("COLORFGBG", "").split(";")[-1]
    return "textual-light" if background in ("7", "15") else "textual-dark"
