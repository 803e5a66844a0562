"""Self-contained HTML pages (the legal review, a diff): the one module that uses jinja2.

Every value shown comes from strangers (model cards, configs, file names, a saved report someone
edited), so the environment escapes everything (``autoescape``), fails on a missing variable
(``StrictUndefined``) rather than printing nothing, and shows control and bidirectional-override
characters as visible escapes (a reversed file name could otherwise hide what it is). The page
loads nothing: its one stylesheet is inline, allowed by its hash in a Content-Security-Policy
that forbids scripts, images, fonts, frames and connections.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from aibom import __version__
from aibom.core.data import data_dir
from aibom.core.model import Report, Severity
from aibom.core.text import terminal_safe, xml_safe

if TYPE_CHECKING:
    from aibom.render.diff import Diff

STYLESHEET = "report.css"


def render(report: Report, *, fail_on: Severity = Severity.ERROR) -> str:
    """The legal review of ``report`` as one HTML page (see :mod:`aibom.render.report_view`)."""
    from aibom.render.report_view import review

    return page("report.html.j2", review=review(report, fail_on))


def render_diff(diff: Diff) -> str:
    """A diff of two scans as one HTML page, in the sections every rendering of it shows."""
    from aibom.render.diff_render import headline, sections, side

    return page(
        "diff.html.j2",
        diff=diff,
        headline=headline(diff),
        old=side(diff.old),
        new=side(diff.new),
        sections=sections(diff),
    )


def page(template: str, **context: Any) -> str:
    """A template rendered with the stylesheet inline and the policy that allows only it."""
    css = _stylesheet()
    html = (
        _environment()
        .get_template(template)
        .render(
            css=Markup(css),  # noqa: S704 - the shipped stylesheet, checked in _stylesheet
            csp=content_security_policy(css),
            generator=f"aibom {__version__}",
            **context,
        )
    )
    return xml_safe(html)  # no lone surrogate or control character reaches the file


def content_security_policy(css: str) -> str:
    """Nothing may load or run; the inline stylesheet is allowed by its SHA-256 (CSP level 2)."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'none'; font-src 'none'; "
        "script-src 'none'; connect-src 'none'; frame-src 'none'; object-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def _visible(value: Any) -> Any:
    """Every ``{{ value }}``: text from strangers with controls made visible; markup as is."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return terminal_safe(value)


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(data_dir("templates")),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_visible,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _stylesheet() -> str:
    css = (data_dir("templates") / STYLESHEET).read_text(encoding="utf-8")
    if "</" in css:  # it would end the style element early
        raise ValueError(f"{STYLESHEET} must not contain '</'")
    return css
