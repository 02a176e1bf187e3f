"""A deterministic generator of valid synthetic ledgers for benchmarks.

    python -m benchmarks.generate OUT_DIR --projects 1000

Writes N projects, N/5 pilots, one hand-over sheet per 10 projects, and five year folders with
key points, work plans, supervision and reports. Same arguments, same bytes.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

GROUPS = ["sg-economy", "sg-government", "sg-social", "sg-party"]
DEPTS = [f"dept-{i:02d}" for i in range(12)]
COUNTIES = ["nanhu", "xiuzhou", "jiashan", "pinghu", "haiyan", "haining", "tongxiang"]
PEOPLE = [f"p{i:03d}" for i in range(60)]
WORDS = [
    "营商环境",
    "基层治理",
    "长三角一体化",
    "城乡融合",
    "深化",
    "改革",
    "集成",
    "数字化",
    "一件事",
    "要素",
    "市场化",
    "配置",
    "县域",
    "共同体",
    "试点",
    "机制",
]
FIRST_YEAR = 2022
YEARS = 5


def _title(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) for _ in range(4)) + "改革"


def _day(rng: random.Random, year: int) -> date:
    return date(year, 1, 1) + timedelta(days=rng.randrange(0, 330))


REPORTED_UNTIL = date(FIRST_YEAR + YEARS - 1, 6, 30)
"""Reported ledgers record what was due by this day (the benchmarks' as-of date is 2026-07-10)."""
MISSED = 0.03
"""The share of duties a reported ledger leaves undone (what `due` then lists)."""


def _quarters(first: date, last: date) -> list[tuple[str, date]]:
    """(YYYY-Qn, last day) of the quarters that end between `first`'s quarter and `last`."""
    out = []
    year, q = first.year, (first.month - 1) // 3 + 1
    while True:
        end = date(year, 3 * q, 1) + timedelta(days=31)
        end = end - timedelta(days=end.day)
        if end > last:
            return out
        out.append((f"{year}-Q{q}", end))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)


def _report_lines(rng: random.Random, first: date, last: date) -> list[str]:
    lines = []
    for key, end in _quarters(first, last):
        if rng.random() >= MISSED:
            lines.append(f"  {key}: {{submitted: {end - timedelta(days=rng.randrange(0, 6))}}}")
    return ["reports:", *lines] if lines else []


def _project(rng: random.Random, i: int, reported: bool) -> str:
    year = FIRST_YEAR + i % YEARS
    entered = _day(rng, year)
    deadline = entered + timedelta(days=rng.randrange(300, 900))
    drafted = entered + timedelta(days=5)
    lines = [
        f"title: {_title(rng)}",
        f"group: {GROUPS[i % len(GROUPS)]}",
        f"lead: {DEPTS[i % len(DEPTS)]}",
        f"leader: {PEOPLE[i % len(PEOPLE)]}",
        "team:",
        f"  - {PEOPLE[(i + 1) % len(PEOPLE)]}",
        f"  - {PEOPLE[(i + 2) % len(PEOPLE)]}",
        f"entered: {entered}",
        f"stage: {rng.choice(['implementing', 'new', 'awaiting-approval'])}",
        f"deadline: {deadline}",
    ]
    completed = deadline - timedelta(days=rng.randrange(0, 20))
    if reported and completed <= REPORTED_UNTIL:
        lines.append(f"completed: {completed}")
    lines += [
        "plan:",
        "  scope: breakthrough",
        f"  drafted: {drafted}",
        f"  office_review: {drafted + timedelta(days=7)}",
        f"  deliberated: {drafted + timedelta(days=14)}",
        f"  issued: {drafted + timedelta(days=20)}",
        f"  filed: {drafted + timedelta(days=25)}",
        "milestones:",
    ]
    done_share = 1 - MISSED if reported else 0.8
    for k in range(3):
        due = entered + timedelta(days=90 * (k + 1))
        lines += [f"  - due: {due}", f"    what: {_title(rng)}"]
        if rng.random() < done_share:
            lines.append(f"    done: {due - timedelta(days=rng.randrange(0, 10))}")
    if reported:
        lines += _report_lines(rng, entered, min(completed, REPORTED_UNTIL))
        if deadline <= REPORTED_UNTIL and rng.random() >= MISSED:
            lines.append(f"results: {{submitted: {deadline - timedelta(days=rng.randrange(0, 10))}}}")
        return "\n".join(lines) + "\n"
    lines.append("reports:")
    quarter_end = date(entered.year, 3 * ((entered.month - 1) // 3 + 1), 1)
    for _ in range(4):
        q = (quarter_end.month - 1) // 3 + 1
        lines.append(
            f"  {quarter_end.year}-Q{q}: {{submitted: {quarter_end + timedelta(days=rng.randrange(20, 40))}}}"
        )
        quarter_end = date(quarter_end.year + (q == 4), (quarter_end.month + 2) % 12 + 1, 1)
    return "\n".join(lines) + "\n"


def _pilot(rng: random.Random, i: int, reported: bool) -> str:
    start = _day(rng, FIRST_YEAR + i % YEARS)
    level, breaks = rng.choice(
        [
            ("national", "national-law"),
            ("provincial", "provincial-rules"),
            ("municipal", "local-rules"),
            ("local", "none"),
        ]
    )
    end = start + timedelta(days=rng.randrange(700, 1600))
    text = (
        f"title: {_title(rng)}\nlevel: {level}\nbreaks: {breaks}\napproved_by: 省委改革办\n"
        f"approved: {start - timedelta(days=30)}\nstart: {start}\nend: {end}\n"
        f"lead: {COUNTIES[i % len(COUNTIES)]}\n"
    )
    if not reported or level not in ("national", "provincial"):
        return text
    lines = _report_lines(rng, start, min(end, REPORTED_UNTIL))
    evaluations = []
    middle = start + (end - start) / 2
    if end - start > timedelta(days=3 * 365) and middle <= REPORTED_UNTIL:
        evaluations.append(f"  - {{kind: phase, date: {middle}, by: 省委改革办}}")
    if end <= REPORTED_UNTIL:
        evaluations.append(f"  - {{kind: summary, date: {end}, by: 省委改革办}}")
        lines.append(f"results: {{submitted: {end}}}")
    if evaluations:
        lines += ["evaluations:", *evaluations]
    return text + "".join(f"{line}\n" for line in lines)


def generate(out: Path, projects: int, seed: int = 7, reported: bool = True) -> int:
    """Write a ledger to `out` (replaced); returns the number of files written.

    `reported`: the units did their duties (quarterly reports, milestones, completion, results,
    evaluations) but for a few percent, as a living ledger reads; else projects file four
    reports and pilots none, so that `due` lists most of what was ever owed (a worst case)."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "projects").mkdir(parents=True)
    (out / "pilots").mkdir()
    (out / "handovers").mkdir()
    files = 0

    def write(rel: str, text: str) -> None:
        nonlocal files
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        files += 1

    write(
        "ledger.yaml",
        "name: 合成台账\ncity: 示例市\noffice: reform-office\nlocale: zh-CN\ntimezone: Asia/Shanghai\n",
    )
    units = ["units:", "  - {id: reform-office, name: 市委改革办, kind: office}"]
    units += [f"  - {{id: {g}, name: 专项小组{g}, kind: special-group}}" for g in GROUPS]
    units += [f"  - {{id: {d}, name: 部门{d}, kind: department}}" for d in DEPTS]
    units += [f"  - {{id: {c}, name: 县{c}, kind: county}}" for c in COUNTIES]
    units += ["people:"] + [f"  - {{id: {p}, name: 人员{p}}}" for p in PEOPLE]
    write("units.yaml", "\n".join(units) + "\n")
    for i in range(projects):
        write(f"projects/p{i:06d}.yaml", _project(rng, i, reported))
    for i in range(projects // 5):
        write(f"pilots/t{i:06d}.yaml", _pilot(rng, i, reported))
    for i in range(projects // 10):
        raised = _day(rng, FIRST_YEAR + i % YEARS)
        write(
            f"handovers/h{i:06d}.yaml",
            f"title: {_title(rng)}\nraised: {raised}\nraised_by: {GROUPS[i % 4]}\nassigned: [{DEPTS[i % 12]}]\n"
            f"coordinator: reform-office\ndeadline: {raised + timedelta(days=60)}\nresolved: {raised + timedelta(days=50)}\n",
        )
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        tasks = [
            f"  - {{id: kp-{k:03d}, title: {_title(rng)}, group: {GROUPS[k % 4]}, lead: {DEPTS[k % 12]}, start: {year}-03-01}}"
            for k in range(20)
        ]
        write(
            f"{year}/keypoints.yaml",
            f"year: {year}\napproved: {year}-02-20\ntasks:\n" + "\n".join(tasks) + "\n",
        )
        for g in GROUPS:
            write(
                f"{year}/workplans/{g}.yaml",
                f"group: {g}\nyear: {year}\napproved: {year}-03-15\nitems:\n  - {{id: wp-01, title: {_title(rng)}, lead: {DEPTS[0]}, deadline: {year}-11-30}}\n",
            )
        write(f"{year}/supervision/plan.yaml", f"year: {year}\napproved: {year}-03-10\n")
        for k in range(max(1, projects // 500)):
            subject = f"projects/p{(k * 37 + year) % projects:06d}"
            write(
                f"{year}/supervision/s{k:03d}.yaml",
                f"title: {_title(rng)}专项督察\nlead: reform-office\nsubjects: [{subject}]\n"
                f"start: {year}-05-06\nend: {year}-05-20\nreport: {{submitted: {year}-05-30}}\nfindings:\n"
                f"  - id: f1\n    subject: {subject}\n    problem: {_title(rng)}滞后\n"
                f"    notice: {{unit: {DEPTS[k % 12]}, issued: {year}-06-01, deadline: {year}-07-31}}\n"
                f"    rectified: {year}-07-20\n    reinspection: {{date: {year}-08-15, passed: true}}\n",
            )
        halfyear = ", ".join(f"{u}: {year}-06-28" for u in GROUPS + COUNTIES)
        halfyear2 = ", ".join(f"{u}: {year}-12-20" for u in GROUPS + COUNTIES)
        contacts = [f"  - {{date: {year}-{m:02d}-10, by: {g}}}" for m in range(1, 13) for g in GROUPS]
        write(
            f"{year}/reports.yaml",
            f"halfyear:\n  {year}-H1: {{{halfyear}}}\n  {year}-H2: {{{halfyear2}}}\n"
            f"annual_summary: {year}-12-28\ncontacts:\n" + "\n".join(contacts) + "\n",
        )
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--unreported", action="store_true", help="leave most duties undone (a worst case for due's output)"
    )
    args = parser.parse_args()
    print(f"{generate(args.out, args.projects, args.seed, not args.unreported)} files written to {args.out}")


if __name__ == "__main__":
    main()
