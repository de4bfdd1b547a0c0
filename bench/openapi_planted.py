import pathlib
import subprocess

MUTANTS = [
    (
        "renderer/openapi/validate.py",
        "if key in seen:",
        "if False:",
        "tests/openapi/test_errors.py",
    ),
    (
        "renderer/openapi/index.py",
        "return _Loaded(_stamp(list(files.loaded)), spec, reader, files)",
        "return _Loaded(_stamp([main.path]), spec, reader, files)",
        "tests/openapi/test_load.py",
    ),
    (
        "site_template/components/openapi/playground.html",
        'method="dialog" ',
        "",
        "tests/openapi/test_render.py",
    ),
    (
        "renderer/openapi/swagger2.py",
        'schema = {**schema, "type": "string", "format": "binary"}',
        "pass",
        "tests/openapi/test_load.py",
    ),
    (
        "renderer/openapi/view.py",
        'view["recursive_href"] = "#" + seen[target.ref_key] if seen.get(target.ref_key) else ""',
        'view["recursive_href"] = ""',
        "tests/openapi/test_render.py",
    ),
]
for path, old, new, test in MUTANTS:
    p = pathlib.Path(path)
    src = p.read_text()
    assert src.count(old) >= 1, (path, old)
    p.write_text(src.replace(old, new, 1))
    try:
        r = subprocess.run(
            [".venv/bin/pytest", "-q", "-x", test, "-p", "no:cacheprovider"],
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        p.write_text(src)
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-200:]
    print(
        "KILLED " if r.returncode else "SURVIVED", path, "|", old[:60].replace("\n", " "), "|", last
    )
