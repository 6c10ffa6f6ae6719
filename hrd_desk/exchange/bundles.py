"""Exchange bundles: choose records, sign and encrypt them to contacts; open and check one.

The signed body is canonical JSON (UTF-8, sorted keys, no spaces)::

    {"format": "hrd-desk/bundle", "version": 1,
     "bundle_id": 32 hex digits (random), "created_at": "…Z", "app_version": "…",
     "sender": the sender's contact card (label, age recipient, Ed25519 key, fingerprint),
     "recipients": [fingerprints, the sender's own included],
     "selection": {"mode": "defender" | "since" | "last_exchange", …},
     "records": a records JSON document (docs/records.schema.json, the same as export-records),
     "versions": {record id: {"supersedes": [content hashes]}}}

It is signed (Ed25519) and encrypted (age, to every recipient and to the sender, so the sender
can reopen what it sent); see :mod:`.framing` for the bytes. Opening checks, in order: frame,
checksum, decryption with this vault's key, the signature against the key the body names, that
this vault is among the signed recipients, that the sender is a contact (or accepted), that the
bundle id was not imported before, then the records (decoded like import-records). Nothing is
written by opening; :mod:`.merge` previews and applies.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hrd_desk import __version__
from hrd_desk.cases import audit, codec, records_json
from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import NotFound
from hrd_desk.cases.record import KINDS, Record, all_kinds
from hrd_desk.cases.records_json import ImportRefused
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.exchange import framing, versions
from hrd_desk.exchange.contacts import Contact, find_by_fingerprint, get_contact
from hrd_desk.exchange.errors import (
    AlreadyImported,
    BadSignature,
    BundleCorrupt,
    ContactNotVerified,
    InvalidContactCard,
    NotForThisVault,
    NothingToExport,
    UnknownContact,
    UnknownSender,
)
from hrd_desk.exchange.identity import (
    ContactCard,
    ensure_identity,
    load_identity,
    normalise_fingerprint,
)
from hrd_desk.i18n import _

FORMAT = "hrd-desk/bundle"
VERSION = 1
#: Kinds a "since" bundle carries by default: what trial observers and visit teams log.
DEFAULT_SINCE_KINDS = ("hearing", "prison_visit", "court_case")
MODES = ("defender", "since", "last_exchange")
_KEYS = {
    "format",
    "version",
    "bundle_id",
    "created_at",
    "app_version",
    "sender",
    "recipients",
    "selection",
    "records",
    "versions",
}


def default_kinds() -> tuple[str, ...]:
    """The default kinds of a "since" bundle that this app knows."""
    return tuple(k for k in DEFAULT_SINCE_KINDS if k in KINDS)


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


# --- export ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportedBundle:
    data: bytes
    bundle_id: str
    created_at: str
    #: kind → number of records
    counts: dict[str, int]
    recipients: tuple[Contact, ...]


def links(obj: Any) -> Iterable[tuple[str, str]]:
    """(kind, id) of every record *obj* links to, items included."""
    for name, spec in F.specs(type(obj)):
        value = getattr(obj, name)
        if spec.kind == F.REF and isinstance(value, str) and value:
            yield spec.ref_kind, value
        elif spec.kind == F.REFS:
            for ref in value or []:
                if isinstance(ref, str) and ref:
                    yield spec.ref_kind, ref
        elif spec.kind == F.ITEMS:
            for item in value or []:
                yield from links(item)


def _live(store, kind: str) -> list[Record]:
    cls = KINDS[kind]
    with storage_errors():
        rows = store.conn.execute(
            f"SELECT data FROM {cls.TABLE} WHERE deleted_at IS NULL ORDER BY rid"
        ).fetchall()
    return [codec.from_json(cls, row[0]) for row in rows]


def _select(
    store,
    contacts: Sequence[Contact],
    mode: str,
    defender_id: str | None,
    since: date | None,
    kinds: Sequence[str],
) -> list[Record]:
    if mode == "defender":
        if store.find(KINDS["defender"], defender_id) is None:
            raise NotFound()
        chosen = [r for records in store.linked(defender_id).values() for r in records]
    else:
        chosen = []
        for kind in kinds:
            for record in _live(store, kind):
                if mode == "since":
                    stamp = record.updated_at or record.created_at or ""
                    if stamp[:10] >= since.isoformat():
                        chosen.append(record)
                elif any(
                    versions.their_hash(store.conn, c.id, record.id)
                    != versions.content_hash(record)
                    for c in contacts
                ):
                    chosen.append(record)
    # Records they link to travel along unless every recipient surely holds them, since a
    # hearing needs its court case and defender to be valid over there.
    have = {r.id for r in chosen}
    queue = list(chosen)
    while queue:
        for kind, ref_id in links(queue.pop()):
            if ref_id in have or kind not in KINDS:
                continue
            have.add(ref_id)
            if all(versions.holds(store.conn, c.id, ref_id) for c in contacts):
                continue
            target = store.find(KINDS[kind], ref_id)
            if target is not None:
                chosen.append(target)
                queue.append(target)
    order = {cls.KIND: i for i, cls in enumerate(all_kinds())}
    unique = {r.id: r for r in chosen}
    return sorted(unique.values(), key=lambda r: (order[r.KIND], r.created_at or "", r.id))


def build_bundle(
    store,
    to: Sequence[str],
    *,
    defender_id: str | None = None,
    since: date | None = None,
    kinds: Sequence[str] | None = None,
    allow_unverified: bool = False,
) -> ExportedBundle:
    """Make a bundle for the contacts *to* (ids) and record it (exchange log, audit).

    Selection: *defender_id* — the defender and every live record linked to it; or *since* —
    records of *kinds* (default: hearings, prison visits, court cases) created or changed on or
    after that date (UTC); or neither — records of *kinds* whose current version a recipient is
    not known to hold ("since the last exchange"). Records they link to are added when a
    recipient is not known to hold them. Soft-deleted records never travel.
    """
    if defender_id is not None and since is not None:
        raise ValueError("give defender_id or since, not both")
    if not to:
        raise UnknownContact(_("Name at least one contact to send the bundle to."))
    mode = "defender" if defender_id is not None else ("since" if since is not None else None)
    mode = mode or "last_exchange"
    chosen_kinds = tuple(dict.fromkeys(kinds)) if kinds else default_kinds()
    unknown = [k for k in chosen_kinds if k not in KINDS]
    if unknown:
        raise NotFound(_("Unknown record kind: {kinds}.").format(kinds=", ".join(unknown)))
    with store.transaction():
        identity = ensure_identity(store)
        contacts = tuple(dict((c.id, c) for c in (get_contact(store.conn, i) for i in to)).values())
        for contact in contacts:
            if not contact.verified and not allow_unverified:
                raise ContactNotVerified(contact.label, contact.fingerprint)
        records = _select(store, contacts, mode, defender_id, since, chosen_kinds)
        if not records:
            raise NothingToExport()
        bundle_id = secrets.token_hex(16)
        at = audit.utc_now()
        created_at = at[:19] + "Z"
        section: dict[str, Any] = {"format": records_json.FORMAT, "version": records_json.VERSION}
        counts: dict[str, int] = {}
        hashes: dict[str, str] = {}
        supersedes: dict[str, dict[str, list[str]]] = {}
        for record in records:
            section.setdefault(record.JSON_KEY, []).append(codec.to_dict(record))
            counts[record.KIND] = counts.get(record.KIND, 0) + 1
            digest = versions.content_hash(record)
            hashes[record.id] = digest
            older = versions.superseded(store.conn, record.id, versions.MAX_SUPERSEDED + 1)
            supersedes[record.id] = {
                "supersedes": [h for h in older if h != digest][: versions.MAX_SUPERSEDED]
            }
        selection: dict[str, Any] = {"mode": mode}
        if mode == "defender":
            selection["defender_id"] = defender_id
        else:
            selection["kinds"] = list(chosen_kinds)
            if since is not None:
                selection["since"] = since.isoformat()
        recipients = sorted({identity.fingerprint, *(c.fingerprint for c in contacts)})
        body = {
            "format": FORMAT,
            "version": VERSION,
            "bundle_id": bundle_id,
            "created_at": created_at,
            "app_version": __version__,
            "sender": identity.card().to_dict(),
            "recipients": recipients,
            "selection": selection,
            "records": section,
            "versions": supersedes,
        }
        data = framing.seal(
            _canonical(body),
            identity,
            [identity.age_recipient, *(c.age_recipient for c in contacts)],
        )
        # What the recipients now hold, for "since the last exchange" and conflict detection.
        for record in records:
            for contact in contacts:
                versions.log_sent(
                    store.conn, contact.id, record.KIND, record.id, hashes[record.id], at
                )
            versions.remember(store.conn, record.id, [hashes[record.id]], at)
            store.record_export(record.KIND, record.id, what="bundle", detail={"bundle": bundle_id})
        with storage_errors():
            store.conn.execute(
                "INSERT INTO exchange_bundles(bundle_id, direction, sender, created_at, "
                "processed_at, counts) VALUES (?, 'out', ?, ?, ?, ?)",
                (bundle_id, identity.fingerprint, created_at, at, json.dumps(counts)),
            )
        store.record_export(
            "bundle",
            bundle_id,
            what="bundle",
            detail={
                "counts": counts,
                "to": [c.fingerprint for c in contacts],
                "mode": mode,
                "bytes": len(data),
            },
        )
    return ExportedBundle(data, bundle_id, created_at, counts, contacts)


def export_bundle(store, to: Sequence[str], **kw: Any) -> bytes:
    """The bytes of a new bundle (see :func:`build_bundle` for the selection)."""
    return build_bundle(store, to, **kw).data


# --- open ------------------------------------------------------------------------------------


@dataclass
class OpenedBundle:
    """A bundle whose signature and addressing passed; nothing of it is in the vault yet."""

    bundle_id: str
    created_at: str
    app_version: str
    sender: ContactCard
    #: the sender as a contact of this vault; None for an accepted unknown sender or our own
    contact: Contact | None
    from_self: bool
    recipients: tuple[str, ...]
    selection: dict[str, Any]
    #: records in link order, decoded and checked field by field (not yet against the vault)
    records: list[Record]
    #: record id → content hashes the sender's version supersedes
    supersedes: dict[str, tuple[str, ...]]
    #: record id → where it is in the bundle ("hearings[2]"), for messages
    positions: dict[str, str] = field(default_factory=dict)

    @property
    def sender_verified(self) -> bool:
        return self.from_self or (self.contact is not None and self.contact.verified)

    @property
    def accepted_unknown_sender(self) -> bool:
        return self.contact is None and not self.from_self

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for record in self.records:
            out[record.KIND] = out.get(record.KIND, 0) + 1
        return out


def _content_error() -> BundleCorrupt:
    return BundleCorrupt(BundleCorrupt.CONTENT)


def _parse_body(body: bytes, signature: bytes) -> tuple[dict[str, Any], ContactCard]:
    try:
        raw = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _content_error() from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _content_error()
    try:
        sender = ContactCard.from_dict(raw.get("sender"))
    except InvalidContactCard as exc:
        raise _content_error() from exc
    # Nothing else is believed before the sender's key vouches for the bytes.
    if not sender.verify(framing.signed_message(body), signature):
        raise BadSignature()
    version = raw.get("version")
    if type(version) is not int or version != VERSION or set(raw) != _KEYS:
        raise _content_error()
    bundle_id = raw["bundle_id"]
    if not (
        isinstance(bundle_id, str)
        and len(bundle_id) == 32
        and all(c in "0123456789abcdef" for c in bundle_id)
    ):
        raise _content_error()
    for name in ("created_at", "app_version"):
        if not isinstance(raw[name], str) or len(raw[name]) > 64:
            raise _content_error()
    recipients = raw["recipients"]
    if not isinstance(recipients, list) or not recipients or len(recipients) > 1000:
        raise _content_error()
    if any(normalise_fingerprint(r) != r for r in recipients):
        raise _content_error()
    selection = raw["selection"]
    if not isinstance(selection, dict) or selection.get("mode") not in MODES:
        raise _content_error()
    if not isinstance(raw["records"], dict) or not isinstance(raw["versions"], dict):
        raise _content_error()
    return raw, sender


def _supersedes(raw: Any, ids: set[str]) -> dict[str, tuple[str, ...]]:
    if set(raw) != ids:
        raise _content_error()
    out: dict[str, tuple[str, ...]] = {}
    for record_id, entry in raw.items():
        if not isinstance(entry, dict) or set(entry) != {"supersedes"}:
            raise _content_error()
        hashes = entry["supersedes"]
        if (
            not isinstance(hashes, list)
            or len(hashes) > versions.MAX_SUPERSEDED
            or not all(versions.is_hash(h) for h in hashes)
        ):
            raise _content_error()
        out[record_id] = tuple(hashes)
    return out


def _positions(section: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for cls in all_kinds():
        entries = section.get(cls.JSON_KEY)
        for i, raw in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                out.setdefault(raw["id"], f"{cls.JSON_KEY}[{i}]")
    return out


def imported_at(conn, bundle_id: str) -> str | None:
    """When the bundle *bundle_id* was imported into this vault, or None."""
    with storage_errors():
        row = conn.execute(
            "SELECT processed_at FROM exchange_bundles WHERE bundle_id = ? AND direction = 'in'",
            (bundle_id,),
        ).fetchone()
    return row[0] if row else None


def open_bundle(store, data: bytes, *, accept_unknown_sender: bool = False) -> OpenedBundle:
    """Decrypt and check *data*; never writes. Raises only the errors documented in
    :mod:`.errors` (and :class:`ImportRefused` for records this vault cannot accept).

    An unknown sender raises :class:`UnknownSender` (with its card) unless
    *accept_unknown_sender*: then the bundle opens, and applying it adds the sender as an
    unverified contact.
    """
    identity = load_identity(store.conn)
    body, signature = framing.unseal(data, identity)
    assert identity is not None  # unseal refuses a vault without one
    raw, sender = _parse_body(body, signature)
    if identity.fingerprint not in raw["recipients"]:
        # Decrypted, so it was re-encrypted to us by a recipient: not meant for this vault.
        raise NotForThisVault(forwarded=True)
    from_self = sender.fingerprint == identity.fingerprint
    contact = None if from_self else find_by_fingerprint(store.conn, sender.fingerprint)
    if contact is not None and (
        contact.age_recipient != sender.age_recipient
        or contact.ed25519_public != sender.ed25519_public
    ):
        # Same fingerprint, other keys: only a broken hash could do that; refuse regardless.
        raise BadSignature()
    if contact is None and not from_self and not accept_unknown_sender:
        raise UnknownSender(sender)
    when = imported_at(store.conn, raw["bundle_id"])
    if when is not None:
        raise AlreadyImported(raw["bundle_id"], when)
    records, problems = records_json.decode(raw["records"])
    if problems:
        raise ImportRefused(problems)
    ids = {r.id for r in records}
    return OpenedBundle(
        bundle_id=raw["bundle_id"],
        created_at=raw["created_at"],
        app_version=raw["app_version"],
        sender=sender,
        contact=contact,
        from_self=from_self,
        recipients=tuple(raw["recipients"]),
        selection=raw["selection"],
        records=records,
        supersedes=_supersedes(raw["versions"], ids),
        positions=_positions(raw["records"]),
    )
