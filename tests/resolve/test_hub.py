"""Pinning on the Hub, with the real huggingface_hub client against a Hub served on 127.0.0.1."""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from huggingface_hub import constants

from aibom.core.model import PinnedFile, PinSource
from aibom.resolve.hfcard import LICENSE_CAP
from aibom.resolve.hubcalls import CallCount, Failure, HubError, HubUnreachable, Retry, with_retry
from aibom.resolve.hubclient import pin_from_hub, pin_many
from tests.resolve.hubserver import (
    HubRepo,
    HubServer,
    Reply,
    closed_port_url,
    error,
    git_oid,
    isolate,
    rate_limited,
    readme,
    serve,
)
from tests.weightfiles import safetensors_bytes

FAST = Retry(attempts=3, base=0.01, cap=0.05)
TOKEN = "hf_secret_test"  # noqa: S105 - a test credential, to show it never leaks
WEIGHTS = safetensors_bytes({"w": ((2, 2), [1.0, 2.0, 3.0, 4.0])}, {"format": "pt"})
CARD: dict[str, object] = {
    "license": "other",
    "license_name": "tiny-license",
    "license_link": "LICENSE",
    "base_model": ["base-org/base-model"],
}
LICENSE = b"Tiny Model License\n\n1. You may use the model.\n"
TINY = HubRepo(
    "tiny-org/tiny-model",
    {
        "config.json": b'{"architectures": ["LlamaForCausalLM"]}\n',
        "model.safetensors": WEIGHTS,
        "onnx/model.onnx": b"\x08\x07" + b"\x00" * 64,
        "README.md": readme(CARD),
        "LICENSE": LICENSE,
    },
    lfs=frozenset({"model.safetensors", "onnx/model.onnx"}),
    card=CARD,
    refs=("main", "v1.0"),
)
GATED = HubRepo(
    "gated-org/gated-model",
    {"LICENSE": b"Gated Community License\n", "model.safetensors": WEIGHTS},
    lfs=frozenset({"model.safetensors"}),
    card={"license": "other", "license_name": "gated-community"},
    gated="manual",
)
PLAIN = HubRepo("plain-model", {"config.json": b"{}\n"}, card={"license": "mit"})
INFO = f"/api/models/{TINY.repo_id}"


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with serve(TINY, GATED, PLAIN) as server:
        isolate(monkeypatch, tmp_path, server.url)
        yield server


def test_pins_commit_files_card_and_license(hub: HubServer) -> None:
    calls = CallCount()
    pin = pin_from_hub(TINY.repo_id, None, calls=calls)
    assert pin.source is PinSource.HUB
    assert (pin.commit, pin.requested, pin.gated, pin.reason) == (TINY.commit, None, False, None)
    config = TINY.files["config.json"]
    onnx = TINY.files["onnx/model.onnx"]
    assert pin.files == (
        PinnedFile("LICENSE", len(LICENSE), git_oid=git_oid(LICENSE)),
        PinnedFile(
            "README.md", len(TINY.files["README.md"]), git_oid=git_oid(TINY.files["README.md"])
        ),
        PinnedFile("config.json", len(config), git_oid=git_oid(config)),
        PinnedFile("model.safetensors", len(WEIGHTS), sha256=hashlib.sha256(WEIGHTS).hexdigest()),
        PinnedFile("onnx/model.onnx", len(onnx), sha256=hashlib.sha256(onnx).hexdigest()),
    )
    assert (pin.card_license, pin.card_license_name, pin.card_license_link) == (
        "other",
        "tiny-license",
        "LICENSE",
    )
    assert pin.base_models == ("base-org/base-model",)
    assert pin.license_text_sha256 == hashlib.sha256(LICENSE).hexdigest()
    # One model costs two requests: the model info with file metadata, the LICENSE at the commit.
    assert calls.value == 2
    assert [(s.path, s.query) for s in hub.seen] == [
        (INFO, "blobs=true"),
        (f"/{TINY.repo_id}/resolve/{TINY.commit}/LICENSE", ""),
    ]


def test_a_tag_resolves_to_its_commit_and_the_pin_says_both(hub: HubServer) -> None:
    pin = pin_from_hub(TINY.repo_id, "v1.0")
    assert (pin.source, pin.commit, pin.requested) == (PinSource.HUB, TINY.commit, "v1.0")
    assert hub.seen[0].path == f"{INFO}/revision/v1.0"


def test_a_repository_without_organisation_or_license(hub: HubServer) -> None:
    calls = CallCount()
    pin = pin_from_hub("plain-model", None, calls=calls)
    assert (pin.source, pin.commit, pin.card_license) == (PinSource.HUB, PLAIN.commit, "mit")
    assert (pin.license_text_sha256, pin.reason, calls.value) == (None, None, 1)


def test_a_license_stored_in_lfs_is_not_downloaded(hub: HubServer) -> None:
    text = b"Apache License\nVersion 2.0\n"
    hub.add(HubRepo("lfs-org/licensed", {"LICENSE.txt": text}, lfs=frozenset({"LICENSE.txt"})))
    calls = CallCount()
    pin = pin_from_hub("lfs-org/licensed", None, calls=calls)
    assert pin.license_text_sha256 == hashlib.sha256(text).hexdigest()
    assert calls.value == 1


def test_a_license_too_large_is_not_hashed(hub: HubServer) -> None:
    hub.add(HubRepo("big-org/big", {"LICENSE.md": b"x" * (LICENSE_CAP + 1)}))
    pin = pin_from_hub("big-org/big", None)
    assert pin.source is PinSource.HUB
    assert pin.license_text_sha256 is None
    assert pin.reason == f"LICENSE.md is larger than {LICENSE_CAP} bytes: not hashed"


def test_gated_model_info_is_gated_not_missing(hub: HubServer) -> None:
    hub.script(f"/api/models/{GATED.repo_id}", error(401, "GatedRepo", "Access is restricted"))
    pin = pin_from_hub(GATED.repo_id, None)
    assert (pin.source, pin.gated) == (PinSource.NONE, True)
    assert pin.reason is not None
    assert pin.reason.startswith("gated: Access is restricted (HTTP 401)")
    assert "not found" not in pin.reason


def test_gated_repo_is_pinned_from_its_public_metadata(hub: HubServer) -> None:
    pin = pin_from_hub(GATED.repo_id, None)
    assert (pin.source, pin.commit, pin.gated) == (PinSource.HUB, GATED.commit, True)
    assert pin.files[1].sha256 == hashlib.sha256(WEIGHTS).hexdigest()
    assert pin.license_text_sha256 is None
    assert pin.reason is not None
    assert pin.reason.startswith("LICENSE not read: gated: Access to model gated-org/gated-model")


def test_the_token_is_sent_and_never_shown(
    hub: HubServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    caplog.set_level(logging.DEBUG)  # every logger, the client's and its transport's included
    hub.script(f"/api/models/{PLAIN.repo_id}", rate_limited("0"))
    pins = [pin_from_hub(repo.repo_id, None, retry=FAST) for repo in (TINY, GATED, PLAIN)]
    pins.append(pin_from_hub("tiny-org/no-such-model", "main"))
    monkeypatch.setenv("HF_ENDPOINT", closed_port_url())
    with pytest.raises(HubUnreachable) as unreachable:
        pin_from_hub(TINY.repo_id, None, retry=FAST)
    assert {s.authorization for s in hub.seen} == {f"Bearer {TOKEN}"}
    assert len(hub.seen) == 2 + 2 + 2 + 1  # the gated LICENSE was asked for with the token
    assert pins[1].reason is not None and "(HTTP 403)" in pins[1].reason
    out, err = capfd.readouterr()
    shown = [repr(pins), str(unreachable.value), caplog.text, out, err]
    assert not [text for text in shown if "secret_test" in text]


def test_a_token_echoed_by_the_server_is_blanked(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    echo = error(403, "GatedRepo", f"token {TOKEN} is not in the authorized list")
    hub.script(f"/{GATED.repo_id}/resolve/{GATED.commit}/LICENSE", echo)
    hub.script(INFO, error(403, None, f"Bearer {TOKEN} refused, also hf_AbCdEfGhIjKlMn"))
    gated, tiny = pin_from_hub(GATED.repo_id, None), pin_from_hub(TINY.repo_id, None)
    assert gated.reason is not None and "token *** is not" in gated.reason
    assert tiny.reason == "forbidden (HTTP 403): Bearer *** refused, also hf_***"


def test_missing_repository_and_missing_revision_say_which(hub: HubServer) -> None:
    repo = pin_from_hub("tiny-org/no-such-model", None)
    revision = pin_from_hub(TINY.repo_id, "no-such-branch")
    assert (repo.source, repo.gated) == (PinSource.NONE, None)
    assert repo.reason == "not found on the Hub: no repository tiny-org/no-such-model"
    assert (revision.source, revision.requested) == (PinSource.NONE, "no-such-branch")
    assert revision.reason == (
        f"not found on the Hub: repository {TINY.repo_id} has no revision no-such-branch"
    )


def test_a_bare_401_may_be_private(hub: HubServer) -> None:
    hub.script(INFO, error(401, None, "Unauthorized"))
    pin = pin_from_hub(TINY.repo_id, None)
    assert pin.reason == (
        f"not found on the Hub: no repository {TINY.repo_id} (or private, and the token "
        "cannot see it)"
    )


def test_an_invalid_repository_id_asks_nothing(hub: HubServer) -> None:
    pin = pin_from_hub("org/name/extra--x", None)
    assert pin.reason == "cannot pin on the Hub: not a valid Hub repository id"
    assert hub.seen == []


def test_rate_limited_then_answered(hub: HubServer) -> None:
    hub.script(INFO, rate_limited("0"), rate_limited("0"))
    calls = CallCount()
    pin = pin_from_hub(TINY.repo_id, None, calls=calls, retry=FAST)
    assert (pin.source, pin.commit) == (PinSource.HUB, TINY.commit)
    assert [s.path for s in hub.seen].count(INFO) == 3
    assert calls.value == 4


def test_rate_limited_for_good_gives_up_after_the_bounded_attempts(hub: HubServer) -> None:
    hub.script(INFO, *[rate_limited("0")] * 5)
    pin = pin_from_hub(TINY.repo_id, None, retry=FAST)
    assert (pin.source, pin.reason) == (
        PinSource.NONE,
        "rate limited by the Hub (HTTP 429) after 3 attempts",
    )
    assert len(hub.seen) == 3


def test_a_retry_after_too_long_is_not_waited_for(hub: HubServer) -> None:
    hub.script(INFO, rate_limited("3600"))
    start = time.monotonic()
    pin = pin_from_hub(TINY.repo_id, None, retry=FAST)
    assert time.monotonic() - start < 5
    assert pin.reason == "rate limited by the Hub (HTTP 429); it asks to wait 3600 s"
    assert len(hub.seen) == 1


def test_a_server_error_is_retried(hub: HubServer) -> None:
    hub.script(INFO, error(503, None, "Service Unavailable"))
    pin = pin_from_hub(TINY.repo_id, None, retry=FAST)
    assert pin.source is PinSource.HUB


def test_a_slow_hub_times_out_after_the_bounded_attempts(hub: HubServer) -> None:
    slow = Reply(delay=1.5, then_normal=True)
    hub.script(INFO, slow, slow)
    start = time.monotonic()
    pin = pin_from_hub(TINY.repo_id, None, timeout=0.2, retry=Retry(attempts=2, base=0.01))
    assert time.monotonic() - start < 1.2
    assert (pin.source, pin.reason) == (
        PinSource.NONE,
        "the Hub did not answer within 0.2 s after 2 attempts",
    )


def test_a_slow_answer_once_is_retried(hub: HubServer) -> None:
    hub.script(INFO, Reply(delay=1.0, then_normal=True))
    pin = pin_from_hub(TINY.repo_id, None, timeout=0.2, retry=FAST)
    assert (pin.source, pin.commit) == (PinSource.HUB, TINY.commit)


def test_a_malformed_answer_is_a_reason(hub: HubServer) -> None:
    hub.script(INFO, Reply(200, (("Content-Type", "application/json"),), b"<html>proxy</html>"))
    hub.script(f"{INFO}/revision/v1.0", Reply(200, (), b'{"id": "x", "sha": "not-a-commit"}'))
    assert pin_from_hub(TINY.repo_id, None).reason == (
        "cannot pin on the Hub: malformed answer (JSONDecodeError)"
    )
    assert pin_from_hub(TINY.repo_id, "v1.0").reason == (
        "cannot pin on the Hub: the answer names no commit"
    )


def test_an_unreachable_hub_raises_with_the_way_out(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", closed_port_url().replace("//", "//user:pw@"))
    with pytest.raises(HubUnreachable) as caught:
        pin_from_hub(TINY.repo_id, None, retry=FAST)
    message = str(caught.value)
    assert caught.value.exit_code == 2
    assert "cannot reach the Hugging Face Hub at http://127.0.0.1:" in message
    assert "--online" in message and "aibom.lock" in message
    assert "user" not in message and "pw@" not in message


def test_offline_mode_of_huggingface_hub_is_reported(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(HubUnreachable, match="HF_HUB_OFFLINE is set"):
        pin_from_hub(TINY.repo_id, None)
    assert hub.seen == []


def test_pin_many_dedupes_bounds_concurrency_and_reports_progress(hub: HubServer) -> None:
    for repo in (TINY, GATED, PLAIN):
        hub.script(f"/api/models/{repo.repo_id}", Reply(delay=0.2, then_normal=True))
    messages: list[str] = []
    calls = CallCount()
    requests: list[tuple[str, str | None]] = [
        (TINY.repo_id, None),
        (GATED.repo_id, None),
        (TINY.repo_id, None),
    ]
    requests += [("plain-model", None), (TINY.repo_id, "v1.0"), ("nobody/nothing", None)]
    pins = pin_many(requests, concurrency=2, progress=messages.append, calls=calls)
    assert set(pins) == set(requests)
    assert pins[TINY.repo_id, "v1.0"].requested == "v1.0"
    assert pins["nobody/nothing", None].source is PinSource.NONE
    assert hub.most_active <= 2
    assert len(messages) == 5 and messages[-1].startswith("Hub 5/5: ")
    assert calls.value == len(hub.seen) == 5 + 3  # five infos, three LICENSE texts


def test_pin_many_stops_when_the_hub_is_unreachable(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", closed_port_url())
    requests: list[tuple[str, str | None]] = [(f"org/model-{i}", None) for i in range(40)]
    with pytest.raises(HubUnreachable):
        pin_many(requests, concurrency=4, retry=FAST)


def test_a_fresh_process_makes_no_request_it_was_not_asked_for(
    hub: HubServer, tmp_path: Path
) -> None:
    """Telemetry would fetch an agent registry from the Hub on the first request: aibom turns
    it off unless the user set HF_HUB_DISABLE_TELEMETRY, so one model costs exactly its calls."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING"))}
    env |= {"HF_ENDPOINT": hub.url, "HF_HOME": str(tmp_path / "fresh-home")}
    code = (
        "from aibom.resolve.hubclient import pin_from_hub\n"
        f"print(pin_from_hub({TINY.repo_id!r}, None).commit)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == TINY.commit
    assert [s.path for s in hub.seen] == [INFO, f"/{TINY.repo_id}/resolve/{TINY.commit}/LICENSE"]
    assert not (tmp_path / "fresh-home").exists()


def test_backoff_doubles_with_jitter_up_to_the_cap_and_follows_retry_after() -> None:
    def fail(error: HubError) -> Callable[[], None]:
        def request() -> None:
            raise error

        return request

    pauses: list[float] = []
    calls = CallCount()
    retry = Retry(attempts=6, base=1.0, cap=4.0)
    with pytest.raises(HubError) as caught:
        with_retry(fail(HubError(Failure.TIMEOUT)), retry=retry, calls=calls, sleep=pauses.append)
    assert (caught.value.attempts, calls.value, len(pauses)) == (6, 6, 5)
    for pause, ceiling in zip(pauses, [1.0, 2.0, 4.0, 4.0, 4.0], strict=True):
        assert ceiling / 2 <= pause <= ceiling
    pauses.clear()
    limited = HubError(Failure.RATE_LIMITED, retry_after=2.5)
    with pytest.raises(HubError):
        with_retry(fail(limited), retry=retry, calls=calls, sleep=pauses.append)
    assert pauses == [2.5] * 5
    pauses.clear()
    for final in (HubError(Failure.GATED), HubError(Failure.REPO_NOT_FOUND)):
        with pytest.raises(HubError):
            with_retry(fail(final), retry=retry, calls=calls, sleep=pauses.append)
    unreachable = HubError(Failure.UNREACHABLE)
    with pytest.raises(HubError):
        with_retry(fail(unreachable), retry=retry, calls=calls, sleep=pauses.append)
    assert (len(pauses), unreachable.attempts) == (1, retry.unreachable_attempts)
