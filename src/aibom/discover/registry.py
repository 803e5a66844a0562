"""Every detector, listed once: the discover stage runs exactly these, in this order."""

from __future__ import annotations

from aibom.discover import (
    card,
    config,
    docs,
    infra,
    licensefile,
    modelfile,
    notebook,
    python,
    shell,
    weights,
    winscripts,
)
from aibom.discover.base import Detector

DETECTORS: dict[str, Detector] = {
    detector.name: detector
    for detector in (
        python.DETECTOR,
        notebook.DETECTOR,
        config.DETECTOR,
        infra.DETECTOR,
        modelfile.DETECTOR,
        shell.DETECTOR,
        winscripts.DETECTOR,
        card.DETECTOR,
        weights.DETECTOR,
        licensefile.DETECTOR,
        docs.DETECTOR,
    )
}
