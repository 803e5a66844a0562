"""Pinning from the local Hugging Face cache, on real cache trees (by hand and by the client)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import pytest
from huggingface_hub import hf_hub_download, scan_cache_dir

from aibom.core.model import PinnedFile, PinSource
from aibom.resolve.hfcache import hub_cache_dir, pin_from_cache
from aibom.resolve.hubclient import pin_from_hub
from tests.resolve.hubserver import HubRepo, git_oid, isolate, readme, serve
from tests.weightfiles import safetensors_bytes

WEIGHTS = safetensors_bytes({"w": ((3,), [1.0, 2.0, 3.0])}, {"format": "pt"})
CARD: dict[str, object] = {
    "license": "llama3.1",
    "license_name": "llama3.1",
    "license_link": "https://example.org/LICENSE",
    "base_model": "meta-llama/Llama-3.1-8B",
}
LICENSE = b"LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\n"
REPO = HubRepo(
    "org-name/model-name",
    {
        "config.json": b'{"model_type": "llama"}\n',
        "model.safetensors": WEIGHTS,
        "tokenizer/tokenizer.json": b'{"version": "1.0"}\n',
        "README.md": readme(CARD),
        "LICENSE": LICENSE,
    },
    lfs=frozenset({"model.safetensors"}),
    card=CARD,
    refs=("main", "v1.0", "refs/pr/1"),
)


def write_cache(cache: Path, repo: HubRepo, *, refs: Iterable[str] | None = None) -> Path:
    """``repo`` in huggingface_hub's cache layout: refs, blobs named by etag, relative links."""
    folder = cache / f"models--{repo.repo_id.replace('/', '--')}"
    for name, data in repo.files.items():
        etag = hashlib.sha256(data).hexdigest() if name in repo.lfs else git_oid(data)
        blob = folder / "blobs" / etag
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(data)
        link = folder / "snapshots" / repo.commit / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(os.path.relpath(blob, link.parent))
    for ref in repo.refs if refs is None else refs:
        (folder / "refs" / ref).parent.mkdir(parents=True, exist_ok=True)
        (folder / "refs" / ref).write_text(repo.commit)
    return folder


def test_pins_commit_files_hashes_and_card(tmp_path: Path) -> None:
    write_cache(tmp_path, REPO)
    pin = pin_from_cache(REPO.repo_id, None, tmp_path)
    assert pin is not None
    assert (pin.source, pin.commit, pin.requested, pin.reason) == (
        PinSource.HF_CACHE,
        REPO.commit,
        None,
        None,
    )
    files = REPO.files
    assert pin.files == (
        PinnedFile("LICENSE", len(LICENSE), git_oid=git_oid(LICENSE)),
        PinnedFile("README.md", len(files["README.md"]), git_oid=git_oid(files["README.md"])),
        PinnedFile("config.json", len(files["config.json"]), git_oid=git_oid(files["config.json"])),
        PinnedFile("model.safetensors", len(WEIGHTS), sha256=hashlib.sha256(WEIGHTS).hexdigest()),
        PinnedFile(
            "tokenizer/tokenizer.json",
            len(files["tokenizer/tokenizer.json"]),
            git_oid=git_oid(files["tokenizer/tokenizer.json"]),
        ),
    )
    assert (pin.card_license, pin.card_license_name, pin.card_license_link) == (
        "llama3.1",
        "llama3.1",
        "https://example.org/LICENSE",
    )
    assert pin.base_models == ("meta-llama/Llama-3.1-8B",)
    assert pin.license_text_sha256 == hashlib.sha256(LICENSE).hexdigest()
    assert pin.gated is None  # the cache does not know


@pytest.mark.parametrize("revision", ["v1.0", "refs/pr/1", REPO.commit, REPO.commit[:10]])
def test_a_branch_tag_or_commit_resolves_to_the_commit(tmp_path: Path, revision: str) -> None:
    write_cache(tmp_path, REPO)
    pin = pin_from_cache(REPO.repo_id, revision, tmp_path)
    assert pin is not None
    assert (pin.commit, pin.requested) == (REPO.commit, revision)


def test_a_branch_moved_on_resolves_to_its_own_commit(tmp_path: Path) -> None:
    write_cache(tmp_path, REPO, refs=["v1.0"])
    newer = HubRepo(REPO.repo_id, {**REPO.files, "config.json": b'{"model_type": "mistral"}\n'})
    write_cache(tmp_path, newer, refs=["main"])
    old, new = (
        pin_from_cache(REPO.repo_id, "v1.0", tmp_path),
        pin_from_cache(REPO.repo_id, None, tmp_path),
    )
    assert old is not None and new is not None
    assert (old.commit, new.commit) == (REPO.commit, newer.commit)
    assert old.files != new.files
    assert pin_from_cache(REPO.repo_id, REPO.commit[:4], tmp_path) is None  # too short to name one


@pytest.mark.parametrize(
    ("repo_id", "revision"),
    [
        (REPO.repo_id, "no-such-branch"),
        (REPO.repo_id, "0" * 40),
        (REPO.repo_id, "abcdef1"),
        ("org-name/other-model", None),
        ("org-name/other-model", "main"),
    ],
)
def test_what_is_not_cached_is_none(tmp_path: Path, repo_id: str, revision: str | None) -> None:
    write_cache(tmp_path, REPO)
    assert pin_from_cache(repo_id, revision, tmp_path) is None


def test_a_ref_to_a_snapshot_not_kept_is_none(tmp_path: Path) -> None:
    folder = write_cache(tmp_path, REPO)
    (folder / "refs" / "dev").write_text("1" * 40)
    (folder / "refs" / "junk").write_bytes(b"\xff\xfe not a commit")
    assert pin_from_cache(REPO.repo_id, "dev", tmp_path) is None
    assert pin_from_cache(REPO.repo_id, "junk", tmp_path) is None


@pytest.mark.parametrize(
    ("repo_id", "revision"),
    [
        ("../models--org-name--model-name", None),
        ("org-name/../model-name", None),
        ("org--name/model-name", None),
        ("org-name/model-name/extra", None),
        (REPO.repo_id, "../../models--org-name--model-name/refs/main"),
        (REPO.repo_id, "/etc/passwd"),
        (REPO.repo_id, "refs\\main"),
        (REPO.repo_id, ""),
    ],
)
def test_ids_and_revisions_cannot_leave_the_cache(
    tmp_path: Path, repo_id: str, revision: str | None
) -> None:
    write_cache(tmp_path / "cache", REPO)
    assert pin_from_cache(repo_id, revision, tmp_path / "cache") is None


def test_a_broken_link_is_still_a_pin_that_names_the_file(tmp_path: Path) -> None:
    folder = write_cache(tmp_path, REPO)
    (folder / "blobs" / hashlib.sha256(WEIGHTS).hexdigest()).unlink()
    pin = pin_from_cache(REPO.repo_id, "main", tmp_path)
    assert pin is not None
    assert (pin.source, pin.commit) == (PinSource.HF_CACHE, REPO.commit)
    assert pin.reason == "blob missing (broken link): model.safetensors"
    weights = next(f for f in pin.files if f.path == "model.safetensors")
    assert weights == PinnedFile("model.safetensors", None, hashlib.sha256(WEIGHTS).hexdigest())
    assert len(pin.files) == len(REPO.files)
    assert pin.license_text_sha256 == hashlib.sha256(LICENSE).hexdigest()


def test_a_blob_in_the_shared_xet_store_is_named_by_its_first_link(tmp_path: Path) -> None:
    """A repo blob may link on into ``<cache>/blobs/<xx>/<xet hash>``: not the file's sha256."""
    folder = write_cache(tmp_path, REPO)
    digest = hashlib.sha256(WEIGHTS).hexdigest()
    xet_hash = hashlib.sha256(b"xet merkle root").hexdigest()
    shared = tmp_path / "blobs" / xet_hash[:2] / xet_hash
    shared.parent.mkdir(parents=True)
    (folder / "blobs" / digest).rename(shared)
    (folder / "blobs" / digest).symlink_to(os.path.relpath(shared, folder / "blobs"))
    pin = pin_from_cache(REPO.repo_id, None, tmp_path)
    assert pin is not None and pin.reason is None
    assert PinnedFile("model.safetensors", len(WEIGHTS), sha256=digest) in pin.files


def test_copies_instead_of_links_give_sizes_without_hashes(tmp_path: Path) -> None:
    """Where symlinks are not available huggingface_hub copies blobs into the snapshot."""
    snapshot = tmp_path / "models--solo" / "snapshots" / ("a" * 40)
    snapshot.mkdir(parents=True)
    (snapshot / "model.safetensors").write_bytes(WEIGHTS)
    (snapshot / "LICENSE.md").write_bytes(LICENSE)
    (tmp_path / "models--solo" / "refs").mkdir()
    (tmp_path / "models--solo" / "refs" / "main").write_text("a" * 40 + "\n")
    pin = pin_from_cache("solo", None, tmp_path)
    assert pin is not None and pin.commit == "a" * 40
    assert pin.files == (
        PinnedFile("LICENSE.md", len(LICENSE)),
        PinnedFile("model.safetensors", len(WEIGHTS)),
    )
    assert pin.license_text_sha256 == hashlib.sha256(LICENSE).hexdigest()


def test_the_folder_of_a_differently_cased_id_serves(tmp_path: Path) -> None:
    write_cache(tmp_path, REPO)
    pin = pin_from_cache("Org-Name/Model-Name", None, tmp_path)
    assert pin is not None and pin.commit == REPO.commit


@pytest.mark.parametrize(
    "readme_bytes",
    [
        b"---\nlicense: [unclosed\n---\n",
        b"---\n- a list\n---\n",
        b"---\nlicense: apache-2.0\n",  # never closed
        b"# no front matter\n",
        b"---\nlicense: !!python/object/apply:os.system ['true']\n---\n",
        b"\xff\xfe\x00garbage",
    ],
)
def test_a_malformed_card_leaves_the_card_fields_empty(tmp_path: Path, readme_bytes: bytes) -> None:
    write_cache(
        tmp_path, dataclasses.replace(REPO, files={**REPO.files, "README.md": readme_bytes})
    )
    pin = pin_from_cache(REPO.repo_id, None, tmp_path)
    assert pin is not None and pin.source is PinSource.HF_CACHE
    assert (pin.card_license, pin.card_license_name, pin.base_models) == (None, None, ())


def test_card_values_are_bounded_and_typed(tmp_path: Path) -> None:
    card = {"license": "x" * 5000, "license_name": 42, "base_model": ["a/b", "", 7, "a/b", "c/d"]}
    write_cache(
        tmp_path, dataclasses.replace(REPO, files={**REPO.files, "README.md": readme(card)})
    )
    pin = pin_from_cache(REPO.repo_id, None, tmp_path)
    assert pin is not None
    assert pin.card_license == "x" * 512
    assert (pin.card_license_name, pin.base_models) == (None, ("a/b", "c/d"))


def test_the_cache_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert hub_cache_dir() == tmp_path / "home" / ".cache" / "huggingface" / "hub"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert hub_cache_dir() == tmp_path / "xdg" / "huggingface" / "hub"
    monkeypatch.setenv("HF_HOME", "~/hf")
    assert hub_cache_dir() == tmp_path / "home" / "hf" / "hub"
    monkeypatch.setenv("HUGGINGFACE_HUB_CACHE", str(tmp_path / "legacy"))
    assert hub_cache_dir() == tmp_path / "legacy"
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "cache"))
    assert hub_cache_dir() == tmp_path / "cache"
    write_cache(tmp_path / "cache", REPO)
    pin = pin_from_cache(REPO.repo_id, None)
    assert pin is not None and pin.commit == REPO.commit


def test_a_cache_written_by_huggingface_hub_agrees_with_it_and_with_the_hub(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real client downloads every file from a local Hub; the cache pin must read that tree
    as huggingface_hub's own scanner does, and match the pin the Hub itself gives."""
    cache = tmp_path / "client-cache"
    with serve(REPO) as hub:
        isolate(monkeypatch, tmp_path, hub.url)
        for name in REPO.files:  # endpoint: the client read HF_ENDPOINT once, at import
            hf_hub_download(REPO.repo_id, name, revision="v1.0", cache_dir=cache, endpoint=hub.url)
        online = pin_from_hub(REPO.repo_id, "v1.0")
    offline = pin_from_cache(REPO.repo_id, "v1.0", cache)
    assert offline is not None
    assert dataclasses.replace(offline, source=PinSource.HUB, gated=False) == online
    (scanned,) = scan_cache_dir(cache).repos
    (revision,) = scanned.revisions
    assert (revision.commit_hash, revision.refs) == (offline.commit, frozenset({"v1.0"}))
    by_path = {
        f.file_path.relative_to(revision.snapshot_path).as_posix(): f for f in revision.files
    }
    assert sorted(by_path) == [f.path for f in offline.files]
    for pinned in offline.files:
        assert by_path[pinned.path].blob_path.name in (pinned.sha256, pinned.git_oid)
        assert by_path[pinned.path].size_on_disk == pinned.size
