"""Who the office's documents are copied to (抄送)."""

from __future__ import annotations

from reformctl.model.ledger import Ledger
from reformctl.render.labels import join, label


def copied_to(ledger: Ledger, locale: str, members: bool = True) -> str | None:
    """The 抄送 line of the office's documents: the leading group's members (when `members`) and
    the inspection office (督察结果作为年度改革考评的依据, §3(1)); None when the ledger has neither."""
    names = [
        label(locale, "doc.members", group=u.name) for u in ledger.units_of_kind("leading-group") if members
    ]
    names += [u.name for u in ledger.units_of_kind("inspection-office")]
    return join(names, locale, "copied-to") or None
