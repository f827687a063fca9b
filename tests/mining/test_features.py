"""Feature rows, Parquet snapshots and the Django row stream."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fengqiao.mining.entities import EntityIndex, org_key, resolve_entities
from fengqiao.mining.features import (
    apply_entity_keys,
    case_row,
    case_rows_from_db,
    org_name_counts,
    party_frame,
    party_side,
    period_bounds,
    period_code,
    period_label,
    read_snapshot,
    scan_snapshot,
    write_snapshot,
)


def test_party_side_folds_roles():
    assert party_side("原告") == "原告"
    assert party_side("申请执行人") == "原告"
    assert party_side("被告人") == "被告"
    assert party_side("被执行人") == "被告"
    assert party_side("上诉人（原审被告）") == "被告"
    assert party_side("被上诉人(原审原告)") == "原告"
    assert party_side("上诉人") == "上诉人"
    assert party_side("原审第三人") == "第三人"
    assert party_side("") == "其他"


def test_case_row_fields():
    row = case_row(
        case_id=7,
        owner_id=3,
        court_code="苏0106",
        decided_on="2025-08-02",
        cause="物业服务合同纠纷",
        amounts=[1200.0, 1200.0, 300.0],
        parties=[
            ("南京市恒达物业服务有限公司", "原告", "company"),
            ("张三", "被告", "person"),
            {"name": "南京市鼓楼区住建局", "role": "第三人", "kind": ""},
        ],
        facts="被告以电梯维修不及时为由拒交物业费。",
    )
    assert (row["year"], row["month"], row["quarter"]) == (2025, 8, 3)
    assert row["period_m"] == 2025 * 12 + 7 and row["period_q"] == 2025 * 4 + 2
    assert row["amount_total"] == 1500.0 and row["amount_max"] == 1200.0
    company, person, agency = row["parties"]
    assert company["key"] == org_key("南京市恒达物业服务有限公司") and company["side"] == "原告"
    assert person == {"key": "", "name": "", "role": "被告", "side": "被告", "kind": "person"}
    assert agency["kind"] == "government"  # classified from the name when not given
    assert agency["key"] == org_key("南京市鼓楼区住房和城乡建设局")
    undated = case_row(case_id=8, year=2024)
    assert undated["year"] == 2024 and undated["period_m"] is None and undated["parties"] == []


def test_entity_index_is_used_for_keys():
    index = EntityIndex(resolve_entities(["南京市恒达物业服务有限公司"]))
    row = case_row(case_id=1, parties=[("南京恒达物业服务有限责任公司", "原告", "company")],
                   entities={"南京恒达物业服务有限责任公司": "X"})  # fmt: skip
    assert row["parties"][0]["key"] == "X"
    row = case_row(case_id=1, parties=[("南京市恒达物业服务有限公司", "原告", "company")],
                   entities=index)  # fmt: skip
    assert row["parties"][0]["key"] == index.key("南京市恒达物业服务有限公司")


def _rows(n: int) -> list[dict]:
    return [
        case_row(
            case_id=i,
            owner_id=1,
            court_code="苏0106",
            decided_on=date(2024, 1 + i % 12, 1 + i % 28),
            cause="物业服务合同纠纷" if i % 2 else "民间借贷纠纷",
            parties=[
                ("南京市恒达物业服务有限公司" if i % 3 else "南京恒达物业服务有限责任公司", "原告", "company"),
                ("李四", "被告", "person"),
            ],
            facts=f"事实{i}",
        )
        for i in range(n)
    ]  # fmt: skip


def test_snapshot_round_trip_and_parts(tmp_path):
    rows = _rows(25)
    assert write_snapshot(rows, tmp_path / "a.parquet", batch_rows=10) == 25
    df = read_snapshot(tmp_path / "a.parquet")
    assert df.height == 25 and df["case_id"].to_list() == list(range(25))
    assert df.schema["parties"] == pl.List(
        pl.Struct({"key": pl.String, "name": pl.String, "role": pl.String, "side": pl.String, "kind": pl.String})
    )  # fmt: skip
    parts = tmp_path / "parts"
    write_snapshot(rows[:10], parts / "p0.parquet")
    write_snapshot(rows[10:], parts / "p1.parquet")
    assert scan_snapshot(parts).select(pl.len()).collect().item() == 25
    assert read_snapshot(parts, columns=["case_id"]).columns == ["case_id"]
    assert write_snapshot([], tmp_path / "empty.parquet") == 0
    assert read_snapshot(tmp_path / "empty.parquet").height == 0


def test_name_counts_and_rekeying(tmp_path):
    write_snapshot(_rows(30), tmp_path / "a.parquet")
    counts = org_name_counts(tmp_path / "a.parquet")
    assert counts == {"南京市恒达物业服务有限公司": 20, "南京恒达物业服务有限责任公司": 10}
    df = read_snapshot(tmp_path / "a.parquet")
    out = apply_entity_keys(
        df, {"南京恒达物业服务有限责任公司": "E1", "南京市恒达物业服务有限公司": "E1"}
    )
    assert out.columns == df.columns and out.height == df.height
    parties = party_frame(out).collect()
    assert set(parties["key"].to_list()) == {"E1"} and parties.height == 30
    assert out["parties"].to_list()[0][1]["kind"] == "person"  # persons kept, unkeyed
    assert party_frame(out, orgs_only=False).collect().height == 60


@given(st.integers(2000, 2100), st.integers(0, 3), st.integers(0, 11))
def test_period_helpers(year, q, m):
    qi, mi = year * 4 + q, year * 12 + m
    start, end = period_bounds("quarter", qi)
    assert start.year == year and start.month == 3 * q + 1 and end.month == 3 * q + 3
    assert period_code("quarter", qi) == f"{year}Q{q + 1}"
    assert period_label("quarter", qi) == f"{year}年第{q + 1}季度"
    start, end = period_bounds("month", mi)
    assert start == date(year, m + 1, 1) and end.month == m + 1 and (end.day >= 28)
    assert period_label("month", mi) == f"{year}年{m + 1}月"


@pytest.mark.django_db
def test_case_rows_from_db_streams_in_chunks(world):
    from fengqiao.cases.models import Case, CaseParty

    for i in range(5):
        case = Case.objects.create(
            owner=world.basic,
            case_no=f"（2024）苏0106民初{i + 1}号",
            court_key="苏0106",
            court_code="苏0106",
            year=2024,
            cause="物业服务合同纠纷",
            domain="房地产",
            type_code="民初",
            outcome="支持",
            decided_on=date(2024, 3, i + 1),
            amounts=[1000.0 + i],
            sections={"facts": f"被告拒交物业费{i}", "reasoning": "本院认为……"},
            full_text="全文",
            content_hash=str(i),
        )
        CaseParty.objects.create(
            case=case, position=0, name="南京市恒达物业服务有限公司", role="原告", kind="company"
        )
        CaseParty.objects.create(case=case, position=1, name="王五", role="被告", kind="person")  # fmt: skip
    rows = list(case_rows_from_db(Case.objects.all(), chunk_size=2))
    assert [r["facts"] for r in rows] == [f"被告拒交物业费{i}" for i in range(5)]
    assert all(r["owner_id"] == world.basic.id and r["period_q"] == 2024 * 4 for r in rows)
    assert rows[0]["parties"][0]["key"] == org_key("南京市恒达物业服务有限公司")
    assert rows[0]["parties"][1]["name"] == ""
    no_facts = list(
        case_rows_from_db(Case.objects.filter(decided_on__day__gte=4), with_facts=False)
    )
    assert len(no_facts) == 2 and no_facts[0]["facts"] is None
