"""The host key: made on first start, private, the same after a restart, never silently replaced."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import asyncssh
import pytest

from tests.ssh.conftest import Terminal, connect
from vp_tui.ssh.hostkey import HostKeyError, host_key_path, load_or_create_host_key


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_key_is_made_private_and_kept_across_restarts(serve, base_config) -> None:
    state = base_config.state_dir
    assert not state.exists()
    first = await serve()
    key_file = host_key_path(state)
    assert mode(state) == 0o700
    assert mode(key_file) == 0o600
    assert first.server.fingerprint.startswith("SHA256:")
    written = key_file.read_bytes()
    await first.server.close()

    second = await serve()
    assert second.server.fingerprint == first.server.fingerprint
    assert key_file.read_bytes() == written
    # A client sees the very key whose fingerprint the facilitator is shown.
    async with await connect(second.port) as connection:
        server_key = connection.get_server_host_key()
        assert server_key is not None
        assert server_key.get_fingerprint("sha256") == second.server.fingerprint
        screen = await Terminal.open(connection)
        await screen.wait_for("partner=ana")


def test_an_existing_open_state_folder_is_made_private(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir(mode=0o755)
    os.chmod(state, 0o755)
    load_or_create_host_key(state)
    assert mode(state) == 0o700


def test_a_key_readable_by_others_is_refused_not_replaced(tmp_path: Path) -> None:
    load_or_create_host_key(tmp_path)
    key_file = host_key_path(tmp_path)
    before = key_file.read_bytes()
    os.chmod(key_file, 0o644)
    with pytest.raises(
        HostKeyError, match=r"open to other users \(mode 0644\).*chmod 600"
    ) as error:
        load_or_create_host_key(tmp_path)
    assert "\n" not in str(error.value)
    assert key_file.read_bytes() == before


def test_a_damaged_key_is_refused_not_replaced(tmp_path: Path) -> None:
    key_file = host_key_path(tmp_path)
    key_file.write_bytes(b"not a key\n")
    os.chmod(key_file, 0o600)
    with pytest.raises(HostKeyError, match="not a readable private key") as error:
        load_or_create_host_key(tmp_path)
    assert "\n" not in str(error.value)
    assert key_file.read_bytes() == b"not a key\n"


def test_a_key_of_another_kind_is_refused(tmp_path: Path) -> None:
    key_file = host_key_path(tmp_path)
    key_file.write_bytes(asyncssh.generate_private_key("ecdsa-sha2-nistp256").export_private_key())
    os.chmod(key_file, 0o600)
    with pytest.raises(HostKeyError, match="not ssh-ed25519"):
        load_or_create_host_key(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_key_is_refused(tmp_path: Path) -> None:
    load_or_create_host_key(tmp_path)
    os.chmod(host_key_path(tmp_path), 0o000)
    with pytest.raises(HostKeyError, match="cannot read the host key"):
        load_or_create_host_key(tmp_path)


def test_no_temporary_file_is_left_behind(tmp_path: Path) -> None:
    load_or_create_host_key(tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["ssh_host_ed25519_key"]


async def test_a_server_with_a_bad_key_does_not_start(serve, base_config) -> None:
    base_config.state_dir.mkdir(mode=0o700)
    key_file = host_key_path(base_config.state_dir)
    key_file.write_bytes(b"garbage")
    os.chmod(key_file, 0o600)
    with pytest.raises(HostKeyError):
        await serve()


def test_a_key_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    key_file = host_key_path(tmp_path)
    key_file.mkdir(mode=0o700)  # readable by no one as a file, not even root
    with pytest.raises(HostKeyError, match="cannot read the host key"):
        load_or_create_host_key(tmp_path)
    assert key_file.is_dir()


def test_a_state_folder_that_is_a_link_is_refused_and_its_target_never_chmod_ed(
    tmp_path: Path,
) -> None:
    open_to_all = tmp_path / "tmp-like"
    open_to_all.mkdir()
    os.chmod(open_to_all, 0o1777)
    state = tmp_path / "state"
    state.symlink_to(open_to_all)
    with pytest.raises(HostKeyError, match=r"state is a symbolic link") as error:
        load_or_create_host_key(state)
    assert "\n" not in str(error.value)
    assert stat.S_IMODE(open_to_all.stat().st_mode) == 0o1777
    assert list(open_to_all.iterdir()) == []


def test_a_key_that_is_a_link_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    load_or_create_host_key(elsewhere)
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    host_key_path(state).symlink_to(host_key_path(elsewhere))
    with pytest.raises(HostKeyError, match=r"ssh_host_ed25519_key is a symbolic link"):
        load_or_create_host_key(state)
    assert host_key_path(state).is_symlink()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
async def test_a_key_planted_by_another_user_is_refused_and_its_fingerprint_never_shown(
    serve, base_config
) -> None:
    state = base_config.state_dir
    state.mkdir(mode=0o700)
    planted = asyncssh.generate_private_key("ssh-ed25519")
    key_file = host_key_path(state)
    key_file.write_bytes(planted.export_private_key())
    os.chmod(key_file, 0o600)
    os.chown(key_file, 65534, 65534)
    with pytest.raises(HostKeyError, match=r"belongs to another user \(uid 65534\)"):
        await serve()
    assert asyncssh.read_private_key(key_file).get_fingerprint() == planted.get_fingerprint()
    assert [path.name for path in state.iterdir()] == [key_file.name]
