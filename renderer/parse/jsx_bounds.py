"""Bounds on expansion (issue 29 §5): snippets, templates and `export const` values may not
amplify a few hundred bytes of source into megabytes.

Every expansion of one page draws on one `Budget`: the bytes a snippet inclusion, a template
call or a substituted value adds are charged *before* that text is produced, and each call or
inclusion costs `CALL_COST` more, so even expansions that add nothing are counted. Work is
therefore linear in the budget, whatever the nesting. A value's size is known without
serialising it (`weight`), so `export const b = [a, a, a]` chains are refused where they are
defined. Exceeding a bound is a located error that names the chain which led there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

MAX_EXPANSION = 1 << 20
"""Bytes that snippets, templates and `{NAME}` values may add to one page."""
MAX_VALUE = 256 << 10
"""Bytes an `export const` value may take written out (its weight)."""
MAX_TEMPLATE_DEPTH = 16
"""Templates called from templates (the page's use counts as the first)."""
MAX_EVAL_DEPTH = 120
"""Expressions and elements nested in one evaluation, across the templates it calls (keeps
the interpreter well inside Python's recursion limit)."""
CALL_COST = 256
"""What one template call or `.map` item costs on top of the text it adds."""
INCLUDE_COST = 1024
"""What one snippet inclusion (reading and expanding a file) costs on top of its size."""


def _kib(n: int) -> str:
    return f"{n >> 20} MiB" if n >= 1 << 20 and n % (1 << 20) == 0 else f"{n >> 10} KiB"


class BoundError(ValueError):
    """An expansion over a bound; the message names the chain. `repeated`: the page is already
    over a bound (and that was reported): callers skip the work without another message."""

    def __init__(self, message: str, hint: str = "", repeated: bool = False):
        super().__init__(message)
        self.hint = hint
        self.repeated = repeated


class Budget:
    """What one page's expansion may still add (shared by its snippets and templates)."""

    __slots__ = ("limit", "spent", "exceeded", "depth")

    def __init__(self, limit: int = MAX_EXPANSION):
        self.limit = limit
        self.spent = 0
        self.exceeded = False
        """Set once a charge failed: the page is refused, later work may be skipped."""
        self.depth = 0
        """How deep the evaluation in progress is nested (see MAX_EVAL_DEPTH)."""

    def charge(self, size: int, chain: str | Callable[[], str]) -> None:
        """Take `size` bytes, or raise BoundError naming `chain` (what was being expanded; a
        function making that text is called only then). Once the page is over a bound, every
        charge fails (`repeated`), so nothing more is expanded."""
        if self.exceeded:
            raise BoundError("expansion stopped: the page is over a bound", "", repeated=True)
        if self.spent + size > self.limit:
            self.exceeded = True
            raise BoundError(
                f"expansion over {_kib(self.limit)}: {chain if isinstance(chain, str) else chain()}",
                "snippets, templates and exported values may add at most "
                f"{_kib(self.limit)} to a page; include less, or write the content out",
            )
        self.spent += size

    def stop(self) -> None:
        """The page went over a bound reported elsewhere (snippets nested too deep)."""
        self.exceeded = True

    def detached(self) -> Budget:
        """A budget with what is left here, whose charges do not count here (for a second
        pass over the same uses, such as the twin's)."""
        twin = Budget(self.limit)
        twin.spent, twin.exceeded = self.spent, self.exceeded
        return twin


class Weighed:
    """Mixin for literal containers that know their written-out size."""

    weight: int
    via: tuple[str, int] | None
    """The heaviest `export const` name this value holds, and how many times."""


class Array(tuple, Weighed):  # type: ignore[type-arg]
    """A literal array (a tuple) with its weight."""


def weight(value: Any, names: Mapping[str, Any] | None = None) -> int:
    """About how many bytes `value` takes written out as a literal: never more work than the
    number of items of containers not made by the literal reader."""
    if isinstance(value, str):
        return len(value) + 2
    w = getattr(value, "weight", None)
    if isinstance(w, int):
        return w
    if value is None or isinstance(value, bool):
        return 4
    if isinstance(value, (int, float)):
        return len(str(value))
    src = getattr(value, "source", None)
    if isinstance(src, str):
        return len(src)
    if isinstance(value, Mapping):
        return 2 + sum(len(str(k)) + 4 + weight(v) for k, v in value.items())
    if isinstance(value, (tuple, list)):
        return 2 + sum(weight(v) + 1 for v in value)
    return len(str(value))


def value_chain(name: str, names: Mapping[str, Any], limit: int = 8) -> str:
    """How the value of `name` came to weigh what it does: "`a3` = 10 × `a2`; `a2` = 10 ×
    `a1`; …" (empty when it holds no other name)."""
    parts: list[str] = []
    seen: set[str] = set()
    current = name
    while current not in seen and len(parts) < limit:
        seen.add(current)
        via = getattr(names.get(current), "via", None)
        if via is None:
            break
        parts.append(f"`{current}` = {via[1]} × `{via[0]}`")
        current = via[0]
    return "; ".join(parts)


def too_heavy(what: str, size: int) -> str:
    return f"{what} would be {_kib(size)} written out (over {_kib(MAX_VALUE)})"
