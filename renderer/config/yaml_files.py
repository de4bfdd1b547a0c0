"""mkdocs.yml and brand.yml files -> settings dicts, read as MkDocs reads them (`INHERIT`,
`!ENV`, `!relative`), and problems located at a key of the file that holds it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from renderer.core.errors import GuideError, Problem, SourcePos


class _MkdocsLoader(yaml.SafeLoader):
    """Safe loader that reads MkDocs' tags as MkDocs does: `!ENV` (the first set variable, else
    the last item as default), `!relative $config_dir/...`; `!!python/name:` values are None."""

    root: Path = Path(".")


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` / `!ENV [NAME, OTHER, default]`, exactly as MkDocs' yaml_env_tag reads it."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1])
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        raise yaml.constructor.ConstructorError(
            None, None, "`!ENV` takes a name or a list of names and a default", node.start_mark
        )
    for name in names:
        if isinstance(name, str) and name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _relative_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    value = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    prefix, _, rest = value.partition("/")
    if prefix == "$config_dir":
        return str(getattr(loader, "root", Path(".")) / rest)
    return None  # `!relative` alone means the page being rendered: nothing hubdocs reads


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_MkdocsLoader.add_constructor("!ENV", _env_tag)
_MkdocsLoader.add_constructor("!relative", _relative_tag)
_MkdocsLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)


class Collector:
    """Problems located at a key, in the config file or the files it INHERITs from."""

    def __init__(self, path: Path, text: str, parents: tuple[tuple[Path, str], ...] = ()):
        self.files = ((path, text), *parents)
        self.path, self.text, self.problems = path, text, []

    def add(self, key: str, message: str, hint: str = "") -> None:
        path, line, col, src = self.locate(key)
        self.problems.append(Problem(SourcePos(str(path), line, col), message, hint, src))

    def locate(self, key: str) -> tuple[Path, int, int, str]:
        last = key.split(".")[-1]
        for path, text in self.files:
            for n, line in enumerate(text.split("\n"), 1):
                stripped = line.lstrip(" -")
                if stripped.startswith(f"{last}:") or stripped.startswith(f'"{last}":'):
                    return path, n, len(line) - len(stripped) + 1, line
        inline = re.compile(rf"(?<![\w-])[\"']?{re.escape(last)}[\"']?\s*:")
        for path, text in self.files:  # a flow mapping: `colors: {primary: red}`
            for n, line in enumerate(text.split("\n"), 1):
                if not line.lstrip().startswith("#") and (m := inline.search(line)):
                    return path, n, m.start() + 1, line
        return self.path, 1, 1, self.text.split("\n", 1)[0]


def read_yaml(path: Path, loader: type = _MkdocsLoader) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GuideError([Problem(SourcePos(str(path), 1, 1), "file not found")]) from None
    except (UnicodeDecodeError, OSError) as err:
        raise GuideError([Problem(SourcePos(str(path), 1, 1), f"cannot read: {err}")]) from None
    bound = type("Loader", (loader,), {"root": path.resolve().parent})
    try:
        data = yaml.load(text, Loader=bound)  # noqa: S506 - safe loader subclasses only
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        src = text.split("\n")[line - 1] if mark else ""
        raise GuideError(
            [Problem(SourcePos(str(path), line, col), f"invalid YAML: {err.problem}", "", src)]
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise GuideError([Problem(SourcePos(str(path), 1, 1), "expected a mapping of settings")])
    return data, text


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """MkDocs' INHERIT merge (mergedeep, replace strategy): mappings merge, the child wins."""
    out = dict(parent)
    for k, v in child.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def read_mkdocs_yml(path: Path) -> tuple[dict[str, Any], str, tuple[tuple[Path, str], ...]]:
    """mkdocs.yml with its `INHERIT` chain merged as MkDocs merges it: (settings, the file's
    text, (path, text) of each inherited file)."""
    data, text = read_yaml(path)
    parents: list[tuple[Path, str]] = []
    seen = {path.resolve()}
    child, where = data, path
    while "INHERIT" in child:
        rel = child.pop("INHERIT")
        _, src = (where, text) if not parents else parents[-1]
        line = next((n for n, s in enumerate(src.split("\n"), 1) if s.startswith("INHERIT")), 1)
        parent_path = where.parent / str(rel)
        if not isinstance(rel, str) or not parent_path.is_file() or parent_path.resolve() in seen:
            why = "is inherited twice" if parent_path.resolve() in seen else "does not exist"
            raise GuideError(
                [
                    Problem(
                        SourcePos(str(where), line, 1),
                        f"INHERIT: {parent_path} {why}",
                        "give a path relative to this file",
                        src.split("\n")[line - 1],
                    )
                ]
            )
        seen.add(parent_path.resolve())
        child, ptext = read_yaml(parent_path)
        parents.append((parent_path, ptext))
        data = _merge({k: v for k, v in child.items() if k != "INHERIT"}, data)
        where = parent_path
    return data, text, tuple(parents)
