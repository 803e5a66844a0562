"""``aibom licenses``: look up the cited terms of model licenses, identify license texts."""

from __future__ import annotations

from pathlib import Path

import click

from aibom.core.errors import AibomError


@click.group()
def licenses() -> None:
    """Look up aibom's license knowledge: cited terms of model licenses.

    \b
    Examples:
      aibom licenses list
      aibom licenses show llama3.1 --format json
      aibom licenses identify path/to/LICENSE
    """


@licenses.command("list")
def licenses_list() -> None:
    """List every license aibom knows."""
    from aibom.licenses.db import load_default
    from aibom.licenses.show import listing

    click.echo(listing(load_default()), nl=False)


@licenses.command("show")
@click.argument("name")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def licenses_show(name: str, fmt: str) -> None:
    """Show one license's terms, each with its clause and quote.

    NAME is a license key, a Hugging Face license id, an SPDX id or an alias.
    """
    from aibom.licenses.db import load_default
    from aibom.licenses.show import as_json, as_text

    db = load_default()
    entry = db.find(name)
    if entry is None:
        raise AibomError(f"no license named {name!r} (see: aibom licenses list)")
    click.echo(as_json(entry) if fmt == "json" else as_text(entry), nl=False)


@licenses.command("identify")
@click.argument("file", type=click.Path(path_type=Path))
def licenses_identify(file: Path) -> None:
    """Say which license (and version) the text in FILE is, with a confidence."""
    from aibom.core.safeio import open_regular, read_up_to, reason
    from aibom.licenses.db import load_default
    from aibom.licenses.fingerprint import MAX_TEXT, identify
    from aibom.licenses.show import identification_text

    try:
        with open_regular(file) as handle:
            text = read_up_to(handle, MAX_TEXT).decode("utf-8", errors="replace")
    except OSError as exc:
        raise AibomError(f"{file}: cannot read: {reason(exc)}") from None
    db = load_default()
    click.echo(identification_text(str(file), identify(text, db), db), nl=False)
