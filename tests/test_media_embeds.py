"""`<Frame>`/`<img>` combinations and `<video>`/`<iframe>` from https hosts (issue 30), built as
a Mintlify site: every image shown as an image (light/dark pairs keep their theme classes, a
Markdown image inside a one-line Frame, a style become a class), each embed an iframe (sandboxed,
lazy) and each video a `<video>`, the CSP's `frame-src` and `media-src` naming exactly the
origins the pages use. The same fixtures are compared with MDX 3 in test_mdx_differential."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from renderer.build import build
from renderer.commands.project import load_project

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "mdx"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154"
    "789c63f8cfc000000301010018dd8db00000000049454e44ae426082"
)


def _site(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "images").mkdir(parents=True)
    for name in ("shot", "light", "dark"):
        (repo / "images" / f"{name}.png").write_bytes(PNG)
    for name in ("frame-img-combinations", "iframe-https"):
        shutil.copy(FIXTURES / f"{name}.mdx", repo / f"{name}.mdx")
    nav = {"groups": [{"group": "Media", "pages": ["frame-img-combinations", "iframe-https"]}]}
    (repo / "docs.json").write_text(json.dumps({"name": "Media", "navigation": nav}))
    report = build(load_project(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    assert not [p for p in report.problems if p.level == "error"], report.problems
    return next((tmp_path / "out").iterdir())


def test_frames_and_images_render_as_images(tmp_path: Path) -> None:
    site = _site(tmp_path)
    main = BeautifulSoup((site / "frame-img-combinations.html").read_text(), "html.parser")
    article = main.select_one("main#content article")
    assert article is not None
    imgs = article.select("img")
    assert [i.get("alt") for i in imgs] == [
        "One screenshot",
        "Light theme",
        "Dark theme",
        "A Markdown image",
        "Rounded",
        "After a text line",
        "Sized",
    ]
    assert len(article.select("figure.hd-frame")) == 5
    light, dark = imgs[1], imgs[2]
    assert light["class"] == ["block", "dark:hidden"] and dark["class"] == ["hidden", "dark:block"]
    assert article.select_one("figcaption").get_text() == "The same screen in both themes"
    assert imgs[4].get("style") is None and any(c.startswith("hd-s-") for c in imgs[4]["class"])
    assert (imgs[6]["width"], imgs[6]["height"]) == ("300", "200")
    assert "&lt;" not in str(article) and "className" not in article.get_text()


def test_https_embeds_and_videos_and_the_csp(tmp_path: Path) -> None:
    site = _site(tmp_path)
    page = BeautifulSoup((site / "iframe-https.html").read_text(), "html.parser")
    article = page.select_one("main#content article")
    assert article is not None
    frames = article.select("iframe")
    assert [f["src"] for f in frames] == [
        "https://www.youtube.com/embed/abc123",
        "https://www.loom.com/embed/0123abcd",
        "https://player.vimeo.com/video/1",
    ]
    for f in frames:
        assert "allow-scripts" in f["sandbox"] and f["loading"] == "lazy"
        assert "allow-top-navigation" not in f["sandbox"]
    video = article.select_one("video")
    assert video is not None and video.select_one("source")["src"].startswith("https://cdn.")
    headers = (site / "_headers").read_text()
    frame_src = re.search(r"frame-src ([^;\n]+)", headers)
    media_src = re.search(r"media-src ([^;\n]+)", headers)
    assert frame_src and sorted(frame_src.group(1).split()) == [
        "https://player.vimeo.com",
        "https://www.loom.com",
        "https://www.youtube.com",
    ]
    assert media_src and media_src.group(1).split() == ["https://cdn.example.com"]
