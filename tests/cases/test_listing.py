"""Lists sort, filter and page in SQL."""

from __future__ import annotations

import json

import pytest

from hrd_desk.cases.defenders import DefenderKind, DefenderStatus, HrdCategory
from hrd_desk.cases.listing import ListQuery
from hrd_desk.cases.vocab import Confidentiality
from tests.cases.conftest import assessment, defender, request


@pytest.fixture
def many(store):
    statuses = list(DefenderStatus)
    with store.transaction():
        for i in range(120):
            d = store.add(
                defender(
                    pseudonym=f"{'abcdefghij'[i % 10]}-{i:03d}",
                    full_name=f"N {i}",
                    current_status=statuses[i % len(statuses)],
                    country=["SY", "CO", "RU"][i % 3],
                    hrd_categories=[HrdCategory.JOURNALIST]
                    if i % 4 == 0
                    else [HrdCategory.STUDENT],
                    confidentiality=Confidentiality.PUBLIC
                    if i % 5 == 0
                    else Confidentiality.CONFIDENTIAL,
                    kind=DefenderKind.INDIVIDUAL,
                )
            )
            if i % 6 == 0:
                store.add(
                    assessment(
                        d.id,
                        likelihood=5,
                        impact=5 - (i % 12 == 0) * 3,
                        next_review=__import__("datetime").date(2026, 11, 10),
                    )
                )
    return store


def test_paging_reads_one_page(many) -> None:
    many.rows_fetched = 0
    page = many.list("defender", ListQuery(limit=25, offset=50))
    assert len(page.rows) == 25 and page.total == 120 and page.offset == 50
    assert many.rows_fetched == 25
    everything = [
        r.id
        for p in range(0, 120, 25)
        for r in many.list("defender", ListQuery(limit=25, offset=p)).rows
    ]
    assert len(everything) == len(set(everything)) == 120


def test_sort_by_each_column_both_ways(many) -> None:
    for column in ("pseudonym", "kind", "current_status", "country", "current_risk", "updated_at"):
        up = [r[column] for r in many.list("defender", ListQuery(sort=column, limit=500)).rows]
        down = [
            r[column]
            for r in many.list("defender", ListQuery(sort=column, descending=True, limit=500)).rows
        ]
        assert len(up) == 120
        if column == "current_risk":
            ranks = {None: 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
            assert [ranks[v] for v in up] == sorted(ranks[v] for v in up)
        elif column == "pseudonym":
            assert up == sorted(up, key=str.casefold)
        else:
            assert up == sorted(up, key=lambda v: (v is not None, v))
        assert down[0] == up[-1]


def test_filters(many) -> None:
    page = many.list("defender", ListQuery(filters={"country": ["SY"]}, limit=500))
    assert page.total == 40 and {r["country"] for r in page.rows} == {"SY"}
    page = many.list("defender", ListQuery(filters={"category": ["journalist"]}, limit=500))
    assert page.total == 30
    assert all("journalist" in json.loads(r["categories"]) for r in page.rows)
    page = many.list("defender", ListQuery(filters={"status": ["detained", "exiled"]}))
    assert {r["current_status"] for r in page.rows} <= {"detained", "exiled"}
    assert page.total == 30
    page = many.list("defender", ListQuery(filters={"risk": ["critical"]}))
    assert page.total == 10 and {r["current_risk"] for r in page.rows} == {"critical"}
    page = many.list(
        "defender", ListQuery(filters={"confidentiality": ["public"], "country": ["CO", "RU"]})
    )
    assert page.total == 16
    assert many.count("defender", {"kind": ["organisation"]}) == 0
    with pytest.raises(KeyError):
        many.list("defender", ListQuery(filters={"nonsense; DROP TABLE x": ["1"]}))


def test_request_list_joins_pseudonym(many) -> None:
    d = many.list("defender", ListQuery(limit=1)).rows[0]
    many.add(request(d.id))
    rows = many.list("request").rows
    assert rows[0]["pseudonym"] == d["pseudonym"]
    assert many.list("request", ListQuery(filters={"defender_id": [d.id]})).total == 1


def test_list_plan_uses_an_index(many) -> None:
    plan = many.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM defenders r WHERE r.deleted_at IS NULL "
        "ORDER BY r.pseudonym COLLATE NOCASE LIMIT 50"
    ).fetchall()
    assert "USING INDEX" in repr(plan) and "TEMP B-TREE" not in repr(plan)
