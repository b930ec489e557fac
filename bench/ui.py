"""The UI benchmarks: the first frame of the home screen, and one rating key in a large session.

Both compare vp-tui with ``baseline_app.py`` (the smallest Textual app, one Static), measured
the same way in the same run. ``run.py`` turns what these functions measure into results.

first-frame
    Each program runs in a pseudo-terminal of 80×24 (TERM=xterm-256color) and is timed from
    its start to the last byte of its first complete frame (``terminal.time_to_frame``): the
    frame that shows the marker, complete once the program writes nothing for a while.
    vp-tui's marker is in the detail of the highlighted session ("Partners: "), which shows
    only once the sessions folder is read and the table filled: the home screen as the user
    first sees it whole, not its "Reading 0 of 5 files" state.

rating-key
    In this process, each app under ``App.run_test(size=(80, 24))``, both running side by side
    and given the keys in turn: the time from sending one key event (as the pilot does) until
    the last frame that follows it is rendered, the update turned into terminal output as a
    real terminal's driver would. After each key the process is left to go idle (every
    handler, frame and autosave done), so each key starts from rest, like keys typed by a
    person; the frames are therefore never held back by Textual's 60 fps limit.
    ``pilot.press`` itself is not timed: it sleeps at least 40 ms per key waiting for
    idleness, which would hide a difference of a few milliseconds.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sessions import CREATED, large_session
from terminal import time_to_frame
from vp_tui.model.changes import finish_turn, rate, set_phase
from vp_tui.model.session import Session
from vp_tui.storage import read_session, save_session

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SESSIONS = REPO / "src" / "vp_tui" / "examples"
BASELINE_APP = BENCH / "baseline_app.py"
BASELINE_MARKER = b"baseline-ready"
"""``baseline_app.READY``, written in the app's only Static."""
HOME_MARKER = b"Partners: "
"""In the detail line of the highlighted session: on screen once the table is filled."""
SIZE = (80, 24)


@dataclass
class Measured:
    """Medians in seconds of a subject and its baseline, and how many runs each."""

    subject: float
    baseline: float
    runs: int
    subject_label: str
    baseline_label: str


def vp_tui_command(*arguments: str) -> list[str]:
    """The installed ``vp-tui`` script next to this Python, else ``python -m vp_tui``."""
    script = Path(sys.executable).parent / "vp-tui"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script), *arguments]
    return [sys.executable, "-m", "vp_tui", *arguments]


def _alternate(
    subject: Callable[[], float], baseline: Callable[[], float], *, runs: int, warmup: int
) -> tuple[list[float], list[float]]:
    """Times returned by ``subject`` and ``baseline``, run alternately after ``warmup`` rounds."""
    for _ in range(warmup):
        subject()
        baseline()
    subject_times, baseline_times = [], []
    for turn in range(runs):
        if turn % 2:
            baseline_times.append(baseline())
            subject_times.append(subject())
        else:
            subject_times.append(subject())
            baseline_times.append(baseline())
    return subject_times, baseline_times


# --- first-frame ----------------------------------------------------------------------------


def measure_first_frame(
    folder: Path, environment: dict[str, str], *, runs: int, warmup: int = 2
) -> Measured:
    """Start to first complete frame: ``vp-tui`` (home screen) against ``baseline_app.py``."""
    sessions = folder / "first-frame-sessions"
    if not sessions.exists():
        shutil.copytree(SESSIONS, sessions)
    environment = dict(environment, TERM="xterm-256color")
    # The pseudo-terminal's size must win over any inherited size or Textual setting.
    for name in ("COLUMNS", "LINES", "VP_TUI_SESSIONS"):
        environment.pop(name, None)
    for name in [name for name in environment if name.startswith("TEXTUAL")]:
        environment.pop(name)
    command = vp_tui_command("--sessions-dir", str(sessions))
    baseline_command = [sys.executable, str(BASELINE_APP)]
    columns, rows = SIZE

    def subject() -> float:
        return time_to_frame(
            command, HOME_MARKER, environment=environment, columns=columns, rows=rows
        )

    def baseline() -> float:
        return time_to_frame(
            baseline_command,
            BASELINE_MARKER,
            environment=environment,
            columns=columns,
            rows=rows,
        )

    subject_times, baseline_times = _alternate(subject, baseline, runs=runs, warmup=warmup)
    shown = "vp-tui" if command[0].endswith("vp-tui") else "python -m vp_tui"
    count = len(list(SESSIONS.glob("*.toml")))
    return Measured(
        statistics.median(subject_times),
        statistics.median(baseline_times),
        runs,
        f"{shown}: home screen with {count} sessions, first complete frame in a "
        f"{columns}x{rows} pty",
        "bench/baseline_app.py (one Static), first complete frame, same pty",
    )


# --- rating-key -----------------------------------------------------------------------------

DONE_PARTNERS = 4
"""Partners whose anticipated turn is finished: the screen is the turn of the next one."""


def mid_rating_session(partners: int = 8, items: int = 40, done: int = DONE_PARTNERS) -> Session:
    """A session part-way through the rating phase, at the anticipated turn of partner ``done``.

    The lists of ``large_session`` (no ratings yet), the phase set to rating, then the first
    ``done`` partners' anticipated turns answered in full and finished (``rate`` and
    ``finish_turn``, so the history holds every answer and the ``done`` events). Nobody else
    has answered anything: no notes, actions or contributions yet.
    """
    chooser = random.Random(f"mid-rating/{partners}/{items}/{done}")
    session = large_session(partners=partners, items=items, events=0)
    session.phase = "setup"
    session.notes, session.actions, session.contributions = [], [], []
    moment = CREATED + timedelta(minutes=10)
    set_phase(session, "rating", at=moment)
    for partner in session.partner_ids[:done]:
        for list_name in ("benefits", "costs"):
            for entry in session.rated_list(list_name):
                moment += timedelta(seconds=chooser.randint(2, 9))
                rate(
                    session, partner, f"{list_name}/{entry.item}", chooser.randint(0, 10), at=moment
                )
        moment += timedelta(seconds=30)
        rate(session, partner, "deal", chooser.randint(-3, 3), at=moment)
        finish_turn(session, partner, "anticipated", at=moment + timedelta(seconds=5))
    return Session.model_validate(session.model_dump())


@dataclass(frozen=True)
class KeyPlan:
    """Which digit each key is, so that every key changes a rating.

    The keys rate the benefits and costs from the top (each digit moves the highlight down);
    after the last cost the highlight is put back on the first benefit (Home, not timed), and
    every pass gives each item another value than the pass before.
    """

    items: int
    """How many items the keys go over (the benefits and costs, not the deal question)."""

    def position(self, number: int) -> int:
        return number % self.items

    def value(self, number: int) -> int:
        return (self.position(number) + number // self.items) % 10


class FrameClock:
    """Records when each frame of an app is done, turned into terminal output.

    Under ``run_test`` the driver is headless and ``App._display`` writes nothing; the
    compositor has rendered the changed lines by then, and this also turns the update into
    the escape sequences a terminal would get, so that both apps pay for their whole frame.
    """

    def __init__(self, app: Any) -> None:
        self.times: list[float] = []
        display = app._display

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(app.console)
            self.times.append(time.perf_counter())

        app._display = timed_display


async def _settle() -> None:
    """Wait until the process is idle: every message handled, frame drawn and file saved."""
    from textual._wait import wait_for_idle

    await wait_for_idle(0)


async def _timed_key(app: Any, clock: FrameClock, key: str) -> float:
    """Seconds from sending ``key`` until the last frame it caused was rendered.

    The app must be at rest: after ``pilot.pause()``, ``pilot.press`` or this function.
    """
    from textual import events

    clock.times.clear()
    event = events.Key(key, key)
    event.set_sender(app)
    started = time.perf_counter()
    app._driver.send_message(event)
    await _settle()
    if not clock.times:
        raise RuntimeError(f"no frame after the key {key!r}")
    return clock.times[-1] - started


class BaselineKeys:
    """The baseline app: every digit key updates its one Static."""

    def __init__(self, plan: KeyPlan) -> None:
        from baseline_app import BaselineApp

        self.plan = plan
        self.app = BaselineApp()
        self.keys = 0

    async def start(self, pilot: Any) -> None:
        await pilot.pause()
        self.clock = FrameClock(self.app)

    async def key(self, pilot: Any, number: int) -> float:
        self.keys += 1
        return await _timed_key(self.app, self.clock, str(self.plan.value(number)))

    def check(self) -> None:
        if self.app.presses != self.keys:
            raise RuntimeError(f"baseline: {self.app.presses} presses counted, {self.keys} sent")


class RatingKeys:
    """vp-tui on a session file: hand-off, then digits on the rating turn's items.

    Every key is checked to change a rating (shown on the list at once); at the end the
    session in memory and the saved file must hold each item's last value and one ``rate``
    event per key.
    """

    def __init__(self, path: Path, plan: KeyPlan) -> None:
        from vp_tui.live.session import LiveSession
        from vp_tui.ui.app import Start, VpTuiApp

        self.path = path
        self.plan = plan
        self.live = LiveSession.open(path)
        self.partner = self.live.session.partner_ids[DONE_PARTNERS]
        self.app = VpTuiApp(sessions_dir=path.parent, start=Start("open", self.live))
        self.expected: dict[str, int] = {}
        self.keys = 0

    async def start(self, pilot: Any) -> None:
        from vp_tui.ui.screens.anticipated_turn import AnticipatedTurnScreen
        from vp_tui.ui.widgets.rating_list import RatingList

        await pilot.pause()
        await pilot.press("enter")  # the hand-off screen: the partner is ready
        for _ in range(100):
            if isinstance(self.app.screen, AnticipatedTurnScreen):
                break
            await pilot.pause(0.02)
        screen = self.app.screen
        if not isinstance(screen, AnticipatedTurnScreen) or screen.turn.partner != self.partner:
            raise RuntimeError(f"not on {self.partner}'s rating turn: {screen!r}")
        self.ratings = screen.query_one(RatingList)
        await pilot.pause()
        self.clock = FrameClock(self.app)

    async def key(self, pilot: Any, number: int) -> float:
        ratings = self.ratings
        position = self.plan.position(number)
        if position == 0 and ratings.cursor != 0:
            await pilot.press("home")  # back to the first benefit, not timed
        item = ratings.items[position]
        if ratings.cursor != position or not item.target.startswith(("benefits/", "costs/")):
            raise RuntimeError(f"highlight on item {ratings.cursor}, expected {position}")
        value = self.plan.value(number)
        if ratings.value_of(item.target) == value:
            raise RuntimeError(f"key {number} would not change {item.target}")
        elapsed = await _timed_key(self.app, self.clock, str(value))
        if ratings.value_of(item.target) != value:
            raise RuntimeError(f"{item.target} does not show {value} after its key")
        self.expected[item.target] = value
        self.keys += 1
        return elapsed

    def check(self) -> None:
        self.live.close()  # saves what is pending (the app's flow closes it too)
        _check_ratings(self.live.session, self.partner, self.expected, self.keys, "in memory")
        saved = read_session(self.path)
        _check_ratings(saved, self.partner, self.expected, self.keys, f"in {self.path.name}")


def _check_ratings(
    session: Session, partner: str, expected: dict[str, int], keys: int, where: str
) -> None:
    """Every key was a rating by ``partner`` and the last value of each item is there."""
    for target, value in expected.items():
        list_name, item = target.split("/", 1)
        entry = next(e for e in session.rated_list(list_name) if e.item == item)
        if entry.ratings.get(partner) != value:
            raise RuntimeError(f"{where}: {target} is {entry.ratings.get(partner)}, not {value}")
    events = sum(1 for e in session.events if e.kind == "rate" and e.actor == partner)
    if events != keys:
        raise RuntimeError(f"{where}: {events} ratings by {partner} for {keys} keys")


Job = tuple[int, "asyncio.Future[float]"] | None


async def _host(driven: BaselineKeys | RatingKeys, jobs: asyncio.Queue[Job], ready: Any) -> None:
    """Run one app under ``run_test`` in this task (its own context), and press the keys asked.

    Each app lives in a task of its own so that the two can run side by side in one event loop,
    and the keys go to them in turn: a change in the machine's load falls on both alike.
    """
    try:
        async with driven.app.run_test(size=SIZE) as pilot:
            await driven.start(pilot)
            ready.set_result(None)
            while (job := await jobs.get()) is not None:
                number, result = job
                try:
                    result.set_result(await driven.key(pilot, number))
                except Exception as error:
                    result.set_exception(error)
    except Exception as error:
        if not ready.done():
            ready.set_exception(error)
        raise


async def _alternate_keys(
    subject: RatingKeys, baseline: BaselineKeys, *, keys: int, warmup: int
) -> tuple[list[float], list[float]]:
    """Key by key, to one app then the other (which goes first alternates)."""
    loop = asyncio.get_running_loop()
    queues: list[asyncio.Queue[Job]] = [asyncio.Queue(), asyncio.Queue()]
    ready = [loop.create_future(), loop.create_future()]
    apps: tuple[RatingKeys | BaselineKeys, ...] = (subject, baseline)
    tasks = [
        asyncio.create_task(_host(driven, queue, started))
        for driven, queue, started in zip(apps, queues, ready, strict=True)
    ]
    times: tuple[list[float], list[float]] = ([], [])
    try:
        await asyncio.gather(*ready)
        for number in range(warmup + keys):
            for which in (0, 1) if number % 2 == 0 else (1, 0):
                result: asyncio.Future[float] = loop.create_future()
                queues[which].put_nowait((number, result))
                elapsed = await result
                if number >= warmup:
                    times[which].append(elapsed)
    finally:
        for queue in queues:
            queue.put_nowait(None)
        await asyncio.gather(*tasks, return_exceptions=True)
    for task in tasks:
        error = task.exception()
        if error is not None:
            raise error
    subject.check()
    baseline.check()
    return times


def measure_rating_key(
    folder: Path, *, keys: int, warmup: int = 20, partners: int = 8, items: int = 40
) -> Measured:
    """One rating key in a large session's anticipated turn against one Static updated per key.

    Both apps run at once and get the keys in turn: ``warmup`` keys each, then ``keys`` timed.
    """
    session = mid_rating_session(partners, items)
    path = folder / "rating-key" / "session.toml"
    path.parent.mkdir(exist_ok=True)
    save_session(session, path)
    plan = KeyPlan(items=len(session.benefits) + len(session.costs))
    subject = RatingKeys(path, plan)
    baseline = BaselineKeys(plan)
    subject_times, baseline_times = asyncio.run(
        _alternate_keys(subject, baseline, keys=keys, warmup=warmup)
    )
    turn_items = plan.items + 1
    return Measured(
        statistics.median(subject_times),
        statistics.median(baseline_times),
        len(subject_times),
        f"digit key → rendered frame, anticipated turn of partner {DONE_PARTNERS + 1} of "
        f"{partners} ({turn_items} items, {len(session.events)} events, autosave on)",
        "baseline_app.py: key → Static.update → rendered frame",
    )
