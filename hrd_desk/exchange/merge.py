"""Preview and apply an opened bundle: merge by record id, all or nothing.

Each record of the bundle is one of (see :mod:`.versions` for the rule):

* ``added`` — not in this vault;
* ``changed`` — the sender's version builds on ours: it replaces ours;
* ``unchanged`` — the same content;
* ``older`` — this vault already has a newer version (a replayed or late bundle): kept as is,
  so an old bundle never rolls a record back;
* ``conflict`` — changed here and by the sender since they last agreed: the caller chooses,
  per record (``"mine"`` / ``"theirs"``) or per field (``{"field": "mine" | "theirs"}``, every
  differing field named; the merged record is validated like any other);
* ``deleted_here`` — deleted in this vault: not brought back.

:func:`apply` works like import-records: inside one transaction it writes every added and
replaced record exactly as received (ids, timestamps), then validates each with everything
present (as the sender's recorded state: workflow steps in between are not re-judged, and a
record may not move to another defender); any problem — or a vault that changed since the
preview — rolls all of it back. It
records what was received from whom (exchange log, superseded versions), remembers the bundle id
(importing it again raises :class:`AlreadyImported`), and audits each record ("import") and the
bundle (counts and the sender's fingerprint, never values).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, Union

from hrd_desk.cases import audit, codec
from hrd_desk.cases.errors import FieldError, StaleRecord
from hrd_desk.cases.record import Record
from hrd_desk.cases.records_json import ImportProblem, ImportRefused
from hrd_desk.cases.validation import validate
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.exchange import versions
from hrd_desk.exchange.bundles import OpenedBundle, imported_at, links
from hrd_desk.exchange.contacts import add_contact
from hrd_desk.exchange.errors import AlreadyImported, ConflictsUnresolved
from hrd_desk.i18n import N_, _, labelled, ngettext

ADDED = "added"
CHANGED = "changed"
UNCHANGED = "unchanged"
OLDER = "older"
CONFLICT = "conflict"
DELETED_HERE = "deleted_here"
STATUSES = (ADDED, CHANGED, UNCHANGED, OLDER, CONFLICT, DELETED_HERE)
STATUS_LABELS = {
    ADDED: N_("added"),
    CHANGED: N_("changed"),
    UNCHANGED: N_("unchanged"),
    OLDER: N_("older than here (kept)"),
    CONFLICT: N_("conflict"),
    DELETED_HERE: N_("deleted here (not restored)"),
}

MINE = "mine"
THEIRS = "theirs"
Choice = Literal["mine", "theirs"]
Resolution = Union[Choice, Mapping[str, Choice]]  # noqa: UP007 - a runtime alias


@dataclass(frozen=True)
class Item:
    """One record of the bundle and what importing it would do."""

    kind: str
    record_id: str
    status: str
    theirs: Record
    mine: Record | None
    incoming_hash: str
    local_hash: str | None
    #: content fields that differ between the two versions (names only)
    fields: tuple[str, ...]
    where: str

    @property
    def status_label(self) -> str:
        return _(STATUS_LABELS[self.status])

    def title(self) -> str:
        """A short text safe to show anywhere (never a full name)."""
        return (self.mine or self.theirs).title()


@dataclass
class Preview:
    bundle: OpenedBundle
    items: list[Item]

    def with_status(self, status: str) -> list[Item]:
        return [i for i in self.items if i.status == status]

    @property
    def conflicts(self) -> list[Item]:
        return self.with_status(CONFLICT)

    def counts(self) -> dict[str, int]:
        return {s: len(self.with_status(s)) for s in STATUSES}

    def _key(self) -> list[tuple[str, str, str | None]]:
        return [(i.record_id, i.status, i.local_hash) for i in self.items]


@dataclass
class ApplyReport:
    bundle_id: str
    #: status → kind → number of records
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: how conflicts were resolved: "mine" / "theirs" / "fields" → number
    resolved: dict[str, int] = field(default_factory=dict)
    contact_added: bool = False

    def total(self, status: str) -> int:
        return sum(self.counts.get(status, {}).values())

    def summary(self) -> str:
        parts = []
        for status in STATUSES:
            n = self.total(status)
            if n:
                parts.append(labelled(_(STATUS_LABELS[status]), n))
        resolved = {
            MINE: N_("kept this vault's version"),
            THEIRS: N_("took the sender's version"),
            "fields": N_("merged field by field"),
        }
        for key, label in resolved.items():
            if self.resolved.get(key):
                parts.append(labelled(_(label), self.resolved[key]))
        head = ngettext(
            "Imported the bundle: {n} record written",
            "Imported the bundle: {n} records written",
            self.written,
        ).format(n=self.written)
        return head + (" (" + ", ".join(parts) + ")" if parts else "")

    @property
    def written(self) -> int:
        return (
            self.total(ADDED)
            + self.total(CHANGED)
            + self.resolved.get(THEIRS, 0)
            + self.resolved.get("fields", 0)
        )


def _local(store, cls: type[Record], record_id: str) -> tuple[Record | None, bool]:
    """(live record or None, whether a deleted one is there)."""
    live = store.find(cls, record_id)
    if live is not None:
        return live, False
    return None, store.find(cls, record_id, include_deleted=True) is not None


def preview(store, opened: OpenedBundle) -> Preview:
    """What applying *opened* would do to each record. Never writes."""
    items = []
    for theirs in opened.records:
        cls = type(theirs)
        mine, deleted = _local(store, cls, theirs.id)
        incoming = versions.content_hash(theirs)
        where = opened.positions.get(theirs.id, theirs.KIND)
        if mine is None:
            status = DELETED_HERE if deleted else ADDED
            items.append(
                Item(theirs.KIND, theirs.id, status, theirs, None, incoming, None, (), where)
            )
            continue
        local = versions.content_hash(mine)
        if local == incoming:
            status = UNCHANGED
        elif incoming in versions.superseded(store.conn, theirs.id):
            status = OLDER
        elif local in opened.supersedes.get(theirs.id, ()):
            status = CHANGED
        else:
            status = CONFLICT
        diff = () if status == UNCHANGED else tuple(versions.differing_fields(mine, theirs))
        items.append(
            Item(theirs.KIND, theirs.id, status, theirs, mine, incoming, local, diff, where)
        )
    return Preview(opened, items)


def _choices(
    conflicts: list[Item],
    resolutions: Mapping[str, Resolution] | None,
    resolve_all: Choice | None,
) -> dict[str, Resolution]:
    given = dict(resolutions or {})
    if resolve_all not in (None, MINE, THEIRS):
        raise ValueError("resolve_all must be 'mine' or 'theirs'")
    known = {i.record_id for i in conflicts}
    stray = set(given) - known
    if stray:
        raise ValueError(f"resolutions for records that are not in conflict: {sorted(stray)}")
    out: dict[str, Resolution] = {}
    missing = []
    for item in conflicts:
        choice = given.get(item.record_id, resolve_all)
        if choice is None:
            missing.append(item)
            continue
        if isinstance(choice, str):
            if choice not in (MINE, THEIRS):
                raise ValueError(f"unknown resolution {choice!r}")
        else:
            bad = {f for f in choice if f not in item.fields}
            if bad or any(v not in (MINE, THEIRS) for v in choice.values()):
                raise ValueError(f"per-field resolution names unknown fields or values: {bad}")
            if set(choice) != set(item.fields):
                missing.append(item)
                continue
            picked = set(choice.values())
            if len(picked) == 1:  # all one side: the whole record
                choice = picked.pop()
        out[item.record_id] = choice
    if missing:
        raise ConflictsUnresolved([conflict_line(i) for i in missing])
    return out


def conflict_line(item: Item) -> str:
    return _("{where} ({kind} {id}): changed here and by the sender: {fields}").format(
        where=item.where, kind=item.kind, id=item.record_id, fields=", ".join(item.fields)
    )


def _merged(store, item: Item, choice: Mapping[str, Choice]) -> tuple[Record | None, list]:
    assert item.mine is not None
    data = codec.to_dict(item.mine)
    theirs = codec.to_dict(item.theirs)
    for name, side in choice.items():
        if side == THEIRS:
            data[name] = theirs.get(name)
    data["updated_at"], data["updated_by"] = audit.utc_now(), store.actor
    return codec.from_dict(type(item.mine), data)


def apply(
    store,
    prepared: Preview,
    resolutions: Mapping[str, Resolution] | None = None,
    *,
    resolve_all: Choice | None = None,
) -> ApplyReport:
    """Apply a preview, all or nothing. *resolutions*: record id → "mine" | "theirs" |
    {field: "mine" | "theirs"} for each conflict; *resolve_all* for the ones not named.

    Raises :class:`ConflictsUnresolved`, :class:`AlreadyImported`, :class:`ImportRefused`
    (the merged records do not validate; every problem named), :class:`StaleRecord` (the vault
    changed since the preview) — in every case nothing was changed.
    """
    from hrd_desk.cases.store import _Context

    opened = prepared.bundle
    with store.transaction():
        when = imported_at(store.conn, opened.bundle_id)
        if when is not None:
            raise AlreadyImported(opened.bundle_id, when)
        if opened.from_self:
            raise ImportRefused(
                [
                    ImportProblem(
                        "bundle",
                        None,
                        "",
                        _("This bundle was made by this vault; there is nothing to import."),
                    )
                ]
            )
        fresh = preview(store, opened)
        if fresh._key() != prepared._key():
            raise StaleRecord(
                _(
                    "Records in this vault changed since the preview was made. Open the bundle "
                    "again to see the new preview; nothing was imported."
                )
            )
        choices = _choices(fresh.conflicts, resolutions, resolve_all)
        report = ApplyReport(opened.bundle_id)
        contact = opened.contact
        if contact is None:
            contact = add_contact(store, opened.sender)
            report.contact_added = True
        problems: list[ImportProblem] = []
        written: list[tuple[Item, Record]] = []
        for item in fresh.items:
            status = item.status
            if status == CONFLICT:
                choice = choices[item.record_id]
                key = choice if isinstance(choice, str) else "fields"
                report.resolved[key] = report.resolved.get(key, 0) + 1
            new: Record | None = None
            if status == ADDED:
                new = replace(item.theirs)
                new.derive(_Context(store, None))
                store.insert_verbatim(new, action="import")
            elif status == CHANGED or (status == CONFLICT and choices[item.record_id] == THEIRS):
                new = replace(item.theirs)
                new.derive(_Context(store, item.mine))
                store.replace_verbatim(new, item.mine, action="import")
            elif status == CONFLICT and not isinstance(choices[item.record_id], str):
                new, errors = _merged(store, item, choices[item.record_id])
                problems.extend(_problems(item, errors))
                if new is None or errors:
                    continue
                new.derive(_Context(store, item.mine))
                store.replace_verbatim(new, item.mine, action="import")
            if new is not None:
                written.append((item, new))
            report.counts.setdefault(status, {})
            report.counts[status][item.kind] = report.counts[status].get(item.kind, 0) + 1
        # Validate with everything present (links may point forward within the bundle).
        for item, record in written:
            verdict = validate(record, _Context(store, None))
            problems.extend(_problems(item, verdict.errors))
            mine = item.mine
            moved = mine is not None and mine.defender_ref() != record.defender_ref()
            if moved and record.DEFENDER_FIELD:
                problems.append(
                    ImportProblem(
                        item.where,
                        item.record_id,
                        record.DEFENDER_FIELD,
                        _("A record cannot be moved to another defender."),
                    )
                )
        if problems:
            raise ImportRefused(problems)
        _remember(store, fresh, written, contact.id)
        _record_bundle(store, opened, report, contact.fingerprint)
    return report


def _problems(item: Item, errors: list[FieldError]) -> list[ImportProblem]:
    return [ImportProblem(item.where, item.record_id, e.field, e.message) for e in errors]


def _remember(store, fresh: Preview, written: list[tuple[Item, Record]], contact_id: str) -> None:
    at = audit.utc_now()
    now = {item.record_id: versions.content_hash(record) for item, record in written}
    for item in fresh.items:
        hashes = [item.incoming_hash, *fresh.bundle.supersedes.get(item.record_id, ())]
        if item.local_hash is not None:
            # Whatever we keep now was chosen over (or builds on) the version we had.
            hashes.append(item.local_hash)
        if item.record_id in now:
            hashes.append(now[item.record_id])
        versions.remember(store.conn, item.record_id, hashes, at)
        versions.log_received(
            store.conn, contact_id, item.kind, item.record_id, item.incoming_hash, at
        )
        for kind, target in links(item.theirs):
            versions.note_holds(store.conn, contact_id, kind, target)


def _record_bundle(store, opened: OpenedBundle, report: ApplyReport, sender: str) -> None:
    at = audit.utc_now()
    counts = {status: sum(kinds.values()) for status, kinds in report.counts.items()}
    with storage_errors():
        store.conn.execute(
            "INSERT INTO exchange_bundles(bundle_id, direction, sender, created_at, "
            "processed_at, counts) VALUES (?, 'in', ?, ?, ?, ?)",
            (opened.bundle_id, sender, opened.created_at, at, json.dumps(counts, sort_keys=True)),
        )
    audit.append(
        store.conn,
        actor=store.actor,
        action="import",
        kind="bundle",
        record_id=opened.bundle_id,
        detail={
            "sender": sender,
            "counts": report.counts,
            "resolved": report.resolved,
            "contact_added": report.contact_added,
        },
        at=at,
    )
