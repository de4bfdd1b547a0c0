"""The generated guides as a Starlight (Astro) site, for bench/run.py: the same pages as `.mdx`
content with Starlight's own Steps and asides (`<Warning>` -> a caution aside, each `<Step>` an
item of a `<Steps>` list), Starlight's default sidebar over every page and its built-in Pagefind
search. The npm packages are pinned in bench/starlight/package.json (bench only, never shipped):
`npm ci --prefix bench/starlight`."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGES = HERE / "starlight"

_INLINE = [
    (re.compile(r"<code>(.*?)</code>"), r"`\1`"),
    (re.compile(r"<strong>(.*?)</strong>"), r"**\1**"),
    (re.compile(r'<a href="([^"]*)">(.*?)</a>'), r"[\2](\1)"),
    (re.compile(r"</?p>"), ""),
]
_SKIP = re.compile(r"^</?(section|div|Panel|ul)\b[^>]*>$")


def _inline(text: str) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text


def to_starlight(text: str) -> str:
    """One generated guide (front matter + our MDX components) as Starlight MDX."""
    _, front, body = text.split("---\n", 2)
    out = ["---", front.rstrip("\n"), "---", ""]
    out += ["import { Aside, Steps } from '@astrojs/starlight/components';", ""]
    step, indent = 0, ""
    for raw in body.split("\n"):
        line = raw.strip()
        if not line or _SKIP.match(line):
            continue
        if m := re.fullmatch(r"<Warning>(.*)</Warning>", line):
            out += [f'<Aside type="caution">{_inline(m.group(1))}</Aside>', ""]
        elif m := re.fullmatch(r"<h2>(.*)</h2>", line):
            out += [f"## {_inline(m.group(1))}", ""]
        elif line == "<Steps>":
            out += ["<Steps>", ""]
            step = 0
        elif line == "</Steps>":
            out += ["</Steps>", ""]
            indent = ""
        elif m := re.fullmatch(r'<Step title="(.*)">', line):
            step += 1
            out += [f"{step}. **{_inline(m.group(1))}**", ""]
            indent = "   "
        elif line == "</Step>":
            continue
        elif m := re.fullmatch(r"<li>(.*)</li>", line):
            out += [f"{indent}- {_inline(m.group(1))}"]
        else:
            out += [f"{indent}{_inline(line)}", ""]
    return "\n".join(out) + "\n"


CONFIG = """import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';

export default defineConfig({
  integrations: [starlight({ title: 'StackOne Hub guides' })],
});
"""
CONTENT = """import { defineCollection } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

export const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };
"""


def starlight_site(guides: Path, name: str) -> Path:
    """A Starlight project of the guides below `guides`, in bench/starlight/work/<name> (below
    the installed packages, so that Node and Vite find them; git ignores it)."""
    site = PACKAGES / "work" / name
    shutil.rmtree(site, ignore_errors=True)
    docs = site / "src/content/docs"
    for p in sorted(guides.rglob("*.mdx")):
        rel = p.relative_to(guides)
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(to_starlight(p.read_text(encoding="utf-8")), encoding="utf-8")
    (docs / "index.mdx").write_text("---\ntitle: Guides\n---\n\nConnection guides.\n")
    (site / "astro.config.mjs").write_text(CONFIG)
    (site / "src/content.config.ts").write_text(CONTENT)
    (site / "package.json").write_text('{"type": "module", "private": true}\n')
    return site


def available() -> bool:
    return (PACKAGES / "node_modules/astro/astro.js").is_file() and shutil.which("node") is not None


def build_command(site: Path, out: Path) -> list[str]:
    """`astro build` of the project `site` into `out` (run in `site`, with `ENV`)."""
    astro = PACKAGES / "node_modules/astro/astro.js"
    return ["node", str(astro), "build", "--silent", "--outDir", str(out)]


ENV = {"ASTRO_TELEMETRY_DISABLED": "1"}


def version() -> str:
    proc = subprocess.run(
        ["node", "-p", "require('./node_modules/@astrojs/starlight/package.json').version"],
        cwd=PACKAGES,
        capture_output=True,
        text=True,
    )
    return proc.stdout.strip() or "?"
