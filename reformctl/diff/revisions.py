"""Revisions of the ledger in git: which two to compare, and one revision's ledger folder on disk.

The only module of `diff` that talks to git (through GitPython). Failures become ReformctlError
with a message that says what to do (exit 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from reformctl.errors import ReformctlError, UsageError

WORKING_TREE = "working tree"
SYMLINK_MODE = 0o120000


@dataclass(frozen=True, slots=True)
class Revision:
    """A side of the comparison: a commit, or the working tree (`sha` None)."""

    name: str
    """As given on the command line; the merge base's id for the default; "working tree"."""
    sha: str | None = None
    base_of: str | None = None
    """For the default: the branch whose merge base with HEAD this is."""

    @property
    def is_working_tree(self) -> bool:
        return self.sha is None


def open_repository(path: Path) -> Any:
    """The git repository holding `path`; not being in one is an error (exit 2)."""
    from reformctl.edit.gitio import open_repo

    repo = open_repo(path)
    if repo is None or repo.working_tree_dir is None:
        raise ReformctlError("error.diff-no-git", path=path)
    return repo


def ledger_path_in(repo: Any, ledger_root: Path) -> str:
    """The ledger folder relative to the repository's top folder, POSIX style ("." for the top)."""
    top = Path(repo.working_tree_dir).resolve()
    try:
        return PurePosixPath(ledger_root.resolve().relative_to(top)).as_posix()
    except ValueError:
        raise ReformctlError("error.diff-outside-repo", path=ledger_root, top=top) from None


def is_shallow(repo: Any) -> bool:
    import git

    try:
        return str(repo.git.rev_parse("--is-shallow-repository")).strip() == "true"
    except git.GitCommandError:
        return False


def _verify(repo: Any, rev: str) -> str | None:
    """The commit id `rev` names, or None when it names no commit here."""
    import git

    try:
        out = str(repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}")).strip()
    except git.GitCommandError:
        return None
    return out or None


def resolve(repo: Any, rev: str) -> Revision:
    """A revision given on the command line; unknown ones are an error naming it (exit 2)."""
    if not rev or rev.startswith("-"):
        raise UsageError("error.diff-not-revision", value=rev)
    sha = _verify(repo, rev)
    if sha is None:
        key = "error.diff-revision-missing-shallow" if is_shallow(repo) else "error.diff-revision-missing"
        raise ReformctlError(key, value=rev)
    return Revision(rev, sha)


def _answer(repo: Any, command: str, *args: str) -> str | None:
    """What a git command prints, or None when it fails or prints nothing."""
    status, out, _ = getattr(repo.git, command)(*args, with_extended_output=True, with_exceptions=False)
    if status != 0:
        return None
    return str(out).strip() or None


def default_branch(repo: Any) -> str:
    """The branch to compare with when no revision is given: origin/HEAD's target, else git's
    `init.defaultBranch` (the branch `reformctl init` commits on), else main, else master, else
    the current branch."""
    origin = _answer(repo, "symbolic_ref", "-q", "refs/remotes/origin/HEAD") or ""
    configured = _answer(repo, "config", "--get", "init.defaultBranch")
    current = _answer(repo, "symbolic_ref", "-q", "--short", "HEAD")
    candidates = [origin.removeprefix("refs/remotes/")] if origin.startswith("refs/remotes/") else []
    candidates += [name for name in (configured, "main", "master", current) if name is not None]
    for name in candidates:
        if _verify(repo, name) is not None:
            return name
    raise ReformctlError("error.diff-no-default-branch")


def default_base(repo: Any) -> Revision:
    """The merge base of HEAD with the default branch."""
    import git

    if _verify(repo, "HEAD") is None:
        raise ReformctlError("error.diff-no-commits")
    branch = default_branch(repo)
    try:
        sha = str(repo.git.merge_base("HEAD", branch)).strip()
    except git.GitCommandError:
        sha = ""
    if not sha:
        key = "error.diff-no-ancestor-shallow" if is_shallow(repo) else "error.diff-no-ancestor"
        raise ReformctlError(key, branch=branch)
    return Revision(sha, sha, base_of=branch)


def revisions(repo: Any, revs: Sequence[str]) -> tuple[Revision, Revision]:
    """No REV: merge base of HEAD with the default branch → working tree; REV → working tree;
    REV1 → REV2."""
    if len(revs) > 2:
        raise UsageError("error.diff-too-many", count=len(revs), revs=" ".join(revs))
    if not revs:
        return default_base(repo), Revision(WORKING_TREE)
    if len(revs) == 1:
        return resolve(repo, revs[0]), Revision(WORKING_TREE)
    return resolve(repo, revs[0]), resolve(repo, revs[1])


def extract_ledger(repo: Any, sha: str, ledger_rel: str, target: Path) -> bool:
    """Write the ledger folder as it is at commit `sha` into `target`.

    Returns False when the folder does not exist at that commit. Symbolic links and submodules
    are skipped (a ledger holds plain files).
    """
    import git

    try:
        tree = repo.commit(sha).tree
        folder = tree if ledger_rel == "." else tree / ledger_rel
    except KeyError:
        return False
    except (ValueError, git.GitCommandError) as err:
        raise ReformctlError("error.diff-commit-unreadable", commit=sha[:12], reason=str(err)) from None
    if folder.type != "tree":
        return False
    base = PurePosixPath(folder.path) if ledger_rel != "." else PurePosixPath()
    target.mkdir(parents=True, exist_ok=True)
    try:
        for item in folder.traverse():
            if item.type != "blob" or item.mode == SYMLINK_MODE:
                continue
            rel = PurePosixPath(item.path).relative_to(base)
            dest = target.joinpath(*rel.parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(item.data_stream.read())
    except (ValueError, git.GitCommandError) as err:
        raise ReformctlError("error.diff-ledger-unreadable", commit=sha[:12], reason=str(err)) from None
    except OSError as err:
        raise ReformctlError("error.diff-scratch", reason=err.strerror) from None
    return True
