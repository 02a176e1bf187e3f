"""Who the office's documents are copied to (抄送)."""

from __future__ import annotations

from reformctl.model.ledger import Ledger


def copied_to(ledger: Ledger, locale: str, members: bool = True) -> str | None:
    """The 抄送 line of the office's documents: the leading group's members (when `members`) and
    the inspection office (督察结果作为年度改革考评的依据, §3(1)); None when the ledger has neither."""
    names = [
        (f"{u.name}成员" if locale == "zh-CN" else f"the members of the {u.name}")
        for u in ledger.units_of_kind("leading-group")
        if members
    ]
    names += [u.name for u in ledger.units_of_kind("inspection-office")]
    return ("，" if locale == "zh-CN" else ", ").join(names) or None
