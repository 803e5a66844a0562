"""Every output format, listed once: name -> function that renders a report to text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this module to list formats: it stays light
    from aibom.core.model import Report, Severity
    from aibom.render.diff import Diff


def _error() -> Severity:
    from aibom.core.model import Severity

    return Severity.ERROR


@dataclass(frozen=True)
class RenderOptions:
    """What a format may be asked for beyond the report itself."""

    spec_version: str = "1.6"
    verbose: bool = False
    fail_on: Severity = field(default_factory=_error)


Renderer = Callable[["Report", RenderOptions], str]


def _cyclonedx_json(report: Report, options: RenderOptions) -> str:
    from aibom.render import cyclonedx  # the CycloneDX library is heavy: import it on use

    return cyclonedx.render_json(report, options.spec_version)


def _cyclonedx_xml(report: Report, options: RenderOptions) -> str:
    from aibom.render import cyclonedx

    return cyclonedx.render_xml(report, options.spec_version)


def _json(report: Report, options: RenderOptions) -> str:
    from aibom.render import json_report

    return json_report.render(report)


def _text(report: Report, options: RenderOptions) -> str:
    from aibom.render import text

    return text.render(report, verbose=options.verbose)


def _sarif(report: Report, options: RenderOptions) -> str:
    from aibom.render import sarif

    return sarif.render(report)


def _markdown(report: Report, options: RenderOptions) -> str:
    from aibom.render import markdown

    return markdown.render(report, fail_on=options.fail_on)


def _html(report: Report, options: RenderOptions) -> str:
    from aibom.render import html  # jinja2 is imported on use

    return html.render(report, fail_on=options.fail_on)


def _notices(report: Report, options: RenderOptions) -> str:
    from aibom.render import notices

    return notices.render(report)


def _spdx_json(report: Report, options: RenderOptions) -> str:
    from aibom.render import spdx

    return spdx.render_json(report)


FORMATS: dict[str, Renderer] = {
    "cyclonedx-json": _cyclonedx_json,
    "cyclonedx-xml": _cyclonedx_xml,
    "json": _json,
    "text": _text,
    "sarif": _sarif,
    "markdown": _markdown,
    "html": _html,
    "notices": _notices,
    "spdx-json": _spdx_json,
}
SPEC_VERSIONS = ("1.5", "1.6", "1.7")


def _diff_text(diff: Diff) -> str:
    from aibom.render import diff_render

    return diff_render.render_text(diff)


def _diff_json(diff: Diff) -> str:
    from aibom.render import diff_render

    return diff_render.render_json(diff)


def _diff_markdown(diff: Diff) -> str:
    from aibom.render import diff_render

    return diff_render.render_markdown(diff)


def _diff_html(diff: Diff) -> str:
    from aibom.render import html

    return html.render_diff(diff)


DIFF_FORMATS: dict[str, Callable[[Diff], str]] = {
    "text": _diff_text,
    "json": _diff_json,
    "markdown": _diff_markdown,
    "html": _diff_html,
}
