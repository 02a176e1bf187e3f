"""The annual scorecard (改革实绩考核, seed §5(2); 督察结果作为年度改革考评的依据, §3(1)).

Pure counting over the obligations of `compute_obligations(ledger, as_of)`: for each unit, the
obligations it owns whose due date falls in the year and on or before the as-of date, split by
state. Nothing is weighed unless `ledger.yaml` says how (`scorecard:`, `ScorecardSettings`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from reformctl.model.ledger import Ledger
from reformctl.model.rule_ids import RuleId
from reformctl.model.settings import ScorecardSettings
from reformctl.rules.obligation import Obligation

COUNTS = ("owed", "on_time", "late", "overdue", "open", "days_late")
"""The numbers of a tally, in the order every format shows them."""
CATEGORY = {"done": "on_time", "late": "late", "overdue": "overdue", "due-soon": "open", "open": "open"}
"""The tally column an obligation counts in, by its state. `open` holds only those due on the
as-of date itself (due today, not yet late): the others that are open fall due later."""


@dataclass(frozen=True, slots=True)
class Tally:
    """Obligations owed in a year up to the as-of date, by outcome."""

    owed: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0
    days_late: int = 0
    """Σ (done − due) over the late ones and Σ (as-of − due) over the overdue ones."""

    @property
    def on_time_rate(self) -> float | None:
        """on_time / owed; None when nothing was owed."""
        return self.on_time / self.owed if self.owed else None

    def value(self, column: str) -> int:
        return int(getattr(self, column))


def tally(obligations: Iterable[Obligation]) -> Tally:
    counts = dict.fromkeys(COUNTS, 0)
    for ob in obligations:
        counts["owed"] += 1
        counts[CATEGORY[ob.state]] += 1
        if ob.state in ("late", "overdue"):
            counts["days_late"] += abs(ob.days)
    return Tally(**counts)


def in_year(obligations: Iterable[Obligation], year: int, as_of: date) -> list[Obligation]:
    """Those due in `year` and on or before `as_of`."""
    return [ob for ob in obligations if ob.due.year == year and ob.due <= as_of]


@dataclass(frozen=True, slots=True)
class Exemplary:
    """A project or pilot chosen as an exemplary case (示范案例, §4(3)) in the year."""

    subject: str
    title: str
    lead: str


@dataclass(frozen=True, slots=True)
class UnitScore:
    unit: str
    name: str
    kind: str
    all: Tally
    rectification: Tally
    handover: Tally
    exemplary: tuple[Exemplary, ...]
    obligations: tuple[Obligation, ...]
    """The obligations behind the numbers (for `--explain`), sorted as `due` sorts them."""
    score: float | None

    def column(self, name: str) -> int:
        """A count column by its flat name (`overdue`, `rectification_late`, `exemplary` …)."""
        if name == "exemplary":
            return len(self.exemplary)
        for prefix, part in (("rectification_", self.rectification), ("handover_", self.handover)):
            if name.startswith(prefix):
                return part.value(name.removeprefix(prefix))
        return self.all.value(name)


@dataclass(frozen=True, slots=True)
class Scorecard:
    year: int
    as_of: date
    weights: ScorecardSettings | None
    units: tuple[UnitScore, ...]


def exemplary_cases(ledger: Ledger, year: int) -> list[Exemplary]:
    """Projects and pilots whose `exemplary` is the year (SPEC §2.3), by subject."""
    out = [
        Exemplary(f"projects/{pid}", rec.value.title, rec.value.lead)
        for pid, rec in ledger.projects.items()
        if rec.value.exemplary == year
    ]
    out += [
        Exemplary(f"pilots/{pid}", rec.value.title, rec.value.lead)
        for pid, rec in ledger.pilots.items()
        if rec.value.exemplary == year
    ]
    return sorted(out, key=lambda e: e.subject)


def weighed(columns: UnitScore, weights: ScorecardSettings | None) -> float | None:
    """`base + Σ weights[column] × column`, rounded to 2 decimals; None without weights."""
    if weights is None:
        return None
    total = weights.base + sum(w * columns.column(name) for name, w in weights.weights.items())
    return round(total, 2)


def scorecard(
    ledger: Ledger,
    obligations: Sequence[Obligation],
    year: int,
    as_of: date,
    units: Sequence[str] | None = None,
) -> Scorecard:
    """Every unit of `units.yaml` in its order (or only `units`), with its tallies of `year` as
    of `as_of`. `obligations` are `compute_obligations(ledger, as_of)`."""
    weights = ledger.settings.value.scorecard
    owed: dict[str, list[Obligation]] = {}
    for ob in in_year(obligations, year, as_of):
        owed.setdefault(ob.owner, []).append(ob)
    cases = exemplary_cases(ledger, year)
    rows = []
    for unit in ledger.units.values():
        if units is not None and unit.id not in units:
            continue
        mine = owed.get(unit.id, [])
        row = UnitScore(
            unit=unit.id,
            name=unit.name,
            kind=unit.kind,
            all=tally(mine),
            rectification=tally(ob for ob in mine if ob.rule is RuleId.RECTIFICATION),
            handover=tally(ob for ob in mine if ob.rule is RuleId.HANDOVER),
            exemplary=tuple(c for c in cases if c.lead == unit.id),
            obligations=tuple(mine),
            score=None,
        )
        rows.append(replace(row, score=weighed(row, weights)))
    return Scorecard(year, as_of, weights, tuple(rows))
