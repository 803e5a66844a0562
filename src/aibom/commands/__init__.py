"""Command groups of the CLI that stand apart from scanning (see aibom.cli)."""
