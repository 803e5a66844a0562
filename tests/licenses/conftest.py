"""A small, real license_db in a temp folder: two licenses with texts, terms and known models."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from aibom.licenses.db import LicenseDb, load
from aibom.licenses.known import KnownModels
from aibom.licenses.known import load as load_known

ALPHA_TEXT = (
    textwrap.dedent("""\
    ALPHA MODEL LICENSE AGREEMENT
    Version 2.0, released 1 March 2025

    1. Grant. You may use, copy and modify the Alpha Materials for any purpose, including
    commercial purposes, subject to this Agreement.

    2. Scale. If your products or services had more than 50 million monthly active users in the
    preceding calendar month, you must request a separate license from Alpha Labs.

    3. Other models. You will not use the Alpha Materials or their outputs to improve any other
    large language model.

    4. Law. This Agreement is governed by the laws of the State of Delaware.
    """)
    + "\n".join(
        f"{n}. Filler clause number {n} says nothing of note about ordinary matters of use."
        for n in range(5, 40)
    )
    + "\n"
)
BETA_TEXT = textwrap.dedent("""\
    BETA OPEN WEIGHTS LICENSE
    Permission is granted to use the Beta weights for any lawful purpose, provided that the
    notice "Powered by Beta" is displayed in every product that includes them. Redistribution
    must include this license. There is no warranty of any kind, express or implied, and in no
    event shall the authors be liable for any claim arising from use of the weights.
    """)

ALPHA_YAML = """\
key: alpha-2.0
name: Alpha Model License Agreement
version: "2.0"
provider: {name: Alpha Labs, country: US}
license_ref: LicenseRef-alpha-2.0
huggingface: [alpha]
aliases: [Alpha License 2]
links: [alpha-labs/models/blob/main/LICENSE]
category: custom-terms
texts: {license: alpha.txt}
fingerprint:
  phrases: [ALPHA MODEL LICENSE AGREEMENT, "Version 2.0, released 1 March 2025"]
terms:
  commercial_use:
    status: present
    value: true
    clause: "1"
    quote: including commercial purposes, subject to this Agreement
  user_threshold:
    status: present
    monthly_active_users: 50000000
    consequence: request a separate license from Alpha Labs
    clause: "2"
    quote: more than 50 million monthly active users
  restricts_training_other_models:
    status: present
    applies_to: [model, outputs]
    scope: large language models
    clause: "3"
    quote: >-
      You will not use the Alpha Materials or their outputs to improve any other large
      language model.
  governing_law:
    status: present
    value: "Delaware, USA"
    clause: "4"
    quote: governed by the laws of the State of Delaware
  geographic_restrictions: {status: absent}
"""
BETA_YAML = """\
key: beta-1
name: Beta Open Weights License
provider: {name: Beta Inc., country: FR}
license_ref: LicenseRef-beta-1
huggingface: [beta]
category: permissive
texts: {license: beta.txt}
fingerprint:
  phrases: [BETA OPEN WEIGHTS LICENSE, Powered by Beta]
terms:
  attribution:
    status: present
    display_text: Powered by Beta
    clause: para. 1
    quote: the notice "Powered by Beta" is displayed in every product that includes them
  user_threshold: {status: absent}
"""
KNOWN_YAML = """\
version: 1
huggingface:
  - pattern: "alpha-labs/Alpha-2-*-Vision*"
    license: alpha-2.0
    multimodal: true
  - pattern: "alpha-labs/Alpha-2-*"
    license: alpha-2.0
  - pattern: "alpha-labs/*"
    license: alpha-2.0
    unverified: true
    note: an Alpha release newer than this table; the latest known license assumed
ollama:
  - pattern: "alpha2*"
    license: alpha-2.0
"""


@pytest.fixture
def small_db(tmp_path: Path) -> LicenseDb:
    root = tmp_path / "license_db"
    (root / "texts").mkdir(parents=True)
    (root / "texts" / "alpha.txt").write_text(ALPHA_TEXT)
    (root / "texts" / "beta.txt").write_text(BETA_TEXT)
    (root / "alpha-2.0.yaml").write_text(ALPHA_YAML)
    (root / "beta-1.yaml").write_text(BETA_YAML)
    (root / "known-models.yaml").write_text(KNOWN_YAML)
    return load(root)


@pytest.fixture
def small_known(small_db: LicenseDb) -> KnownModels:
    return load_known(small_db.root / "known-models.yaml", small_db)
