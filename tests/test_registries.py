"""Plug-ins are listed explicitly: every detector module is registered, every format documented."""

from __future__ import annotations

import importlib
import pkgutil
import re

import aibom.discover
from aibom.cli import run
from aibom.discover.base import Detector
from aibom.discover.registry import DETECTORS
from aibom.render import FORMATS
from tests.paths import ROOT

README = ROOT / "README.md"


def test_every_detector_module_is_registered() -> None:
    modules = [m.name for m in pkgutil.iter_modules(aibom.discover.__path__)]
    declared = []
    for name in modules:
        module = importlib.import_module(f"aibom.discover.{name}")
        detector = getattr(module, "DETECTOR", None)
        if detector is not None:
            declared.append(detector)
    assert declared, "no detector modules found"
    for detector in declared:
        assert DETECTORS.get(detector.name) is detector, detector.name


def test_detectors_honour_the_protocol() -> None:
    for name, detector in DETECTORS.items():
        typed: Detector = detector
        assert typed.name == name
        trigger = typed.trigger
        assert trigger is None or isinstance(trigger.pattern, bytes)
        if trigger is not None:
            # Triggers are searched in lower-cased bytes: an upper-case literal would never match.
            literal = re.sub(rb"\\.", b"", trigger.pattern)
            assert not re.search(rb"(?<![\\(?])[A-Z]", literal), (name, trigger.pattern)


def test_readme_names_every_format_and_scan_option(capsys: object) -> None:
    readme = README.read_text(encoding="utf-8")
    for name in FORMATS:
        assert f"`{name}`" in readme, name
    help_text = ""
    for command in (["scan"], ["lock"], ["licenses", "show"]):
        assert run([*command, "--help"]) == 0
        help_text += capsys.readouterr().out  # type: ignore[attr-defined]
    for option in set(re.findall(r"`(--?[a-z][a-z-]*)", readme)):
        assert option in help_text, f"README mentions {option}, which no command's help has"
