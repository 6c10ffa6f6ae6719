"""What the dashboard shows, gathered in one pass off the GUI thread (no Qt here).

Everything comes from the case store's services — deadlines, prison-visit alerts, list counts,
the ledger's totals, the backup service's "last backup" — on a connection of the worker's own;
nothing here writes. Labels are translated when the data is gathered (the language cannot change
while the dashboard exists: a language change rebuilds the windows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from hrd_desk.cases import settings as vault_settings
from hrd_desk.cases.deadlines import DEFAULT_HEARING_DAYS, DeadlineKind, deadlines
from hrd_desk.cases.ledger import ProgrammeTotals, programme_totals
from hrd_desk.cases.requests import RequestStatus
from hrd_desk.cases.store import Store
from hrd_desk.cases.visits import open_alerts
from hrd_desk.cases.vocab import RiskLevel
from hrd_desk.crypto.backup import backup_due, last_backup_at
from hrd_desk.crypto.vault import Connection
from hrd_desk.i18n import _, ngettext

#: Item kinds beyond the deadline service's own (:class:`DeadlineKind` values).
ALERT = "alert"
BACKUP = "backup"

#: Same-day order: the deadline kinds in their own order, then alerts, then the backup.
_RANK = {kind.value: kind.rank for kind in DeadlineKind}
_RANK[ALERT] = len(_RANK)
_RANK[BACKUP] = len(_RANK)

#: Defenders by risk level, most at risk first; ``NOT_ASSESSED`` is the rest.
RISK_ORDER = (RiskLevel.CRITICAL, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW)
NOT_ASSESSED = "none"


@dataclass(frozen=True)
class ActionItem:
    """One line of "Needs action"."""

    date: date
    #: a :class:`DeadlineKind` value, :data:`ALERT` or :data:`BACKUP`
    kind: str
    #: what it is, translated ("Hearing: Merits", "Prolonged solitary confinement")
    label: str
    #: the defender's pseudonym ("" for the backup)
    pseudonym: str
    overdue: bool
    #: the record to open; None for the backup (which opens the backup action)
    record_kind: str | None = None
    record_id: str | None = None
    defender_id: str | None = None
    #: longer text for a tooltip (an alert's explanation, a follow-up's action)
    detail: str = ""

    @property
    def rank(self) -> int:
        return _RANK.get(self.kind, len(_RANK))


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass
class DashboardData:
    today: date
    items: list[ActionItem] = field(default_factory=list)
    requests_by_status: list[Count] = field(default_factory=list)
    requests_total: int = 0
    defenders_by_risk: list[Count] = field(default_factory=list)
    defenders_total: int = 0
    #: approved and paid per programme and currency, grants starting this year
    funds: list[ProgrammeTotals] = field(default_factory=list)
    last_backup: datetime | None = None
    backup_due: bool = False
    reminder_days: int = vault_settings.DEFAULT_BACKUP_REMINDER_DAYS


def reminder_days(conn: Connection) -> int:
    value = vault_settings.get_setting(
        conn, vault_settings.BACKUP_REMINDER_DAYS, vault_settings.DEFAULT_BACKUP_REMINDER_DAYS
    )
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return vault_settings.DEFAULT_BACKUP_REMINDER_DAYS


def backup_item(
    conn: Connection, now: datetime, today: date
) -> tuple[ActionItem | None, datetime | None, int]:
    """The "backup too old" item (None when a recent verified backup exists), the time of the
    last verified backup, and the reminder interval in days."""
    days = reminder_days(conn)
    last = last_backup_at(conn)
    if not backup_due(conn, now=now, max_age=timedelta(days=days)):
        return None, last, days
    if last is None:
        return (
            ActionItem(today, BACKUP, _("No backup of this vault yet"), "", False),
            None,
            days,
        )
    due = (last + timedelta(days=days)).astimezone().date()
    label = ngettext(
        "Last backup is older than {n} day", "Last backup is older than {n} days", days
    ).format(n=days)
    return ActionItem(min(due, today), BACKUP, label, "", due < today), last, days


def load_dashboard(
    conn: Connection,
    now: datetime,
    *,
    hearing_days: int = DEFAULT_HEARING_DAYS,
    check: Callable[[], None] | None = None,
) -> DashboardData:
    """Everything the dashboard shows, as of *now* (an aware datetime; its local date is
    "today"). *check* is called between steps (a cancelled job raises there)."""
    step = check or (lambda: None)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    today = now.astimezone().date()
    store = Store(conn, today=lambda: today)
    data = DashboardData(today)

    items = [
        ActionItem(
            d.date,
            d.kind.value,
            d.label,
            d.pseudonym,
            d.overdue,
            d.record_kind,
            d.record_id,
            d.defender_id,
            d.detail,
        )
        for d in deadlines(store, today, hearing_days=hearing_days)
    ]
    step()
    for alert in open_alerts(store):
        items.append(
            ActionItem(
                alert.date or today,
                ALERT,
                alert.label,
                alert.pseudonym,
                False,
                "prison_visit",
                alert.record_id,
                alert.defender_id,
                alert.message,
            )
        )
    step()
    backup, data.last_backup, data.reminder_days = backup_item(conn, now, today)
    data.backup_due = backup is not None
    if backup is not None:
        items.append(backup)
    items.sort(key=lambda i: (i.date, i.rank, i.pseudonym.casefold(), i.record_id or ""))
    data.items = items
    step()

    for status in RequestStatus:
        n = store.count("request", {"status": [status.value]})
        if n:
            data.requests_by_status.append(Count(status.value, status.label, n))
    data.requests_total = store.count("request")
    step()
    data.defenders_total = store.count("defender")
    assessed = 0
    for level in RISK_ORDER:
        n = store.count("defender", {"risk": [level.value]})
        assessed += n
        data.defenders_by_risk.append(Count(level.value, level.label, n))
    data.defenders_by_risk.append(
        Count(NOT_ASSESSED, _("Not assessed"), max(0, data.defenders_total - assessed))
    )
    step()
    data.funds = [
        t
        for t in programme_totals(
            store, since=date(today.year, 1, 1), until=date(today.year, 12, 31)
        )
        if t.approved or t.paid
    ]
    return data
