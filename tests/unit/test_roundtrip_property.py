"""Property tests of the session file: exact round trips, and a loader that fails only cleanly.

(a) any valid session survives ``session_to_toml`` → ``parse_session`` unchanged, and its
    text is canonical (same session, same bytes);
(b) arbitrary bytes, (c) arbitrary TOML documents and (d) mutations of a valid session's
    data either load or raise ``SessionFileError`` (never any other exception) with a
    one-line message that starts with the source name.
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.conftest import GOOD
from tests.strategies import (
    session_dicts,
    sessions,
    toml_documents,
    toml_keys,
    toml_type,
    toml_values,
)
from vp_tui.model.fields import has_control_characters
from vp_tui.model.session import FORMAT, VERSION, Session
from vp_tui.storage import (
    SessionFileError,
    parse_session,
    read_session,
    save_session,
    session_to_toml,
)

SOURCE = "sessions/fuzz case.toml"
WORKED_EXAMPLE = (GOOD / "worked-example.toml").read_bytes()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("roundtrip")


def load_or_error(data: bytes | str, source: str = SOURCE) -> Session | None:
    """Parse; a ``SessionFileError`` must carry a clean message. Anything else escapes."""
    try:
        return parse_session(data, source)
    except SessionFileError as error:
        check_message(str(error), source)
        assert error.problems, "a SessionFileError lists at least one problem"
        for problem in error.problems:
            check_message(problem, source)
        return None


def check_message(message: str, source: str) -> None:
    assert message.startswith(f"{source}:"), message
    assert not has_control_characters(message), f"not one clean line: {message!r}"
    assert message[len(source) + 1 :].strip(), message


# --- (a) round trips ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(session=sessions())
def test_any_valid_session_round_trips_exactly(session: Session, workdir: Path) -> None:
    text = session_to_toml(session)
    assert session_to_toml(session) == text, "the same session must give the same text"

    document = tomllib.loads(text)  # plain TOML, readable by any TOML reader
    assert Session.model_validate(document) == session

    loaded = parse_session(text, SOURCE)
    assert loaded == session
    assert loaded.model_dump() == session.model_dump()
    assert session_to_toml(loaded) == text, "a loaded session must be written back unchanged"

    path = workdir / "session.toml"
    save_session(session, path)
    first = path.read_bytes()
    save_session(session, path)
    assert path.read_bytes() == first
    assert first == text.encode("utf-8")
    assert read_session(path) == session


def test_the_worked_example_round_trips() -> None:
    session = parse_session(WORKED_EXAMPLE, "worked-example.toml")
    text = session_to_toml(session)
    assert parse_session(text) == session
    assert session_to_toml(parse_session(text)) == text


# --- (b) arbitrary bytes --------------------------------------------------------------------


def _corrupt(data: bytes, position: int, junk: bytes, mode: str) -> bytes:
    position %= len(data) + 1
    if mode == "truncate":
        return data[:position]
    if mode == "insert":
        return data[:position] + junk + data[position:]
    return data[:position] + junk + data[position + len(junk) :]


corrupted_example = st.builds(
    _corrupt,
    st.just(WORKED_EXAMPLE),
    st.integers(0, len(WORKED_EXAMPLE)),
    st.binary(min_size=1, max_size=8),
    st.sampled_from(["truncate", "insert", "overwrite"]),
)


@settings(max_examples=2000, deadline=None)
@given(data=st.one_of(st.binary(max_size=400), corrupted_example))
def test_arbitrary_bytes_fail_only_with_session_file_error(data: bytes) -> None:
    load_or_error(data)


# --- (c) arbitrary TOML documents -----------------------------------------------------------

_SESSION_KEYS = st.sampled_from(
    [
        "title",
        "partnership",
        "kind",
        "facilitator",
        "created",
        "phase",
        "thresholds",
        "partners",
        "benefits",
        "costs",
        "deal",
        "values",
        "contributions",
        "notes",
        "actions",
        "events",
    ]
)

# Documents that get past the format check, so the model's validation is fuzzed too.
_session_like = st.builds(
    lambda head, body: {**body, **head},
    st.fixed_dictionaries(
        {"format": st.just(FORMAT)},
        optional={"version": st.one_of(st.just(VERSION), st.sampled_from([0, 2, 99]), toml_values)},
    ),
    st.dictionaries(st.one_of(_SESSION_KEYS, toml_keys), toml_values, max_size=5),
)


@settings(max_examples=2000, deadline=None)
@given(
    document=st.one_of(toml_documents, _session_like, _session_like),
    as_bytes=st.booleans(),
)
def test_arbitrary_toml_documents_fail_only_with_session_file_error(
    document: dict[str, Any], as_bytes: bool
) -> None:
    text = tomli_w.dumps(document)
    result = load_or_error(text.encode("utf-8") if as_bytes else text)
    event("loaded" if result is not None else "refused")
    if result is not None:
        assert parse_session(session_to_toml(result)) == result


# --- (d) mutations of a valid session -------------------------------------------------------

# Keys whose absence makes a file invalid, by the kind of table that holds them.
_REQUIRED = {
    "": {"format", "version", "title", "kind", "created", "partners"},
    "partners": {"id", "name"},
    "benefits": {"item"},
    "costs": {"item"},
    "values": {"item"},
    "contributions": {"partner"},
    "notes": {"component", "text"},
    "actions": {"text"},
    "events": {"at", "actor", "kind"},
}

Path_ = tuple[str | int, ...]


def _paths(value: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every place in a plain document that holds a value."""
    found: list[Path_] = []
    if isinstance(value, dict):
        for key, child in value.items():
            found.append((*prefix, key))
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.append((*prefix, index))
            found.extend(_paths(child, (*prefix, index)))
    return found


def _tables(value: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every table (the document itself included) of a plain document."""
    found: list[Path_] = [prefix] if isinstance(value, dict) else []
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else []
    )
    for key, child in children:
        found.extend(_tables(child, (*prefix, key)))
    return found


def _required(path: Path_, document: dict[str, Any]) -> bool:
    """Whether deleting what ``path`` points at must make a session file invalid."""
    if len(path) == 1:
        return path[0] in _REQUIRED[""]
    if path[0] == "partners" and len(path) == 2:
        return len(document["partners"]) <= 2
    if len(path) == 3 and isinstance(path[0], str) and isinstance(path[2], str):
        return path[2] in _REQUIRED.get(path[0], set())
    return False


def _at(document: Any, path: Path_) -> Any:
    for part in path:
        document = document[part]
    return document


@st.composite
def mutations(draw: st.DrawFn) -> tuple[dict[str, Any], str, Path_, bool]:
    """A valid session's data with one thing changed, and whether it must now be refused."""
    session = Session.model_validate(
        draw(session_dicts(max_partners=4, max_items=3, max_events=4, quick=True))
    )
    document = tomllib.loads(session_to_toml(session))
    mutated = copy.deepcopy(document)
    operation = draw(st.sampled_from(["delete", "replace", "replace", "add", "replace-any"]))
    if operation == "add":
        path = draw(st.sampled_from(_tables(mutated)))
        table = _at(mutated, path)
        # "x_" is in no field name and no partner id (ids have no '_'): always unknown.
        key = "x_" + draw(st.text(max_size=10))
        table[key] = draw(toml_values)
        return mutated, operation, path, True

    path = draw(st.sampled_from(_paths(mutated)))
    parent = _at(mutated, path[:-1])
    last = path[-1]
    if operation == "delete":
        del parent[last]
        return mutated, operation, path, _required(path, document)

    old_type = toml_type(parent[last])
    if operation == "replace":
        new = draw(toml_values.filter(lambda value: toml_type(value) != old_type))
    else:
        new = draw(toml_values)
    parent[last] = new
    return mutated, operation, path, False


@settings(max_examples=2000, deadline=None)
@given(case=mutations())
def test_mutated_sessions_fail_only_with_session_file_error(
    case: tuple[dict[str, Any], str, Path_, bool],
) -> None:
    document, operation, path, must_fail = case
    result = load_or_error(tomli_w.dumps(document).encode("utf-8"))
    event(f"{operation}: {'loaded' if result is not None else 'refused'}")
    if must_fail:
        assert result is None, f"{operation} at {path} must make the file invalid"
    if result is not None:
        assert parse_session(session_to_toml(result)) == result
