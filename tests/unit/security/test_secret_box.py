"""Secrets sealed at rest: a round trip, a clear error for the wrong key, and a private key file."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from adapters.security import (
    FernetSecretBox,
    InvalidSecretKey,
    SecretKeyMismatch,
    generate_key,
    load_or_create_key,
)


def test_a_sealed_secret_opens_to_the_same_text_and_does_not_contain_it() -> None:
    box = FernetSecretBox(generate_key())

    sealed = box.seal("token-secret-ü-123")

    assert "token-secret" not in sealed
    assert box.unseal(sealed) == "token-secret-ü-123"
    assert box.seal("same") != box.seal("same"), "each seal uses a fresh IV"


def test_the_wrong_key_says_secret_key_does_not_match() -> None:
    sealed = FernetSecretBox(generate_key()).seal("consumer secret")

    with pytest.raises(
        SecretKeyMismatch, match="SECRET_KEY does not match the key the credentials were sealed"
    ):
        FernetSecretBox(generate_key()).unseal(sealed)


def test_a_tampered_secret_is_refused() -> None:
    box = FernetSecretBox(generate_key())
    sealed = box.seal("consumer secret")
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]

    with pytest.raises(SecretKeyMismatch):
        box.unseal(tampered)


def test_an_older_key_listed_after_the_new_one_still_opens_old_secrets() -> None:
    old, new = generate_key(), generate_key()
    sealed_long_ago = FernetSecretBox(old).seal("token secret")

    rotated = FernetSecretBox.from_setting(f"{new}, {old}")

    assert rotated.unseal(sealed_long_ago) == "token secret"
    assert FernetSecretBox(new).unseal(rotated.seal("fresh")) == "fresh", "new secrets use the first key"


@pytest.mark.parametrize("setting", ["not-a-key", "", " , "])
def test_a_setting_that_is_not_a_fernet_key_is_refused_with_how_to_make_one(setting: str) -> None:
    with pytest.raises(InvalidSecretKey) as refused:
        FernetSecretBox.from_setting(setting)
    assert "SECRET_KEY" in str(refused.value)


def test_the_box_never_shows_its_key() -> None:
    key = generate_key()
    assert key not in repr(FernetSecretBox(key))


def test_the_key_file_is_created_private_and_reused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"

    first = load_or_create_key(data_dir)
    second = load_or_create_key(data_dir)

    key_file = data_dir / "secret.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first == second
    assert FernetSecretBox(second).unseal(FernetSecretBox(first).seal("x")) == "x"
    assert [p.name for p in data_dir.iterdir()] == ["secret.key"], "no scratch files left behind"


def test_the_key_file_is_private_even_under_a_permissive_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        load_or_create_key(tmp_path)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "secret.key").stat().st_mode) == 0o600


def test_a_key_file_readable_by_others_is_made_private(tmp_path: Path) -> None:
    key_file = tmp_path / "secret.key"
    key_file.write_text(generate_key())
    key_file.chmod(0o644)

    load_or_create_key(tmp_path)

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_corrupt_key_file_is_named_in_the_error(tmp_path: Path) -> None:
    (tmp_path / "secret.key").write_text("garbage")
    (tmp_path / "secret.key").chmod(0o600)

    with pytest.raises(InvalidSecretKey, match=r"secret\.key"):
        load_or_create_key(tmp_path)


def test_processes_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    start = threading.Barrier(8)
    keys: list[bytes] = []

    def start_up() -> None:
        start.wait()
        keys.append(load_or_create_key(tmp_path))

    threads = [threading.Thread(target=start_up) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(keys) == 8 and len(set(keys)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]
