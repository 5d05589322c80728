"""The student's record: profiles, answers and lesson progress, kept in plain TOML files.

No Textual here (a test enforces it). Modules:

* ``location``     data folder and profile names (``resolve_data_dir``, ``validate_profile_name``)
* ``store``        ``ProgressStore``: open a profile, save answers durably, read state/history
* ``models``       pydantic models of events, the summary and whole records
* ``bounds``       ranges of every number and date read, and the check of FSRS cards
* ``summary``      ``profile.toml``: load, save, fold history into it
* ``history_files``  monthly ``history/YYYY-MM.toml``: append blocks, tolerant reading
* ``durable``      atomic writes, fsync'd appends, moving unreadable files aside
* ``swap``         swapping a profile folder so a kill at any moment loses nothing
* ``records``      history <-> whole record, writing a profile folder from a record
* ``transfer``     ``export_record`` (with what it left out) / ``import_record``
* ``migration``    schema-1 single-file profiles to the current layout
* ``profiles``     ``list_profiles``
* ``commands``     the ``profiles``, ``export`` and ``import`` subcommands

The file layout is described for people in ``docs/progress-files.md``.
"""
