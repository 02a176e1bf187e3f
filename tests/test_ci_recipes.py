"""The CI recipes in docs/ci/ and .pre-commit-hooks.yaml parse, and every reformctl command they
call runs on the example ledger in a temporary repository (a pull-request branch off main)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest

from reformctl.load.fastyaml import parse
from tests.conftest import ROOT, git, run_cli

# What the CI systems would put in place of their variables.
SUBSTITUTIONS = {
    "${{ github.base_ref }}": "main",
    "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
    "$QUARTER": "2026-Q2",
}


def _load(rel: str) -> Any:
    return parse((ROOT / rel).read_bytes(), rel).data


def _scripts(node: Any) -> list[str]:
    """Every shell line of `run:` (GitHub) and `script:` (GitLab) entries."""
    out: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "run" and isinstance(value, str):
                out += value.splitlines()
            elif key == "script" and isinstance(value, tuple):
                out += [line for item in value for line in str(item).splitlines()]
            else:
                out += _scripts(value)
    elif isinstance(node, tuple):
        for value in node:
            out += _scripts(value)
    return out


def reformctl_commands(rel: str) -> list[list[str]]:
    commands = []
    for line in _scripts(_load(rel)):
        line = line.strip()
        if not line.startswith("reformctl "):
            continue
        for old, new in SUBSTITUTIONS.items():
            line = line.replace(old, new)
        commands.append(shlex.split(line.split(" > ")[0].split(" || ")[0]))
    return commands


@pytest.fixture
def pr_repo(git_repo: Path) -> Path:
    """main with the example ledger, origin/main pointing at it, and a pull-request branch."""
    git(git_repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(git_repo, "checkout", "-q", "-b", "report-q2")
    path = git_repo / "ledger" / "projects" / "zuiduo-paoyici.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  2026-Q2: {submitted: 2026-07-05}\n", encoding="utf-8"
    )
    git(git_repo, "commit", "-q", "-am", "Q2 report of 最多跑一次")
    return git_repo


@pytest.mark.parametrize("recipe", ["docs/ci/github-workflow.yml", "docs/ci/gitlab-ci.yml"])
def test_recipe_commands_run_on_the_example_ledger(pr_repo: Path, recipe: str) -> None:
    commands = reformctl_commands(recipe)
    called = {" ".join(c[1:2]) for c in commands}
    assert {"check", "diff", "due", "bulletin", "site"} <= called
    assert any("--fail-on-overdue" in c for c in commands)
    assert any(c[1] == "diff" and "md" in c for c in commands)
    for command in commands:
        result = run_cli(*command[1:], cwd=pr_repo, env={"REFORMCTL_TODAY": "2026-07-10"})
        expected = {0, 1} if "--fail-on-overdue" in command else {0}
        assert result.exit_code in expected, (command, result.output)
        assert "Traceback" not in result.output and "internal error" not in result.output
        if "--output" in command:
            output = pr_repo / command[command.index("--output") + 1]
            if command[1] == "site":
                output = output / "index.html"
            assert output.read_text(encoding="utf-8").strip(), command


def test_github_workflow_shape() -> None:
    workflow = _load("docs/ci/github-workflow.yml")
    steps = {step.get("name"): step for step in workflow["jobs"]["check"]["steps"]}
    # The diff is posted even when the change adds errors (diff and check then exit 1).
    assert steps["What the change means"]["continue-on-error"] is True
    assert steps["Post it on the pull request"]["if"].startswith("always()")
    assert set(workflow["jobs"]) == {"check", "due", "bulletin", "site"}
    assert "pull_request" in workflow["on"] and "schedule" in workflow["on"]
    checkout = workflow["jobs"]["check"]["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0


def test_github_pages_publishes_the_site_on_pushes_to_the_default_branch() -> None:
    workflow = _load("docs/ci/github-workflow.yml")
    assert workflow["on"]["push"]["branches"] == ("main",)
    job = workflow["jobs"]["site"]
    assert "github.event_name == 'push'" in job["if"] and "default_branch" in job["if"]
    assert job["permissions"]["pages"] == "write" and job["permissions"]["id-token"] == "write"
    assert job["environment"]["name"] == "github-pages"
    steps = job["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    build = next(i for i, step in enumerate(steps) if "reformctl site" in step.get("run", ""))
    upload = uses.index("actions/upload-pages-artifact")
    assert build < upload < uses.index("actions/deploy-pages")
    output = shlex.split(steps[build]["run"])
    assert steps[upload]["with"]["path"] == output[output.index("--output") + 1]


def test_gitlab_pages_job_publishes_public() -> None:
    pipeline = _load("docs/ci/gitlab-ci.yml")
    job = pipeline["pages"]
    (rule,) = job["rules"]
    assert rule["if"] == '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"'
    assert job["artifacts"]["paths"] == ("public",)
    assert "reformctl site --output public" in job["script"]


def test_pre_commit_hook_definition(tmp_path: Path) -> None:
    hooks = _load(".pre-commit-hooks.yaml")
    (hook,) = hooks
    assert hook["id"] == "reformctl-check"
    assert hook["entry"] == "reformctl check" and hook["pass_filenames"] is False
    result = run_cli(*shlex.split(hook["entry"])[1:], cwd=ROOT)
    assert result.exit_code == 0, result.output
