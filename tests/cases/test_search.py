"""Full-text search: user queries never raise; pseudonym, note word and prefix hits; ranking."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.incidents import Incident
from hrd_desk.cases.search import fts_query
from tests.cases.conftest import defender, incident

NASTY = [
    '"',
    '"unbalanced',
    "*",
    "-",
    "- -",
    "NEAR",
    "NEAR(a b)",
    "a NEAR b",
    "(",
    ")",
    "((a",
    "a OR",
    "AND",
    "NOT x",
    "^",
    "col:val",
    "title:x",
    "'",
    "\\",
    "{a}",
    "[x]",
    "a*b",
    "***",
    '""',
    "''",
    "  ",
    "",
    "\x01",
    "NEAR/3",
    "+",
    "a AND (b OR",
    "ًٌٍ",
    "٭",
]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(),
        st.sampled_from(NASTY),
        st.lists(st.sampled_from([*NASTY, "amal", "x"]), max_size=6).map(" ".join),
    )
)
def test_any_query_never_raises(store, query) -> None:
    store.search(query)


def test_nasty_queries_with_data(store) -> None:
    store.add(defender(notes='NEAR the river (north) - "quoted" AND *stars*'))
    for q in NASTY:
        store.search(q)
    assert store.search("NEAR river")  # operators typed by users are plain words


def test_found_by_pseudonym_note_word_prefix_and_script(store) -> None:
    a = store.add(
        defender(
            pseudonym="Kestrel",
            full_name="Ольга Смирнова",
            notes="Organised the dockworkers' strike",
        )
    )
    b = store.add(defender(pseudonym="Olive", full_name="أمل حداد", notes="Lawyer"))
    i = store.add(incident(b.id, description="Raid on the office; laptops confiscated"))
    assert [h.record_id for h in store.search("Kestrel")] == [a.id]
    assert [h.record_id for h in store.search("dockworkers")] == [a.id]
    assert [h.record_id for h in store.search("dockwo")] == [a.id]  # prefix
    assert [h.record_id for h in store.search("смирн")] == [a.id]  # Cyrillic, case-folded
    assert [h.record_id for h in store.search("حداد")] == [b.id]
    assert [h.record_id for h in store.search("confiscat")] == [i.id]
    hit = store.search("laptops")[0]
    assert (hit.kind, hit.pseudonym) == ("incident", "Olive")
    assert store.search("organise")  # accents/diacritics folded? plain prefix here
    assert store.search("ORGANISED")[0].record_id == a.id


def test_diacritics_are_folded(store) -> None:
    d = store.add(defender(pseudonym="Ibis", full_name="José Álvarez Núñez"))
    assert [h.record_id for h in store.search("nunez")] == [d.id]
    assert [h.record_id for h in store.search("Álvarez")] == [d.id]


def test_pseudonym_hits_rank_first(store) -> None:
    named = store.add(defender(pseudonym="Juniper", full_name="A B"))
    store.add(defender(pseudonym="Other", full_name="C D", notes="Met Juniper's cousin"))
    assert store.search("Juniper")[0].record_id == named.id


def test_soft_deleted_not_found_and_undelete_restores(store) -> None:
    d = store.add(defender(pseudonym="Sparrow"))
    i = store.add(incident(d.id, description="checkpoint harassment"))
    store.delete(Incident, i.id)
    assert store.search("checkpoint") == []
    store.delete(Defender, d.id)
    assert store.search("Sparrow") == []
    assert store.count("defender") == 0
    store.undelete(Defender, d.id)
    assert [h.record_id for h in store.search("Sparrow")] == [d.id]


def test_updates_reindex(store) -> None:
    d = store.add(defender(notes="old words"))
    from dataclasses import replace

    store.update(replace(d, notes="brand new phrase"))
    assert store.search("old") == []
    assert [h.record_id for h in store.search("phrase")] == [d.id]


def test_fts_query_quotes_everything() -> None:
    assert fts_query('a "b" NEAR(cd') == '"a" "b" "NEAR" "cd"*'
    assert fts_query("") is None and fts_query("***") is None
