"""Column layout by terminal cells, measured as Textual draws them.

Widths come from ``wcwidth``, which measures whole grapheme clusters: a family emoji
joined by zero-width joiners, a flag, a keycap or a heart with its emoji variation
selector takes two cells, a combining accent none, CJK two. Textual measures with
``rich.cells``, which gives the same widths for all of these (``tests/unit/test_layout_width``
compares them), but ``report`` may not import Rich (it must run without the UI), so it
uses the library Rich's measure agrees with. Texts are cut between grapheme clusters,
never inside one. ASCII text, the common case, is measured without loading ``wcwidth``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass


def cell_width(text: str) -> int:
    """How many terminal cells a text takes."""
    if text.isascii():
        return len(text)  # model text has no control characters
    import wcwidth

    return max(wcwidth.width(text), 0)


def graphemes(text: str) -> Iterator[str]:
    """The text's user-perceived characters, each to be kept whole when a text is cut."""
    if text.isascii():
        return iter(text)
    import wcwidth

    return wcwidth.iter_graphemes(text)


def clip(text: str, width: int) -> str:
    """Cut a text to fit ``width`` cells, marking the cut with an ellipsis."""
    if cell_width(text) <= width:
        return text
    kept, used = [], 0
    for cluster in graphemes(text):
        size = cell_width(cluster)
        if used + size > width - 1:
            break
        kept.append(cluster)
        used += size
    return "".join(kept) + "…"


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad a text with spaces to ``width`` cells, on the left when ``right`` aligned."""
    fill = " " * max(0, width - cell_width(text))
    return fill + text if right else text + fill


def wrap(text: str, width: int, *, indent: str = "", subsequent: str | None = None) -> list[str]:
    """Wrap a text to lines of at most ``width`` cells, cutting a word only when it cannot fit."""
    following = indent if subsequent is None else subsequent
    lines: list[str] = []
    line, prefix = "", indent
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if cell_width(prefix + candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(prefix + line)
            prefix = following
        line = ""
        for cluster in graphemes(word):  # a word wider than a line: cut it by cells
            if line and cell_width(prefix + line + cluster) > width:
                lines.append(prefix + line)
                prefix, line = following, ""
            line += cluster
    if line or not lines:
        lines.append(prefix + line)
    return lines


MIN_CUT = 8
"""Narrower than this, a name cut with an ellipsis says too little: initials instead."""


@dataclass(frozen=True)
class PartnerLabels:
    """How a table's partner columns name the partners in a given width."""

    labels: dict[str, str]
    """Partner id to the label shown (a name, a cut name, or initials; never the id)."""
    legend: list[tuple[str, str]]
    """(initials, full name) pairs when initials are shown, else empty."""

    def legend_text(self) -> str:
        """The legend as one line, e.g. ``AR = Ana Ruiz, BO = Ben Okafor`` ("" when none)."""
        return ", ".join(f"{short} = {name}" for short, name in self.legend)


def partner_labels(partners: Sequence[tuple[str, str]], width: int | None) -> PartnerLabels:
    """Labels for partner columns ``width`` cells wide (None: no limit).

    Every full name when all fit; else the names cut with an ellipsis when that keeps them
    apart and readable; else unique initials (``AR``, ``AR2``) explained by a legend.
    """
    names = {pid: name for pid, name in partners}
    if width is None or all(cell_width(name) <= width for name in names.values()):
        return PartnerLabels(dict(names), [])
    if width >= MIN_CUT:
        cut = {pid: _cut(name, width) for pid, name in names.items()}
        if len(set(cut.values())) == len(cut):
            return PartnerLabels(cut, [])
    labels: dict[str, str] = {}
    taken: set[str] = set()
    for pid, name in names.items():
        base = initials(name)
        label, number = _fit(base, "", width), 1
        while label in taken:
            number += 1
            label = _fit(base, str(number), width)
        taken.add(label)
        labels[pid] = label
    return PartnerLabels(labels, [(labels[pid], name) for pid, name in names.items()])


def _cut(name: str, width: int) -> str:
    """A name cut to ``width`` cells, the ellipsis right after the last letter kept."""
    cut = clip(name, width)
    return cut[:-1].rstrip() + "…" if cut != name else name


def initials(name: str) -> str:
    """A name's initials, upper-cased: ``Ana Ruiz`` is ``AR``, ``山田 花子`` is ``山花``."""
    words = name.split()
    letters = [next((char for char in word if char.isalnum()), word[0]) for word in words]
    return "".join(letters[:3]).upper() or name[:1]


def _fit(base: str, suffix: str, width: int) -> str:
    """``base`` cut (without an ellipsis) so that ``base + suffix`` fits ``width`` cells."""
    kept: list[str] = []
    used, room = 0, max(width - cell_width(suffix), 1)
    for cluster in graphemes(base):
        size = cell_width(cluster)
        if kept and used + size > room:
            break
        kept.append(cluster)
        used += size
    return "".join(kept) + suffix
