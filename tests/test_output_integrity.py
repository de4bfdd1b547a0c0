"""Output integrity: files deleted by hand from a brand folder come back; a killed incremental
build leaves no temp file and its pages never stand beside old index files; a full disk, a
read-only folder or a file in the way is a user's error (the path, what to do, exit 1).

Every case is real: real builds in subprocesses, real SIGKILLs, a real full tmpfs and a real
read-only mount (in an unprivileged user and mount namespace), a real immutable folder, a real
file size limit."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import search_view
from tests.conftest import ROOT, run_cli

PAGE = "connectors/leapsome/guides/link-account/scim-api-token"
GUIDE = "guides/leapsome/link-account/scim-api-token.mdx"
BRANDS = ("stackone", "acme", "northwind")


def build(project: Path, out: Path, *extra: str, env: dict[str, str] | None = None):
    return run_cli(
        "build", "--config", str(project / "mkdocs.yml"), "--out", str(out), "--jobs", "1",
        *extra, cwd=project, env=env, timeout=300,
    )  # fmt: skip


def contents(folder: Path) -> dict[str, str]:
    return search_view.contents(folder)  # a search bundle as the pages it answers with


def temp_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.tmp"))


def edit(
    project: Path, old: str = "with an admin user.", new: str = "with an admin account."
) -> None:
    guide = project / GUIDE
    text = guide.read_text()
    assert old in text
    guide.write_text(text.replace(old, new))


def full_copy(project: Path) -> dict[str, str]:
    """The output of a full build of the project as it is now, in a folder of its own."""
    out = project / "reference"
    shutil.rmtree(out, ignore_errors=True)
    proc = build(project, out, "--full")
    assert proc.returncode == 0, proc.stderr
    return contents(out)


def assert_user_error(proc: subprocess.CompletedProcess[str], path: str, *words: str) -> None:
    """Exit 1, the path named at the start of a line, a hint, no traceback, no bug report."""
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    err = proc.stderr
    assert "Traceback" not in err and "internal error" not in err and "report it" not in err, err
    assert any(line.startswith(path) for line in err.splitlines()), err
    assert "hint: " in err, err
    for w in words:
        assert w in err, err


# --- files deleted by hand ---------------------------------------------------------------------


def test_files_deleted_by_hand_are_restored(project: Path) -> None:
    """A page, a whole folder of pages and a search bundle file deleted after a build (a full
    one, then an incremental one) all come back; nothing deleted: the next build stays
    incremental ("0 files")."""
    out = project / "out"
    assert build(project, out).returncode == 0
    (out / "acme" / f"{PAGE}.md").unlink()
    proc = build(project, out)
    assert proc.returncode == 0, proc.stderr
    assert "changed since the last build" in proc.stdout
    assert (out / "acme" / f"{PAGE}.md").is_file()
    again = build(project, out)
    assert " 0 files " in again.stdout, again.stdout  # no false alarm after the rebuild

    edit(project)  # an incremental build re-stamps the folders it wrote into…
    proc = build(project, out)
    assert proc.returncode == 0 and " 12 files " in proc.stdout, proc.stdout
    assert " 0 files " in build(project, out).stdout
    shutil.rmtree(out / "stackone" / "connectors" / "leapsome")  # …and deletions still show
    fragment = next((out / "northwind" / "pagefind").glob("fragment/*"))
    fragment.unlink()
    proc = build(project, out)
    assert proc.returncode == 0, proc.stderr
    assert "changed since the last build" in proc.stdout
    assert contents(out) == full_copy(project)


# --- killed incremental builds -----------------------------------------------------------------

KILLER = """
import os, signal, sys
import renderer.build.output as o
import renderer.core.fs as fs
import renderer.search.index as s
where = sys.argv[1]
real_write, real_copy = fs._write_all, fs._copy_range
def target(fd):
    return os.readlink(f"/proc/self/fd/{fd}")
def write_all(fd, data):
    if where == "page" and target(fd).endswith(".html.%d.tmp" % os.getpid()):
        os.write(fd, data[: len(data) // 2])  # half a page, in a sub-folder, then killed
        os.kill(os.getpid(), signal.SIGKILL)
    real_write(fd, data)
def copy_range(src, dst, offset, count):
    if where == "splice":
        real_copy(src, dst, offset, count // 2)  # half an llms-full.txt, then killed
        os.kill(os.getpid(), signal.SIGKILL)
    real_copy(src, dst, offset, count)
def delta_bundles(changed):
    if where == "index":  # pages and llms-full.txt written, the search index not yet
        os.kill(os.getpid(), signal.SIGKILL)
    return real_delta(changed)
real_delta = s.delta_bundles
fs._write_all, fs._copy_range, s.delta_bundles = write_all, copy_range, delta_bundles
import renderer.build.incremental as inc
inc.delta_bundles = delta_bundles  # imported by name there
from renderer.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("where", ["page", "splice", "index"])
def test_a_killed_incremental_build_is_finished_by_the_next(project: Path, where: str) -> None:
    """SIGKILL while a page is half written (its temp file in a sub-folder), while an
    llms-full.txt is half spliced, or after pages and llms-full.txt but before the search
    index: the next build removes every temp file and rebuilds in full, so that pages, llms
    files and the search index all match a full build of the edited sources."""
    out = project / "out"
    assert build(project, out).returncode == 0
    before = contents(out)
    edit(project, "with an admin user.", "with an admin user (kill test).")
    args = ["build", "--config", str(project / "mkdocs.yml"), "--out", str(out), "--jobs", "1"]
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, where, *args], cwd=ROOT, capture_output=True, timeout=300
    )
    assert proc.returncode == -9, proc.stderr
    if where != "index":
        assert temp_files(out), "the kill left no temp file: the test proves nothing"
    else:  # the state to repair: new pages and llms-full.txt beside the old search index
        assert "kill test" in (out / "acme" / f"{PAGE}.md").read_text()
        assert "kill test" in (out / "acme" / "llms-full.txt").read_text()
        now = contents(out)
        assert {k: v for k, v in now.items() if "/pagefind/" in k} == {
            k: v for k, v in before.items() if "/pagefind/" in k
        }
    proc = build(project, out, "--brand", "acme")  # the killed build's temp files were not
    assert proc.returncode == 0, proc.stderr  # acme's: they go all the same
    assert "interrupted" in proc.stdout, proc.stdout
    assert temp_files(out) == []
    proc = build(project, out)  # stackone and northwind are still due for a full build
    assert proc.returncode == 0, proc.stderr
    assert "interrupted" in proc.stdout, proc.stdout
    assert "kill test" in (out / "acme" / "llms-full.txt").read_text()
    assert contents(out) == full_copy(project)
    assert " 0 files " in build(project, out).stdout  # done: incremental again


# --- environment errors ------------------------------------------------------------------------


@contextlib.contextmanager
def immutable(folder: Path) -> Iterator[None]:
    """`chattr +i`: not even root may add, remove or rename entries in the folder."""
    proc = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"chattr +i is not supported here: {proc.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def can_unshare() -> bool:
    probe = subprocess.run(
        ["unshare", "-r", "-m", "true"], capture_output=True, check=False, timeout=30
    )
    return probe.returncode == 0


IN_NAMESPACE = """
import json, os, subprocess, sys
mnt, project, steps = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
def sh(*cmd):
    subprocess.run(cmd, check=True)
results = []
for step in steps:
    if step[0] == "run":
        proc = subprocess.run([sys.executable, "-m", "renderer", *step[1:]], cwd=project,
                              capture_output=True, text=True)
        results.append([proc.returncode, proc.stdout, proc.stderr])
    elif step[0] == "fill":  # every free block taken
        try:
            with open(os.path.join(mnt, "filler"), "wb") as fh:
                while True:
                    fh.write(b"x" * 65536)
        except OSError:
            pass
    else:
        sh(*step)
print(json.dumps(results))
"""


def in_namespace(
    project: Path, mnt: Path, steps: list[list[str]]
) -> list[subprocess.CompletedProcess[str]]:
    """Run `steps` in a new user and mount namespace (root there, none of the host's rights
    gained): a fresh tmpfs is mounted on `mnt` first. Returns [returncode, stdout, stderr] of
    each `run` step."""
    import json

    if not can_unshare():
        pytest.skip("no unprivileged user namespaces here (unshare -r)")
    mnt.mkdir()
    script = project / "in_namespace.py"
    script.write_text(IN_NAMESPACE)
    steps = [["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)], *steps]
    proc = subprocess.run(
        ["unshare", "-r", "-m", sys.executable, str(script), str(mnt), str(project),
         json.dumps(steps)],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return [subprocess.CompletedProcess([], *r) for r in json.loads(proc.stdout)]


def build_args(project: Path, out: Path, *extra: str) -> list[str]:
    return ["run", "build", "--config", str(project / "mkdocs.yml"), "--out", str(out),
            "--jobs", "1", *extra]  # fmt: skip


def test_a_full_disk_is_a_users_error_and_the_next_build_repairs(project: Path) -> None:
    """A real full tmpfs: the incremental build fails with the path and "the disk is full",
    leaves no temp file; a full build fails the same way and keeps the previous site; once
    space is freed, the next build rebuilds in full and equals a full build."""
    mnt = project / "mnt"
    site = mnt / "site"
    results = in_namespace(
        project,
        mnt,
        [
            build_args(project, site),
            ["fill"],
            ["sed", "-i", "s/with an admin user\\./with an admin account./", str(project / GUIDE)],
            build_args(project, site),  # incremental: a page rewrite hits the full disk
            ["sh", "-c", f"find {site} -name '*.tmp' > {project}/tmp-after-incremental.txt"],
            build_args(project, site, "--full"),  # a new tree: no room for it
            [
                "sh",
                "-c",
                f"find {mnt} -name '.*' ! -name .hubdocs-brands ! -name .well-known > {project}/dots.txt",
            ],
            ["rm", str(mnt / "filler")],
            build_args(project, site),
            ["cp", "-a", str(site), str(project / "after")],
        ],
    )
    first, incremental, full, repaired = results
    assert first.returncode == 0, first.stderr
    assert_user_error(incremental, "mnt/site/", "No space left on device", "the disk is full")
    assert (project / "tmp-after-incremental.txt").read_text() == ""  # no truncated temp file
    assert_user_error(full, "mnt/site", "No space left on device", "the disk is full")
    assert (project / "dots.txt").read_text() == ""  # its temp tree is gone
    assert repaired.returncode == 0, repaired.stderr
    assert "interrupted" in repaired.stdout
    # Pagefind numbers pages in the order the file system lists them (tmpfs and ext4 differ):
    # its index, filter and meta files are compared by what they index, the page fragments
    assert on_any_disk(contents(project / "after")) == on_any_disk(full_copy(project))


def on_any_disk(files: dict[str, str]) -> dict[str, str]:
    """Files whose bytes do not depend on the file system they were built on."""
    return {
        k: v
        for k, v in files.items()
        if "/pagefind/" not in k or "/fragment/" in k or k.endswith((".js", "buckets.json"))
    }


def test_a_read_only_file_system_is_a_users_error(project: Path) -> None:
    """A real read-only mount: the incremental and the full build each name the path and say
    the file system is read-only (exit 1); writable again, the next build rebuilds in full."""
    mnt = project / "mnt"
    site = mnt / "site"
    results = in_namespace(
        project,
        mnt,
        [
            build_args(project, site),
            ["mount", "-o", "remount,ro", str(mnt)],
            ["sed", "-i", "s/with an admin user\\./with an admin account./", str(project / GUIDE)],
            build_args(project, site),
            build_args(project, site, "--full"),
            ["mount", "-o", "remount,rw", str(mnt)],
            build_args(project, site),
            ["cp", "-a", str(site), str(project / "after")],
        ],
    )
    first, incremental, full, repaired = results
    assert first.returncode == 0, first.stderr
    page = f"mnt/site/stackone/{PAGE}.html: Read-only file system"
    assert_user_error(incremental, page, "the file system is read-only")
    assert_user_error(full, "mnt/site", "Read-only file system", "--out")
    assert repaired.returncode == 0, repaired.stderr
    assert "interrupted" in repaired.stdout
    assert on_any_disk(contents(project / "after")) == on_any_disk(full_copy(project))


def test_an_immutable_output_folder_is_a_users_error(project: Path) -> None:
    """`chattr +i` on a page's folder (the incremental build cannot replace the page) and on the
    output folder (the full build cannot make its new tree): the path, exit 1."""
    out = project / "out"
    assert build(project, out).returncode == 0
    edit(project)
    folder = out / "acme" / PAGE.rpartition("/")[0]
    with immutable(folder):
        proc = build(project, out, "--brand", "acme")
    assert_user_error(proc, f"out/acme/{PAGE}.html: Operation not permitted", "chattr")
    assert temp_files(out) == []
    with immutable(out):
        proc = build(project, out, "--full")
    assert_user_error(proc, "out/stackone: Operation not permitted", "chattr")
    proc = build(project, out)
    assert proc.returncode == 0, proc.stderr
    assert contents(out) == full_copy(project)


def many_guides(project: Path, n: int = 48) -> None:
    """Enough pages for the build to fork its workers."""
    src = (project / "guides/guides/getting-started.mdx").read_text()
    for i in range(n):
        (project / f"guides/guides/extra-{i:02}.mdx").write_text(
            src.replace("Getting Started with Connection Guides", f"Extra page {i}")
        )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_size_limit_is_a_users_error(project: Path, jobs: str) -> None:
    """RLIMIT_FSIZE (SIGXFSZ ignored, so writes fail with EFBIG) in the build process and, with
    `--jobs 2`, in its forked workers: the file, "File too large", the hint, exit 1."""
    import resource
    import signal

    many_guides(project)
    out = project / "out"

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    proc = subprocess.run(
        [sys.executable, "-m", "renderer", "build", "--config", str(project / "mkdocs.yml"),
         "--out", "out", "--jobs", jobs],
        cwd=project, capture_output=True, text=True, timeout=300, preexec_fn=limited,
    )  # fmt: skip
    assert_user_error(proc, "out/stackone/", "File too large", "ulimit -f")
    assert not out.exists() or [p.name for p in out.iterdir()] == []


@pytest.mark.parametrize("where", ["file", "file/sub"])
def test_a_file_where_the_output_folder_should_be(project: Path, where: str) -> None:
    (project / "file").write_text("not a folder\n")
    proc = build(project, project / where)
    assert_user_error(proc, "file", "not a folder" if where == "file" else "Not a directory")
    assert (project / "file").read_text() == "not a folder\n"


def test_new_into_an_immutable_folder_is_a_users_error(project: Path) -> None:
    folder = project / "guides/leapsome/link-account"
    with immutable(folder):
        proc = run_cli(
            "new", "leapsome", "link-account", "API Key", "--guides", "guides", cwd=project
        )
    assert_user_error(proc, "guides/leapsome/link-account/api-key.mdx: Operation not permitted")


def test_serve_rebuild_into_an_immutable_folder_shows_the_problem(project: Path) -> None:
    """The preview's rebuild (the real build, the real broker): the problem is published with
    the path and the hint, the log says so, the preview keeps running; no "internal error"."""
    import io

    from renderer.build import build as build_site
    from renderer.config.mkdocs_yml import load_config
    from renderer.serve.live import Broker, rebuilder

    out = project / "out"
    cfg = load_config(project / "mkdocs.yml")
    build_site(cfg, ["acme"], out, jobs=1)
    edit(project)
    broker, log = Broker(), io.StringIO()

    def build_once(paths: set[str] | None, ready) -> None:
        build_site(cfg, ["acme"], out, jobs=1, changed=paths, pages_done=ready)

    run = rebuilder(build_once, broker, log)
    with immutable(out / "acme" / PAGE.rpartition("/")[0]):
        run({GUIDE.removeprefix("guides/")})
    [problem] = broker.problems
    assert problem["path"].endswith(f"out/acme/{PAGE}.html"), problem
    assert problem["message"] == "Operation not permitted"
    assert "chattr" in problem["hint"]
    assert "internal error" not in log.getvalue() and "Operation not permitted" in log.getvalue()
    run({GUIDE.removeprefix("guides/")})  # fixed: the next rebuild succeeds
    assert broker.problems == []
    assert "admin account." in (out / "acme" / f"{PAGE}.md").read_text()


def test_permission_denied_is_a_users_error(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A build run as `nobody` into a folder owned by root (0755): `out/…: Permission denied`
    and a hint, exit 1 (root ignores permissions: the build drops to `nobody` for real)."""
    import tempfile

    if os.getuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to drop to another user")
    base = Path(tempfile.mkdtemp(prefix="hubdocs-perm-"))  # /tmp/pytest-of-root is 0700
    try:
        os.chmod(base, 0o755)  # noqa: S103 - readable by the unprivileged build
        for name in ("guides", "site_template"):
            shutil.copytree(ROOT / name, base / name)
        shutil.copy(ROOT / "mkdocs.yml", base / "mkdocs.yml")
        cache = base / "cache"
        cache.mkdir(mode=0o777)
        os.chmod(cache, 0o777)  # noqa: S103 - the unprivileged build's cache
        (base / "out").mkdir(mode=0o755)

        nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        proc = subprocess.run(
            [*nobody, sys.executable, "-m", "renderer", "build", "--out", "out", "--jobs", "1"],
            cwd=base, capture_output=True, text=True, timeout=300,
            env={**os.environ, "HUBDOCS_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        assert_user_error(proc, "out/stackone: Permission denied", "writable for this user")
        assert list((base / "out").iterdir()) == []
    finally:
        shutil.rmtree(base)
