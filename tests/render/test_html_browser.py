"""The HTML report in a real browser (headless Chromium, offline): what it shows, what never runs.

A hostile model card sits in a copy of the example application: its folder name carries an
``onerror=`` handler and its card a ``<script>`` and a ``javascript:`` link, each of which would
mark ``<body>`` with ``data-pwned`` if it ran. The browser's own DOM (``--dump-dom``) must show
them as text and unmarked; a control page that pastes the same strings in raw, with no escaping
and no policy, proves the check would see them run.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from aibom.cli import run
from tests.paths import EXAMPLE
from tests.render.html_page import Page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
FOLDER = "<img src=x onerror=document.body.setAttribute('data-pwned','onerror')>"
SCRIPT = "<script>document.body.setAttribute('data-pwned','script')</script>"
LINK = "javascript:document.body.setAttribute('data-pwned','link')"
CARD = f"""---
license: other
license_name: "{SCRIPT}"
license_link: "{LINK}"
base_model: meta-llama/Llama-3.1-8B-Instruct
---
"""
WIDTH, HEIGHT = 1280, 2000
BLOCKED_RED = (0xA3, 0x00, 0x0B)  # .banner-blocked in report.css

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="no Chromium (CI installs it with .ci/browser)"
)


def chromium(tmp: Path, page: Path, *args: str) -> str:
    """Run headless Chromium on ``page`` with a fresh profile and nothing that calls out."""
    profile = tmp / f"profile-{len(list(tmp.iterdir()))}"
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML report of the example (policy enterprise) with a hostile model card added."""
    tree = tmp_path_factory.mktemp("tree") / "demo-app"
    shutil.copytree(EXAMPLE, tree)
    hostile = tree / "models" / FOLDER
    hostile.mkdir()
    (hostile / "README.md").write_text(CARD, encoding="utf-8")
    shutil.copy(tree / "models" / "support-bot-lora" / "adapter_config.json", hostile)
    page = tmp_path_factory.mktemp("out") / "report.html"
    assert run(["scan", str(tree), "--policy", "enterprise", "-q", "-f", f"html={page}"]) == 1
    return page


def test_the_browser_shows_every_section_and_runs_nothing(report: Path, tmp_path: Path) -> None:
    dom = Page(chromium(tmp_path, report, "--dump-dom"))
    body = dom.one("body")
    assert "data-pwned" not in body.attrs  # neither the script, the handler nor the link ran
    assert not dom.find("script") and not dom.find("img")
    for section in ("summary", "models", "details", "notes"):
        assert dom.find("section", id=section), section
    assert dom.one("h1").text == "AI model license review: demo-app"
    assert len(dom.find("article")) == 12  # the 11 models of the example and the hostile one
    assert FOLDER in dom.text and SCRIPT in dom.text and LINK in dom.text  # shown, as text
    assert not [a for a in dom.find("a") if a.attrs["href"].startswith("javascript")]
    assert "Release blocked" in dom.one("section", id="summary").text


def test_the_check_sees_code_that_runs(tmp_path: Path) -> None:
    """Control: the same strings pasted raw into a page without a policy do run."""
    page = tmp_path / "raw.html"
    page.write_text(f"<!DOCTYPE html><html><body><p>{FOLDER}</p></body></html>", encoding="utf-8")
    body = Page(chromium(tmp_path, page, "--dump-dom")).one("body")
    assert body.attrs.get("data-pwned") == "onerror"
    page.write_text(f"<!DOCTYPE html><html><body>{SCRIPT}</body></html>", encoding="utf-8")
    assert (
        Page(chromium(tmp_path, page, "--dump-dom")).one("body").attrs.get("data-pwned") == "script"
    )


def test_the_first_screen_is_laid_out(report: Path, tmp_path: Path) -> None:
    """The screenshot decodes at the window's size and is not blank; the red "release blocked"
    banner is drawn within the first 700 pixels (the verdict is on the first screen, above the
    fold of a laptop); and the right margin stays page-white from top to bottom, so no table
    or long name overflows the content column."""
    from PIL import Image

    shot = tmp_path / "report.png"
    chromium(tmp_path, report, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}")
    with Image.open(shot) as image:
        assert image.size == (WIDTH, HEIGHT)
        pixels = image.convert("RGB")
        colours = pixels.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50  # text, tables and labels, not a blank page
    white = sum(count for count, colour in colours if colour == (255, 255, 255))
    assert white < 0.95 * WIDTH * HEIGHT
    columns = range(120, WIDTH - 120, 40)
    red_rows = [
        y
        for y in range(0, HEIGHT, 2)
        if sum(_near(pixels.getpixel((x, y)), BLOCKED_RED) for x in columns) > 0.8 * len(columns)
    ]  # rows red across most of the width: the banner, not a small label
    assert red_rows and min(red_rows) < 700, "the blocked banner is not on the first screen"
    assert len(red_rows) >= 10  # a band, not a stray line
    margin = [
        pixels.getpixel((x, y)) for x in range(WIDTH - 48, WIDTH, 6) for y in range(0, HEIGHT, 4)
    ]
    assert all(p == (255, 255, 255) for p in margin), "something overflows the right margin"


def _near(pixel: object, colour: tuple[int, int, int]) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(int(a) - b) <= 6 for a, b in zip(pixel, colour, strict=False))
