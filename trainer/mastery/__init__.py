"""Mastery and review: FSRS scheduling, mastery levels, the review queue, progress reports.

No Textual here (a test enforces it). Modules:

* ``scheduling``  each question is an ``fsrs`` card: rating rule, card <-> TOML table
* ``levels``      ``Level`` and the level of a question, lesson and topic
* ``local_days``  the student's local day ("due today", streaks)
* ``review``      the review queue, next due time, 14-day forecast, weakest lesson
* ``report``      ``ProgressReport`` for the Progress screen and ``progress`` command
* ``reset``       forgetting a lesson or a profile, keeping a backup ``import`` restores
* ``commands``    the ``progress``, ``review`` and ``reset`` subcommands

The rules are described for people in ``docs/mastery.md``.
"""
