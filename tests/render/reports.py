"""Reports of the example application for the render tests: scanned once, with waivers."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from aibom import pipeline
from aibom.core.model import Report
from aibom.policy import load_policy
from tests.paths import EXAMPLE, ROOT

DAY = date(2026, 12, 4)
# The enterprise policy with three waivers: one covering every finding of the Qwen model (so it
# is waived), one for Llama's user cap (the model stays blocked: it is unpinned too), and one
# that expired before DAY (its finding counts again and shows who had approved it).
WAIVERS = """
waivers:
  - model: "qwen2.5:*"
    reason: served from our own registry, pinned there
    owner: ml-platform@example.com
    approver: legal@example.com
    ticket: LEGAL-7
    expires: 2027-06-30
  - model: "meta-llama/Llama-3.1-*"
    rules: [user-threshold]
    reason: separate agreement signed with Meta
    owner: ml-platform@example.com
    approver: general-counsel@example.com
    ticket: LEGAL-123
    expires: 2027-03-31
  - model: "openai/whisper-small"
    rules: [unpinned]
    reason: pinned by the vendor image
    owner: speech-team@example.com
    approver: cto@example.com
    expires: 2026-01-31
"""


def policy_file(folder: Path) -> Path:
    """The enterprise policy with :data:`WAIVERS`, written in ``folder``."""
    text = (ROOT / "policies" / "enterprise.yaml").read_text(encoding="utf-8")
    path = folder / "waivers.yaml"
    path.write_text(text.replace("waivers: []\n", WAIVERS), encoding="utf-8")
    return path


@cache
def demo(policy: str | None = "enterprise") -> Report:
    """The example application scanned (offline), evaluated against ``policy`` on :data:`DAY`."""
    loaded = load_policy(policy) if policy else None
    return pipeline.scan(EXAMPLE, policy=loaded, today=DAY)
