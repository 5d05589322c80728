"""A profile's lasting id: made once, kept through imports, a damaged file set aside."""

from __future__ import annotations

from pathlib import Path

from trainer.progress.identity import IDENTITY_FILE, read_identity
from trainer.progress.store import ProgressStore
from trainer.progress.transfer import export_record, import_record, record_to_json


def open_id(data: Path, name: str = "anna") -> str:
    with ProgressStore.open(data, name) as store:
        assert store.identity is not None
        return store.identity.id


def test_a_profile_gets_an_id_once_and_keeps_it(tmp_path):
    first = open_id(tmp_path)
    assert len(first) == 32
    assert open_id(tmp_path) == first
    assert open_id(tmp_path, "ben") != first  # another student
    text = (tmp_path / "profiles" / "anna" / IDENTITY_FILE).read_text(encoding="utf-8")
    assert text.startswith("# Who this profile is")
    assert f'id = "{first}"' in text


def test_a_damaged_identity_is_kept_aside_and_a_new_id_made_with_a_notice(tmp_path):
    first = open_id(tmp_path)
    path = tmp_path / "profiles" / "anna" / IDENTITY_FILE
    path.write_text("id = 42\n", encoding="utf-8")
    with ProgressStore.open(tmp_path, "anna") as store:
        assert store.identity is not None and store.identity.id != first
        assert any(IDENTITY_FILE in notice for notice in store.notices)
    kept = list(path.parent.glob(f"{IDENTITY_FILE}.corrupt-*"))
    assert [p.read_text(encoding="utf-8") for p in kept] == ["id = 42\n"]


def test_an_import_keeps_the_profiles_id(tmp_path):
    first = open_id(tmp_path)
    with ProgressStore.open(tmp_path, "anna") as store:
        record = tmp_path / "record.json"
        record.write_text(record_to_json(export_record(store).record), encoding="utf-8")
    import_record(tmp_path, "anna", record)
    assert open_id(tmp_path) == first
    # A new profile restored from a kept folder takes that folder's id.
    kept = next((tmp_path / "backups").iterdir())
    assert read_identity(kept / IDENTITY_FILE).id == first
    import_record(tmp_path, "restored", kept)
    assert open_id(tmp_path, "restored") == first


def test_the_pseudonym_is_stable_and_made_from_the_id(tmp_path):
    with ProgressStore.open(tmp_path, "anna") as store:
        identity = store.identity
    assert identity is not None
    assert identity.pseudonym() == f"Student {identity.id[:4].upper()}-{identity.id[4:8].upper()}"
