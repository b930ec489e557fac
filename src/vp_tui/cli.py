"""The ``vp-tui`` command line.

Only argparse is imported up front; each command imports what it needs, so that
``--help``, ``validate`` and ``report`` start fast and never import Textual.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vp_tui import __version__
from vp_tui.startup import skip_pydantic_plugins

if TYPE_CHECKING:
    from vp_tui.live.session import LiveSession

REPORT_FORMATS = ("text", "markdown", "html", "json")
MAX_WARNINGS = 5
ONE_SHOT_COMMANDS = ("validate", "report", "compare", "examples", "partnerships")


def _help_formatter(prog: str) -> argparse.HelpFormatter:
    """argparse's help layout, sized to the terminal as ``shutil`` would size it.

    argparse imports ``shutil`` to size each parser's help, and ``shutil`` brings the bz2,
    lzma and zlib modules: 2 ms of every start-up, for a help text rarely shown.
    """
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return argparse.HelpFormatter(prog, width=(columns or 80) - 2)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose help is laid out by ``_help_formatter``."""

    def __init__(self, **options: Any) -> None:
        super().__init__(formatter_class=_help_formatter, **options)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(
        prog="vp-tui",
        description=(
            "A facilitated Value Proposition workshop for partnerships: partners rate what "
            "they expect and what each brings, then see where they are equal."
        ),
    )
    parser.add_argument("--version", action="version", version=f"vp-tui {__version__}")
    parser.add_argument(
        "--sessions-dir",
        metavar="DIR",
        help=(
            "where sessions are kept (default: $VP_TUI_SESSIONS, else sessions_dir in "
            "~/.config/vp-tui/config.toml, else ./sessions)"
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    new = commands.add_parser(
        "new", help="set up a new session", description="Go straight to a new session's setup."
    )
    new.add_argument(
        "--from",
        dest="previous",
        metavar="FILE",
        help=(
            "the next session of FILE's partnership: partners, items, thresholds, statement "
            "and open actions carried over"
        ),
    )
    open_command = commands.add_parser(
        "open",
        help="resume a session where it stopped",
        description="Resume a session where it stopped: same round, same partner's turn.",
    )
    open_command.add_argument("file", metavar="FILE")

    replay = commands.add_parser(
        "replay",
        help="play a saved session back, read-only",
        description="Play a saved session back step by step; the file is never written.",
    )
    replay.add_argument("file", metavar="FILE")

    serve = commands.add_parser(
        "serve",
        help="host a session over SSH: partners join from their own terminals",
        description=(
            "Host a session over SSH. Partners connect with `ssh -p PORT HOST` and their join "
            "code; this terminal shows the facilitator's console."
        ),
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: this machine only)"
    )
    serve.add_argument("--port", type=int, default=2222, help="port (default: 2222)")
    web = serve.add_argument_group("partners in a web browser")
    web.add_argument(
        "--web", action="store_true", help="also serve a page where partners join in a browser"
    )
    web.add_argument(
        "--web-host", default="127.0.0.1", help="address of the page (default: this machine only)"
    )
    web.add_argument("--web-port", type=int, default=8080, help="port of the page (default: 8080)")
    web.add_argument(
        "--web-public-url",
        metavar="URL",
        help="the address partners open, when a TLS reverse proxy stands in front (https://...)",
    )
    web.add_argument("--tls-cert", metavar="FILE", help="the page's TLS certificate (PEM)")
    web.add_argument("--tls-key", metavar="FILE", help="the page's TLS private key (PEM)")
    web.add_argument(
        "--web-insecure",
        action="store_true",
        help="allow the page on a network address without TLS (codes cross it in clear)",
    )
    which = serve.add_mutually_exclusive_group(required=True)
    which.add_argument("file", metavar="FILE", nargs="?", help="the session to host")
    which.add_argument("--new", action="store_true", help="set up a new session, then host it")

    validate = commands.add_parser(
        "validate",
        help="check session files; one line per problem",
        description="Check session files. Prints one line per problem; exits 1 if any is invalid.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE")

    report = commands.add_parser(
        "report",
        help="print the equality view of a session",
        description="Print the equality view of a session without the UI.",
    )
    report.add_argument("file", metavar="FILE")
    report.add_argument("--format", choices=REPORT_FORMATS, default="text")

    compare = commands.add_parser(
        "compare",
        help="one partnership over time: gaps per session and what changed most",
        description=(
            "Compare sessions of one partnership in the order they were created: each "
            "component's gap and verdict per session, how each gap moved, and what changed most."
        ),
    )
    # Two positionals, so that argparse itself refuses a single file (a usage error, exit 2).
    compare.add_argument("first", metavar="FILE", help="a session file")
    compare.add_argument(
        "others", nargs="+", metavar="FILE", help="more session files, in any order"
    )
    compare.add_argument("--format", choices=("text", "markdown", "json"), default="text")

    examples = commands.add_parser(
        "examples",
        help="copy the example sessions into the sessions folder (never over a file)",
        description=(
            "Copy the example sessions that ship with vp-tui into the sessions folder, or DIR. "
            "A file already there is never overwritten; each file's line says what was done."
        ),
    )
    examples.add_argument("folder", metavar="DIR", nargs="?", help="where to copy them")

    partnerships = commands.add_parser(
        "partnerships",
        help="every partnership: latest verdicts, trend, actions, next review",
        description=(
            "Every partnership of the sessions folder, what needs attention first: latest "
            "verdicts and trend, open and overdue actions, next review, recurring disconnects."
        ),
    )
    partnerships.add_argument(
        "--due",
        action="store_true",
        help="only what is due; exit 1 when a review is due or an action overdue (for cron)",
    )
    partnerships.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    return parser


def _run_validate(files: Sequence[str]) -> int:
    from vp_tui.model.history import history_disagreements
    from vp_tui.storage import SessionFileError, read_session

    failed = False
    for name in files:
        try:
            session = read_session(name)
        except SessionFileError as error:
            failed = True
            for problem in error.problems:
                print(problem, file=sys.stderr)
            continue
        warnings = history_disagreements(session)
        for warning in warnings[:MAX_WARNINGS]:
            print(f"{name}: warning: history disagrees with the tables: {warning}", file=sys.stderr)
        if len(warnings) > MAX_WARNINGS:
            print(
                f"{name}: warning: ... and {len(warnings) - MAX_WARNINGS} more differences",
                file=sys.stderr,
            )
        print(f"{name}: ok" + (f" ({len(warnings)} warnings)" if warnings else ""))
    return 1 if failed else 0


def _run_report(name: str, report_format: str) -> int:
    from vp_tui.report.progress import render_report
    from vp_tui.storage import SessionFileError, read_session

    try:
        session = read_session(name)
    except SessionFileError as error:
        more = len(error.problems) - 1
        suffix = f" (and {more} more: run vp-tui validate {name})" if more else ""
        print(f"{error.problems[0]}{suffix}", file=sys.stderr)
        return 1
    # Before the reveal, progress only: nobody's ratings (DESIGN.md section 7).
    sys.stdout.write(render_report(session, report_format))
    return 0


def _run_compare(files: Sequence[str], compare_format: str) -> int:
    from vp_tui.model.compare import compare_sessions
    from vp_tui.model.portfolio import partnership_key, partnership_name
    from vp_tui.report.compare_report import COMPARE_RENDERERS
    from vp_tui.storage import SessionFileError, read_session

    sessions = []
    failed = False
    for name in files:
        try:
            sessions.append(read_session(name))
        except SessionFileError as error:
            failed = True
            more = len(error.problems) - 1
            suffix = f" (and {more} more: run vp-tui validate {name})" if more else ""
            print(f"{error.problems[0]}{suffix}", file=sys.stderr)
    if failed:
        return 1
    # Until the reveal, a session's ratings are its partners' alone: compare leaves it out.
    from vp_tui.report.progress import REVEALED_PHASES

    hidden = [
        name for name, s in zip(files, sessions, strict=True) if s.phase not in REVEALED_PHASES
    ]
    if hidden:
        print(f"vp-tui compare: left out, not revealed yet: {', '.join(hidden)}", file=sys.stderr)
        kept = [(n, s) for n, s in zip(files, sessions, strict=True) if n not in hidden]
        files = [name for name, _session in kept]
        sessions = [session for _name, session in kept]
    if not sessions:
        print("vp-tui compare: no revealed session to compare", file=sys.stderr)
        return 1
    groups: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for name, session in zip(files, sessions, strict=True):
        key = partnership_key(session)
        names.setdefault(key, partnership_name(session))
        groups.setdefault(key, []).append(name)
    if len(groups) > 1:
        listed = "; ".join(f"{names[key]} ({', '.join(group)})" for key, group in groups.items())
        print(
            f"vp-tui compare: warning: the files are not all one partnership: {listed}; "
            "comparing them anyway",
            file=sys.stderr,
        )
    sys.stdout.write(COMPARE_RENDERERS[compare_format](compare_sessions(sessions, files)))
    return 0


def _sessions_folder(option: str | None) -> Path:
    """``--sessions-dir``, else ``$VP_TUI_SESSIONS``, else the settings' folder, else ./sessions."""
    from vp_tui.storage.config import read_config
    from vp_tui.storage.paths import SESSIONS_ENV, sessions_dir

    if option or os.environ.get(SESSIONS_ENV):
        return sessions_dir(option)
    config, _problem = read_config()  # a broken file is said by the app, in one line
    if config.sessions_dir:
        return Path(config.sessions_dir).expanduser()
    return sessions_dir()


def _run_examples(sessions_option: str | None, folder_option: str | None) -> int:
    from vp_tui.storage.examples import copy_examples

    folder = Path(folder_option) if folder_option else _sessions_folder(sessions_option)
    try:
        copies = copy_examples(folder)
    except OSError as error:
        where = error.filename or folder
        print(f"vp-tui examples: {where}: {error.strerror or error}", file=sys.stderr)
        return 1
    said = {
        "copied": "copied",
        "same": "already there, unchanged",
        "different": "a different file of that name is there: left as it is",
    }
    for copy in copies:
        print(f"{copy.target}: {said[copy.outcome]}")
    copied = sum(copy.outcome == "copied" for copy in copies)
    if copied:
        print(f"{copied} of {len(copies)} examples copied into {folder}")
    else:
        print(f"Nothing changed in {folder}: a file of each example's name is there already")
    return 0


def _run_app(
    sessions_option: str | None, kind: str, file: str | None = None, live: LiveSession | None = None
) -> int:
    from vp_tui.storage.errors import SessionFileError

    folder = _sessions_folder(sessions_option)
    if file is not None:
        from vp_tui.live.session import LiveSession

        if _is_example(file):
            return 1
        try:
            live = LiveSession.open(file)
        except SessionFileError as error:
            print(error.problems[0], file=sys.stderr)
            return 1
    from vp_tui.storage.paths import EXAMPLES_DIR
    from vp_tui.ui.app import Start, VpTuiApp

    app = VpTuiApp(
        sessions_dir=folder,
        start=Start(kind, live),  # type: ignore[arg-type]
        examples_dir=EXAMPLES_DIR,
    )
    try:
        app.run()
    finally:
        if live is not None:
            live.close()
    return app.return_code or 0


def _run_next(sessions_option: str | None, previous: str) -> int:
    from vp_tui.partnership_commands import create_next

    live = create_next(_sessions_folder(sessions_option), previous)
    if live is None:
        return 1
    return _run_app(sessions_option, "open", live=live)


def _run_replay(sessions_option: str | None, file: str) -> int:
    from vp_tui.storage import SessionFileError, read_session

    try:
        read_session(file)  # refuse a broken file here, in one line, before any screen
    except SessionFileError as error:
        print(error.problems[0], file=sys.stderr)
        return 1
    from vp_tui.storage.paths import EXAMPLES_DIR
    from vp_tui.ui.app import Start, VpTuiApp

    app = VpTuiApp(
        sessions_dir=_sessions_folder(sessions_option),
        start=Start("replay", path=Path(file)),
        examples_dir=EXAMPLES_DIR,
    )
    app.run()
    return app.return_code or 0


def _is_example(file: str) -> bool:
    """Whether a file is one of the shipped examples, which are read-only (said in one line)."""
    from vp_tui.storage.paths import EXAMPLES_DIR

    if Path(file).resolve().parent != EXAMPLES_DIR:
        return False
    print(
        f"{file}: an example, read-only: copy it into your sessions folder to open it "
        "(vp-tui examples; vp-tui replay plays it as it is)",
        file=sys.stderr,
    )
    return True


def _run_serve(
    sessions_option: str | None,
    host: str,
    port: int,
    file: str | None,
    args: argparse.Namespace | None = None,
) -> int:
    import asyncio

    from vp_tui.live.session import LiveSession
    from vp_tui.ssh.compat import CompatError, require
    from vp_tui.storage import SessionFileError

    try:  # before anything is set up or opened: the libraries can serve, or we say so now
        require()
    except CompatError as error:
        print(f"vp-tui serve: {error}", file=sys.stderr)
        return 1
    if file is None:
        folder = _sessions_folder(sessions_option)
        from vp_tui.ui.app import Start, VpTuiApp

        setup = VpTuiApp(sessions_dir=folder, start=Start("setup"))
        setup.run()
        live = setup.created
        if live is None:
            return 0
    else:
        folder = Path(sessions_option) if sessions_option else Path(file).parent
        if _is_example(file):
            return 1
        try:
            live = LiveSession.open(file, holder="vp-tui serve")
        except SessionFileError as error:
            print(error.problems[0], file=sys.stderr)
            return 1
        if live.session.phase == "setup":
            live.close()
            print(
                f"{file}: still being set up: finish the setup with vp-tui open {file}, "
                "then serve it",
                file=sys.stderr,
            )
            return 1
    from vp_tui.serve import WebOptions, host_session
    from vp_tui.ssh.state import StateError

    web = None
    if args is not None and args.web:
        web = WebOptions(
            host=args.web_host,
            port=args.web_port,
            public_url=args.web_public_url,
            tls_cert=args.tls_cert,
            tls_key=args.tls_key,
            insecure=args.web_insecure,
        )
    try:
        asyncio.run(host_session(live, folder, host, port, web))
    except (StateError, ValueError) as error:  # an untrusted state folder, a bad key or codes
        # file, web options that would send codes in clear, a TLS certificate or key that
        # cannot be loaded, a page port that cannot be listened on: one line naming it
        print(f"vp-tui serve: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        reason = error.strerror or str(error)
        where = error.filename or f"cannot listen on {host} port {port}"
        print(f"vp-tui serve: {where}: {reason}", file=sys.stderr)
        return 1
    finally:
        live.close()
    return 0


def _spare_the_collector() -> None:
    """No garbage collection during a one-shot command, nor over its objects at exit.

    ``vp-tui validate`` builds its models, reads a file or two and exits: the collector's
    passes over pydantic's new objects find nothing to free, and the pass Python makes at
    exit goes over all of them again (together about 20 ms of a 130 ms run).
    """
    gc.disable()
    atexit.unregister(gc.freeze)  # once, however often main() runs in one process
    atexit.register(gc.freeze)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    skip_pydantic_plugins()
    parser = build_parser()
    args = parser.parse_args(argv)
    collecting = gc.isenabled()
    if args.command in ONE_SHOT_COMMANDS:
        _spare_the_collector()
    try:
        if args.command == "validate":
            return _run_validate(args.files)
        if args.command == "report":
            return _run_report(args.file, args.format)
        if args.command == "compare":
            return _run_compare([args.first, *args.others], args.format)
        if args.command == "examples":
            return _run_examples(args.sessions_dir, args.folder)
        if args.command == "partnerships":
            from vp_tui.partnership_commands import run_partnerships

            folder = _sessions_folder(args.sessions_dir)
            return run_partnerships(folder, due_only=args.due, output_format=args.format)
        if args.command == "new" and args.previous is not None:
            return _run_next(args.sessions_dir, args.previous)
        if args.command == "open":
            return _run_app(args.sessions_dir, "open", args.file)
        if args.command == "replay":
            return _run_replay(args.sessions_dir, args.file)
        if args.command == "serve":
            return _run_serve(args.sessions_dir, args.host, args.port, args.file, args)
        return _run_app(args.sessions_dir, args.command or "home")
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``vp-tui report FILE | head``): not an error of ours.
        sys.stderr.close()
        return 0
    finally:
        if collecting:
            gc.enable()
