"""Case features: one row per case, snapshotted to Parquet and read with Polars.

A row (:func:`case_row`) holds what the corpus-wide mining needs and nothing more::

    case_id, owner_id, court_code, year, month, quarter, period_m, period_q, decided_on,
    cause, domain, type_code, outcome, amount_total, amount_max,
    parties: list<struct<key, name, role, side, kind>>, facts, tokens

* ``period_m`` = year·12 + month − 1 and ``period_q`` = year·4 + quarter − 1 (integers, so
  windows are arithmetic); both are null without a decision date.
* ``amount_total`` is the sum of the *distinct* amounts found in the judgment and ``amount_max``
  the largest (parsers list every figure — claims, judgment, fees — so a plain sum double counts;
  ``amount_max`` is the better proxy for the amount in dispute).
* ``parties``: organisations carry their entity ``key`` (resolved, see
  :mod:`fengqiao.mining.entities`); natural persons keep role/side/kind only — their names are not
  copied into snapshots. ``side`` folds the many roles into 原告/被告/第三人/上诉人/被上诉人/其他.
* ``facts`` (the 事实 section) and ``tokens`` (space-joined pattern tokens) are optional.

Snapshots are written in row groups with pyarrow (bounded memory) and read lazily with Polars
(:func:`scan_snapshot` accepts a file or a directory of ``*.parquet`` parts).
:func:`case_rows_from_db` is the only place with Django: it streams Case + CaseParty rows in
keyset-paginated chunks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from fengqiao.mining.entities import EntityIndex, org_key

__all__ = [
    "ORG_KINDS",
    "SNAPSHOT_SCHEMA",
    "apply_entity_keys",
    "case_row",
    "case_rows_from_db",
    "org_name_counts",
    "party_frame",
    "party_side",
    "period_bounds",
    "period_code",
    "period_label",
    "read_snapshot",
    "scan_snapshot",
    "snapshot_files",
    "write_snapshot",
]

ORG_KINDS = ("company", "government", "organisation")

PARTY_TYPE = pa.struct(
    [
        ("key", pa.string()),
        ("name", pa.string()),
        ("role", pa.string()),
        ("side", pa.string()),
        ("kind", pa.string()),
    ]
)
SNAPSHOT_SCHEMA = pa.schema(
    [
        ("case_id", pa.int64()),
        ("owner_id", pa.int64()),
        ("court_code", pa.string()),
        ("year", pa.int32()),
        ("month", pa.int32()),
        ("quarter", pa.int32()),
        ("period_m", pa.int32()),
        ("period_q", pa.int32()),
        ("decided_on", pa.date32()),
        ("cause", pa.string()),
        ("domain", pa.string()),
        ("type_code", pa.string()),
        ("outcome", pa.string()),
        ("amount_total", pa.float64()),
        ("amount_max", pa.float64()),
        ("parties", pa.list_(PARTY_TYPE)),
        ("facts", pa.string()),
        ("tokens", pa.string()),
    ]
)

_PLAINTIFF = (
    "原告", "申请人", "申请执行人", "起诉人", "自诉人", "公诉机关", "原公诉机关", "再审申请人", "申诉人",
    "附带民事诉讼原告人", "原告人", "反诉被告", "申请再审人", "复议申请人", "赔偿请求人",
)  # fmt: skip
_DEFENDANT = (
    "被告", "被申请人", "被执行人", "被告人", "被告单位", "再审被申请人", "被申诉人", "反诉原告",
    "附带民事诉讼被告人", "赔偿义务机关", "被申请再审人", "原审被告人",
)  # fmt: skip
_ORIG_RE = re.compile(r"[（(](?:原审|一审)?([^）)]{1,12})[）)]")


def party_side(role: str | None) -> str:
    """原告 | 被告 | 第三人 | 上诉人 | 被上诉人 | 其他, from a role like ``上诉人（原审被告）``."""
    r = (role or "").strip()
    if not r:
        return "其他"
    m = _ORIG_RE.search(r)
    if m:  # the first-instance role decides the side: 上诉人（原审被告） → 被告
        inner = m.group(1)
        for base in ("被告", "原告", "第三人"):
            if inner.startswith(base) or inner.endswith(base):
                return base
        r = r[: m.start()]
    r = re.sub(r"^(?:原审|一审|二审|再审)", "", r)
    if "第三人" in r:
        return "第三人"
    if r.startswith("被上诉人"):
        return "被上诉人"
    if r.startswith("上诉人"):
        return "上诉人"
    if r in _DEFENDANT or r.startswith(("被告", "被申请", "被执行")):
        return "被告"
    if r in _PLAINTIFF or r.startswith(("原告", "申请")):
        return "原告"
    return "其他"


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _party_kind(name: str, role: str, kind: str) -> str:
    if kind:
        return kind
    from fengqiao.textlaw.judgment import classify_party_kind

    return classify_party_kind(name, role)


def case_row(
    *,
    case_id: int,
    owner_id: int | None = None,
    court_code: str = "",
    decided_on: date | str | None = None,
    year: int | None = None,
    cause: str = "",
    domain: str = "",
    type_code: str = "",
    outcome: str = "",
    amounts: Sequence[float] | None = (),
    parties: Iterable[tuple[str, str, str] | Mapping[str, Any]] = (),
    entities: EntityIndex | Mapping[str, str] | None = None,
    facts: str | None = None,
    tokens: str | None = None,
) -> dict[str, Any]:
    """One feature row. ``parties`` are (name, role, kind) tuples or dicts with those keys;
    ``entities`` maps organisation names to entity keys (default: the rule key)."""
    d = _as_date(decided_on)
    y = d.year if d else (int(year) if year else None)
    m = d.month if d else None
    q = (m - 1) // 3 + 1 if m else None
    vals = sorted({float(a) for a in (amounts or ()) if a is not None and float(a) > 0})
    out_parties: list[dict[str, str]] = []
    for p in parties:
        if isinstance(p, Mapping):
            name, role, kind = str(p.get("name") or ""), str(p.get("role") or ""), p.get("kind")
        else:
            name, role, kind = str(p[0] or ""), str(p[1] or ""), p[2] if len(p) > 2 else ""
        kind = _party_kind(name, role, str(kind or ""))
        side = party_side(role)
        if kind in ORG_KINDS and name:
            if isinstance(entities, EntityIndex):
                key = entities.key(name)
            elif entities is not None:
                key = entities.get(name) or org_key(name)
            else:
                key = org_key(name)
        else:
            key, name = "", ""
        out_parties.append({"key": key, "name": name, "role": role, "side": side, "kind": kind})
    return {
        "case_id": int(case_id),
        "owner_id": None if owner_id is None else int(owner_id),
        "court_code": court_code or "",
        "year": y,
        "month": m,
        "quarter": q,
        "period_m": y * 12 + m - 1 if (y and m) else None,
        "period_q": y * 4 + q - 1 if (y and q) else None,
        "decided_on": d,
        "cause": cause or "",
        "domain": domain or "",
        "type_code": type_code or "",
        "outcome": outcome or "",
        "amount_total": float(sum(vals)) if vals else None,
        "amount_max": float(vals[-1]) if vals else None,
        "parties": out_parties,
        "facts": facts,
        "tokens": tokens,
    }


def write_snapshot(
    rows: Iterable[Mapping[str, Any]], path: str | Path, *, batch_rows: int = 50_000
) -> int:
    """Stream ``rows`` into one Parquet file (zstd, row groups of ``batch_rows``). Returns the
    number of rows. Missing columns are written as nulls."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with pq.ParquetWriter(tmp, SNAPSHOT_SCHEMA, compression="zstd") as writer:
        batch: list[Mapping[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_rows:
                writer.write_table(pa.Table.from_pylist(batch, schema=SNAPSHOT_SCHEMA))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=SNAPSHOT_SCHEMA))
            n += len(batch)
    tmp.replace(path)
    return n


def snapshot_files(path: str | Path) -> list[Path]:
    """The Parquet files of a snapshot: the file itself, or a directory's ``*.parquet`` sorted."""
    p = Path(path)
    if p.is_dir():
        return sorted(p.glob("*.parquet"))
    return [p]


def scan_snapshot(path: str | Path | Sequence[str | Path]) -> pl.LazyFrame:
    """A lazy frame over a snapshot file, a directory of parts, or a list of files."""
    if isinstance(path, str | Path):
        files = snapshot_files(path)
    else:
        files = [Path(p) for p in path]
    if not files:
        return pl.LazyFrame(schema=pl.from_arrow(SNAPSHOT_SCHEMA.empty_table()).schema)
    return pl.scan_parquet([str(f) for f in files])


def read_snapshot(
    path: str | Path | Sequence[str | Path], columns: Sequence[str] | None = None
) -> pl.DataFrame:
    lf = scan_snapshot(path)
    if columns is not None:
        lf = lf.select(list(columns))
    return lf.collect()


def party_frame(cases: pl.DataFrame | pl.LazyFrame, *, orgs_only: bool = True) -> pl.LazyFrame:
    """One row per (case, party) with the case columns; organisations only by default."""
    lf = cases.lazy() if isinstance(cases, pl.DataFrame) else cases
    cols = [c for c in lf.collect_schema().names() if c not in ("parties", "facts", "tokens")]
    out = lf.select([*cols, "parties"]).explode("parties").unnest("parties")
    if orgs_only:
        out = out.filter(pl.col("key").is_not_null() & (pl.col("key") != ""))
    return out


def org_name_counts(
    source: pl.DataFrame | pl.LazyFrame | str | Path | Sequence[str | Path],
) -> dict[str, int]:
    """Organisation name → number of cases naming it (input of
    :func:`~fengqiao.mining.entities.resolve_entities`)."""
    lf = source if isinstance(source, pl.DataFrame | pl.LazyFrame) else scan_snapshot(source)
    df = (
        party_frame(lf.select(["case_id", "parties"]))
        .group_by("name")
        .agg(pl.col("case_id").n_unique().alias("n"))
        .sort("name")
        .collect()
    )
    return dict(zip(df["name"].to_list(), df["n"].to_list(), strict=True))


def apply_entity_keys(
    cases: pl.DataFrame, mapping: Mapping[str, str] | EntityIndex
) -> pl.DataFrame:
    """Re-key the organisation parties of ``cases`` with a name → entity key mapping (names not
    in the mapping keep their key). Counting uses distinct case ids, so an entity named twice in
    one case (two variants) still counts once."""
    if isinstance(mapping, EntityIndex):
        mapping = mapping.mapping()
    if cases.height == 0:
        return cases
    m = pl.DataFrame(
        {"name": list(mapping.keys()), "_new": list(mapping.values())},
        schema={"name": pl.String, "_new": pl.String},
    )
    order = cases.columns
    base = cases.drop("parties").with_row_index("_row")
    exploded = (
        cases.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"), "parties")
        .explode("parties")
        .unnest("parties")
        .join(m, on="name", how="left", maintain_order="left")
    )
    has_key = pl.col("key").is_not_null() & (pl.col("key") != "")
    exploded = exploded.with_columns(
        pl.when(has_key & pl.col("_new").is_not_null())
        .then(pl.col("_new"))
        .otherwise(pl.col("key"))
        .alias("key")
    )
    agg = (
        exploded.filter(pl.col("role").is_not_null())
        .group_by("_row", maintain_order=True)
        .agg(pl.struct(["key", "name", "role", "side", "kind"]).alias("parties"))
    )
    out = base.join(agg, on="_row", how="left").with_columns(
        pl.col("parties").fill_null(pl.lit([], dtype=agg.schema["parties"]))
    )
    return out.sort("_row").select(order)


PERIOD_LABELS = {"month": "月", "quarter": "季度"}


def period_label(grain: str, index: int) -> str:
    """``2025年第3季度`` / ``2025年3月`` for a ``period_q`` / ``period_m`` index."""
    if grain == "quarter":
        return f"{index // 4}年第{index % 4 + 1}季度"
    return f"{index // 12}年{index % 12 + 1}月"


def period_code(grain: str, index: int) -> str:
    """``2025Q3`` / ``2025-03``."""
    if grain == "quarter":
        return f"{index // 4}Q{index % 4 + 1}"
    return f"{index // 12}-{index % 12 + 1:02d}"


def period_bounds(grain: str, index: int) -> tuple[date, date]:
    """First and last day of a period."""
    if grain == "quarter":
        y, q = divmod(index, 4)
        start = date(y, 3 * q + 1, 1)
        ny, nm = (y + 1, 1) if q == 3 else (y, 3 * q + 4)
    else:
        y, m0 = divmod(index, 12)
        start = date(y, m0 + 1, 1)
        ny, nm = (y + 1, 1) if m0 == 11 else (y, m0 + 2)
    end = date.fromordinal(date(ny, nm, 1).toordinal() - 1)
    return start, end


def case_rows_from_db(
    queryset: Any,
    *,
    entities: EntityIndex | Mapping[str, str] | None = None,
    chunk_size: int = 2000,
    with_facts: bool = True,
) -> Iterator[dict[str, Any]]:
    """Stream feature rows for a ``Case`` queryset in keyset-paginated chunks (bounded memory:
    one chunk of cases and their parties at a time). The facts section is read with a JSON key
    transform, so the rest of ``sections``/``full_text`` never leaves the database."""
    from django.db.models.fields.json import KT

    from fengqiao.cases.models import CaseParty

    fields = [
        "id",
        "owner_id",
        "court_code",
        "year",
        "decided_on",
        "cause",
        "domain",
        "type_code",
        "outcome",
        "amounts",
    ]
    qs = queryset.order_by("pk")
    if with_facts:
        qs = qs.annotate(_facts=KT("sections__facts"))
        fields.append("_facts")
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last).values(*fields)[:chunk_size])
        if not chunk:
            return
        ids = [c["id"] for c in chunk]
        parties: dict[int, list[tuple[str, str, str]]] = {}
        for case_id, name, role, kind in (
            CaseParty.objects.filter(case_id__in=ids)
            .order_by("case_id", "position")
            .values_list("case_id", "name", "role", "kind")
        ):
            parties.setdefault(case_id, []).append((name, role, kind))
        for c in chunk:
            yield case_row(
                case_id=c["id"],
                owner_id=c["owner_id"],
                court_code=c["court_code"],
                decided_on=c["decided_on"],
                year=c["year"],
                cause=c["cause"],
                domain=c["domain"],
                type_code=c["type_code"],
                outcome=c["outcome"],
                amounts=c["amounts"] or (),
                parties=parties.get(c["id"], ()),
                entities=entities,
                facts=c.get("_facts") if with_facts else None,
            )
        last = ids[-1]
