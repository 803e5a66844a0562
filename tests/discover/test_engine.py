"""The discover engine: what is read, what is skipped and why, and how sightings are grouped."""

from __future__ import annotations

from pathlib import Path

from aibom.discover.engine import find_refs
from tests.conftest import write_tree


def test_bad_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "ok.py": 'AutoModel.from_pretrained("org7/m7")\n',
            "binary.py": b"model\x00\x01\x02",
            "huge.yaml": "model: org8/m8\n" + "#" * 5000,
            "latin.py": 'model = "caf\xe9"\n'.encode("latin-1"),
            "broken.py": "def f(:\n  model = 1\n",
        },
    )
    found = find_refs(tmp_path, max_file_bytes=4096)
    assert [r.name for r in found.refs] == ["org7/m7"]
    reasons = {s.path: s.reason for s in found.skipped}
    assert reasons["binary.py"] == "binary"
    assert reasons["huge.yaml"].startswith("larger than 4096")
    assert reasons["latin.py"] == "not UTF-8"
    assert reasons["broken.py"].startswith("not parsable as Python")
    assert found.stats.files_seen == 5


def test_unclaimed_files_are_never_read(tmp_path: Path) -> None:
    write_tree(tmp_path, {"notes.txt": "from_pretrained('org/x')\n", "main.go": "model\n"})
    found = find_refs(tmp_path)
    assert found.refs == () and found.stats.files_read == 0


def test_docs_are_mentions_only_when_asked(tmp_path: Path) -> None:
    write_tree(tmp_path, {"docs/guide.md": "See https://huggingface.co/google/gemma-2-9b-it.\n"})
    assert find_refs(tmp_path).refs == ()
    mentions = find_refs(tmp_path, include_docs=True).refs
    assert [(r.name, r.role.value) for r in mentions] == [("google/gemma-2-9b-it", "mention")]


def test_only_restricts_to_given_files(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {"a.py": 'from_pretrained("orga/ma")\n', "b.py": 'from_pretrained("orgb/mb")\n'}
    )
    found = find_refs(tmp_path, only=["b.py", "missing.py"])
    assert [r.name for r in found.refs] == ["orgb/mb"]
