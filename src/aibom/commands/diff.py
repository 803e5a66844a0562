"""``aibom diff``: what changed between two scans, and whether a legal review is needed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from aibom.commands.common import output_options
from aibom.core.exitcodes import EXIT_OK, EXIT_POLICY
from aibom.render import DIFF_FORMATS

if TYPE_CHECKING:
    from aibom.render.diff import Snapshot

MAX_INPUT_BYTES = 256 * 1024 * 1024


@click.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@output_options(DIFF_FORMATS)
def diff(old: Path, new: Path, formats: tuple[str, ...], output: Path | None) -> int:
    """Compare two aibom JSON reports, or two aibom CycloneDX JSON SBOMs, OLD and NEW.

    Lists models added and removed, re-pinned, licenses and terms changed, and policy findings
    new, gone or changed. Exit 1 when something license-relevant changed (a model added, a
    license, term or open finding new or changed): a legal review is due. Exit 0 otherwise (a
    re-pinned model under the same license is listed, not a failure); 2 for unusable input.

    \b
    Examples:
      aibom diff main.json aibom.json
      aibom diff old.cdx.json new.cdx.json -f markdown=diff.md -f text
    """
    from aibom.commands.outputs import check_distinct, check_writable, write_outputs
    from aibom.commands.scan import parse_outputs
    from aibom.render.diff import compare

    specs = parse_outputs(formats, output, DIFF_FORMATS)
    targets = [None if spec.path is None else check_writable(spec.path) for spec in specs]
    check_distinct([target for target in targets if target is not None])
    changes = compare(read_side(old), read_side(new))
    rendered = [DIFF_FORMATS[spec.format](changes) for spec in specs]
    write_outputs([(t, text) for t, text in zip(targets, rendered, strict=True) if t is not None])
    for target, text in zip(targets, rendered, strict=True):
        if target is None:
            click.echo(text, nl=False)
    return EXIT_POLICY if changes.relevant else EXIT_OK


def read_side(path: Path) -> Snapshot:
    """One input: a regular file, bounded, recognised by its content."""
    from aibom.core.safeio import read_bounded, reason
    from aibom.render.diff_input import DiffInputError, parse

    try:
        data = read_bounded(path, MAX_INPUT_BYTES)
    except OSError as exc:  # a FIFO or device is refused at once, never read
        raise DiffInputError(f"{path}: cannot read: {reason(exc)}") from None
    return parse(data, str(path))
