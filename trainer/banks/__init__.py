"""Question banks in and out: Moodle GIFT, Aiken and CSV in; GIFT, CSV and paper out.

Every importer turns a file's text into a :class:`~trainer.banks.model.Bank` (questions as
the quiz file holds them, each with the line it came from, plus what was skipped and
why); :mod:`trainer.banks.quiz_file` checks them with the course's own models and writes
the quiz. No Textual, Rich or argparse here.
"""
