"""Where the LRS's login and address come from: ``lrs.toml``, the environment, ``--lrs``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trainer.xapi.credentials import (
    CredentialsError,
    is_plain_remote,
    normalise_lrs_url,
    read_lrs_settings,
)


def write(folder: Path, text: str, mode: int = 0o600) -> Path:
    path = folder / "lrs.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("https://lrs.school.example/xAPI/", "https://lrs.school.example/xAPI"),
        ("HTTPS://LRS.School.Example:8443/xAPI", "https://lrs.school.example:8443/xAPI"),
        ("http://127.0.0.1:8100/xAPI//", "http://127.0.0.1:8100/xAPI"),
        ("  http://[::1]:8100/xAPI/ ", "http://[::1]:8100/xAPI"),
    ],
)
def test_an_lrs_address_has_one_spelling(given, normal):
    assert normalise_lrs_url(given) == normal


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("https://anna:secret@lrs.school.example/xAPI/", "user name or password"),
        ("https://anna@lrs.school.example/xAPI/", "user name or password"),
        ("ftp://lrs.school.example/xAPI/", r"not an http\(s\) address"),
        ("lrs.school.example/xAPI", r"not an http\(s\) address"),
        ("https:///xAPI", r"not an http\(s\) address"),
        ("https://lrs.school.example/xAPI?token=1", "query or fragment"),
        ("https://lrs.school.example:99999/xAPI", "not valid"),
    ],
)
def test_an_lrs_address_that_cannot_be_used_is_refused(given, why):
    with pytest.raises(CredentialsError, match=why) as caught:
        normalise_lrs_url(given)
    assert "secret" not in str(caught.value)


def test_plain_http_is_flagged_only_for_other_machines():
    assert is_plain_remote("http://lrs.school.example/xAPI")
    assert not is_plain_remote("https://lrs.school.example/xAPI")
    assert not is_plain_remote("http://127.0.0.1:8100/xAPI")
    assert not is_plain_remote("http://localhost:8100/xAPI")


def test_lrs_toml_gives_the_login_and_the_address(tmp_path):
    write(tmp_path, 'username = "anna"\npassword = "pw"\nurl = "https://lrs.example/xAPI/"\n')
    settings = read_lrs_settings(tmp_path, {})
    assert settings.url == "https://lrs.example/xAPI/"
    assert settings.credentials is not None
    assert (settings.credentials.username, settings.credentials.password) == ("anna", "pw")
    assert "pw" not in repr(settings.credentials)


def test_no_file_and_no_variables_is_no_login(tmp_path):
    assert read_lrs_settings(tmp_path, {}).credentials is None


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o602, 0o610, 0o666])
def test_a_login_file_the_group_or_others_may_use_is_refused(tmp_path, mode):
    path = write(tmp_path, 'username = "anna"\npassword = "pw"\n', mode)
    with pytest.raises(CredentialsError, match=f"chmod 600 {path}") as caught:
        read_lrs_settings(tmp_path, {})
    assert f"{mode:04o}" in str(caught.value) and "pw" not in str(caught.value)


@pytest.mark.parametrize("mode", [0o600, 0o400])
def test_a_login_file_only_its_owner_may_read_is_used(tmp_path, mode):
    write(tmp_path, 'username = "anna"\npassword = "pw"\n', mode)
    assert read_lrs_settings(tmp_path, {}).credentials is not None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('username = "anna"\npasword = "pw"\n', "unknown key 'pasword'"),
        ('username = "anna"\n', "needs both username and password"),
        ('username = "anna"\npassword = 1234\n', "password must be text"),
        ("username = \n", "cannot read"),
    ],
)
def test_a_login_file_that_is_wrong_says_what_is_wrong(tmp_path, text, why):
    write(tmp_path, text)
    with pytest.raises(CredentialsError, match=why):
        read_lrs_settings(tmp_path, {})


@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_a_login_that_is_no_file_is_never_read(tmp_path, kind):
    if kind == "pipe":
        os.mkfifo(tmp_path / "lrs.toml", 0o600)
    else:
        (tmp_path / "lrs.toml").mkdir(mode=0o755)
    with pytest.raises(CredentialsError, match="is not a file"):
        read_lrs_settings(tmp_path, {})


def test_the_environment_comes_first_and_needs_both_variables(tmp_path):
    write(tmp_path, 'username = "file"\npassword = "file-pw"\nurl = "https://lrs.example/"\n')
    env = {"MASSAGE_TRAINER_LRS_USERNAME": "env", "MASSAGE_TRAINER_LRS_PASSWORD": "env-pw"}
    settings = read_lrs_settings(tmp_path, env)
    assert settings.credentials is not None
    assert settings.credentials.username == "env"
    assert settings.credentials.source == "the environment"
    assert settings.url == "https://lrs.example/"  # the address still comes from the file
    with pytest.raises(CredentialsError, match="MASSAGE_TRAINER_LRS_PASSWORD is not set"):
        read_lrs_settings(tmp_path, {"MASSAGE_TRAINER_LRS_USERNAME": "env"})


def test_a_username_with_a_colon_is_refused(tmp_path):
    write(tmp_path, 'username = "a:b"\npassword = "c"\n')
    with pytest.raises(CredentialsError, match="cannot hold ':'"):
        read_lrs_settings(tmp_path, {})
