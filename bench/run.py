"""Speed benchmarks of the session file code, each against a baseline timed in the same run.

Run from the repository root::

    python bench/run.py            # every benchmark (well under three minutes)
    python bench/run.py --quick    # fewer repetitions
    python bench/run.py --only save --only startup

Each benchmark times its subject and a baseline alternately (after warm-up runs), takes the
median of each, and compares their ratio with a target. The exit code is 1 when a target is
missed. Only the installed package (with its dependencies) and the standard library are needed.
The UI benchmarks, first-frame and rating-key, are measured by ``ui.py``; the replay
benchmarks by ``replay.py``; ``ssh`` by ``ssh.py`` (one server process, no console) and
``ssh-serve`` by ``ssh_serve.py`` (real ``vp-tui serve`` processes with their consoles, 48 and
24 partners, three runs: a few minutes, CPU heavy); ``ssh-attack`` by ``ssh_attack.py`` (wrong
codes from one address, and an honest login from another meanwhile); ``web`` by ``web.py``
(partners in a browser against SSH, in one server process).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from replay import cursors, jump_to_end, one_step
from sessions import large_session
from ui import measure_first_frame, measure_rating_key
from vp_tui.model.replay import ReplayCursor
from vp_tui.model.session import Session
from vp_tui.storage import parse_session, save_session, session_to_toml

REPO = Path(__file__).resolve().parent.parent
SMALL_SESSION = REPO / "tests" / "data" / "good" / "worked-example.toml"


@dataclass
class Result:
    """One benchmark's outcome: medians in seconds, and the ratio subject / baseline."""

    name: str
    subject: str
    baseline: str
    subject_time: float
    baseline_time: float
    target: float
    runs: int
    unit: str = "s"
    """What the two figures are: seconds, kB of memory, or a rate ("/s")."""

    @property
    def ratio(self) -> float:
        return self.subject_time / self.baseline_time

    @property
    def passed(self) -> bool:
        return self.ratio <= self.target


def _timed(action: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def compare(
    subject: Callable[[], object],
    baseline: Callable[[], object],
    *,
    runs: int,
    warmup: int,
) -> tuple[float, float]:
    """Median times of ``subject`` and ``baseline``, run alternately after ``warmup`` rounds."""
    for _ in range(warmup):
        subject()
        baseline()
    subject_times, baseline_times = [], []
    for turn in range(runs):
        # Alternate which goes first, so neither always follows the other.
        if turn % 2:
            baseline_times.append(_timed(baseline))
            subject_times.append(_timed(subject))
        else:
            subject_times.append(_timed(subject))
            baseline_times.append(_timed(baseline))
    return statistics.median(subject_times), statistics.median(baseline_times)


def _write_and_fsync(path: Path, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _plain(session: Session) -> dict[str, object]:
    return session.model_dump(mode="python", exclude_none=True)


# --- the benchmarks -------------------------------------------------------------------------


def bench_load(quick: bool, folder: Path) -> Result:
    """parse_session (TOML + validation + cross-field checks) against tomllib alone."""
    text = session_to_toml(large_session())
    runs = 7 if quick else 15
    subject, baseline = compare(
        lambda: parse_session(text), lambda: tomllib.loads(text), runs=runs, warmup=2
    )
    return Result(
        "load",
        f"parse_session, large session ({len(text) // 1024} KiB, 2,000 events)",
        "tomllib.loads of the same text",
        subject,
        baseline,
        2.0,
        runs,
    )


def bench_save(quick: bool, folder: Path) -> Result:
    """save_session (layout + atomic replace) against tomli-w of the plain data + write/fsync."""
    session = large_session()
    target = folder / "save.toml"
    plain_target = folder / "plain.toml"
    runs = 7 if quick else 15
    subject, baseline = compare(
        lambda: save_session(session, target),
        lambda: _write_and_fsync(plain_target, tomli_w.dumps(_plain(session)).encode("utf-8")),
        runs=runs,
        warmup=2,
    )
    return Result(
        "save",
        "save_session, large session (2,000 events)",
        "tomli_w.dumps(model_dump) + write + fsync",
        subject,
        baseline,
        2.0,
        runs,
    )


def bench_scaling(quick: bool, folder: Path) -> Result:
    """save_session at 20,000 events against 2,000 events: ten times the events."""
    small, large = large_session(events=2000), large_session(events=20000)
    small_target, large_target = folder / "events-2k.toml", folder / "events-20k.toml"
    runs = 5 if quick else 9
    subject, baseline = compare(
        lambda: save_session(large, large_target),
        lambda: save_session(small, small_target),
        runs=runs,
        warmup=1,
    )
    return Result(
        "scaling",
        "save_session, 20,000 events",
        "save_session, 2,000 events",
        subject,
        baseline,
        12.0,
        runs,
    )


def _validate_command(path: Path) -> list[str]:
    script = Path(sys.executable).parent / "vp-tui"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script), "validate", str(path)]
    return [sys.executable, "-m", "vp_tui", "validate", str(path)]


def _process_environment(folder: Path, bytecode_cache: bool) -> dict[str, str]:
    """The environment of the timed processes.

    An installed program runs from cached bytecode (pip compiles it; an editable install
    writes ``__pycache__`` on its first run), but this environment may set
    ``PYTHONDONTWRITEBYTECODE``, which would make every run compile vp-tui's sources again.
    So both commands get a private bytecode cache in the benchmark's temporary folder
    (nothing is written beside the sources), filled by the warm-up runs.
    """
    environment = dict(os.environ)
    if bytecode_cache:
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        environment["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return environment


def _run_process(command: list[str], environment: dict[str, str]) -> None:
    completed = subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited with {completed.returncode}: "
            + completed.stderr.decode("utf-8", "replace").strip()
        )


def bench_startup(quick: bool, folder: Path, bytecode_cache: bool = True) -> Result:
    """`vp-tui validate FILE` as a process against importing pydantic and tomllib."""
    path = SMALL_SESSION
    if not path.is_file():
        path = folder / "small.toml"
        save_session(large_session(partners=2, items=3, events=12), path)
    command = _validate_command(path)
    baseline_command = [sys.executable, "-c", "from pydantic import BaseModel; import tomllib"]
    environment = _process_environment(folder, bytecode_cache)
    runs = 7 if quick else 15
    subject, baseline = compare(
        lambda: _run_process(command, environment),
        lambda: _run_process(baseline_command, environment),
        runs=runs,
        warmup=2,
    )
    shown = "vp-tui" if command[0].endswith("vp-tui") else "python -m vp_tui"
    cache = "bytecode cached" if bytecode_cache else "bytecode cache as inherited"
    return Result(
        "startup",
        f"{shown} validate {path.name} (whole process, {cache})",
        'python -c "from pydantic import BaseModel; import tomllib"',
        subject,
        baseline,
        1.5,
        runs,
    )


def bench_first_frame(quick: bool, folder: Path, bytecode_cache: bool = True) -> Result:
    """`vp-tui` to its home screen's first complete frame in a pty, against a one-Static app."""
    runs = 5 if quick else 11
    measured = measure_first_frame(
        folder, _process_environment(folder, bytecode_cache), runs=runs, warmup=2
    )
    cache = "bytecode cached" if bytecode_cache else "bytecode cache as inherited"
    return Result(
        "first-frame",
        f"{measured.subject_label} ({cache})",
        measured.baseline_label,
        measured.subject,
        measured.baseline,
        1.3,
        measured.runs,
    )


def bench_rating_key(quick: bool, folder: Path) -> Result:
    """One digit key in an 8-partner, 40-item session's rating turn, against one Static."""
    measured = measure_rating_key(folder, keys=60 if quick else 200, warmup=10 if quick else 20)
    return Result(
        "rating-key",
        measured.subject_label,
        measured.baseline_label,
        measured.subject,
        measured.baseline,
        2.0,
        measured.runs,
    )


def bench_replay_end(quick: bool, folder: Path) -> Result:
    """Replay: jump from the start to the end of 20,000 events against 2,000 events."""
    long, short = cursors()
    runs = 5 if quick else 9

    def from_start(cursor: ReplayCursor) -> Callable[[], None]:
        jump = jump_to_end(cursor)

        def timed() -> None:
            jump()
            cursor.move_to(0)  # undone inside the timing too: both halves are linear

        return timed

    subject, baseline = compare(from_start(long), from_start(short), runs=runs, warmup=1)
    return Result(
        "replay-end",
        "replay: start → end (state + equality view) and back, 20,000 events",
        "the same, 2,000 events",
        subject,
        baseline,
        12.0,
        runs,
    )


def bench_replay_step(quick: bool, folder: Path) -> Result:
    """Replay: one step forward and back near the end of 20,000 events against 2,000."""
    long, short = cursors()
    runs = 31 if quick else 101
    subject, baseline = compare(one_step(long), one_step(short), runs=runs, warmup=5)
    return Result(
        "replay-step",
        "replay: one step forward + one back (state + equality view each), 20,000 events",
        "the same, 2,000 events",
        subject,
        baseline,
        1.5,
        runs,
    )


def bench_ssh(quick: bool, folder: Path) -> list[Result]:
    """24 partners over SSH: key echo p95, reveal p95 (against the issue's budgets), and the
    memory of one more connection against a process per connection."""
    from ssh import KEYS, measure_ssh

    figures = measure_ssh()
    return [
        Result(
            "ssh-echo",
            f"rating key → its frame at the partner, p95 of {figures.keys} keys, 24 clients",
            "the budget: 50 ms",
            figures.echo_p95,
            0.050,
            1.0,
            figures.keys // KEYS,
        ),
        Result(
            "ssh-reveal",
            "reveal → equality view on each of 8 screens, p95 of 24 screens (3 sessions)",
            "the budget: 250 ms",
            figures.reveal_p95,
            0.250,
            1.0,
            24,
        ),
        Result(
            "ssh-memory",
            f"server memory per extra connection: {figures.per_connection_kb / 1024:.1f} MB "
            "(growth 0 → 24 connections / 24)",
            f"a process per connection: {figures.process_kb / 1024:.1f} MB (its floor: the "
            "partner app imported)",
            figures.per_connection_kb,
            figures.process_kb,
            0.2,
            24,
            unit="kB",
        ),
    ]


def bench_ssh_serve(quick: bool, folder: Path) -> list[Result]:
    """Real ``vp-tui serve`` processes with their consoles, 48 partners then 24 (each figure
    the median of the runs, its spread printed): CPU per rating key, key echo and reveal p95,
    memory per connection, against the issue's budgets."""
    from ssh_serve import ServeFigures, measure_serve

    runs = 1 if quick else 3
    measured: dict[int, list[ServeFigures]] = {6: [], 3: []}
    for _ in range(runs):
        for count, figures in measured.items():
            figures.append(measure_serve(count))

    def result(name: str, count: int, what: str, budget: float, target: float = 1.0) -> Result:
        values = [getattr(figures, what) for figures in measured[count]]
        spread = f"runs {', '.join(f'{value * 1000:.1f}' for value in values)} ms"
        return Result(
            name,
            f"{count * 8} partners ({count} serve processes, consoles on): {spread}",
            f"the budget: {budget * 1000:g} ms",
            statistics.median(values),
            budget,
            target,
            runs,
        )

    results = [
        result("serve-cpu-key-48", 6, "cpu_per_key", 0.006),
        result("serve-echo-48", 6, "echo_p95", 0.050),
        result("serve-cpu-key-24", 3, "cpu_per_key", 0.006),
        result("serve-echo-24", 3, "echo_p95", 0.050),
        result("serve-reveal-48", 6, "reveal_p95", 0.250),
    ]
    memory = [figures.per_connection_kb for figures in measured[6]]
    results.append(
        Result(
            "serve-memory",
            "serve memory per connection, 48 partners: runs "
            + ", ".join(f"{kb / 1024:.2f}" for kb in memory)
            + " MB",
            "a process per connection (bench/ssh.py's floor, the partner app imported)",
            statistics.median(memory),
            _partner_app_floor_kb(),
            0.2,
            runs,
            unit="kB",
        )
    )
    return results


def bench_ssh_attack(quick: bool, folder: Path) -> list[Result]:
    """The path before login under attack: wrong codes per second from one address however
    they are sent, and an honest partner's login from another address meanwhile."""
    from ssh_attack import measure_attack

    figures = measure_attack(seconds=10.0 if quick else 30.0)
    return [
        Result(
            "ssh-guesses",
            f"codes compared per second from one address, the better of a pipelining and a "
            f"polite attack ({figures.guesses} in {figures.seconds:.0f} s)",
            "the target: 1 a second",
            figures.guesses_per_second,
            1.0,
            1.0,
            1,
            unit="/s",
        ),
        Result(
            "ssh-honest-login",
            "a partner's login from 127.0.0.2 while 127.0.0.1 holds every connection it can",
            "the budget: 2 s",
            figures.honest_login,
            2.0,
            1.0,
            figures.honest_logins,
        ),
    ]


def bench_ssh_resize(quick: bool, folder: Path) -> list[Result]:
    """A victim's key echo p95 while another partner resizes flat out (and held just under
    what the server lets a connection keep up), against the budget; the echo with nobody
    resizing, measured in the same run, is printed with it."""
    from ssh_resize import HELD_RATE, measure_resize

    runs = [measure_resize() for _ in range(1 if quick else 3)]

    def spread(values: list[float]) -> str:
        return ", ".join(f"{value * 1000:.1f}" for value in values)

    alone = spread([figures.baseline_p95 for figures in runs])
    results = []
    for name, what, field in [
        ("resize-echo", "flat out (dropped, connecting again)", "flood_p95"),
        ("resize-echo-held", f"at {HELD_RATE:g} window changes/s", "held_p95"),
    ]:
        values = [getattr(figures, field) for figures in runs]
        results.append(
            Result(
                name,
                f"victim's key echo p95 while a partner resizes {what}: runs {spread(values)} "
                f"ms (nobody resizing: {alone} ms)",
                "the budget: 50 ms",
                statistics.median(values),
                0.050,
                1.0,
                len(runs),
            )
        )
    return results


def bench_web(quick: bool, folder: Path) -> list[Result]:
    """Partners in a browser against SSH, in one server process (see web.py)."""
    from web import measure_web

    runs = [measure_web() for _ in range(1 if quick else 3)]
    ssh_frame = statistics.median(f.ssh_first_frame for f in runs)
    ssh_kb = statistics.median(f.ssh_kb for f in runs)
    return [
        Result(
            "web-first-frame",
            "first screen after the websocket opens",
            "the same after an SSH channel opens",
            statistics.median(f.web_first_frame for f in runs),
            ssh_frame,
            1.3,
            len(runs),
        ),
        Result(
            "web-memory",
            f"server memory per browser connection (SSH: {ssh_kb:.0f} kB)",
            "the budget: 2 MB",
            statistics.median(f.web_kb for f in runs),
            2048.0,
            1.0,
            len(runs),
            unit="kB",
        ),
    ]


def _partner_app_floor_kb() -> float:
    from ssh import _process_floor_kb

    return float(_process_floor_kb())


BENCHMARKS: dict[str, Callable[[argparse.Namespace, Path], Result]] = {
    "load": lambda args, folder: bench_load(args.quick, folder),
    "save": lambda args, folder: bench_save(args.quick, folder),
    "scaling": lambda args, folder: bench_scaling(args.quick, folder),
    "startup": lambda args, folder: bench_startup(args.quick, folder, args.bytecode_cache),
    "first-frame": lambda args, folder: bench_first_frame(args.quick, folder, args.bytecode_cache),
    "rating-key": lambda args, folder: bench_rating_key(args.quick, folder),
    "replay-end": lambda args, folder: bench_replay_end(args.quick, folder),
    "replay-step": lambda args, folder: bench_replay_step(args.quick, folder),
}
GROUPS: dict[str, Callable[[argparse.Namespace, Path], list[Result]]] = {
    "ssh": lambda args, folder: bench_ssh(args.quick, folder),
    "ssh-serve": lambda args, folder: bench_ssh_serve(args.quick, folder),
    "ssh-attack": lambda args, folder: bench_ssh_attack(args.quick, folder),
    "ssh-resize": lambda args, folder: bench_ssh_resize(args.quick, folder),
    "web": lambda args, folder: bench_web(args.quick, folder),
}
"""Benchmarks measured together, each giving several results."""
NAME_WIDTH = max(len(name) for name in BENCHMARKS)


# --- output ---------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.2f} ms"


def _figure(value: float, unit: str) -> str:
    if unit == "/s":
        return f"{value:9.2f} /s"
    return _ms(value) if unit == "s" else f"{value / 1024:9.2f} MB"


def print_result(result: Result) -> None:
    verdict = "PASS" if result.passed else "MISS"
    subject, baseline = (
        _figure(result.subject_time, result.unit),
        _figure(result.baseline_time, result.unit),
    )
    print(
        f"{result.name:<{NAME_WIDTH}} {subject} {baseline} "
        f"{result.ratio:7.2f}x {'<= ' + format(result.target, 'g'):>7}  {verdict}",
        flush=True,
    )
    print(f"{'':<{NAME_WIDTH}}   subject:  {result.subject}  [median of {result.runs}]")
    print(f"{'':<{NAME_WIDTH}}   baseline: {result.baseline}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted([*BENCHMARKS, *GROUPS]),
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join([*BENCHMARKS, *GROUPS])}",
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--no-bytecode-cache",
        dest="bytecode_cache",
        action="store_false",
        help="startup, first-frame: keep the inherited PYTHONDONTWRITEBYTECODE "
        "(sources compiled every run)",
    )
    args = parser.parse_args(argv)
    chosen = [name for name in [*BENCHMARKS, *GROUPS] if not args.only or name in args.only]

    print(f"vp-tui benchmarks: Python {sys.version.split()[0]}, {sys.executable}")
    print(
        f"{'name':<{NAME_WIDTH}} {'subject':>12} {'baseline':>12} {'ratio':>8} {'target':>7}  result"
    )
    results = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vp-tui-bench-") as folder:
        for name in chosen:
            measured = (
                GROUPS[name](args, Path(folder))
                if name in GROUPS
                else [BENCHMARKS[name](args, Path(folder))]
            )
            for result in measured:
                results.append(result)
                print_result(result)
    missed = [result.name for result in results if not result.passed]
    elapsed = time.perf_counter() - started
    ratios = ", ".join(f"{result.name} {result.ratio:.2f}x" for result in results)
    status = "all targets met" if not missed else f"MISSED: {', '.join(missed)}"
    print(
        f"summary: {len(results) - len(missed)}/{len(results)} PASS ({ratios}); "
        f"{status}; {elapsed:.0f} s"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
