"""The lowest supported versions: constraints/minimum.txt pins exactly the lower bound of every
runtime dependency in pyproject.toml (`make test-min` installs them), and what hubdocs writes
itself in place of a newer library's helper behaves like it."""

from __future__ import annotations

import re
import tomllib

import pytest

from renderer.parse.block_rule import _TRIM

from .conftest import ROOT


def _name(req: str) -> str:
    return re.split(r"[\[<>=!~; ]", req, maxsplit=1)[0].lower()


def test_minimum_constraints_pin_every_lower_bound() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lows = {}
    for req in deps:
        mt = re.search(r">=\s*([0-9][^,;\s]*)", req)
        if mt:
            lows[_name(req)] = mt.group(1)
    pins = {}
    for line in (ROOT / "constraints/minimum.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = version.strip()
    for name, version in pins.items():
        assert name in lows, f"{name} is pinned but has no lower bound in pyproject.toml"
        assert tuple(map(int, re.findall(r"\d+", lows[name]))) <= tuple(
            map(int, re.findall(r"\d+", version))
        ), f"{name}: the pin {version} is below the lower bound {lows[name]}"
    wanted = {"markdown-it-py", "mkdocs", "jinja2", "pyyaml", "nh3", "pygments", "coloraide",
              "watchfiles", "regex"}  # fmt: skip
    assert wanted <= set(pins), sorted(wanted - set(pins))
    for name in wanted:
        assert re.sub(r"(\.0)+$", "", pins[name]) == re.sub(r"(\.0)+$", "", lows[name]), (
            f"{name}: the lowest tested version {pins[name]} is not the declared {lows[name]}"
        )


def test_paragraph_trim_is_commonmarks_whitespace() -> None:
    utils = pytest.importorskip("markdown_it.common.utils")
    if not hasattr(utils, "MD_TRIM_CHARS"):
        pytest.skip("markdown-it-py before 4.3 has no mdTrim (MD_TRIM_CHARS)")
    assert sorted(_TRIM) == sorted(utils.MD_TRIM_CHARS)
