"""`reformctl due --format ics`: a calendar a clerk can subscribe to (icalendar package).

One all-day event per open obligation. The UID is derived from (rule, subject, period, owner),
where a milestone's period, its position `m<n>`, is replaced by what the milestone is: its `id`,
else a digest of its `what` (`Obligation.anchor`). So it stays the same across runs and ledger
edits (titles, dates, milestones inserted, deleted or reordered before it) and a subscribed
calendar updates in place; only an edit of a milestone's `what`, when it has no `id`, gives it a
new UID.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from reformctl.model.ledger import Ledger
from reformctl.render.due import route_text
from reformctl.render.labels import days_text, label
from reformctl.rules.obligation import Obligation


def uid(ob: Obligation) -> str:
    key = "|".join([ob.rule.value, ob.subject, ob.anchor or ob.period or "", ob.owner])
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@reformctl"


def render_ics(obligations: Sequence[Obligation], ledger: Ledger, as_of: date, locale: str) -> str:
    cal = Calendar()
    cal.add("prodid", "-//reformctl//reform work ledger//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", ledger.settings.value.name)
    cal.add("x-wr-timezone", ledger.settings.value.timezone)
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    for ob in obligations:
        if not ob.is_open:
            continue
        event = Event()
        event.add("uid", uid(ob))
        event.add("dtstamp", stamp)
        event.add("dtstart", ob.due)
        event.add("dtend", ob.due + timedelta(days=1))
        owner = ledger.unit_name(ob.owner)
        kind = label(locale, f"rule.{ob.rule.value}")
        period = f" {ob.period}" if ob.period and ob.period[0].isdigit() else ""
        event.add("summary", f"{owner}｜{kind}{period}：{ob.title}")
        lines = [
            f"{label(locale, 'col.state')}: {label(locale, f'state.{ob.state}')} "
            f"({days_text(locale, ob.state, ob.days)})",
            f"{label(locale, 'col.owner')}: {owner}",
            f"{label(locale, 'col.subject')}: {ob.subject}",
            f"{label(locale, 'col.file')}: {ob.file}" + (f":{ob.line}" if ob.line else ""),
        ]
        if ob.route:
            lines.append(f"{label(locale, 'col.route')}: {route_text(ledger, ob)}")
        event.add("description", "\n".join(lines))
        event.add("categories", [ob.rule.value])
        cal.add_component(event)
    return str(cal.to_ical().decode("utf-8"))
