"""The ``aibom`` command line: the command group and the exit codes; commands live in commands/.

Exit codes (a CI relies on them): 0 scan completed and passed, 1 policy failed, 2 no
trustworthy result (usage, unreadable input, unwritable output), 3 internal error, 130
interrupted. Click runs with ``standalone_mode=False`` so that its own exit 1 for usage errors
never reads as "policy failed".
"""

from __future__ import annotations

import os
import signal
import sys

import click

from aibom import __version__
from aibom.commands.diff import diff
from aibom.commands.hook import hook
from aibom.commands.licenses import licenses
from aibom.commands.lock import lock
from aibom.commands.policy import policy_group
from aibom.commands.report import report
from aibom.commands.scan import scan
from aibom.core.errors import AibomError, Terminated
from aibom.core.exitcodes import (
    EXIT_BUG,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    EXIT_UNUSABLE,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="aibom")
def cli() -> None:
    """aibom: an SBOM of the AI models a code base depends on.

    It finds every model a repository references (Python, notebooks, configs, Modelfiles,
    Dockerfiles, compose and Kubernetes files, shell scripts, model cards, local weight files)
    and writes a CycloneDX ML-BOM, a JSON report or a table.

    \b
    Examples:
      aibom scan .                                   table of models on stdout
      aibom scan . -f cyclonedx-json=aibom.cdx.json  CycloneDX 1.6 ML-BOM
      aibom scan . -f json -o report.json -v         aibom's JSON report, skipped files listed
      aibom report report.json -f html=review.html   the legal review, from a saved report
      aibom diff old.json new.json                   what changed; exit 1 if legal should look

    Exit codes: 0 ok, 1 policy failed, 2 unusable input or output, 3 internal error,
    130 interrupted, 143 terminated.
    """


for command in (scan, report, diff, lock, hook, licenses, policy_group):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn every outcome into a documented exit code.

    SIGTERM (a CI cancelling the job) is turned into an exception, so it unwinds like Ctrl-C:
    temporary files are removed, finished outputs stay, and the exit code says what happened.
    """
    signal.signal(signal.SIGTERM, _terminate)
    code = run(argv)
    if code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
        # A Hub request may still be waiting on its socket in a worker thread; exiting normally
        # would join it. Everything of ours is already unwound and written or removed.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (without exiting), for tests and embedding."""
    try:
        result = cli.main(args=argv, prog_name="aibom", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aibom: interrupted", err=True)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        click.echo("aibom: interrupted", err=True)
        return EXIT_INTERRUPTED
    except Terminated:
        click.echo("aibom: terminated", err=True)
        return EXIT_TERMINATED
    except click.ClickException as exc:
        exc.show()
        return EXIT_UNUSABLE
    except AibomError as exc:
        from aibom.core.text import printable

        click.echo(f"aibom: error: {printable(str(exc))}", err=True)
        return exc.exit_code
    except Exception:
        import traceback

        traceback.print_exc()
        click.echo(
            "aibom: internal error (a bug in aibom); please report it with the traceback above",
            err=True,
        )
        return EXIT_BUG
    return result if isinstance(result, int) else EXIT_OK
