"""The settings file: read with one-line problems, written atomically and private, PIN hashed."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from vp_tui.storage.config import (
    Config,
    ConfigError,
    check_pin,
    config_path,
    hash_pin,
    pin_problem,
    read_config,
    update_config,
    write_config,
)


def test_the_file_is_in_the_xdg_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_path() == tmp_path / "vp-tui" / "config.toml"


def test_no_file_is_no_settings_and_no_problem(tmp_path: Path) -> None:
    assert read_config(tmp_path / "config.toml") == (Config(), None)


def test_written_settings_read_back_private_to_their_owner(tmp_path: Path) -> None:
    path = tmp_path / "vp-tui" / "config.toml"
    config = Config(theme="gruvbox", sessions_dir="~/clients", pin=hash_pin("2468"))
    write_config(config, path)
    assert read_config(path) == (config, None)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temporary left


def test_the_pin_is_never_stored_in_plain(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    write_config(Config(pin=hash_pin("2468")), path)
    text = path.read_text()
    assert "2468" not in text and "scrypt$" in text
    stored = read_config(path)[0].pin
    assert stored is not None
    assert check_pin("2468", stored)
    assert not check_pin("2469", stored) and not check_pin("", stored)
    assert hash_pin("2468") != hash_pin("2468")  # salted


def test_update_keeps_the_other_settings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    write_config(Config(theme="nord", sessions_dir="/srv/sessions"), path)
    assert update_config(path, theme="gruvbox") == Config(
        theme="gruvbox", sessions_dir="/srv/sessions"
    )
    assert update_config(path, sessions_dir=None) == Config(theme="gruvbox")
    assert "sessions_dir" not in path.read_text()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("theme = ", "not valid TOML"),
        ("thme = 'nord'", "unknown setting 'thme'"),
        ("theme = 3", "theme: must be one line of text"),
        ("pin = '1234'", "pin: not a PIN hash written by vp-tui"),
        ('theme = "a\\nb"', "theme: must be one line of text"),
    ],
)
def test_a_broken_file_is_one_line_and_never_a_crash(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    config, said = read_config(path)
    assert config == Config()
    assert said is not None and "\n" not in said
    assert said.startswith(f"{path}: ") and problem in said


def test_a_wrong_setting_leaves_the_others_in_use(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"theme = 3\nsessions_dir = '/srv'\npin = '{hash_pin('2468')}'\n")
    config, said = read_config(path)
    assert config.sessions_dir == "/srv" and config.pin is not None and config.theme is None
    assert said is not None and "theme" in said


def test_a_file_that_is_not_text_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe theme")
    config, said = read_config(path)
    assert config == Config() and said is not None and "not UTF-8" in said


def test_a_broken_file_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = ")
    with pytest.raises(ConfigError, match="fix or remove it first"):
        update_config(path, theme="nord")
    assert path.read_text() == "theme = "


def test_an_unwritable_folder_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ConfigError) as caught:
        write_config(Config(theme="nord"), blocker / "vp-tui" / "config.toml")
    assert "cannot be written" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(("pin", "ok"), [("123", False), ("1234", True), (" 1234", False)])
def test_a_pin_has_four_to_thirty_two_characters(pin: str, ok: bool) -> None:
    assert (pin_problem(pin) is None) == ok
