"""The live session: changes go through the model, are saved in the background, and announced."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from vp_tui.live.autosave import detached
from vp_tui.live.session import Announcement, LiveSession
from vp_tui.model.changes import ChangeError
from vp_tui.model.events import EditAction, Rate, SetOwner, SetPhase
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.storage import SessionLockedError, read_session

AT = datetime(2026, 11, 27, 10, tzinfo=UTC)


def create(folder: Path) -> LiveSession:
    session = new_session(
        builtin_templates()["business"],
        title="Ana & Ben",
        partners=[("ana", "Ana"), ("ben", "Ben")],
        created=AT,
    )
    return LiveSession.create(folder, session, clock=lambda: AT)


def test_a_rating_is_saved_and_announced(tmp_path: Path) -> None:
    live = create(tmp_path)
    heard: list[Announcement] = []
    live.subscribe(heard.append)
    item = live.session.values[0].item
    live.rate("ana", f"values/{item}", 9)
    live.flush()
    on_disk = read_session(live.path)  # type: ignore[arg-type]
    assert on_disk.values[0].ratings == {"ana": 9}
    assert on_disk.events[-1].target == f"values/{item}"
    assert heard == [(Rate(AT, "ana", "values", item, 9),)]
    live.close()


def test_each_command_is_announced_with_the_typed_changes_it_recorded(tmp_path: Path) -> None:
    # Given a session being rated, followed by a subscriber
    live = create(tmp_path)
    live.set_phase("rating")
    heard: list[Announcement] = []
    stop = live.subscribe(heard.append)
    # When an action is added, then changed in two fields at once, and the phase moves on
    action = live.add_action("Draft the agreement")
    live.edit_action(action, text="Draft and sign the agreement", owner="ben")
    live.set_phase("reveal")
    # Then the subscriber heard each command once, with every change it made
    assert [type(change) for change in heard[1]] == [EditAction, SetOwner]
    assert heard[2] == (SetPhase(AT, "facilitator", "reveal"),)
    # And once stopped, hears no more
    stop()
    live.rate("ana", "deal", 1)
    assert len(heard) == 3
    live.close()


def test_a_save_writes_a_copy_that_later_changes_do_not_reach(tmp_path: Path) -> None:
    live = create(tmp_path)
    item = live.session.values[0].item
    live.rate("ana", f"values/{item}", 4)
    copy = detached(live.session)
    live.rate("ana", f"values/{item}", 9)
    live.set_dealbreaker("ben", item, True)
    assert copy.values[0].ratings == {"ana": 4} and copy.values[0].dealbreaker == []
    assert len(copy.events) == len(live.session.events) - 2
    assert copy.events[0] is live.session.events[0]  # the frozen history is shared
    live.close()


def test_a_refused_change_leaves_the_session_as_it_was(tmp_path: Path) -> None:
    live = create(tmp_path)
    before = live.session.model_copy(deep=True)
    with pytest.raises(ChangeError):
        live.rate("ana", "values/No such value", 5)
    with pytest.raises(ChangeError):
        live.rate("ana", f"values/{live.session.values[0].item}", 11)
    with pytest.raises(ChangeError):
        live.add_note("values", "")
    assert live.session == before
    live.close()


def test_the_file_stays_locked_while_open_and_is_free_after(tmp_path: Path) -> None:
    live = create(tmp_path)
    path = live.path
    assert path is not None
    with pytest.raises(SessionLockedError):
        LiveSession.open(path)
    live.close()
    again = LiveSession.open(path)
    again.close()


def test_many_quick_changes_end_up_saved(tmp_path: Path) -> None:
    live = create(tmp_path)
    items = [entry.item for entry in live.session.benefits]
    for round_number in range(20):
        for item in items:
            live.rate("ben", f"benefits/{item}", round_number % 11)
    live.close()
    on_disk = read_session(live.path)  # type: ignore[arg-type]
    assert all(entry.ratings["ben"] == 19 % 11 for entry in on_disk.benefits)
    assert len([e for e in on_disk.events if e.kind == "rate"]) == 20 * len(items)
