"""The terminal table's detail: governing law and venue of every license that binds a model."""

from __future__ import annotations

from aibom import licenses
from aibom.core.codec import decode, encode
from aibom.core.model import Component, Ecosystem, Evidence, Pin, PinSource, Report
from aibom.render import text

SEEN = (Evidence("app/main.py", 3, 5, "model = ...", "python"),)


def report(*components: Component) -> Report:
    return Report("demo", ".", licenses.apply(components))


def hub(name: str, bases: tuple[str, ...] = (), card: str | None = None) -> Component:
    pin = Pin(PinSource.LOCKFILE, commit="e" * 40, card_license=card) if card else None
    return Component(name, Ecosystem.HUGGINGFACE, SEEN, base_models=bases, pin=pin)


def detail(rendered: str) -> list[str]:
    """The lines of the license terms section."""
    lines = rendered.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("License terms"))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i]), len(lines))
    return lines[start:end]


def test_law_and_venue_are_shown_for_every_model_with_their_clause() -> None:
    shown = detail(text.render(report(hub("meta-llama/Llama-3.2-11B-Vision-Instruct"))))
    assert shown == [
        "License terms (governing law and venue):",
        "  meta-llama/Llama-3.2-11B-Vision-Instruct",
        "      llama3.2: governing law California, USA (\u00a77); venue courts of California "
        "(exclusive jurisdiction) (\u00a77)",
    ]


def test_a_silent_text_reads_apart_from_an_unverified_one() -> None:
    shown = detail(
        text.render(report(hub("microsoft/Phi-3-mini-4k-instruct"), hub("THUDM/glm-4-9b-chat")))
    )
    assert "      mit: governing law not stated in the text; venue not stated in the text" in shown
    assert "      glm-4: governing law unverified; venue unverified" in shown


def test_inherited_licenses_name_their_base_model() -> None:
    base = "meta-llama/Llama-3.3-70B-Instruct"
    shown = detail(text.render(report(hub("acme/support-70b", (base,), card="apache-2.0"))))
    assert shown[1:] == [
        "  acme/support-70b",
        "      apache-2.0: governing law not stated in the text; venue not stated in the text",
        f"      llama3.3, from base model {base}: governing law California, USA (\u00a77); "
        "venue courts of California (exclusive jurisdiction) (\u00a77)",
    ]


def test_verbose_lists_every_term_under_its_license() -> None:
    rendered = text.render(report(hub("moonshotai/Kimi-K2.5")), verbose=True)
    shown = detail(rendered)
    assert shown[0] == "License terms (governing law and venue; every term):"
    assert (
        "      kimi-k2.5-modified-mit: governing law not stated in the text; venue not stated "
        in (shown[2] + " ")
    )
    assert any(line.startswith("          attribution: ") and "Kimi K2.5" in line for line in shown)
    assert any(
        line.startswith("          user threshold: ") and "monthly active users: 100000000" in line
        for line in shown
    )


def test_the_detail_comes_from_the_report_alone() -> None:
    # A report read back from its JSON renders the same: the renderer needs no license_db.
    original = report(hub("meta-llama/Llama-3.2-1B"), hub("THUDM/glm-4-9b-chat"))
    again = decode(Report, encode(original))
    assert text.render(again, verbose=True) == text.render(original, verbose=True)


def test_hosted_api_models_have_no_terms_section() -> None:
    api = Component("gpt-4o", Ecosystem.API_SERVICE, SEEN, provider="openai")
    assert "License terms" not in text.render(report(api))
