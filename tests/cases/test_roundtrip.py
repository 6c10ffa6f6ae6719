"""Arbitrary Unicode text round-trips through save, load, export and import unchanged."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.records_json import export_records, import_records
from hrd_desk.cases.store import Store
from hrd_desk.crypto.vault import create_vault
from tests.cases.conftest import TODAY, defender
from tests.conftest import PASSPHRASE

# Any code point except NUL and lone surrogates (not encodable): RTL, combining marks,
# control characters, emoji, private use.
any_char = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
line = st.text(
    any_char.filter(lambda c: c not in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip())
notes = st.one_of(
    st.text(any_char, max_size=400),
    st.text(st.sampled_from("مرحبا שלום Привет ñ \u200f\u202e\t\n"), max_size=200),
    st.integers(90_000, 100_000).map(lambda n: ("العدالة للجميع — justice ✊ " * 4000)[:n]),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pseudonym=line, full_name=line, note=notes, contacts=notes)
def test_unicode_round_trip(tmp_path_factory, pseudonym, full_name, note, contacts) -> None:
    base = tmp_path_factory.mktemp("rt")
    if pseudonym.strip().casefold() == full_name.strip().casefold():
        full_name = full_name + " X"
    vault, _ = create_vault(base / "a", PASSPHRASE)
    with vault:
        store = Store.open(vault, actor="t", today=lambda: TODAY)
        saved = store.add(
            defender(pseudonym=pseudonym, full_name=full_name, notes=note, contacts=contacts)
        )
        loaded = store.get(Defender, saved.id)
        assert (loaded.pseudonym, loaded.full_name, loaded.notes, loaded.contacts) == (
            pseudonym,
            full_name,
            note,
            contacts,
        )
        exported = json.loads(json.dumps(export_records(store), ensure_ascii=False))
    vault2, _ = create_vault(base / "b", PASSPHRASE)
    with vault2:
        store2 = Store.open(vault2, actor="t", today=lambda: TODAY)
        import_records(store2, exported)
        again = store2.get(Defender, saved.id)
        assert (again.pseudonym, again.full_name, again.notes, again.contacts) == (
            pseudonym,
            full_name,
            note,
            contacts,
        )
        assert export_records(store2) == exported


def test_big_note_is_searchable(store) -> None:
    text = "word " * 20_000 + "needle-in-the-notes"
    d = store.add(defender(notes=text))
    assert [h.record_id for h in store.search("needle")] == [d.id]
