"""Plants one bug at a time in renderer/openapi (and its partials), runs the test file that
should catch it, puts the code back, and says KILLED or SURVIVED. Usage:

    python bench/openapi_planted.py
"""

from __future__ import annotations

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
T = "tests/openapi/"
MUTANTS = [
    ("renderer/openapi/refs.py", "if not self.inside(path):", "if False:", T + "test_errors.py"),
    (
        "renderer/openapi/refs.py",
        "return Path(os.path.realpath(path)).is_relative_to(self.root)",
        "return Path(os.path.abspath(path)).is_relative_to(self.root)",
        T + "test_errors.py",
    ),
    (
        "renderer/openapi/refs.py",
        'if "://" in location or location.startswith("//"):',
        "if False:",
        T + "test_errors.py",
    ),
    ("renderer/openapi/schema.py", "if target.key in stack:", "if False:", T + "test_load.py"),
    (
        "renderer/openapi/schema.py",
        'out["required"] = list(dict.fromkeys(required))',
        "pass",
        T + "test_load.py",
    ),
    (
        "renderer/openapi/schema.py",
        'return kinds, "null" in raw',
        "return kinds, False",
        T + "test_load.py",
    ),
    (
        "renderer/openapi/operations.py",
        "for holder, base in ((item, item_at), (op, at)):",
        "for holder, base in ((op, at),):",
        T + "test_load.py",
    ),
    (
        "renderer/openapi/operations.py",
        "if name not in declared:",
        "if False:",
        T + "test_errors.py",
    ),
    (
        "renderer/openapi/lookup.py",
        "return op.method == ref.method and op.path == ref.path",
        "return op.method == ref.method.upper() and op.path == ref.path",
        T + "test_lookup.py",
    ),
    (
        "renderer/openapi/lookup.py",
        '("nearest: " + ", ".join(near)) if near else "the spec has no operations"',
        '""',
        T + "test_lookup.py",
    ),
    ("renderer/openapi/lookup.py", "if _URL.match(spec):", "if False:", T + "test_lookup.py"),
    (
        "renderer/openapi/anchors.py",
        "        text = pattern.sub(repl, text)\n",
        "        pass\n",
        T + "test_render.py",
    ),
    (
        "renderer/render/api/view.py",
        'return (self.direction == "request" and s.read_only) or',
        'return (self.direction == "request" and False) or',
        T + "test_render.py",
    ),
    (
        "renderer/render/api/view.py",
        "return Markup(clean_block(markdown().render(text)))",
        "return Markup(markdown().render(text))",
        T + "test_render.py",
    ),
    (
        "renderer/render/api/view.py",
        'view["recursive_href"] = "#" + seen[target.ref_key] if seen.get(target.ref_key) else ""',
        'view["recursive_href"] = ""',
        T + "test_render.py",
    ),
    (
        "renderer/openapi/index.py",
        "unique.setdefault((p.pos.path, p.pos.line, p.pos.col), p)",
        "unique[(p.pos.path, p.pos.line, p.pos.col, p.message)] = p",
        T + "test_errors.py",
    ),
    (
        "renderer/openapi/validate.py",
        'if _kind(best) == "Enum":',
        "if False:",
        T + "test_errors.py",
    ),
    (
        "renderer/openapi/index.py",
        "return _Loaded(_stamp(list(files.loaded)), spec, reader, files)",
        "return _Loaded(_stamp([main.path]), spec, reader, files)",
        T + "test_load.py",
    ),
    (
        "renderer/openapi/swagger2.py",
        'schema = {**schema, "type": "string", "format": "binary"}',
        "pass",
        T + "test_load.py",
    ),
    (
        "site_template/components/openapi/playground.html",
        'method="dialog" ',
        "",
        T + "test_render.py",
    ),
    (
        "site_template/static/playground.js",
        "if (origins(form).indexOf(request.url.origin) < 0) {",
        "if (false) {",
        T + "test_playground_browser.py",
    ),
    (
        "site_template/static/playground.js",
        'if (kind === "bearer") headers.set("Authorization", "Bearer " + input.value);',
        'if (kind === "bearer") { headers.set("Authorization", "Bearer " + input.value); '
        'sessionStorage.setItem("t", input.value); }',
        T + "test_playground_browser.py",
    ),
    (
        "site_template/static/playground.js",
        "? encodeURIComponent(values[name]) : whole;",
        "? values[name] : whole;",
        T + "test_playground_browser.py",
    ),
]


def main() -> int:
    survived = 0
    for path, old, new, test in MUTANTS:
        p = ROOT / path
        src = p.read_text()
        if old not in src:
            print("MISSING ", path, "|", old[:60])
            survived += 1
            continue
        p.write_text(src.replace(old, new, 1))
        try:
            cmd = [sys.executable, "-m", "pytest", "-q", "-x", test, "-p", "no:cacheprovider"]
            r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
        finally:
            p.write_text(src)
        last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-200:]
        survived += r.returncode == 0
        print(
            "KILLED  " if r.returncode else "SURVIVED",
            path,
            "|",
            old[:60].replace("\n", " "),
            "|",
            last,
        )
    print(f"{len(MUTANTS) - survived} of {len(MUTANTS)} planted bugs killed")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
