"""``aibom report``: render a saved aibom JSON report in any format, without scanning again."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from aibom.commands.common import fail_on_option, output_options, spec_version_option
from aibom.core.exitcodes import EXIT_OK
from aibom.render import FORMATS, RenderOptions

if TYPE_CHECKING:
    from aibom.core.model import Report


@click.command()
@click.argument("report_file", metavar="REPORT", type=click.Path(path_type=Path))
@output_options(FORMATS)
@spec_version_option
@fail_on_option
def report(
    report_file: Path,
    formats: tuple[str, ...],
    output: Path | None,
    spec_version: str,
    fail_on: str,
) -> int:
    """Render REPORT, a saved aibom JSON report, again: nothing is scanned or evaluated.

    \b
    Examples:
      aibom scan . --policy enterprise -f json=aibom.json
      aibom report aibom.json -f html=report.html
      aibom report aibom.json -f notices=THIRD_PARTY_MODEL_NOTICES.md -f spdx-json=aibom.spdx.json
    """
    from aibom.commands.outputs import check_distinct, check_writable, write_outputs
    from aibom.commands.scan import parse_outputs
    from aibom.core.model import Severity

    specs = parse_outputs(formats, output)
    targets = [None if spec.path is None else check_writable(spec.path) for spec in specs]
    check_distinct([target for target in targets if target is not None])
    saved = read_report(report_file)
    options = RenderOptions(spec_version=spec_version, fail_on=Severity(fail_on))
    rendered = [FORMATS[spec.format](saved, options) for spec in specs]
    write_outputs([(t, text) for t, text in zip(targets, rendered, strict=True) if t is not None])
    for target, text in zip(targets, rendered, strict=True):
        if target is None:
            click.echo(text, nl=False)
    return EXIT_OK


def read_report(path: Path) -> Report:
    """The report in the aibom JSON report at ``path``: a regular file, bounded, checked."""
    from aibom.core.safeio import read_bounded, reason
    from aibom.render.json_report import MAX_REPORT_BYTES, ReportFileError, parse

    try:
        data = read_bounded(path, MAX_REPORT_BYTES)
    except OSError as exc:  # a FIFO or device is refused at once, never read
        raise ReportFileError(f"{path}: cannot read: {reason(exc)}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ReportFileError(f"{path}: not UTF-8 text; not an aibom JSON report") from None
    return parse(text, str(path))
