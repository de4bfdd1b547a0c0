#!/usr/bin/env python3
"""Rebuild the vendored third-party assets from their npm packages (run by a developer; the
output is committed). Nothing here runs during a build.

    python3 scripts/vendor_assets.py            # npm pack the pinned versions into a temp dir
    python3 scripts/vendor_assets.py --from DIR # use tarballs already in DIR

Writes:
  renderer/render/data/fa-free-<v>.json.gz     Font Awesome Free: every free icon's solid /
                                               regular / brands path, and the aliases
  renderer/render/data/lucide-<v>.json.gz      Lucide: every icon's SVG nodes, and the aliases
  renderer/render/data/LICENSE-*.txt           the packages' licence files
  site_template/static/mermaid.min.js          mermaid's IIFE bundle, byte for byte
  site_template/static/mermaid.LICENSE.txt     its licence (published beside it)
and prints the sha512 of each tarball for the READMEs.

The JSON is written with sorted keys and gzip's mtime 0, so the same package gives the same
bytes."""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "renderer" / "render" / "data"
STATIC = ROOT / "site_template" / "static"
FA = ("@fortawesome/fontawesome-free", "7.3.1", "fortawesome-fontawesome-free-7.3.1.tgz")
LUCIDE = ("lucide-static", "1.87.0", "lucide-static-1.87.0.tgz")
MERMAID = ("mermaid", "11.17.2", "mermaid-11.17.2.tgz")


def tarball(folder: Path, spec: tuple[str, str, str]) -> tarfile.TarFile:
    path = folder / spec[2]
    if not path.exists():
        subprocess.run(["npm", "pack", f"{spec[0]}@{spec[1]}"], cwd=folder, check=True)
    digest = base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()
    print(f"{spec[0]}@{spec[1]}: {spec[2]} sha512-{digest}")
    return tarfile.open(path)


def member(tar: tarfile.TarFile, name: str) -> bytes:
    f = tar.extractfile(f"package/{name}")
    assert f is not None, name
    return f.read()


def write_gz(path: Path, data: object) -> None:
    raw = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(raw)
    path.write_bytes(buf.getvalue())
    print(f"{path.relative_to(ROOT)}: {len(raw)} B JSON, {len(buf.getvalue())} B gzipped")


def font_awesome(tar: tarfile.TarFile, version: str) -> None:
    families = json.loads(member(tar, "metadata/icon-families.json"))
    icons: dict[str, dict[str, list]] = {}
    aliases: dict[str, str] = {}
    for name, info in families.items():
        free = {
            f["style"]
            for f in info.get("familyStylesByLicense", {}).get("free", [])
            if f.get("family") == "classic"
        }
        svgs = info.get("svgs", {}).get("classic", {})
        styles = {}
        for style in sorted(free):
            svg = svgs.get(style)
            if svg and isinstance(svg.get("path"), str):
                styles[style] = [svg["width"], svg["height"], svg["path"]]
        if not styles:
            continue
        icons[name] = styles
        for alias in info.get("aliases", {}).get("names", []):
            aliases[alias] = name
    aliases = {a: n for a, n in aliases.items() if a not in icons}
    write_gz(
        DATA / f"fa-free-{version}.json.gz",
        {
            "package": f"{FA[0]}@{version}",
            "license": "CC-BY-4.0 (icons); see LICENSE-fontawesome-free.txt",
            "icons": icons,
            "aliases": aliases,
        },
    )
    (DATA / "LICENSE-fontawesome-free.txt").write_bytes(member(tar, "LICENSE.txt"))


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("-"))


def lucide(tar: tarfile.TarFile, version: str) -> None:
    nodes = json.loads(member(tar, "icon-nodes.json"))
    files = sorted(
        m.name[len("package/icons/") : -4]
        for m in tar.getmembers()
        if m.name.startswith("package/icons/") and m.name.endswith(".svg")
    )
    by_pascal = {_pascal(n): n for n in files}
    esm = member(tar, "dist/esm/lucide-static.mjs").decode()
    aliases: dict[str, str] = {}
    for names, target in re.findall(r"export \{([^}]*)\} from '\./icons/([\w-]+)\.mjs'", esm):
        for pascal in re.findall(r"default as (\w+)", names):
            alias = by_pascal.get(pascal)
            if alias and alias != target and alias not in nodes and target in nodes:
                aliases[alias] = target
    missing = [n for n in files if n not in nodes and n not in aliases]
    if missing:
        sys.exit(f"lucide: files with no icon or alias: {missing[:10]}")
    write_gz(
        DATA / f"lucide-{version}.json.gz",
        {
            "package": f"{LUCIDE[0]}@{version}",
            "license": "ISC; see LICENSE-lucide.txt",
            "icons": nodes,
            "aliases": aliases,
        },
    )
    (DATA / "LICENSE-lucide.txt").write_bytes(member(tar, "LICENSE"))


def mermaid(tar: tarfile.TarFile) -> None:
    js = member(tar, "dist/mermaid.min.js")
    (STATIC / "mermaid.min.js").write_bytes(js)
    (STATIC / "mermaid.LICENSE.txt").write_bytes(member(tar, "LICENSE"))
    print(
        f"site_template/static/mermaid.min.js: {len(js)} B, sha256 {hashlib.sha256(js).hexdigest()}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--from", dest="folder", type=Path, help="folder with the npm tarballs")
    args = ap.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp)
        font_awesome(tarball(folder, FA), FA[1])
        lucide(tarball(folder, LUCIDE), LUCIDE[1])
        mermaid(tarball(folder, MERMAID))


if __name__ == "__main__":
    main()
