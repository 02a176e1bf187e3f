"""`reformctl init [DIR] [--example]`: a new ledger, committed (SPEC §7).

Outside any repository it runs `git init` on git's `init.defaultBranch` (else `main`); inside one
it uses that repository, on its current branch. Either way it writes the ledger and the files
around it (schemas, editor settings, pre-commit configuration, .gitignore) and commits exactly
those files, as every write does: refused (exit 2, nothing written) when the repository is in a
state where writes are refused or git knows no identity; put back as it was when the commit fails.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Any

from reformctl.cli.common import warn
from reformctl.edit import gitio
from reformctl.edit.atomic import restore, write_all
from reformctl.errors import EXIT_OK, DataRefusal, UsageError
from reformctl.i18n import text

LEDGER = "ledger"


def init(directory: Path, example: bool, lang: str = "en") -> int:
    """Create a ledger in DIRECTORY/ledger, with a git repository if there is none, and commit it."""
    from filelock import FileLock

    directory = directory.resolve()
    _refuse_what_is_in_the_way(directory)
    anchor = next(p for p in (directory, *directory.parents) if p.exists())
    repo = gitio.open_repo(anchor)
    texts = _files(directory, example)
    made_dir = not directory.exists()
    made_repo = repo is None
    if repo is None:
        branch = gitio.initial_branch(anchor)
        repo = gitio.create_repo(directory, branch, anchor)
        warn(text(lang, "msg.init-repo", path=directory, branch=branch) + "\n")
    try:
        with FileLock(str(gitio.lock_path(repo, directory))):
            committed, left_out = _write_and_commit(repo, directory, texts, example)
    except BaseException:
        if made_repo:  # nothing of it is wanted: the folder as it was, or no folder
            with contextlib.suppress(OSError):
                shutil.rmtree(directory if made_dir else Path(repo.git_dir))
        raise
    branch_now = gitio.current_branch(repo)
    key = "msg.init-created" if branch_now else "msg.init-created-detached"
    warn(text(lang, key, path=directory / LEDGER, commit=committed[:8], branch=branch_now or "") + "\n")
    if left_out:
        warn(text(lang, "msg.init-ignored", paths=left_out) + "\n")
    return EXIT_OK


def _refuse_what_is_in_the_way(directory: Path) -> None:
    ledger = directory / LEDGER
    if (ledger / "ledger.yaml").exists():
        raise DataRefusal("error.init-ledger-exists", path=ledger)
    if directory.exists() and not directory.is_dir():
        raise UsageError("error.init-not-folder", path=directory)
    if ledger.exists() and (not ledger.is_dir() or any(ledger.iterdir())):
        raise UsageError("error.init-folder-not-empty", path=ledger)


def _write_and_commit(
    repo: Any, directory: Path, texts: dict[str, str], example: bool
) -> tuple[str, list[str]]:
    """Write `texts` under `directory` and commit those git does not ignore; refused before anything
    is written when the repository is not fit for it; put back when the commit fails. Returns the
    commit's id and the paths left out because git ignores them."""
    paths = [directory / rel for rel in texts]
    rels = gitio.relative(repo, paths)
    ignored = gitio.ignored(repo, rels)
    ledger_rel = gitio.relative(repo, [directory / LEDGER])[0]
    if any(rel.startswith(f"{ledger_rel}/") for rel in ignored):
        raise gitio.GitRefusal("error.init-ledger-ignored", path=ledger_rel)
    kept = [path for path, rel in zip(paths, rels, strict=True) if rel not in ignored]
    gitio.ensure_writable(repo, kept)
    before = {p: (p.read_bytes().decode("utf-8") if p.exists() else None) for p in paths}
    new_dirs = sorted({d for p in paths for d in p.parents if not d.exists()}, key=lambda d: -len(d.parts))
    write_all(directory, texts)
    what = "example ledger" if example else "ledger"
    try:
        sha = gitio.commit_paths(repo, kept, f"init({ledger_rel}): {what} created")
    except BaseException:
        restore(before)
        with contextlib.suppress(Exception):  # git itself may be what failed
            gitio.unstage(repo, kept)
        for folder in new_dirs:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return sha, sorted(ignored)


def _files(directory: Path, example: bool) -> dict[str, str]:
    """What init writes, by path relative to DIRECTORY: the ledger, the JSON Schemas, and (when
    missing) the editor settings, the pre-commit configuration and .gitignore."""
    from reformctl.cli.clock import today_in
    from reformctl.cli.schema import SCHEMA_DIR, vscode_settings
    from reformctl.render.jsonout import dumps
    from reformctl.schema import all_schemas

    texts: dict[str, str] = {}
    if example:
        from reformctl.resources import example_ledger

        source = example_ledger()
        for path in sorted(source.rglob("*")):
            if path.is_file():
                texts[f"{LEDGER}/{path.relative_to(source).as_posix()}"] = path.read_bytes().decode("utf-8")
    else:
        year = today_in(TIMEZONE).year
        texts[f"{LEDGER}/ledger.yaml"] = LEDGER_YAML
        texts[f"{LEDGER}/units.yaml"] = UNITS_YAML
        texts[f"{LEDGER}/{year}/reports.yaml"] = "contacts: []\n"
    for name, schema in all_schemas().items():
        texts[f"{SCHEMA_DIR}/{name}.schema.json"] = dumps(schema)
    for rel, content in (
        (".vscode/settings.json", dumps(vscode_settings())),
        (".pre-commit-config.yaml", PRE_COMMIT),
        (".gitignore", ".reformctl-cache/\n"),
    ):
        if not (directory / rel).exists():
            texts[rel] = content
    return texts


TIMEZONE = "Asia/Shanghai"
LEDGER_YAML = (
    f"name: 全面深化改革工作台账\ncity: 某市\noffice: reform-office\nlocale: zh-CN\ntimezone: {TIMEZONE}\n"
)
UNITS_YAML = "units:\n  - id: reform-office\n    name: 市委改革办\n    kind: office\npeople: []\n"
PRE_COMMIT = """\
# Check the reform ledger before every commit.
repos:
  - repo: local
    hooks:
      - id: reformctl-check
        name: reformctl check
        entry: reformctl check
        language: system
        pass_filenames: false
        files: ^ledger/
"""
