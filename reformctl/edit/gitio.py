"""The GitPython port: find the ledger's repository, refuse unsafe states, commit exact paths."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reformctl.errors import EXIT_USAGE, ReformctlError


class GitRefusal(ReformctlError):
    """The repository is in a state where reformctl will not write."""

    exit_code = EXIT_USAGE


def open_repo(path: Path) -> Any | None:
    """The git repository that contains `path`, or None."""
    import git

    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def ensure_writable(repo: Any, paths: Sequence[Path]) -> None:
    """Refuse during a merge, rebase or cherry-pick; refuse when the touched files have
    uncommitted edits or other files are staged (the commit must hold only this change)."""
    git_dir = Path(repo.git_dir)
    for marker, what in (
        ("MERGE_HEAD", "a merge"),
        ("rebase-merge", "a rebase"),
        ("rebase-apply", "a rebase"),
        ("CHERRY_PICK_HEAD", "a cherry-pick"),
        ("REVERT_HEAD", "a revert"),
    ):
        if (git_dir / marker).exists():
            raise GitRefusal(f"the repository is in the middle of {what}; finish or abort it first")
    if (git_dir / "index.lock").exists():
        raise GitRefusal(
            f"{git_dir / 'index.lock'} exists: another git command is running, or one was interrupted; "
            "remove that file once no git command is running"
        )
    work = Path(repo.working_tree_dir).resolve()
    rels = {p.resolve().relative_to(work).as_posix() for p in paths}
    staged, unstaged = _changes(repo)
    dirty = sorted((staged | unstaged) & rels)
    if dirty:
        raise GitRefusal(
            f"{', '.join(dirty)} has uncommitted changes; commit or discard them first (or use --no-commit)"
        )
    other = sorted(staged - rels)
    if other:
        raise GitRefusal(
            f"other files are staged ({', '.join(other[:5])}); commit or unstage them first, "
            "so that this commit holds only this change"
        )


def _changes(repo: Any) -> tuple[set[str], set[str]]:
    """(staged, unstaged) repository-relative paths; in a repository without commits every path
    in the index is staged."""
    if repo.head.is_valid():
        staged = {d.a_path for d in repo.index.diff("HEAD")} | {d.b_path for d in repo.index.diff("HEAD")}
    else:
        staged = {str(k[0]) for k in repo.index.entries}
    return staged, {d.a_path for d in repo.index.diff(None)}


def uncommitted(repo: Any, root: Path) -> list[str]:
    """Files under `root` that are untracked, or tracked with staged or unstaged changes
    (repository-relative paths)."""
    work = Path(repo.working_tree_dir).resolve()
    try:
        prefix = root.resolve().relative_to(work).as_posix()
    except ValueError:
        return []
    inside = "" if prefix == "." else prefix + "/"
    staged, unstaged = _changes(repo)
    changed = staged | unstaged | set(repo.untracked_files)
    return sorted(p for p in changed if p and p.startswith(inside))


def commit_paths(repo: Any, paths: Sequence[Path], message: str) -> str:
    """Commit exactly `paths` with the user's git identity; returns the new commit's id."""
    import git

    work = Path(repo.working_tree_dir).resolve()
    rels = [p.resolve().relative_to(work).as_posix() for p in paths]
    reader = repo.config_reader()
    name = reader.get_value("user", "name", default="")
    email = reader.get_value("user", "email", default="")
    if not name or not email:
        raise GitRefusal(
            "git does not know who you are; set it with "
            "git config user.name '…' and git config user.email '…'"
        )
    actor = git.Actor(str(name), str(email))
    try:
        repo.index.add(rels)
        commit = repo.index.commit(message, author=actor, committer=actor)
    except (git.GitCommandError, OSError, ValueError) as err:
        raise ReformctlError(f"git commit failed: {err}") from None
    return str(commit.hexsha)


def unstage(repo: Any, paths: Sequence[Path]) -> None:
    """Undo `git add` of `paths` after a failed commit."""
    work = Path(repo.working_tree_dir).resolve()
    rels = [p.resolve().relative_to(work).as_posix() for p in paths]
    if repo.head.is_valid():
        repo.git.reset("-q", "HEAD", "--", *rels)  # also drops paths that HEAD does not have
    else:
        repo.git.rm("--cached", "-q", "--ignore-unmatch", "--", *rels)


@dataclass(frozen=True, slots=True)
class LogEntry:
    sha: str
    date: datetime
    author: str
    email: str
    message: str


def history(repo: Any, path: Path) -> list[LogEntry]:
    """Commits that touched `path`, newest first (following renames)."""
    work = Path(repo.working_tree_dir).resolve()
    rel = path.resolve().relative_to(work).as_posix()
    if not repo.head.is_valid():
        return []
    out = []
    for commit in repo.iter_commits(paths=rel):
        out.append(
            LogEntry(
                commit.hexsha,
                commit.authored_datetime,
                str(commit.author.name),
                str(commit.author.email),
                str(commit.message).strip().splitlines()[0] if commit.message else "",
            )
        )
    return out


def lock_path(repo: Any | None, ledger_root: Path) -> Path:
    """Where writers take their lock: inside .git when there is one, else in the ledger."""
    if repo is not None:
        return Path(repo.git_dir) / "reformctl.lock"
    return ledger_root / ".reformctl.lock"
