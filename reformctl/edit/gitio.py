"""The git port: find the ledger's repository, refuse unsafe states, commit exact paths.

Every question to git and every change goes through the git command itself (GitPython's
`repo.git`), never through GitPython's own reading or writing of the index: whatever git supports
(index version 4, a split index, an identity from `GIT_AUTHOR_*`/`GIT_COMMITTER_*` or an
`includeIf`, hooks) then works as it does for `git commit`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reformctl.errors import EXIT_USAGE, ReformctlError
from reformctl.i18n import Term


class GitRefusal(ReformctlError):
    """The repository is in a state where reformctl will not write (exit 2)."""

    exit_code = EXIT_USAGE


class GitFailed(ReformctlError):
    """A git command failed; the message carries git's own reason (exit 2)."""

    exit_code = EXIT_USAGE


NO_IDENTITY = "error.git-no-identity"

_IN_PROGRESS = (
    ("MERGE_HEAD", "merge"),
    ("rebase-merge", "rebase"),
    ("rebase-apply", "rebase"),
    ("CHERRY_PICK_HEAD", "cherry-pick"),
    ("REVERT_HEAD", "revert"),
)


def open_repo(path: Path) -> Any | None:
    """The git repository that contains `path`, or None."""
    import git

    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def initial_branch(folder: Path) -> str:
    """The branch a new repository starts on: git's `init.defaultBranch`, else `main` (never git's
    own fallback, `master`). `folder` exists and is not inside a repository."""
    import git

    status, out, _ = git.Git(str(folder)).config(
        "--get", "init.defaultBranch", with_extended_output=True, with_exceptions=False
    )
    name = str(out).strip()
    return name if status == 0 and name else "main"


def create_repo(directory: Path, branch: str, cwd: Path) -> Any:
    """`git init --initial-branch=BRANCH DIRECTORY`, run in `cwd` (an existing folder); git creates
    DIRECTORY when it is missing."""
    import git

    status, _, err = git.Git(str(cwd)).init(
        "--quiet",
        f"--initial-branch={branch}",
        "--",
        str(directory),
        with_extended_output=True,
        with_exceptions=False,
    )
    if status != 0:
        raise GitFailed("error.git-failed", command="init", reason=_reason(str(err)))
    return git.Repo(directory)


def git_run(repo: Any, command: str, *args: str, env: Mapping[str, str] | None = None) -> str:
    """`git COMMAND ARGS` in the repository's top folder; its standard output. A failure raises
    GitFailed with the last line git wrote to standard error (its reason)."""
    status, out, err = getattr(repo.git, command)(
        *args,
        with_extended_output=True,
        with_exceptions=False,
        strip_newline_in_stdout=False,
        env=dict(env or {}),
    )
    if status != 0:
        raise GitFailed("error.git-failed", command=command, reason=_reason(str(err)))
    return str(out)


def _reason(stderr: str) -> str:
    """git's reason for a failure, on one line: its `fatal:`/`error:` lines, else the last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    said = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return " ".join(said or lines[-1:]) or "no reason given"


def _read(repo: Any, command: str, *args: str) -> str:
    """A git command that only reads: it never takes `index.lock` to refresh the index."""
    return git_run(repo, command, *args, env={"GIT_OPTIONAL_LOCKS": "0"})


def has_commits(repo: Any) -> bool:
    status, _, _ = repo.git.rev_parse(
        "--verify", "--quiet", "HEAD^{commit}", with_extended_output=True, with_exceptions=False
    )
    return bool(status == 0)


def current_branch(repo: Any) -> str | None:
    """The branch HEAD is on (also before its first commit), or None when HEAD is detached."""
    status, out, _ = repo.git.symbolic_ref(
        "--quiet", "--short", "HEAD", with_extended_output=True, with_exceptions=False
    )
    if status != 0:
        return None
    return str(out).strip() or None


def _git_path(repo: Any, names: Sequence[str]) -> list[Path]:
    """Where git keeps `names` (per worktree, or in the common folder for refs), as git says."""
    args = [arg for name in names for arg in ("--git-path", name)]
    out = _read(repo, "rev_parse", *args).splitlines()
    top = Path(repo.working_tree_dir)
    return [top / line for line in out]  # relative lines are relative to the top folder


def stale_locks(repo: Any) -> list[Path]:
    """Lock files git leaves when a git command was interrupted and that stop a commit: the index
    lock, HEAD's lock and the current branch's lock."""
    names = ["index.lock", "HEAD.lock"]
    branch = current_branch(repo)
    if branch is not None:
        names.append(f"refs/heads/{branch}.lock")
    return [path for path in _git_path(repo, names) if path.exists()]


def ensure_writable(repo: Any, paths: Sequence[Path]) -> None:
    """Refuse (nothing written yet) during a merge, rebase, cherry-pick or revert; when a lock file
    of an interrupted git command is left; when git knows no identity; when the touched files have
    uncommitted edits or other files are staged (the commit must hold only this change)."""
    markers = _git_path(repo, [marker for marker, _ in _IN_PROGRESS])
    for path, (_, what) in zip(markers, _IN_PROGRESS, strict=True):
        if path.exists():
            raise GitRefusal("error.git-in-progress", what=Term(f"what.git-{what}"))
    locks = stale_locks(repo)
    if locks:
        raise GitRefusal(
            "error.git-lock" if len(locks) == 1 else "error.git-locks", locks=[str(lock) for lock in locks]
        )
    ensure_identity(repo)
    rels = set(relative(repo, paths))
    staged, unstaged, _ = changes(repo)
    dirty = sorted((staged | unstaged) & rels)
    if dirty:
        raise GitRefusal("error.git-dirty", paths=dirty)
    other = sorted(staged - rels)
    if other:
        raise GitRefusal("error.git-staged", paths=other[:5])


def ensure_identity(repo: Any) -> None:
    """Refuse when git would not know the author or committer (it asks git, so `user.*` in any
    config file, `includeIf`, and the `GIT_AUTHOR_*`/`GIT_COMMITTER_*` variables all count)."""
    for who in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        try:
            _read(repo, "var", who)
        except GitFailed:
            raise GitRefusal(NO_IDENTITY) from None


def relative(repo: Any, paths: Sequence[Path]) -> list[str]:
    """`paths` relative to the repository's top folder, POSIX style, as git names them."""
    work = Path(repo.working_tree_dir).resolve()
    return [p.resolve().relative_to(work).as_posix() for p in paths]


def changes(repo: Any, under: str | None = None) -> tuple[set[str], set[str], set[str]]:
    """(staged, unstaged, untracked) repository-relative paths, from `git status`; untracked files
    only when `under` names a folder (the top folder: "."). In a repository without commits every
    path in the index is staged."""
    args = ["--porcelain=v1", "-z", "--no-renames"]
    args += ["--untracked-files=all", "--", under] if under is not None else ["--untracked-files=no"]
    staged: set[str] = set()
    unstaged: set[str] = set()
    untracked: set[str] = set()
    for entry in _read(repo, "status", *args).split("\0"):
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if code == "??":
            untracked.add(path)
            continue
        if code[0] not in " !":
            staged.add(path)
        if code[1] not in " !":
            unstaged.add(path)
    return staged, unstaged, untracked


def ignored(repo: Any, rels: Sequence[str]) -> set[str]:
    """Which of `rels` (repository-relative, existing or not) git ignores: untracked paths that a
    .gitignore, .git/info/exclude or core.excludesFile names."""
    if not rels:
        return set()
    import tempfile

    with tempfile.TemporaryFile() as names:  # -z needs --stdin: names of any form, no quoting
        names.write("\0".join(rels).encode("utf-8") + b"\0")
        names.seek(0)
        status, out, err = repo.git.check_ignore(
            "-z", "--stdin", istream=names, with_extended_output=True, with_exceptions=False
        )
    if status not in (0, 1):  # 1: none of them is ignored
        raise GitFailed("error.git-failed", command="check-ignore", reason=_reason(str(err)))
    return {path for path in str(out).split("\0") if path}


def uncommitted(repo: Any, root: Path) -> list[str]:
    """Files under `root` that are untracked, or tracked with staged or unstaged changes
    (repository-relative paths)."""
    try:
        [prefix] = relative(repo, [root])
    except ValueError:
        return []
    staged, unstaged, untracked = changes(repo, prefix)
    inside = "" if prefix == "." else prefix + "/"
    return sorted(p for p in staged | unstaged | untracked if p and p.startswith(inside))


def commit_paths(repo: Any, paths: Sequence[Path], message: str) -> str:
    """Stage and commit exactly `paths` as `git add` and `git commit --only` do, with the identity
    git finds; returns the new commit's id."""
    rels = relative(repo, paths)
    git_run(repo, "add", "--", *rels)
    git_commit(repo, rels, message)
    return git_run(repo, "rev_parse", "--verify", "HEAD^{commit}").strip()


def git_commit(repo: Any, rels: Sequence[str], message: str) -> None:
    """`git commit --only -- RELS`: the commit holds these paths and nothing else staged."""
    git_run(repo, "commit", "--quiet", "--only", "-m", message, "--", *rels)


def unstage(repo: Any, paths: Sequence[Path]) -> None:
    """Undo `git add` of `paths` after a failed commit."""
    rels = relative(repo, paths)
    if has_commits(repo):
        git_run(repo, "reset", "-q", "HEAD", "--", *rels)  # also drops paths that HEAD does not have
    else:
        git_run(repo, "rm", "--cached", "-q", "--ignore-unmatch", "--", *rels)


@dataclass(frozen=True, slots=True)
class LogEntry:
    sha: str
    date: datetime
    author: str
    email: str
    message: str


def history(repo: Any, path: Path) -> list[LogEntry]:
    """Commits that touched `path`, newest first, from `git log`."""
    [rel] = relative(repo, [path])
    if not has_commits(repo):
        return []
    out = git_run(repo, "log", "-z", "--format=%H%x1f%aI%x1f%an%x1f%ae%x1f%s", "--", rel)
    entries = []
    for record in out.split("\0"):
        fields = record.strip("\n").split("\x1f")
        if len(fields) != 5:
            continue
        sha, when, author, email, subject = fields
        entries.append(LogEntry(sha, datetime.fromisoformat(when), author, email, subject))
    return entries


def lock_path(repo: Any | None, ledger_root: Path) -> Path:
    """Where writers take their lock: inside .git when there is one, else in the ledger."""
    if repo is not None:
        return Path(repo.git_dir) / "reformctl.lock"
    return ledger_root / ".reformctl.lock"
