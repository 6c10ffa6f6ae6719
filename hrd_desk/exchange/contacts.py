"""Contacts: the vaults and headquarters this vault exchanges with, by their public keys.

A contact is added from its card *unverified*. It becomes verified only when the officer types
the fingerprint they compared with its owner (read over the phone, in person) and it matches
the keys — the step that defeats a card swapped on the way. Bundles go only to verified contacts
unless the officer says otherwise; bundles from a contact, verified or not, are checked against
its stored keys. Every change is in the audit trail (field names only).
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass

from hrd_desk.cases import audit
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.crypto.vault import Connection
from hrd_desk.exchange.errors import (
    FingerprintMismatch,
    InvalidContactCard,
    UnknownContact,
)
from hrd_desk.exchange.identity import (
    ContactCard,
    clean_label,
    load_identity,
    normalise_fingerprint,
)
from hrd_desk.i18n import _

_COLUMNS = "id, label, fingerprint, age_recipient, ed25519_public, added_at, verified_at"


@dataclass(frozen=True)
class Contact:
    id: str
    label: str
    fingerprint: str
    age_recipient: str
    ed25519_public: bytes
    added_at: str
    verified_at: str | None

    @property
    def verified(self) -> bool:
        return self.verified_at is not None

    def card(self) -> ContactCard:
        return ContactCard(self.label, self.age_recipient, self.ed25519_public)


def _row(row: tuple) -> Contact:
    return Contact(row[0], row[1], row[2], row[3], base64.b64decode(row[4]), row[5], row[6])


def list_contacts(conn: Connection) -> list[Contact]:
    with storage_errors():
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM exchange_contacts ORDER BY label COLLATE NOCASE, added_at"
        ).fetchall()
    return [_row(r) for r in rows]


def find_contact(conn: Connection, contact_id: str) -> Contact | None:
    with storage_errors():
        row = conn.execute(
            f"SELECT {_COLUMNS} FROM exchange_contacts WHERE id = ?", (contact_id,)
        ).fetchone()
    return _row(row) if row else None


def get_contact(conn: Connection, contact_id: str) -> Contact:
    found = find_contact(conn, contact_id)
    if found is None:
        raise UnknownContact()
    return found


def find_by_fingerprint(conn: Connection, fingerprint: str) -> Contact | None:
    canonical = normalise_fingerprint(fingerprint)
    if canonical is None:
        return None
    with storage_errors():
        row = conn.execute(
            f"SELECT {_COLUMNS} FROM exchange_contacts WHERE fingerprint = ?", (canonical,)
        ).fetchone()
    return _row(row) if row else None


def resolve_contact(conn: Connection, text: str) -> Contact:
    """A contact named the way a person types it: its id, its fingerprint, or its label
    (case-insensitive, when only one contact has it)."""
    found = find_contact(conn, text) or find_by_fingerprint(conn, text)
    if found is not None:
        return found
    wanted = text.strip().casefold()
    matches = [c for c in list_contacts(conn) if c.label.casefold() == wanted]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise UnknownContact(
            _("Several contacts are labelled “{label}”; name one by its id or fingerprint.").format(
                label=text
            )
        )
    raise UnknownContact(
        _("No contact “{name}”; list them with “hrd-desk contacts DIR list”.").format(name=text)
    )


def add_contact(
    store, card: ContactCard | str | bytes | dict, *, label: str | None = None
) -> Contact:
    """Add the vault whose card this is, unverified. Adding a card already known returns the
    existing contact unchanged (its verification is kept). *label* overrides the card's."""
    if not isinstance(card, ContactCard):
        card = ContactCard.from_dict(card) if isinstance(card, dict) else ContactCard.parse(card)
    name = card.label if label is None else clean_label(label)
    if name is None:
        raise InvalidContactCard(_("A label is one line of 1 to 100 characters."))
    with store.transaction():
        own = load_identity(store.conn)
        if own is not None and own.fingerprint == card.fingerprint:
            raise InvalidContactCard(
                _("This is this vault's own contact card; give it to others instead.")
            )
        existing = find_by_fingerprint(store.conn, card.fingerprint)
        if existing is not None:
            return existing
        contact_id = str(uuid.uuid4())
        at = audit.utc_now()
        with storage_errors():
            store.conn.execute(
                f"INSERT INTO exchange_contacts({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL)",
                (
                    contact_id,
                    name,
                    card.fingerprint,
                    card.age_recipient,
                    base64.b64encode(card.ed25519_public).decode("ascii"),
                    at,
                ),
            )
        audit.append(
            store.conn,
            actor=store.actor,
            action="create",
            kind="contact",
            record_id=contact_id,
            fields=["age_recipient", "ed25519_public", "fingerprint", "label"],
            detail={"fingerprint": card.fingerprint},
            at=at,
        )
        return get_contact(store.conn, contact_id)


def mark_verified(store, contact_id: str, typed_fingerprint: str) -> Contact:
    """Mark a contact verified: only if *typed_fingerprint* (as compared with its owner)
    matches the fingerprint of its stored keys. Raises :class:`FingerprintMismatch` otherwise."""
    with store.transaction():
        contact = get_contact(store.conn, contact_id)
        expected = contact.card().fingerprint  # from the keys, not from the stored column
        if normalise_fingerprint(typed_fingerprint) != expected or contact.fingerprint != expected:
            raise FingerprintMismatch()
        if contact.verified:
            return contact
        at = audit.utc_now()
        with storage_errors():
            store.conn.execute(
                "UPDATE exchange_contacts SET verified_at = ? WHERE id = ?", (at, contact.id)
            )
        audit.append(
            store.conn,
            actor=store.actor,
            action="update",
            kind="contact",
            record_id=contact.id,
            fields=["verified"],
            detail={"fingerprint": expected},
            at=at,
        )
        return get_contact(store.conn, contact.id)


def rename_contact(store, contact_id: str, label: str) -> Contact:
    name = clean_label(label)
    if name is None:
        raise InvalidContactCard(_("A label is one line of 1 to 100 characters."))
    with store.transaction():
        contact = get_contact(store.conn, contact_id)
        with storage_errors():
            store.conn.execute(
                "UPDATE exchange_contacts SET label = ? WHERE id = ?", (name, contact.id)
            )
        audit.append(
            store.conn,
            actor=store.actor,
            action="update",
            kind="contact",
            record_id=contact.id,
            fields=["label"],
        )
        return get_contact(store.conn, contact.id)
