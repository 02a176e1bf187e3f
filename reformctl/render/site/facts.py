"""What every page of the site reads, gathered once per build: the library view, the lights and
the obligations indexed by the record they are about.

Indexes, not scans: the site has a page per project and per pilot, and a ledger may have ten
thousand projects, so no page looks through all obligations or all findings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from reformctl.model.ledger import Ledger
from reformctl.model.supervision import Finding, Supervision
from reformctl.render.labels import days_text, label
from reformctl.render.library import LibraryView, library_view
from reformctl.render.prose import period_label
from reformctl.rules.obligation import Obligation

BEGINNING = date(1900, 1, 1)
"""The start of the period whose library entries and exits the site lists: all of them."""


@dataclass(frozen=True, slots=True)
class FindingRef:
    """A supervision finding with where it is: `<year>/supervision/<id>#<finding>`."""

    year: int
    supervision_id: str
    supervision: Supervision
    finding: Finding

    @property
    def subject(self) -> str:
        return f"{self.year}/supervision/{self.supervision_id}#{self.finding.id}"


@dataclass(frozen=True, slots=True)
class Facts:
    ledger: Ledger
    as_of: date
    locale: str
    obligations: tuple[Obligation, ...]
    view: LibraryView
    """The library at the end of the as-of day, with every entry and exit up to then."""
    about: Mapping[str, tuple[Obligation, ...]]
    """Obligations by the record they are about (`projects/<id>`, `pilots/<id>`, …): a finding's
    rectification and re-inspection are about the finding's subject, a key-points task that is a
    library project is that project."""
    findings: Mapping[str, tuple[FindingRef, ...]]
    """Supervision findings by their subject."""
    handovers_of: Mapping[str, tuple[tuple[date, str], ...]]
    """(raised, id) of the hand-over sheets raised on or before the as-of date, by assigned unit,
    in the order they were raised."""
    record_of: Mapping[str, str]
    """Subjects that are about another record (`record_subjects`)."""

    def words(self, key: str, **values: object) -> str:
        return label(self.locale, key, **values)

    def state(self, ob: Obligation) -> str:
        return label(self.locale, f"state.{ob.state}")

    def days(self, ob: Obligation) -> str:
        return days_text(self.locale, ob.state, ob.days)

    def period(self, ob: Obligation) -> str:
        """An obligation's period in words, as every human format says it
        (`reformctl.render.prose.period_label`)."""
        return period_label(ob, self.locale)

    def unit(self, unit_id: str | None) -> str:
        return "—" if unit_id is None else self.ledger.unit_name(unit_id)

    def person(self, person_id: str) -> str:
        return self.ledger.person_name(person_id)

    def href(self, subject: str) -> str | None:
        """The page of the record a subject is about, relative to the site's root, if it has one."""
        kind, _, rest = subject.partition("/")
        if kind == "projects" and rest in self.ledger.projects:
            return f"projects/{rest}.html"
        if kind == "pilots" and rest in self.ledger.pilots:
            return f"pilots/{rest}.html"
        return None

    def record(self, subject: str) -> str:
        """The record an obligation's subject is about (`about`'s key)."""
        return self.record_of.get(subject, subject)


def record_subjects(ledger: Ledger, findings: Sequence[FindingRef]) -> dict[str, str]:
    """Subjects that are about another record: findings (their subject) and key-points tasks that
    are library projects (the project, SPEC §3)."""
    out = {ref.subject: ref.finding.subject for ref in findings}
    for year, _kp, _i, task in ledger.tasks():
        if task.project is not None:
            out[f"{year}/keypoints#{task.id}"] = f"projects/{task.project}"
    return out


def gather(ledger: Ledger, as_of: date, locale: str, obligations: Sequence[Obligation]) -> Facts:
    """Index the ledger and its obligations (`compute_obligations(ledger, as_of)`) for the pages."""
    refs = [
        FindingRef(year, sid, rec.value, finding)
        for year, content in sorted(ledger.years.items())
        for sid, rec in sorted(content.supervisions.items())
        if rec.value.start <= as_of
        for finding in rec.value.findings
    ]
    record_of = record_subjects(ledger, refs)
    about: dict[str, list[Obligation]] = {}
    for ob in obligations:
        about.setdefault(record_of.get(ob.subject, ob.subject), []).append(ob)
    findings: dict[str, list[FindingRef]] = {}
    for ref in refs:
        findings.setdefault(ref.finding.subject, []).append(ref)
    handovers: dict[str, list[tuple[date, str]]] = {}
    for hid, rec in ledger.handovers.items():
        if rec.value.raised <= as_of:
            for unit in dict.fromkeys(rec.value.assigned):
                handovers.setdefault(unit, []).append((rec.value.raised, hid))
    return Facts(
        ledger,
        as_of,
        locale,
        tuple(obligations),
        library_view(ledger, as_of, as_of, BEGINNING, obligations),
        {k: tuple(v) for k, v in about.items()},
        {k: tuple(v) for k, v in findings.items()},
        {k: tuple(sorted(v)) for k, v in handovers.items()},
        record_of,
    )
