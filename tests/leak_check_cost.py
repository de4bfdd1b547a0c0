"""The leak check's cost per output file on a built white-label tree, in-process.

Usage: `.venv/bin/hubdocs build --full --out site` then
`.venv/bin/python tests/leak_check_cost.py [site/acme] [rounds]`. The checker is built as the
build builds it (the brand's words, every page's hidden fragments, the variant's link targets);
every file of the tree is checked as the build checks it (the search bundle decompressed, as
`bundle_leaks` hands it over). Prints the best of `rounds` per file kind, in microseconds per
file. Not a test: a measurement (the numbers in tests/SECURITY.md come from it).
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from renderer.brand.leaks import LeakChecker, hidden_fragments  # noqa: E402
from renderer.build.full import load_site  # noqa: E402
from renderer.config.schema import load_config  # noqa: E402
from renderer.search.index import bundle_files  # noqa: E402
from renderer.vary.site import variant_targets  # noqa: E402


def main(argv: list[str]) -> int:
    tree = Path(argv[0]) if argv else ROOT / "site/acme"
    rounds = int(argv[1]) if len(argv) > 1 else 5
    cfg = load_config(ROOT / "mkdocs.yml")
    brand = cfg.brand(tree.name)
    site, _ = load_site(cfg, 1)
    checker = LeakChecker(brand, hidden_fragments(site), variant_targets(site, brand))
    files: list[tuple[str, bytes]] = []
    for p in sorted(tree.rglob("*")):
        rel = p.relative_to(tree).as_posix()
        if p.is_file() and not rel.startswith("pagefind/"):
            files.append((rel, p.read_bytes()))
    files += list(bundle_files(tree / "pagefind", "pagefind"))
    best: dict[str, float] = defaultdict(lambda: float("inf"))
    count: dict[str, int] = defaultdict(int)
    size: dict[str, int] = defaultdict(int)
    hits = 0
    for r in range(rounds):
        spent: dict[str, float] = defaultdict(float)
        for rel, data in files:
            kind = rel.rsplit(".", 1)[-1] if "." in rel.rsplit("/", 1)[-1] else "(none)"
            t = time.perf_counter()
            found = checker.check(rel, data)
            spent[kind] += time.perf_counter() - t
            if r == 0:
                count[kind] += 1
                size[kind] += len(data)
                hits += len(found)
        for kind, s in spent.items():
            best[kind] = min(best[kind], s)
    total = sum(best.values())
    print(f"{len(files)} files, {sum(size.values()) / 1e6:.2f} MB, {hits} hits")
    print(f"{'kind':<12}{'files':>6}{'KB':>9}{'us/file':>10}")
    for kind in sorted(best, key=lambda k: -best[k]):
        per = 1e6 * best[kind] / count[kind]
        print(f"{kind:<12}{count[kind]:>6}{size[kind] / 1e3:>9.1f}{per:>10.1f}")
    print(
        f"{'all':<12}{len(files):>6}{sum(size.values()) / 1e3:>9.1f}{1e6 * total / len(files):>10.1f}"
    )
    print(f"total {1e3 * total:.2f} ms (best of {rounds} per kind)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
