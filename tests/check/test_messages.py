"""Problems that help (issue 19): in Chinese or English, a "did you mean" for every kind of name, a
missing key told together with its typo, and one run that reports every problem of a file, its
schema errors and what the checks find in the fields that did validate (SPEC §5).

Each case edits a copy of a ledger, runs `reformctl check` end to end in both languages and compares
the exact lines, checked by hand."""

from __future__ import annotations

import ast
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reformctl.check import run_checks
from reformctl.errors import READING_CODES, Problem
from reformctl.i18n import CATALOGUES
from reformctl.load.loader import load_ledger
from tests.conftest import EXAMPLE, LEDGERS, ROOT, run_cli

CORPUS = LEDGERS / "broken"
BASE = CORPUS / "_base"


def edited(source: Path, target: Path, file: str, old: str, new: str) -> Path:
    """A copy of the ledger `source` with `old` replaced by `new` once in `file`."""
    shutil.copytree(source, target)
    (target / "expected.txt").unlink(missing_ok=True)
    (target / "expected.zh-CN.txt").unlink(missing_ok=True)
    path = target / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def check_lines(root: Path, lang: str, *extra: str) -> tuple[int, list[str]]:
    result = run_cli("check", "--ledger", str(root), *extra, cwd=root, env={"REFORMCTL_LANG": lang})
    assert result.stderr == ""
    return result.exit_code, result.stdout.splitlines()


# --- the typo'd key of the issue ---------------------------------------------------------------

TYPO_EN = [
    "projects/public-data.yaml:3:7: error[unknown-unit]: lead 'dept-dta' is not a unit; expected an id from "
    "units.yaml (did you mean 'dept-data'?)",
    "projects/public-data.yaml:12:1: error[unknown-key]: unknown key 'dealine'; did you mean 'deadline'? "
    "(a required key, missing here)",
    "2 error(s), 0 warning(s) in 51 file(s)",
]
TYPO_ZH = [
    "projects/public-data.yaml:3:7: 错误[unknown-unit]：牵头单位“dept-dta”不在 units.yaml 中；"
    "应为 units.yaml 中的单位编号（是否应为“dept-data”？）",
    "projects/public-data.yaml:12:1: 错误[unknown-key]：键“dealine”不属于此处；是否应为“deadline”？"
    "（必填键，此处缺少）",
    "共检查51个文件，发现2个错误、0个警告",
]


@pytest.fixture
def typo(tmp_path: Path) -> Path:
    """The example ledger with `dealine:` for `deadline:` and `lead: dept-dta` in one project."""
    root = edited(EXAMPLE, tmp_path / "ledger", "projects/public-data.yaml", "deadline:", "dealine:")
    path = root / "projects" / "public-data.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("lead: dept-data", "lead: dept-dta"), encoding="utf-8"
    )
    return root


def test_a_typo_of_a_required_key_and_the_file_s_other_errors_in_one_run(typo: Path) -> None:
    assert check_lines(typo, "en") == (1, TYPO_EN)
    assert check_lines(typo, "zh-CN") == (1, TYPO_ZH)


def test_the_file_is_still_left_out_and_the_banner_says_why(typo: Path) -> None:
    """The banner names the error that left the file out (the misspelt key), in the output's
    language; the project is not in the list."""
    for lang, banner in (
        (
            "zh-CN",
            "注意：以下1个文件有错误，未计入本次结果（运行 reformctl check 查看全部问题）：\n"
            "  projects/public-data.yaml:12:1：键“dealine”不属于此处；是否应为“deadline”？（必填键，此处缺少）\n",
        ),
        (
            "en",
            "Note: 1 file has errors and was left out (run reformctl check for every problem):\n"
            "  projects/public-data.yaml:12:1: unknown key 'dealine'; did you mean 'deadline'? "
            "(a required key, missing here)\n",
        ),
    ):
        result = run_cli("due", "--ledger", str(typo), "--as-of", "2026-07-10", env={"REFORMCTL_LANG": lang})
        assert result.exit_code == 1
        assert result.stdout.startswith(banner)
        assert "public-data" not in result.stdout.split("\n", 3)[3]


def test_json_stays_english_and_the_same_in_any_language(typo: Path) -> None:
    english = run_cli("check", "--ledger", str(typo), "--format", "json", env={"REFORMCTL_LANG": "en"})
    chinese = run_cli("check", "--ledger", str(typo), "--format", "json", env={"REFORMCTL_LANG": "zh-CN"})
    assert chinese.stdout == english.stdout
    problems = json.loads(chinese.stdout)["problems"]
    assert [set(p) for p in problems] == [
        {"file", "path", "line", "column", "severity", "code", "message"}
    ] * 2
    assert [
        f"{p['file']}:{p['line']}:{p['column']}: {p['severity']}[{p['code']}]: {p['message']}"
        for p in problems
    ] == [line.removeprefix("ledger/") for line in TYPO_EN[:2]]


def test_github_annotations_in_the_language_of_the_messages(typo: Path) -> None:
    result = run_cli("check", "--ledger", str(typo), "--format", "github", env={"REFORMCTL_LANG": "zh-CN"})
    assert result.stdout.splitlines()[1].endswith(
        "line=12,col=1,title=unknown-key::键“dealine”不属于此处；是否应为“deadline”？（必填键，此处缺少）"
    )


def test_stored_problems_are_shown_in_either_language(typo: Path, private_cache: Path) -> None:
    first = check_lines(typo, "zh-CN")
    stores = list(private_cache.glob("outcomes-*.txt"))
    assert len(stores) == 1
    assert '"key":"problem.unknown-key.missing"' in stores[0].read_text(encoding="utf-8")
    assert check_lines(typo, "zh-CN") == first == (1, TYPO_ZH)
    assert check_lines(typo, "en") == (1, TYPO_EN)


# --- a "did you mean" for every kind of name ---------------------------------------------------------

SUGGESTIONS = [
    (
        "unit",
        ("projects/p1.yaml", "lead: dept-development", "lead: dept-developmnt"),
        "projects/p1.yaml:4:7: error[unknown-unit]: lead 'dept-developmnt' is not a unit; "
        "expected an id from units.yaml (did you mean 'dept-development'?)",
        "projects/p1.yaml:4:7: 错误[unknown-unit]：牵头单位“dept-developmnt”不在 units.yaml 中；"
        "应为 units.yaml 中的单位编号（是否应为“dept-development”？）",
    ),
    (
        "person",
        ("projects/p1.yaml", "leader: li-qiang", "leader: li-qiag"),
        "projects/p1.yaml:7:9: error[unknown-person]: leader 'li-qiag' is not a person; "
        "expected an id from units.yaml people (did you mean 'li-qiang'?)",
        "projects/p1.yaml:7:9: 错误[unknown-person]：联系市领导“li-qiag”不在 units.yaml 的人员名录（people）中；"
        "应为人员编号（是否应为“li-qiang”？）",
    ),
    (
        "subject",
        ("2026/supervision/plan.yaml", "subject: projects/p1", "subject: projects/p2"),
        "2026/supervision/plan.yaml:4:14: error[unknown-subject]: subject 'projects/p2' names no record; "
        "expected an existing projects/…, pilots/… or <year>/keypoints#<task> (did you mean 'projects/p1'?)",
        "2026/supervision/plan.yaml:4:14: 错误[unknown-subject]：督察对象“projects/p2”没有对应的记录；"
        "应为已有的 projects/…、pilots/… 或 <年份>/keypoints#<任务编号>（是否应为“projects/p1”？）",
    ),
    (
        "project",
        ("2026/keypoints.yaml", "project: p1", "project: p11"),
        "2026/keypoints.yaml:9:14: error[unknown-subject]: project 'p11' is not in the library; "
        "expected the id of a file in projects/ (did you mean 'p1'?)",
        "2026/keypoints.yaml:9:14: 错误[unknown-subject]：项目“p11”不在项目库中；"
        "应为 projects/ 下某个文件的编号（是否应为“p1”？）",
    ),
    (
        "rule id",
        (
            "ledger.yaml",
            "timezone: Asia/Shanghai",
            "timezone: Asia/Shanghai\nrules:\n  buletin:\n    days: 20",
        ),
        "ledger.yaml:8:3: error[unknown-key]: unknown key 'buletin'; did you mean 'bulletin'?",
        "ledger.yaml:8:3: 错误[unknown-key]：键“buletin”不属于此处；是否应为“bulletin”？",
    ),
    (
        "key",
        ("handovers/h1.yaml", "resolved: null", "resolved: null\nresoluton: 已协调"),
        "handovers/h1.yaml:10:1: error[unknown-key]: unknown key 'resoluton'; did you mean 'resolution'?",
        "handovers/h1.yaml:10:1: 错误[unknown-key]：键“resoluton”不属于此处；是否应为“resolution”？",
    ),
    (
        "id written otherwise",
        ("projects/p1.yaml", "lead: dept-development", "lead: Dept_Development"),
        "projects/p1.yaml:4:7: error[bad-id]: lead: 'Dept_Development' is not valid; expected an id of "
        "lower-case letters, digits and '-' (at most 64) (did you mean 'dept-development'?)",
        "projects/p1.yaml:4:7: 错误[bad-id]：lead：“Dept_Development”格式不对；"
        "应为由小写字母、数字和“-”组成的编号（不超过64个字符）（是否应为“dept-development”？）",
    ),
    (
        "stage",
        ("projects/p1.yaml", "stage: implementing", "stage: implementng"),
        "projects/p1.yaml:11:8: error[bad-value]: stage: 'implementng' is not allowed; "
        "expected 'implementing', 'new' or 'awaiting-approval' (did you mean 'implementing'?)",
        "projects/p1.yaml:11:8: 错误[bad-value]：stage：不能填写“implementng”；"
        "应为“implementing”、“new”或“awaiting-approval”（是否应为“implementing”？）",
    ),
    (
        "level",
        ("pilots/pilot1.yaml", "level: provincial", "level: provincal"),
        "pilots/pilot1.yaml:3:8: error[bad-value]: level: 'provincal' is not allowed; "
        "expected 'national', 'provincial', 'municipal' or 'local' (did you mean 'provincial'?)",
        "pilots/pilot1.yaml:3:8: 错误[bad-value]：level：不能填写“provincal”；"
        "应为“national”、“provincial”、“municipal”或“local”（是否应为“provincial”？）",
    ),
    (
        "scope",
        ("projects/p1.yaml", "scope: breakthrough", "scope: breakthru"),
        "projects/p1.yaml:15:10: error[bad-value]: scope: 'breakthru' is not allowed; expected "
        "'central-provincial', 'breakthrough', 'pilot', 'other' or 'none' (did you mean 'breakthrough'?)",
        "projects/p1.yaml:15:10: 错误[bad-value]：scope：不能填写“breakthru”；"
        "应为“central-provincial”、“breakthrough”、“pilot”、“other”或“none”（是否应为“breakthrough”？）",
    ),
    (
        "unit kind",
        ("units.yaml", "kind: department", "kind: departmnt"),
        "units.yaml:11:11: error[bad-value]: kind: 'departmnt' is not allowed; expected 'leading-group', "
        "'office', 'special-group', 'department', 'county', 'zone' or 'inspection-office' "
        "(did you mean 'department'?)",
        "units.yaml:11:11: 错误[bad-value]：kind：不能填写“departmnt”；应为“leading-group”、“office”、"
        "“special-group”、“department”、“county”、“zone”或“inspection-office”（是否应为“department”？）",
    ),
    (
        "supervision kind",
        ("2026/supervision/plan.yaml", "kind: special", "kind: speical"),
        "2026/supervision/plan.yaml:6:11: error[bad-value]: kind: 'speical' is not allowed; "
        "expected 'special' or 'daily' (did you mean 'special'?)",
        "2026/supervision/plan.yaml:6:11: 错误[bad-value]：kind：不能填写“speical”；"
        "应为“special”或“daily”（是否应为“special”？）",
    ),
]


@pytest.mark.parametrize(
    ("edit", "english", "chinese"), [s[1:] for s in SUGGESTIONS], ids=[s[0] for s in SUGGESTIONS]
)
def test_did_you_mean(tmp_path: Path, edit: tuple[str, str, str], english: str, chinese: str) -> None:
    root = edited(BASE, tmp_path / "ledger", *edit)
    assert check_lines(root, "en") == (1, [english, "1 error(s), 0 warning(s) in 11 file(s)"])
    assert check_lines(root, "zh-CN") == (1, [chinese, "共检查11个文件，发现1个错误、0个警告"])


def test_nothing_is_suggested_when_no_name_is_close(tmp_path: Path) -> None:
    root = edited(BASE, tmp_path / "ledger", "projects/p1.yaml", "lead: dept-development", "lead: finance")
    assert check_lines(root, "en")[1][0].endswith("is not a unit; expected an id from units.yaml")


def test_a_key_already_present_is_not_suggested(tmp_path: Path) -> None:
    root = edited(
        BASE,
        tmp_path / "ledger",
        "handovers/h1.yaml",
        "coordinator:",
        "cordinator: reform-office\ncoordinator:",
    )
    assert check_lines(root, "en")[1][0] == (
        "handovers/h1.yaml:7:1: error[unknown-key]: unknown key 'cordinator'; expected one of: title, raised, "
        "raised_by, assigned, coordinator, deadline, resolved, resolution, note"
    )


def test_a_missing_key_lists_the_keys_present(tmp_path: Path) -> None:
    root = edited(
        BASE, tmp_path / "ledger", "handovers/h1.yaml", "deadline: 2026-06-30", "due_by: 2026-06-30"
    )
    assert check_lines(root, "en")[1][:2] == [
        "handovers/h1.yaml:1:1: error[missing-key]: missing required key 'deadline'; this mapping has: title, "
        "raised, raised_by, assigned, coordinator, due_by, resolved",
        "handovers/h1.yaml:8:1: error[unknown-key]: unknown key 'due_by'; expected one of: title, raised, "
        "raised_by, assigned, coordinator, deadline, resolved, resolution, note",
    ]
    assert check_lines(root, "zh-CN")[1][0] == (
        "handovers/h1.yaml:1:1: 错误[missing-key]：缺少必填键“deadline”；此处已有的键：title、raised、raised_by、"
        "assigned、coordinator、due_by、resolved"
    )


# --- one run reports every problem of a file -------------------------------------------------------


def test_problems_of_the_fields_that_validated_and_none_of_those_that_did_not(tmp_path: Path) -> None:
    """The pilot's level is not a level, so its check against what the pilot breaks cannot be told;
    its dates and its group still are. The finding's notice is not a mapping: its rectification is
    not said to lack a notice, and its dates are not compared with the notice's."""
    root = edited(BASE, tmp_path / "ledger", "pilots/pilot1.yaml", "level: provincial", "level: 省级")
    for old, new in (
        ("breaks: provincial-rules", "breaks: local-rules"),
        ("end: 2027-12-31", "end: 2025-12-31"),
        ("group: sg-economy", "group: sg-econmy"),
    ):
        path = root / "pilots" / "pilot1.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    path = root / "2026" / "supervision" / "s01.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("unit: dept-development", "unit: [dept-development]"),
        encoding="utf-8",
    )
    assert check_lines(root, "en") == (
        1,
        [
            "2026/supervision/s01.yaml:15:13: error[bad-type]: unit: found a list; expected text",
            "pilots/pilot1.yaml:3:8: error[bad-value]: level: '省级' is not allowed; "
            "expected 'national', 'provincial', 'municipal' or 'local'",
            "pilots/pilot1.yaml:8:6: error[date-order]: end 2025-12-31 is before start 2026-02-01; "
            "expected end on or after start",
            "pilots/pilot1.yaml:10:8: error[unknown-unit]: group 'sg-econmy' is not a unit; "
            "expected an id from units.yaml (did you mean 'sg-economy'?)",
            "4 error(s), 0 warning(s) in 11 file(s)",
        ],
    )


def test_a_left_out_id_may_be_the_name_the_file_refers_to(tmp_path: Path) -> None:
    """li-qiang's id is not an id: that sg-economy's leader names no person is not reported, since
    the person the file meant to define may be the one it names."""
    root = edited(BASE, tmp_path / "ledger", "units.yaml", "  - id: li-qiang", "  - id: [li-qiang]")
    assert check_lines(root, "en") == (
        1,
        [
            "units.yaml:17:9: error[bad-type]: id: found a list; expected text",
            "1 error(s), 0 warning(s) in 11 file(s)",
        ],
    )


MANY = CORPUS / "many-problems"
_LOADED = sorted(
    f
    for f in (p.relative_to(MANY).as_posix() for p in MANY.rglob("*") if p.is_file())
    if f not in load_ledger(MANY)[0].left_out and not f.startswith("expected")
)
_BASELINE, _ = load_ledger(MANY)
_EVERY = [*_, *run_checks(_BASELINE)]
_FIELD = re.compile(r"^(\s*(?:- )?)([a-z_]+):( \S.*)?$")


def _mine(problems: list[Problem], file: str) -> set[tuple[object, ...]]:
    return {
        (p.span, p.code, p.message) for p in problems if p.span.path == file and p.code not in READING_CODES
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_file_that_fails_validation_reports_no_problem_the_valid_file_has_not(data: st.DataObject) -> None:
    """Breaking one field of a file (its value made a list, or its key misspelt) leaves it out; of
    what the checks report about it then, nothing is new: the salvage adds no problem of its own."""
    file = data.draw(st.sampled_from(_LOADED), label="file")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ledger"
        shutil.copytree(MANY, root)
        lines = (root / file).read_text(encoding="utf-8").split("\n")
        fields = [i for i, line in enumerate(lines) if _FIELD.match(line)]
        i = data.draw(st.sampled_from(fields), label="line")
        indent, key, value = _FIELD.match(lines[i]).groups()  # type: ignore[union-attr]
        if data.draw(st.booleans(), label="misspell the key"):
            lines[i] = f"{indent}{key[:-1]}{value or ''}"
        else:
            lines[i] = f"{indent}{key}: [1, 2]"
        (root / file).write_text("\n".join(lines), encoding="utf-8")
        ledger, problems = load_ledger(root)
        problems += run_checks(ledger)
    if file in ledger.left_out:
        assert _mine(problems, file) <= _mine(_EVERY, file)


def test_every_file_left_out_has_a_problem_found_while_reading_it() -> None:
    """The banners name, for a file left out, the error that left it out (`READING_CODES`)."""
    for case in sorted(d for d in CORPUS.iterdir() if d.is_dir()):
        ledger, problems = load_ledger(case)
        problems += run_checks(ledger)
        for file in ledger.left_out:
            assert any(p.span.path == file and p.code in READING_CODES for p in problems), (case.name, file)


# --- the catalogue ------------------------------------------------------------------------------


def test_every_problem_text_the_code_names_is_in_the_catalogue_and_every_one_is_used() -> None:
    named: set[str] = set()
    prefixes: set[str] = set()
    for path in (ROOT / "reformctl").rglob("*.py"):
        if "i18n" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.fullmatch(r"(problem|check)\.[a-z0-9.-]*[a-z0-9]", node.value):
                    named.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                if head.startswith("problem."):
                    prefixes.add(head)
    texts = CATALOGUES["en"]
    assert sorted(k for k in named if k not in texts) == []
    assert (
        sorted(
            k
            for k in texts
            if k.startswith(("problem.", "check.")) and k not in named and not k.startswith(tuple(prefixes))
        )
        == []
    )
