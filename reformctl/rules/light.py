"""The status light of a library project (SPEC §4, seed §1(3)): completed, red, yellow or green.

Pure: it reads the obligations already computed for the as-of date (`compute_obligations`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Literal

from reformctl.model.ledger import Ledger
from reformctl.model.project import Project
from reformctl.model.rule_ids import RuleId
from reformctl.rules.obligation import Obligation

Light = Literal["completed", "red", "yellow", "green"]
LIGHTS: tuple[Light, ...] = ("green", "yellow", "red", "completed")


def finding_subjects(ledger: Ledger) -> dict[str, str]:
    """`<year>/supervision/<id>#<finding>` → the finding's own subject (`projects/<id>` …)."""
    out: dict[str, str] = {}
    for year, content in ledger.years.items():
        for sid, rec in content.supervisions.items():
            for finding in rec.value.findings:
                out[f"{year}/supervision/{sid}#{finding.id}"] = finding.subject
    return out


def project_light(
    project_id: str,
    project: Project,
    obligations: Iterable[Obligation],
    as_of: date,
    red_after_days: int,
    findings: Mapping[str, str],
) -> Light:
    """SPEC §4 for one project as of `as_of`.

    - completed: `completed` is known on the as-of date;
    - red: an obligation of the project (subject `projects/<id>`) overdue by more than
      `red_after_days`, or an overdue rectification of a finding whose subject is the project;
    - yellow: any other overdue obligation of the project;
    - green: nothing overdue.
    """
    if project.completed is not None and project.completed <= as_of:
        return "completed"
    subject = f"projects/{project_id}"
    light: Light = "green"
    for ob in obligations:
        if ob.state != "overdue":
            continue
        if ob.rule is RuleId.RECTIFICATION and findings.get(ob.subject) == subject:
            return "red"
        if ob.subject != subject:
            continue
        if -ob.days > red_after_days:
            return "red"
        light = "yellow"
    return light


def project_lights(ledger: Ledger, obligations: Iterable[Obligation], as_of: date) -> dict[str, Light]:
    """The light of every project of the ledger (in the library or not) as of `as_of`: each
    project judged on its own overdue obligations and those of the findings about it."""
    findings = finding_subjects(ledger)
    concerning: dict[str, list[Obligation]] = defaultdict(list)
    for ob in obligations:
        if ob.state == "overdue":
            concerning[findings.get(ob.subject, ob.subject)].append(ob)
    red_after = ledger.settings.value.rules.red_after_days
    return {
        pid: project_light(pid, rec.value, concerning[f"projects/{pid}"], as_of, red_after, findings)
        for pid, rec in sorted(ledger.projects.items())
    }
