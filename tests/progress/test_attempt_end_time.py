"""An attempt begun and ended within one second reads back (its end is not before its start)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from trainer.progress.store import ProgressStore


def test_an_attempt_ended_in_the_second_it_began_reads_back(tmp_path):
    # Started later within this second than the end (kept to whole seconds) would say.
    started = datetime.now(UTC).replace(microsecond=999_999) + timedelta(seconds=1)
    with ProgressStore.open(tmp_path, "anna") as store:
        finished = store.start_attempt("q", "practice", ["a"], started_at=started)
        store.finish_attempt(finished, 100.0, True)
        abandoned = store.start_attempt("q", "practice", ["a"], started_at=started)
        store.abandon_attempt(abandoned)
        history, skipped = store.read_history()
    assert skipped == []
    ends = {a.attempt: a.ended_at for a in history.attempts}
    assert ends[finished] is not None and ends[finished] >= started
    assert ends[abandoned] is not None and ends[abandoned] >= started
