"""``aibom policy``: check a policy file, or start one."""

from __future__ import annotations

from pathlib import Path

import click

from aibom.core.exitcodes import EXIT_OK, EXIT_UNUSABLE


@click.group("policy")
def policy_group() -> None:
    """Check and start organisation policy files.

    \b
    Examples:
      aibom policy validate enterprise.yaml
      aibom policy init > aibom-policy.yaml
    """


@policy_group.command("validate")
@click.argument("file")
def policy_validate(file: str) -> int:
    """List every problem in a policy FILE (or shipped policy name), with its line."""
    from aibom.policy import PolicyError, load_policy

    try:
        load_policy(file)
    except PolicyError as exc:
        for error in exc.errors:
            click.echo(error, err=True)
        return EXIT_UNUSABLE
    click.echo(f"{file}: valid")
    return EXIT_OK


@policy_group.command("init")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Write the starter policy to FILE instead of stdout.",
)
def policy_init(output: Path | None) -> int:
    """Print a commented starter policy: every rule with its default severity."""
    from aibom.policy import init_text

    if output is None:
        click.echo(init_text(), nl=False)
    else:
        from aibom.commands.outputs import write_atomic

        write_atomic(output, init_text())
    return EXIT_OK
