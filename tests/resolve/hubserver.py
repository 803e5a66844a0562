"""A small Hugging Face Hub on 127.0.0.1 for tests: model info and file downloads, scripted faults.

The answers follow the Hub's own: ``GET /api/models/{repo_id}[/revision/{revision}]`` (siblings
with ``blobId``, ``size`` and ``lfs`` only with ``?blobs=true``, as huggingface_hub's
``model_info(files_metadata=True)`` asks), ``cardData``, ``gated`` and ``sha``; errors carry
``X-Error-Code`` (``RepoNotFound``, ``RevisionNotFound``, ``GatedRepo``, ``EntryNotFound``), which
the client turns into its typed errors. ``/{repo_id}/resolve/{revision}/{path}`` answers with
``X-Repo-Commit`` and ``ETag`` (the git blob id); LFS files redirect to ``/cdn/{sha256}`` with
``X-Linked-Etag`` (the sha256) and ``X-Linked-Size``, as the Hub redirects to its CDN.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from huggingface_hub import constants


def git_oid(data: bytes) -> str:
    """The git blob id of ``data``: the Hub's ``blobId``, and the ETag of a small file."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def lfs_pointer(data: bytes) -> bytes:
    """The git-lfs pointer file committed in place of ``data`` (git-lfs spec v1)."""
    digest = hashlib.sha256(data).hexdigest()
    spec = "version https://git-lfs.github.com/spec/v1"
    return f"{spec}\noid sha256:{digest}\nsize {len(data)}\n".encode()


def readme(card: dict[str, object], body: str = "# Model\n") -> bytes:
    """A README.md whose YAML front matter is ``card``."""
    return f"---\n{yaml.safe_dump(card, sort_keys=True)}---\n\n{body}".encode()


@dataclass
class HubRepo:
    """One model repository: its files at one commit, and the branches and tags naming it."""

    repo_id: str
    files: dict[str, bytes]
    lfs: frozenset[str] = frozenset()
    card: dict[str, object] | None = None
    gated: bool | str = False  # False, "auto" or "manual", as the Hub says
    refs: tuple[str, ...] = ("main",)

    @property
    def commit(self) -> str:
        state = json.dumps(
            sorted((k, hashlib.sha256(v).hexdigest()) for k, v in self.files.items())
        )
        return hashlib.sha1(f"{self.repo_id}\n{state}".encode(), usedforsecurity=False).hexdigest()

    def sibling(self, path: str, blobs: bool) -> dict[str, object]:
        if not blobs:
            return {"rfilename": path}
        data = self.files[path]
        if path not in self.lfs:
            return {"rfilename": path, "blobId": git_oid(data), "size": len(data)}
        pointer = lfs_pointer(data)
        lfs = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "pointerSize": len(pointer),
        }
        return {"rfilename": path, "blobId": git_oid(pointer), "size": len(data), "lfs": lfs}

    def info(self, blobs: bool) -> dict[str, object]:
        org = self.repo_id.split("/")[0] if "/" in self.repo_id else None
        answer: dict[str, object] = {
            "_id": self.commit[:24],
            "id": self.repo_id,
            "modelId": self.repo_id,
            "author": org,
            "sha": self.commit,
            "lastModified": "2024-05-01T12:00:00.000Z",
            "createdAt": "2024-04-01T12:00:00.000Z",
            "private": False,
            "disabled": False,
            "gated": self.gated,
            "downloads": 7,
            "likes": 1,
            "tags": ["safetensors", "license:" + str((self.card or {}).get("license", "other"))],
            "library_name": "transformers",
            "siblings": [self.sibling(p, blobs) for p in sorted(self.files)],
        }
        if self.card is not None:
            answer["cardData"] = self.card
        return answer


@dataclass(frozen=True)
class Reply:
    """A scripted answer, served once, before the repository's normal answer."""

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    delay: float = 0.0  # seconds to wait before answering (a slow Hub)
    then_normal: bool = False  # after the delay, serve the normal answer instead


@dataclass(frozen=True)
class Seen:
    """A request the server received."""

    method: str
    path: str
    query: str
    authorization: str | None


@dataclass
class HubServer:
    """The running server: its URL, its repositories, scripted replies and the requests seen."""

    url: str
    repos: dict[str, HubRepo] = field(default_factory=dict)
    scripts: dict[str, list[Reply]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    active: int = 0  # requests being answered now
    most_active: int = 0  # the most answered at once

    @property
    def cdn_url(self) -> str:
        """The same server under another host name: off the Hub, as the Hub's CDN is."""
        return self.url.replace("127.0.0.1", "localhost")

    def add(self, *repos: HubRepo) -> None:
        for repo in repos:
            self.repos[repo.repo_id.casefold()] = repo

    def script(self, path: str, *replies: Reply) -> None:
        """Serve ``replies`` in turn to requests whose path (without query) is ``path``."""
        with self.lock:
            self.scripts.setdefault(path, []).extend(replies)

    def paths(self) -> list[str]:
        with self.lock:
            return [s.path for s in self.seen]

    def _next_script(self, path: str) -> Reply | None:
        with self.lock:
            queue = self.scripts.get(path)
            return queue.pop(0) if queue else None


def error(status: int, code: str | None, message: str, **extra: str) -> Reply:
    """A Hub error answer: JSON body and the ``X-Error-Code`` / ``X-Error-Message`` headers."""
    headers = [("X-Error-Message", message), *extra.items()]
    if code:
        headers.append(("X-Error-Code", code))
    return Reply(status, tuple(headers), json.dumps({"error": message}).encode())


def rate_limited(retry_after: str = "0") -> Reply:
    return Reply(429, (("Retry-After", retry_after),), b'{"error": "rate limited"}')


def _route(hub: HubServer, path: str, query: dict[str, list[str]], token: bool) -> Reply:
    if path.startswith("/api/models/"):
        return _model_info(hub, path.removeprefix("/api/models/"), query)
    if path.startswith("/cdn/"):
        for repo in hub.repos.values():
            for name in repo.lfs:
                if hashlib.sha256(repo.files[name]).hexdigest() == path.removeprefix("/cdn/"):
                    return Reply(200, (("ETag", f'"{path[5:]}"'),), repo.files[name])
        return error(404, None, "no such object")
    if "/resolve/" in path:
        return _resolve(hub, path, token)
    return error(404, None, "not found")


def _model_info(hub: HubServer, rest: str, query: dict[str, list[str]]) -> Reply:
    repo_id, _, revision = rest.partition("/revision/")
    repo = hub.repos.get(unquote(repo_id).casefold())
    if repo is None:
        return error(404, "RepoNotFound", "Repository not found")
    if revision and unquote(revision) not in (*repo.refs, repo.commit):
        return error(404, "RevisionNotFound", f"Invalid rev id: {unquote(revision)}")
    blobs = query.get("blobs", [""])[0].casefold() == "true"
    body = json.dumps(repo.info(blobs)).encode()
    return Reply(200, (("Content-Type", "application/json"),), body)


def _resolve(hub: HubServer, path: str, token: bool) -> Reply:
    repo_id, _, rest = path.lstrip("/").partition("/resolve/")
    revision, _, name = rest.partition("/")
    repo = hub.repos.get(unquote(repo_id).casefold())
    if repo is None:
        return error(404, "RepoNotFound", "Repository not found")
    commit = ("X-Repo-Commit", repo.commit)
    if unquote(revision) not in (*repo.refs, repo.commit):
        return error(404, "RevisionNotFound", "Invalid rev id")
    if repo.gated:
        if not token:
            message = (
                f"Access to model {repo.repo_id} is restricted. You must have access to it "
                "and be authenticated to access it. Please log in."
            )
            return error(401, "GatedRepo", message)
        message = (
            f"Access to model {repo.repo_id} is restricted and you are not in the authorized list."
        )
        return error(403, "GatedRepo", message)
    name = unquote(name)
    if name not in repo.files:
        return error(404, "EntryNotFound", "Entry not found", **{"X-Repo-Commit": repo.commit})
    data = repo.files[name]
    if name in repo.lfs:
        digest = hashlib.sha256(data).hexdigest()
        headers = (
            commit,
            ("Location", f"{hub.cdn_url}/cdn/{digest}"),
            ("X-Linked-Etag", f'"{digest}"'),
            ("X-Linked-Size", str(len(data))),
            ("ETag", f'"{git_oid(lfs_pointer(data))}"'),
        )
        return Reply(302, headers)
    return Reply(200, (commit, ("ETag", f'"{git_oid(data)}"')), data)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hub: HubServer  # set on the subclass made per server

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        parts = urlsplit(self.path)
        authorization = self.headers.get("Authorization")
        hub = self.hub
        with hub.lock:
            hub.seen.append(Seen(self.command, parts.path, parts.query, authorization))
            hub.active += 1
            hub.most_active = max(hub.most_active, hub.active)
        try:
            reply = hub._next_script(parts.path)
            if reply is not None and reply.delay:
                time.sleep(reply.delay)
            if reply is None or reply.then_normal:
                query = parse_qs(parts.query)
                reply = _route(hub, parts.path, query, bool(authorization))
        finally:
            with hub.lock:
                hub.active -= 1
        self.send_response(reply.status)
        for key, value in reply.headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if not head:
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: a test reads ``HubServer.seen`` instead of a log."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up on a slow answer closes its socket: not an error here."""


@contextmanager
def serve(*repos: HubRepo) -> Iterator[HubServer]:
    """Run a Hub on 127.0.0.1 (a free port) in a thread for the duration of the block."""
    server = _Server(("127.0.0.1", 0), _Handler)
    host, port = server.server_address[:2]
    hub = HubServer(url=f"http://{host!s}:{port}")
    hub.add(*repos)
    server.RequestHandlerClass = type("Handler", (_Handler,), {"hub": hub})
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def closed_port_url() -> str:
    """A loopback URL nothing listens on: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def isolate(monkeypatch: pytest.MonkeyPatch, home: Path, endpoint: str) -> None:
    """Point huggingface_hub at ``endpoint`` and at folders under ``home``: no token, no telemetry.

    huggingface_hub reads HF_HUB_OFFLINE, HF_HUB_DISABLE_TELEMETRY and HF_HOME (hence the token
    file's path) once, when it is imported, which in a test run has already happened: they are
    set on its constants module as well as in the environment. aibom reads HF_ENDPOINT and the
    cache folder itself, at call time.
    """
    monkeypatch.setenv("HF_ENDPOINT", endpoint)
    monkeypatch.setenv("HF_HOME", str(home / "hf-home"))
    monkeypatch.setenv("HF_HUB_CACHE", str(home / "hf-cache"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_TELEMETRY", True)
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_IMPLICIT_TOKEN", False)
    monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(home / "hf-home" / "token"))
    monkeypatch.setattr(constants, "HF_STORED_TOKENS_PATH", str(home / "hf-home" / "stored_tokens"))
