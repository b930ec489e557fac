"""The one error the storage layer raises for a file a user can fix."""

from __future__ import annotations


class SessionFileError(Exception):
    """A session file that cannot be read, written or trusted, with a one-line message."""

    def __init__(
        self,
        path: str,
        message: str,
        *,
        field: str | None = None,
        line: int | None = None,
        problems: list[str] | None = None,
    ) -> None:
        self.path = path
        self.field = field
        self.line = line
        self.message = message
        self.problems = problems or [self._format(path, field, line, message)]
        super().__init__(self.problems[0])

    @staticmethod
    def _format(path: str, field: str | None, line: int | None, message: str) -> str:
        where = path
        if line is not None:
            where += f":{line}"
        if field:
            return f"{where}: {field}: {message}"
        return f"{where}: {message}"


class SessionLockedError(SessionFileError):
    """The session file is already open for writing by another process."""
