"""Discovery recall and false positives on real public repositories, labelled by hand.

Run: ``.venv/bin/python benchmarks/real_corpus.py MIRRORS [--labels FILE] [--repo TEXT]
[--verbose] [--json] [--keep DIR]``.

``benchmarks/real/labels.yaml`` names, for each public repository, the commit it was labelled at,
the folder that is scanned (``root``, with optional ``include`` globs when only some files of it are
labelled), and the models that code consumes: id, ecosystem, provider (hosted APIs), the file and
line of one real sighting and the kind of reference. ``acceptable`` lists the few reported names
that are honestly debatable, each with its reason; they count neither as found nor as false
positives. No code of those repositories is kept here: only these facts.

MIRRORS is a folder of git snapshots, one per repository, named ``owner+name``; each holds a git
directory at ``repo/`` (bare) or ``repo/.git/`` (a clone with a work tree), or is itself a git
directory. The labelled commit is materialised into a temporary tree by reading blobs with
``git cat-file`` (nothing is checked out, no hook, filter or attribute of the snapshot runs, and
nothing from the repository is executed); symbolic links and submodules are skipped, and so are
blobs missing from a partial snapshot (counted in the report). Then ``aibom scan ROOT -f json -q``
runs on it, as a user would run it.

A label is found when the report has a component (dependency) with the same ecosystem and
case-insensitive name, and for ``api-service`` the same provider. Every other reported component
is a false positive unless ``acceptable`` lists it. Outputs (models a recipe produces) and
documentation mentions are not components and are not scored. Prints a table per repository and
the totals (recall, false positives, false positives as a share of the labels); ``--verbose``
lists each miss and false positive with its file; ``--json`` prints the same as JSON. Always exits
0: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_LABELS = HERE / "real" / "labels.yaml"
ECOSYSTEMS = frozenset({"huggingface", "ollama", "api-service", "local-file"})
_GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
}
_REGULAR_MODES = frozenset({b"100644", b"100755"})


@dataclass(frozen=True)
class Key:
    """What identifies a model for scoring: ecosystem, case-folded name, provider for APIs."""

    ecosystem: str
    name: str
    provider: str | None

    @classmethod
    def of(cls, ecosystem: str, name: str, provider: str | None) -> Key:
        """The key of a label or of a reported component."""
        name = name.strip()
        if ecosystem == "local-file":
            while name.startswith("./"):
                name = name[2:]
        api = ecosystem == "api-service"
        return cls(ecosystem, name.casefold(), (provider or "").casefold() if api else None)

    def __str__(self) -> str:
        provider = f"{self.provider}/" if self.provider else ""
        return f"{self.ecosystem}:{provider}{self.name}"


@dataclass(frozen=True)
class Label:
    """One model a repository consumes, with one place it is used."""

    key: Key
    id: str
    file: str
    line: int
    kind: str
    note: str = ""


@dataclass(frozen=True)
class Entry:
    """One labelled scan: a repository at a commit, a root folder, and its labels."""

    repo: str
    commit: str
    root: str
    include: tuple[str, ...]
    kinds: tuple[str, ...]
    labels: tuple[Label, ...]
    acceptable: dict[Key, str]

    @property
    def title(self) -> str:
        """The repository, with its root when only a folder is scanned."""
        return self.repo if self.root in ("", ".") else f"{self.repo}:{self.root}"


@dataclass
class Result:
    """How one scan compares with one entry's labels."""

    entry: Entry
    error: str = ""
    files: int = 0
    missing_blobs: int = 0
    seconds: float = 0.0
    found: list[Label] = field(default_factory=list)
    missed: list[tuple[Label, str]] = field(default_factory=list)  # label, near miss if any
    false_positives: list[tuple[Key, str]] = field(default_factory=list)  # key, first evidence
    accepted: list[tuple[Key, str]] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # labels whose file:line no longer shows them

    @property
    def recall(self) -> float:
        """Found labels over all labels (1.0 for an entry without labels)."""
        total = len(self.entry.labels)
        return len(self.found) / total if total else 1.0


def _label(raw: dict[str, Any], where: str) -> Label:
    ecosystem = str(raw.get("ecosystem", ""))
    if ecosystem not in ECOSYSTEMS:
        raise ValueError(f"{where}: unknown ecosystem {ecosystem!r}")
    provider = raw.get("provider")
    if ecosystem == "api-service" and not provider:
        raise ValueError(f"{where}: an api-service label needs a provider")
    model_id = str(raw["id"])
    return Label(
        key=Key.of(ecosystem, model_id, provider),
        id=model_id,
        file=str(raw["file"]),
        line=int(raw["line"]),
        kind=str(raw["kind"]),
        note=str(raw.get("note", "")),
    )


def load_entries(path: Path) -> list[Entry]:
    """The entries of a labels file, checked for shape and duplicate labels."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries: list[Entry] = []
    for index, raw in enumerate(document["repos"]):
        where = f"{path.name}: {raw.get('repo', index)}"
        labels = tuple(_label(model, where) for model in raw.get("models") or [])
        keys = [label.key for label in labels]
        duplicates = sorted({str(key) for key in keys if keys.count(key) > 1})
        if duplicates:
            raise ValueError(f"{where}: labelled twice: {', '.join(duplicates)}")
        acceptable = {
            Key.of(str(item["ecosystem"]), str(item["id"]), item.get("provider")): str(
                item["reason"]
            )
            for item in raw.get("acceptable") or []
        }
        commit = str(raw["commit"])
        if len(commit) != 40:
            raise ValueError(f"{where}: commit must be a full sha")
        entries.append(
            Entry(
                repo=str(raw["repo"]),
                commit=commit,
                root=str(raw.get("root", ".")),
                include=tuple(str(glob) for glob in raw.get("include") or []),
                kinds=tuple(str(kind) for kind in raw.get("kinds") or []),
                labels=labels,
                acceptable=acceptable,
            )
        )
    return entries


def git_dir(mirrors: Path, repo: str) -> Path | None:
    """The git directory of a repository's snapshot under MIRRORS, if there is one."""
    base = mirrors / repo.replace("/", "+")
    for candidate in (base / "repo" / ".git", base / "repo", base / ".git", base):
        if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir():
            return candidate
    return None


def _git(gitdir: Path, *args: str) -> bytes:
    command = ["git", f"--git-dir={gitdir}", "-c", "core.fsmonitor=false", *args]
    done = subprocess.run(command, capture_output=True, check=True, env=_git_env(), timeout=600)
    return done.stdout


def _git_env() -> dict[str, str]:
    return {**os.environ, **_GIT_ENV}


def _included(relative: str, globs: tuple[str, ...]) -> bool:
    return not globs or any(fnmatch.fnmatchcase(relative, glob) for glob in globs)


def materialise(gitdir: Path, entry: Entry, dest: Path) -> tuple[int, int]:
    """Write the entry's root at its commit into ``dest``; returns files written and missing."""
    root = "" if entry.root in ("", ".") else entry.root.strip("/")
    listing = _git(gitdir, "ls-tree", "-r", "-z", "--full-tree", entry.commit, "--", root or ".")
    wanted: list[tuple[str, PurePosixPath]] = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, raw_path = record.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind != b"blob" or mode not in _REGULAR_MODES:
            continue  # symbolic links and submodules are not followed
        path = PurePosixPath(raw_path.decode("utf-8", "surrogateescape"))
        if path.is_absolute() or ".." in path.parts:
            continue
        relative = path.relative_to(root) if root else path
        if _included(relative.as_posix(), entry.include):
            wanted.append((sha.decode("ascii"), relative))
    batch = "".join(f"{sha}\n" for sha, _ in wanted).encode("ascii")
    written = missing = 0
    # cat-file answers in request order; the request comes from a file so no pipe can deadlock.
    with tempfile.TemporaryFile() as request:
        request.write(batch)
        request.seek(0)
        process = subprocess.Popen(
            ["git", f"--git-dir={gitdir}", "cat-file", "--batch"],
            stdin=request,
            stdout=subprocess.PIPE,
            env=_git_env(),
        )
        assert process.stdout is not None
        for _sha, relative in wanted:
            header = process.stdout.readline().split()
            if not header or header[-1] == b"missing":
                missing += 1
                continue
            data = process.stdout.read(int(header[2]))
            process.stdout.read(1)  # the newline after each object
            target = dest / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            target.chmod(0o644)
            written += 1
        process.stdout.close()
        process.wait()
    return written, missing


def check_sightings(entry: Entry, tree: Path) -> list[str]:
    """Labels whose recorded line does not show the model's name (a computed id, or a typo)."""
    prefix = "" if entry.root in ("", ".") else entry.root.strip("/") + "/"
    stale = []
    for label in entry.labels:
        where = f"{label.file}:{label.line}"
        path = tree / label.file.removeprefix(prefix)
        if not label.file.startswith(prefix) or not path.is_file():
            stale.append(f"{where}: no such file in the scanned tree")
            continue
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        text = lines[label.line - 1].casefold() if 0 < label.line <= len(lines) else ""
        if label.id.rsplit("/", 1)[-1].casefold() not in text:
            stale.append(f"{where}: the line does not show {label.id}")
    return stale


def scan(tree: Path, aibom: list[str]) -> dict[str, Any]:
    """The JSON report of ``aibom scan`` on a tree."""
    done = subprocess.run(
        [*aibom, "scan", str(tree), "-f", "json", "-q"],
        capture_output=True,
        check=False,
        cwd=tree.parent,
        timeout=3600,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[-2000:])
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def _evidence(component: dict[str, Any], prefix: str) -> str:
    evidence = component.get("evidence") or []
    if not evidence:
        return ""
    first = evidence[0]
    more = f" (+{len(evidence) - 1})" if len(evidence) > 1 else ""
    return f"{prefix}{first.get('path')}:{first.get('line')}{more}"


def score(entry: Entry, report: dict[str, Any], result: Result) -> None:
    """Compare a report's components with the entry's labels, filling ``result``."""
    prefix = "" if entry.root in ("", ".") else entry.root.strip("/") + "/"
    reported: dict[Key, str] = {}
    for component in report.get("components") or []:
        key = Key.of(component["ecosystem"], component["name"], component.get("provider"))
        reported.setdefault(key, _evidence(component, prefix))
    labelled = {label.key for label in entry.labels}
    for label in entry.labels:
        if label.key in reported:
            result.found.append(label)
            continue
        near = [
            f"{key} at {where}"
            for key, where in reported.items()
            if key.name == label.key.name
            or key.name.endswith("/" + label.key.name)
            or label.key.name.endswith("/" + key.name)
        ]
        result.missed.append((label, "; ".join(near)))
    for key, where in sorted(reported.items(), key=lambda item: str(item[0])):
        if key in labelled:
            continue
        if key in entry.acceptable:
            result.accepted.append((key, where))
        else:
            result.false_positives.append((key, where))


def run_entry(entry: Entry, mirrors: Path, aibom: list[str], keep: Path | None) -> Result:
    """Materialise, scan and score one entry."""
    result = Result(entry)
    gitdir = git_dir(mirrors, entry.repo)
    if gitdir is None:
        result.error = "no snapshot under MIRRORS"
        return result
    try:
        _git(gitdir, "cat-file", "-e", f"{entry.commit}^{{commit}}")
    except subprocess.CalledProcessError:
        result.error = f"commit {entry.commit[:12]} not in the snapshot"
        return result
    work = Path(tempfile.mkdtemp(prefix="aibom-real-"))
    try:
        tree = work / entry.repo.replace("/", "+")
        tree.mkdir()
        result.files, result.missing_blobs = materialise(gitdir, entry, tree)
        result.stale = check_sightings(entry, tree)
        start = time.perf_counter()
        report = scan(tree, aibom)
        result.seconds = time.perf_counter() - start
        score(entry, report, result)
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            name = entry.title.replace("/", "+").replace(":", "@")
            (keep / f"{name}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    except (subprocess.SubprocessError, RuntimeError, ValueError, OSError) as error:
        result.error = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def _percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def print_table(results: list[Result], verbose: bool) -> None:
    """The per-entry table, the totals and, with ``verbose``, every miss and false positive."""
    width = max(len(result.entry.title) for result in results)
    header = f"{'repository':<{width}}  labels  found  recall  FP  FP/labels  accepted  seconds"
    print(header)
    print("-" * len(header))
    for result in results:
        entry = result.entry
        if result.error:
            print(f"{entry.title:<{width}}  {len(entry.labels):>6}  error: {result.error}")
            continue
        print(
            f"{entry.title:<{width}}  {len(entry.labels):>6}  {len(result.found):>5}  "
            f"{_percent(len(result.found), len(entry.labels)):>6}  "
            f"{len(result.false_positives):>2}  "
            f"{_percent(len(result.false_positives), len(entry.labels)):>9}  "
            f"{len(result.accepted):>8}  {result.seconds:>7.1f}"
        )
    totals = _totals(results)
    print("-" * len(header))
    print(
        f"{'total':<{width}}  {totals['labels']:>6}  {totals['found']:>5}  "
        f"{_percent(totals['found'], totals['labels']):>6}  {totals['false_positives']:>2}  "
        f"{_percent(totals['false_positives'], totals['labels']):>9}  "
        f"{totals['accepted']:>8}"
    )
    recall = _percent(totals["found"], totals["labels"])
    print(
        f"\n{totals['repositories']} repositories, {totals['entries']} scans, "
        f"{totals['labels']} labelled models; recall {recall}, "
        f"{totals['false_positives']} false positives "
        f"({_percent(totals['false_positives'], totals['labels'])} of the labels)"
    )
    if totals["errors"]:
        print(f"{totals['errors']} scans failed and are left out of the totals")
    if totals["missing_blobs"]:
        print(f"{totals['missing_blobs']} files absent from the snapshots were not scanned")
    if not verbose:
        return
    for result in results:
        if not (result.missed or result.false_positives or result.accepted or result.stale):
            continue
        print(f"\n== {result.entry.title} @ {result.entry.commit[:12]}")
        for label, near in result.missed:
            hint = f"  [reported as {near}]" if near else ""
            print(f"  miss  {label.key}  {label.file}:{label.line} ({label.kind}){hint}")
        for key, where in result.false_positives:
            print(f"  FP    {key}  {where}")
        for key, where in result.accepted:
            print(f"  ok?   {key}  {where}  ({result.entry.acceptable[key]})")
        for problem in result.stale:
            print(f"  label {problem}")


def _totals(results: list[Result]) -> dict[str, int]:
    scored = [result for result in results if not result.error]
    return {
        "repositories": len({result.entry.repo for result in results}),
        "entries": len(results),
        "errors": len(results) - len(scored),
        "labels": sum(len(result.entry.labels) for result in scored),
        "found": sum(len(result.found) for result in scored),
        "false_positives": sum(len(result.false_positives) for result in scored),
        "accepted": sum(len(result.accepted) for result in scored),
        "missing_blobs": sum(result.missing_blobs for result in scored),
    }


def as_json(results: list[Result]) -> dict[str, Any]:
    """The results as one JSON document."""
    totals = _totals(results)
    return {
        "totals": {
            **totals,
            "recall": totals["found"] / totals["labels"] if totals["labels"] else None,
            "false_positive_rate": (
                totals["false_positives"] / totals["labels"] if totals["labels"] else None
            ),
        },
        "repositories": [
            {
                "repo": result.entry.repo,
                "commit": result.entry.commit,
                "root": result.entry.root,
                "error": result.error or None,
                "files": result.files,
                "missing_blobs": result.missing_blobs,
                "stale_sightings": result.stale,
                "seconds": round(result.seconds, 2),
                "labels": len(result.entry.labels),
                "found": len(result.found),
                "recall": result.recall,
                "missed": [
                    {
                        "model": str(label.key),
                        "file": label.file,
                        "line": label.line,
                        "kind": label.kind,
                        "reported_as": near or None,
                    }
                    for label, near in result.missed
                ],
                "false_positives": [
                    {"model": str(key), "evidence": where} for key, where in result.false_positives
                ],
                "accepted": [
                    {
                        "model": str(key),
                        "evidence": where,
                        "reason": result.entry.acceptable[key],
                    }
                    for key, where in result.accepted
                ],
            }
            for result in results
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mirrors", type=Path, help="folder of owner+name git snapshots")
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--repo", help="only entries whose owner/name[:root] contains this")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and FPs")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--keep", type=Path, help="also write each scan's JSON report here")
    args = parser.parse_args()
    entries = load_entries(args.labels)
    if args.repo:
        entries = [entry for entry in entries if args.repo in entry.title]
    # -I: the scanned tree is never on sys.path (a repository's types.py must not shadow the
    # standard library, and nothing of it may be imported).
    aibom = [sys.executable, "-I", "-m", "aibom"]
    results = []
    for entry in entries:
        print(f"scanning {entry.title} ...", file=sys.stderr)
        results.append(run_entry(entry, args.mirrors, aibom, args.keep))
    if args.json:
        print(json.dumps(as_json(results), indent=2))
    elif results:
        print_table(results, args.verbose)
    sys.exit(0)


if __name__ == "__main__":
    main()
