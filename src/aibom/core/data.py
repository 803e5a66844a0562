"""Where the shipped data folders (license_db, policies, templates) are, installed or not.

A wheel carries them inside the package (``aibom/_data/``); a source checkout or editable
install keeps them at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

DATA_FOLDERS = ("license_db", "policies", "templates")


def data_dir(name: str) -> Path:
    """The folder ``name`` (one of :data:`DATA_FOLDERS`)."""
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}")
    package = Path(__file__).resolve().parents[1]  # aibom/, this module being aibom/core/data.py
    installed = package / "_data" / name
    if installed.is_dir():
        return installed
    return package.parents[1] / name
