"""The HTML legal review: what the first screen says, every model's section, and safety."""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from pathlib import Path

import pytest

from aibom import pipeline
from aibom.core.licensing import LicenseSource, Licensing
from aibom.core.model import (
    Component,
    Ecosystem,
    Evidence,
    Finding,
    LocalModel,
    ModelCard,
    Report,
    Severity,
    Waiver,
)
from aibom.policy import load_policy
from aibom.render import html
from aibom.render.review_terms import link
from tests.conftest import write_tree
from tests.paths import ROOT
from tests.render.html_page import Element, Page
from tests.render.reports import DAY, demo, policy_file


def article(page: Page, name: str) -> Element:
    """The section of the model named ``name``."""
    found = [a for a in page.find("article") if a.children[0].text.split()[0] == name]
    assert len(found) == 1, name
    return found[0]


LLAMA = "meta-llama/Llama-3.1-8B-Instruct"
HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def waived(tmp_path_factory: pytest.TempPathFactory) -> str:
    return html.render(demo(str(policy_file(tmp_path_factory.mktemp("policy")))))


def test_first_screen_answers_what_blocks_the_release() -> None:
    report = demo()
    page = Page(html.render(report))
    header = page.one("header", id="top").text
    assert "demo-app" in header and "enterprise" in header
    assert "2026-12-04" in header  # the day the policy was evaluated
    assert (report.commit or "not recorded") in header
    counts = {
        td.attrs["data-verdict"]: int(td.text)
        for td in page.find("td")
        if "data-verdict" in td.attrs
    }
    assert counts == {"blocked": 8, "needs-action": 1, "waived": 0, "allowed": 2}
    banner = page.find("p", class_="banner banner-blocked")[0].text
    assert "Release blocked: 8 of 11 models" in banner
    blockers = page.one("table", class_="blockers").text
    assert "user-threshold" in blockers and "700,000,000" in blockers
    summary = page.one("section", id="summary").text
    obligations = summary.split("Obligations that matter most", 1)[1]
    assert (
        "Built with Llama" in obligations
        and "https://llama.meta.com/llama3_1/use-policy" in obligations
    )


def test_each_model_has_version_places_license_terms_and_findings() -> None:
    page = Page(html.render(demo()))
    llama = article(page, "meta-llama/Llama-3.1-8B-Instruct")
    text = " ".join(llama.text.split())
    assert "0e9e39f249a16976918f6564b8830bc894c89659" in text  # the revision the code asks for
    assert "app/rag.py:11" in text
    assert "Llama 3.1 Community License Agreement, version 2024-07-23" in text
    assert "Meta Platforms, Inc., US" in text
    assert "§ 2" in text and "is greater than 700 million monthly active users" in text
    assert "Governed by the law of California, USA." in text
    assert "Disputes go to courts of California (exclusive jurisdiction)." in text
    assert "Fix: request a license from the provider, or replace the model" in text
    lora = article(page, "models/support-bot-lora")
    assert "sha256 f7910be9a8dd99190925c5a8d0f9afad0a65bd3a74d015fd957aa35deafc9dcb" in lora.text


def test_a_license_silent_on_governing_law_says_so() -> None:
    page = Page(html.render(demo()))
    text = " ".join(article(page, "BAAI/bge-small-en-v1.5").text.split())
    assert "Governing lawNot stated in the license text.mit" in text  # th, td, td
    assert "VenueNot stated in the license text.mit" in text


def test_waivers_show_who_approved_what_until_when_and_expired_ones_say_so(waived: str) -> None:
    page = Page(waived)
    qwen = article(page, "qwen2.5:7b-instruct")
    assert qwen.children[0].text.split() == ["qwen2.5:7b-instruct", "Waived"]
    assert "legal@example.com" in qwen.text and "2027-06-30" in qwen.text
    assert "served from our own registry" in qwen.text
    whisper = article(page, "openai/whisper-small")
    labels = [
        s.text for s in page.elements if s.tag == "span" and "expired" in s.attrs.get("class", "")
    ]
    assert "Expired" in labels  # a word, not a colour alone
    assert (
        "Expired" in whisper.text
        and "cto@example.com" in whisper.text
        and "2026-01-31" in whisper.text
    )
    assert "Waiver expired" in page.one("table", class_="blockers").text


def test_inherited_terms_name_the_base_model(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "app.py": 'import transformers as t\nt.AutoModel.from_pretrained("models/tuned")\n',
            "models/tuned/README.md": f"---\nlicense: apache-2.0\nbase_model: {LLAMA}\n---\n",
            "models/tuned/config.json": '{"architectures": ["LlamaForCausalLM"]}\n',
        },
    )
    report = pipeline.scan(tmp_path, policy=load_policy("enterprise"), today=DAY)
    tuned = article(Page(html.render(report)), "models/tuned")
    rows = [
        r for r in tuned.find("tr") if "Inherited from meta-llama/Llama-3.1-8B-Instruct" in r.text
    ]
    assert {r.children[0].text for r in rows} >= {"User threshold", "Acceptable-use policy"}
    own = [r for r in tuned.find("tr") if "apache-2.0" in r.text and "Inherited" not in r.text]
    assert own  # the model's own license terms are not marked inherited


def test_nothing_can_load_or_run() -> None:
    text = html.render(demo())
    page = Page(text)
    assert page.one("html").attrs["lang"] == "en"
    csp = page.one("meta", **{"http-equiv": "Content-Security-Policy"}).attrs["content"]
    assert "default-src 'none'" in csp and "img-src 'none'" in csp and "script-src 'none'" in csp
    style = re.search(r"<style>(.*?)</style>", text, re.DOTALL)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp  # the one inline stylesheet, by its hash
    assert not page.find("script") and not page.find("img") and not page.find("link")
    for element in page.elements:
        assert "style" not in element.attrs  # inline style attributes would need 'unsafe-hashes'
        assert not [a for a in element.attrs if a.startswith("on")]
        for name in ("src", "srcset", "action", "formaction"):
            assert name not in element.attrs
    for anchor in page.find("a"):
        href = anchor.attrs["href"]
        assert href.startswith("#") or (
            href.startswith("https://") and anchor.attrs.get("rel") == "noreferrer noopener"
        ), href


def hostile_report() -> Report:
    card = ModelCard(
        "m/README.md", license="other", license_name=HOSTILE, license_link="javascript:alert(1)"
    )
    where = Evidence(f"src/{HOSTILE}\udcff\u202e.py", 3, 1, HOSTILE, "python")
    model = Component(
        HOSTILE,
        Ecosystem.LOCAL_FILE,
        (where,),
        local=LocalModel("m", card=card),
        licensing=Licensing(None, LicenseSource.NONE),
    )
    waiver = Waiver(HOSTILE, reason=HOSTILE, owner=HOSTILE, approver=HOSTILE, expires="2020-01-01")
    finding = Finding(
        "unknown-license",
        Severity.ERROR,
        HOSTILE,
        HOSTILE,
        HOSTILE,
        (where,),
        expired_waiver=waiver,
    )
    return Report(
        HOSTILE,
        ".",
        (model,),
        policy=HOSTILE,
        findings=(finding,),
        policy_notes=(HOSTILE,),
        commit=HOSTILE,
    )


def test_strangers_text_comes_out_inert_and_visible() -> None:
    text = html.render(hostile_report())
    text.encode("utf-8")  # an undecodable file name does not break the page
    page = Page(text)
    assert not page.find("script") and not page.find("img")
    assert "<script" not in text and "<img" not in text
    assert not [e for e in page.elements if any(a.startswith("on") for a in e.attrs)]
    assert HOSTILE in page.text  # shown as text, character for character
    assert "javascript:alert(1)" in page.text
    assert not [a for a in page.find("a") if "javascript" in a.attrs.get("href", "")]
    assert "\\u202e" in page.text and "\u202e" not in text  # a bidi override is shown, not obeyed
    assert "\ufffd" in page.text  # the undecodable byte


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/terms", "https://example.com/terms"),
        ("http://example.com/a?b=c#d", "http://example.com/a?b=c#d"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>x</script>", None),
        ("https://exa mple.com", None),
        ('https://example.com/"onmouseover="x', None),
        ("//example.com/x", None),
        ("https:///nohost", None),
        ("", None),
        (None, None),
    ],
)
def test_only_plain_http_urls_become_links(url: str | None, expected: str | None) -> None:
    assert link(url) == expected


def test_headings_in_order_and_tables_with_scoped_headers() -> None:
    page = Page(html.render(demo()))
    levels = [int(e.tag[1]) for e in page.elements if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    for th in page.find("th"):
        assert th.attrs.get("scope") in ("col", "row"), th.text


def test_printable_tables_are_not_cut() -> None:
    css = (ROOT / "templates" / "report.css").read_text(encoding="utf-8")
    printed = css.split("@media print", 1)[1]
    assert re.search(r"thead\s*\{\s*display:\s*table-header-group", printed)
    assert re.search(r"tr,[^{]*\{[^}]*break-inside:\s*avoid", printed)


def _luminance(color: str) -> float:
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_at_least_4_5_to_1_wherever_a_colour_pair_is_set() -> None:
    css = (ROOT / "templates" / "report.css").read_text(encoding="utf-8")
    page_background = "#ffffff"
    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        color = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", body)
        background = re.search(r"background:\s*(#[0-9a-fA-F]{3,6})", body)
        if color:
            pairs.append(
                (
                    selector.strip(),
                    color.group(1),
                    background.group(1) if background else page_background,
                )
            )
    assert len(pairs) >= 10
    for selector, foreground, background in pairs:
        assert contrast(foreground, background) >= 4.5, (selector, foreground, background)
    assert contrast("#777777", "#ffffff") < 4.5  # the check itself can fail


def test_without_a_policy_no_verdicts_are_claimed() -> None:
    page = Page(html.render(demo(None)))
    assert "No policy was evaluated" in page.text
    assert not page.find("table", class_="blockers")


def test_same_report_same_bytes() -> None:
    assert html.render(demo()) == html.render(demo())
