"""English: the problems that checks find in records that validated: references, unique ids, dates
in order, the seed rules (SPEC §5), and the names of the fields they speak of."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # references and ids
    "problem.unknown-unit": "{field} '{value}' is not a unit; expected an id from units.yaml{hint}",
    "problem.wrong-unit-kind": "{field} '{value}' is a {kind}; expected a unit of kind {kinds}",
    "problem.unknown-person": "{field} '{value}' is not a person; expected an id from units.yaml people{hint}",
    "problem.unknown-subject": (
        "{field} '{value}' names no record; expected an existing projects/…, pilots/… "
        "or <year>/keypoints#<task>{hint}"
    ),
    "problem.unknown-subject.not-supervised": (
        "finding subject '{value}' is not among this supervision's subjects; expected one of: {subjects}"
    ),
    "problem.unknown-project": "project '{value}' is not in the library; expected the id of a file in projects/{hint}",
    "problem.duplicate-id": "{what} id '{value}' is used twice; expected unique ids",
    "problem.duplicate-id.person-unit": "person id '{value}' is also a unit id; expected distinct ids",
    "problem.duplicate-id.assigned": "assigned unit '{value}' is listed twice; expected each unit once",
    "problem.duplicate-id.milestone": (
        "milestone id '{value}' is also milestone {n}'s; expected ids unique within the item"
    ),
    "problem.empty-list.assigned": "assigned is empty; expected at least one unit",
    "problem.file-mismatch.group": "group '{value}' differs from the file name '{stem}'; expected {stem}",
    "problem.file-mismatch.quarter": "quarter {value} differs from the file {file}; expected {expected}",
    "problem.wrong-year.half": "half year {half} is in the {year} folder; expected {year}-H1 or {year}-H2",
    "problem.wrong-year.year": "year {value} differs from the folder {year}; expected {year}",
    "problem.wrong-year.contact": "contact dated {date} is in the {year} folder; expected a date in {year}",
    # dates in order
    "problem.date-order": "{later} {later_date} is before {earlier} {earlier_date}; expected {later} on or after {earlier}",
    "problem.date-order.plan": (
        "plan {step} {date} is before {previous} {previous_date}; "
        "expected drafted ≤ office_review ≤ deliberated ≤ issued ≤ filed"
    ),
    "problem.date-order.report": (
        "report for {period} submitted {date}, before the period began; expected on or after {first}"
    ),
    "problem.date-order.reviewed": (
        "reviewed {reviewed} is before submitted {submitted}; expected review after submission"
    ),
    "problem.date-order.halfyear": (
        "half-year report {half} dated {date}, before the half year began; expected on or after {first}"
    ),
    "problem.date-order.bulletin": "bulletin issued {date}, before its quarter began; expected on or after {first}",
    "problem.date-order.annual": "annual report issued {date}, before its year began; expected on or after {first}",
    "problem.missing-notice": (
        "{field} is recorded but the finding has no notice; expected a notice {{unit, issued, deadline}} first"
    ),
    # the seed's rules
    "problem.plan-not-deliberated": (
        "plan in review scope '{scope}' issued {issued} without the leading group's deliberation; "
        "expected plan.deliberated on or before issued (§1(2))"
    ),
    "problem.pilot-level": "a pilot that breaks {breaks} is {level}; expected {need} (§4(1))",
    "problem.pilot-level.or-higher": "a pilot that breaks {breaks} is {level}; expected {need} or higher (§4(1))",
    "problem.project-team.empty": "team is empty; expected at least one person (一个项目、一名领导、一个团队, §2(1))",
    "problem.project-team.twice": "team member '{value}' is listed twice; expected each person once",
    "problem.reinspection-failed": (
        "finding {finding} failed its re-inspection on {date}; expected a new notice or rectification"
    ),
    "problem.rule-override": "rule {rule} takes no {setting}; it has no effect (rules with {what}: {rules})",
    "problem.override.due": "a yearly due date",
    "problem.override.days": "a number of days",
    "problem.override.years": "a number of years",
    "problem.ignored-block": (
        "task {task} is the library project '{project}', so its own {setting} are not used; "
        "expected them in projects/{project}.yaml"
    ),
    # the fields and things they speak of
    "problem.field.office": "office",
    "problem.field.unit": "unit",
    "problem.field.unit-leader": "leader",
    "problem.field.secretary": "secretary",
    "problem.field.group": "group",
    "problem.field.lead": "lead",
    "problem.field.partner": "partner",
    "problem.field.leader": "leader",
    "problem.field.team-member": "team member",
    "problem.field.raised-by": "raised_by",
    "problem.field.coordinator": "coordinator",
    "problem.field.assigned": "assigned unit",
    "problem.field.co-lead": "co-lead",
    "problem.field.subject": "subject",
    "problem.field.notified": "notified unit",
    "problem.field.reporting": "reporting unit",
    "problem.field.by": "by",
    "problem.field.with": "with",
    "problem.what.unit": "unit",
    "problem.what.person": "person",
    "problem.what.task": "task",
    "problem.what.item": "item",
    "problem.what.finding": "finding",
    "problem.unit-kind.leading-group": "leading-group",
    "problem.unit-kind.office": "office",
    "problem.unit-kind.special-group": "special-group",
    "problem.unit-kind.department": "department",
    "problem.unit-kind.county": "county",
    "problem.unit-kind.zone": "zone",
    "problem.unit-kind.inspection-office": "inspection-office",
    "problem.level.national": "national",
    "problem.level.provincial": "provincial",
    "problem.level.municipal": "municipal",
    "problem.level.local": "local",
    "problem.breaks.national-law": "national-law",
    "problem.breaks.provincial-rules": "provincial-rules",
    "problem.breaks.local-rules": "local-rules",
}
