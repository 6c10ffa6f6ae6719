"""Two real vaults that know each other (a post and a trial observer's laptop), and helpers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from hrd_desk.cases.records_json import export_records
from hrd_desk.cases.store import Store
from hrd_desk.cases.trials import CourtCase, CourtType, Hearing, HearingType
from hrd_desk.cases.visits import PrisonVisit, VisitStatus, VisitType
from hrd_desk.crypto.vault import Vault, create_vault
from hrd_desk.exchange import contacts, framing
from hrd_desk.exchange.identity import Identity, ensure_identity
from tests.cases.conftest import TODAY, consent, defender
from tests.conftest import PASSPHRASE

EXCHANGE_TABLES = (
    "exchange_identity",
    "exchange_contacts",
    "exchange_log",
    "exchange_versions",
    "exchange_bundles",
)


@dataclass
class Side:
    folder: Path
    vault: Vault
    store: Store
    identity: Identity
    #: this vault's contact id for the other side
    other: str = ""


def open_side(folder: Path, actor: str, label: str) -> Side:
    vault, _recovery = create_vault(folder, PASSPHRASE)
    store = Store.open(vault, actor=actor, today=lambda: TODAY)
    return Side(folder, vault, store, ensure_identity(store, label))


def introduce(a: Side, b: Side, *, verify: bool = True) -> None:
    """Each side adds the other's card (and verifies the fingerprint, as read over the phone)."""
    a.other = contacts.add_contact(a.store, b.identity.card().to_text()).id
    b.other = contacts.add_contact(b.store, a.identity.card().to_text()).id
    if verify:
        contacts.mark_verified(a.store, a.other, b.identity.fingerprint)
        contacts.mark_verified(b.store, b.other, a.identity.fingerprint)


@pytest.fixture
def post(tmp_path: Path) -> Iterator[Side]:
    side = open_side(tmp_path / "post", "officer", "Post A")
    yield side
    side.vault.lock()


@pytest.fixture
def observer(tmp_path: Path) -> Iterator[Side]:
    side = open_side(tmp_path / "observer", "observer", "Trial observer laptop")
    yield side
    side.vault.lock()


@pytest.fixture
def stranger(tmp_path: Path) -> Iterator[Side]:
    side = open_side(tmp_path / "stranger", "stranger", "Someone else")
    yield side
    side.vault.lock()


@pytest.fixture
def pair(post: Side, observer: Side) -> tuple[Side, Side]:
    introduce(post, observer)
    return post, observer


@dataclass
class Case:
    defender_id: str
    court_case_id: str
    hearing_id: str
    visit_id: str


def court_case(defender_id: str, **kw) -> CourtCase:
    base = dict(defender_id=defender_id, court_type=CourtType.CIVILIAN, case_number="2026/117")
    return CourtCase(**{**base, **kw})


def hearing(case: CourtCase, **kw) -> Hearing:
    base = dict(
        defender_id=case.defender_id,
        court_case_id=case.id,
        date=date(2026, 11, 18),
        type=HearingType.MERITS,
        judges="Panel of three",
        notes="Observers were admitted late.",
    )
    return Hearing(**{**base, **kw})


def visit(defender_id: str, **kw) -> PrisonVisit:
    base = dict(
        defender_id=defender_id,
        visit_type=VisitType.DETAINEE,
        visit_date=date(2026, 11, 20),
        status=VisitStatus.PLANNED,
        facility_name="Central Prison",
    )
    return PrisonVisit(**{**base, **kw})


def make_case(store: Store, **defender_kw) -> Case:
    """A defender with consent, a court case, a hearing and a prison visit."""
    d = store.add(defender(**defender_kw))
    store.add(consent(d.id))
    cc = store.add(court_case(d.id))
    h = store.add(hearing(cc))
    v = store.add(visit(d.id))
    return Case(d.id, cc.id, h.id, v.id)


def audit_count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def audit_rows(store: Store) -> list[tuple]:
    return store.conn.execute(
        "SELECT action, kind, record_id, detail FROM audit_log ORDER BY seq"
    ).fetchall()


def state(store: Store) -> str:
    """Everything an import could change: every record, the audit trail, the exchange tables."""
    tables = {
        t: store.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
        for t in EXCHANGE_TABLES
    }
    audit = store.conn.execute("SELECT * FROM audit_log ORDER BY seq").fetchall()
    versions = {}
    for table in ("defenders", "hearings", "prison_visits", "court_cases", "consents"):
        versions[table] = store.conn.execute(
            f"SELECT id, version, deleted_at FROM {table} ORDER BY id"
        ).fetchall()
    return json.dumps([export_records(store), tables, audit, versions], sort_keys=True, default=str)


def refresh_checksum(data: bytes) -> bytes:
    """What someone changing a bundle on purpose would do: recompute the (unkeyed) checksum."""
    import hashlib

    body = data[: -framing.CHECKSUM_BYTES]
    return body + hashlib.sha256(body).digest()


def reseal(body: bytes, signature: bytes, recipients: list[str]) -> bytes:
    """A well-framed bundle holding *body* and *signature*, encrypted to *recipients* — the
    tool of someone who can encrypt to a vault (anyone with its card) but cannot sign for
    another."""
    import hashlib
    import struct

    import pyrage

    inner = struct.pack(">I", len(body)) + body + signature
    payload = pyrage.encrypt(inner, [pyrage.x25519.Recipient.from_str(r) for r in recipients])
    framed = framing.MAGIC + struct.pack(">HQ", framing.VERSION, len(payload)) + payload
    return framed + hashlib.sha256(framed).digest()
