"""Located errors: a source position plus message and hint, printed as `path:line:col: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourcePos:
    """A point in a source file (1-based line and column)."""

    path: str
    """The file as the user named it (relative when possible)."""
    line: int
    """1-based line number."""
    col: int
    """1-based column number (in characters)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a source or config file."""

    pos: SourcePos
    """Where the problem is."""
    message: str
    """What is wrong, in one sentence."""
    hint: str = ""
    """How to fix it, when we can tell."""
    source_line: str = ""
    """The offending line, as written."""
    level: str = "error"
    """`error`, `warning` or `note`."""
    code: str = ""
    """What kind of problem it is, for code that acts on problems (never their wording):
    `left-out` (a link to a page left out with --keep-going), `broken-link`, … ("" = none)."""

    def format(self, with_level: bool = False) -> str:
        """Render as `path:line:col: message`, the source line with a caret, and the hint."""
        head = f"{self.pos.path}:{self.pos.line}:{self.pos.col}: "
        if with_level or self.level != "error":
            head += f"{self.level}: "
        out = [head + self.message]
        if self.source_line:
            shown = self.source_line.rstrip("\n")
            if len(shown) > 160:
                start = max(0, self.pos.col - 60)
                shown = ("…" if start else "") + shown[start : start + 140] + "…"
                caret_col = self.pos.col - start + (1 if start else 0)
            else:
                caret_col = self.pos.col
            out.append("    " + shown.replace("\t", " "))
            out.append("    " + " " * (caret_col - 1) + "^")
        if self.hint:
            out.append(f"    hint: {self.hint}")
        return "\n".join(out)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form for `--format json` output."""
        return {
            "path": self.pos.path,
            "line": self.pos.line,
            "col": self.pos.col,
            "level": self.level,
            "message": self.message,
            "hint": self.hint,
        }


class GuideError(Exception):
    """One or more problems in user input (guides, config). Never a crash of ours."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


def problem_at(
    path: str, text: str, offset: int, message: str, hint: str = "", level: str = "error"
) -> Problem:
    """Build a Problem from a character offset into `text` (the whole file)."""
    offset = max(0, min(offset, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    if line_end < 0:
        line_end = len(text)
    line_no = text.count("\n", 0, offset) + 1
    return Problem(
        SourcePos(path, line_no, offset - line_start + 1),
        message,
        hint,
        text[line_start:line_end],
        level,
    )
