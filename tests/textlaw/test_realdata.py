"""Extraction rates on the real LeCaRD judgments (skipped without ../shared/data)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fengqiao.textlaw.casenum import parse_case_number
from fengqiao.textlaw.judgment import parse_judgment

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def parsed(lecard_docs: list[dict]) -> list[tuple[dict, object]]:
    return [(d, parse_judgment(d["qw"])) for d in lecard_docs]


def _rate(parsed, pred) -> float:
    return sum(1 for d, j in parsed if pred(d, j)) / len(parsed)


def test_corpus_size(lecard_docs: list[dict]) -> None:
    assert len(lecard_docs) == 1000


@pytest.mark.parametrize(
    ("name", "pred", "minimum"),
    [
        ("case_no", lambda d, j: j.case_no is not None, 0.99),
        ("court", lambda d, j: bool(j.court_name) and j.court_name in d["qw"][:400], 0.99),
        ("cause", lambda d, j: j.cause is not None, 0.98),
        ("parties", lambda d, j: len(j.parties) >= 2, 0.98),
        (
            "defendant",
            lambda d, j: any(
                "被告" in p.role or "被告" in (p.original_role or "") or "上诉" in p.role
                for p in j.parties
            ),
            0.98,
        ),
        ("reasoning", lambda d, j: "reasoning" in j.sections, 0.98),
        ("judgment", lambda d, j: "judgment" in j.sections, 0.98),
        ("facts", lambda d, j: "facts" in j.sections, 0.95),
        ("tail", lambda d, j: "tail" in j.sections, 0.98),
        ("judges", lambda d, j: bool(j.judges), 0.98),
        ("clerk", lambda d, j: bool(j.clerk), 0.98),
        ("decided_on", lambda d, j: j.decided_on is not None, 0.98),
        ("outcome", lambda d, j: j.outcome is not None, 0.98),
        ("criminal", lambda d, j: j.cause_kind == "criminal", 0.99),
    ],
)
def test_extraction_rates(parsed, name, pred, minimum) -> None:
    rate = _rate(parsed, pred)
    assert rate >= minimum, f"{name}: {rate:.3f} < {minimum}"


def test_cause_agrees_with_published_title(parsed) -> None:
    """The 罪名 we extract appears in the published case title (writName) for most documents."""

    def agrees(d, j) -> bool:
        if not j.cause:
            return False
        return any(part and part in d["writName"] for part in j.cause.rstrip("罪").split("、"))

    assert _rate(parsed, agrees) >= 0.93


def test_sections_cover_dataset_fields(parsed) -> None:
    """LeCaRD's own cpfxgc (reasoning) and pjjg (result) fields fall inside our sections."""

    def reasoning_ok(d, j) -> bool:
        ref = (d.get("cpfxgc") or "").strip()[:30]
        return bool(ref) and ref in j.sections.get("reasoning", "")

    def judgment_ok(d, j) -> bool:
        ref = (d.get("pjjg") or "").strip()[:30]
        return bool(ref) and ref in j.sections.get("judgment", "")

    assert _rate(parsed, reasoning_ok) >= 0.9
    assert _rate(parsed, judgment_ok) >= 0.9


def test_derived_case_numbers(shared_data: Path, parsed) -> None:
    rows = list(
        csv.DictReader(
            (shared_data / "derived" / "lecard_case_numbers_dev10.tsv").open(encoding="utf-8"),
            delimiter="\t",
        )
    )
    assert len(rows) > 600
    ok = [parse_case_number(r["case_no"]) for r in rows]
    bad = [r["case_no"] for r, c in zip(rows, ok, strict=True) if not c.ok]
    # the only row that is not a court 案号 is a procuratorate number (…检刑诉…)
    assert all("检" in b for b in bad) and len(bad) <= 2
    named = [
        (r, c) for r, c in zip(rows, ok, strict=True) if c.ok and r["court_name"] and c.court_name
    ]
    agree = sum(1 for r, c in named if r["court_name"][-8:] == c.court_name[-8:])
    assert named and agree / len(named) >= 0.95
    by_writ = {d["writId"]: j for d, j in parsed}
    matched = [r for r in rows if r["writ_id"] in by_writ and parse_case_number(r["case_no"]).ok]
    same = sum(
        1
        for r in matched
        if by_writ[r["writ_id"]].case_no is not None
        and by_writ[r["writ_id"]].case_no.normalized == parse_case_number(r["case_no"]).normalized
    )
    assert matched and same / len(matched) >= 0.98


def test_tsv_court_codes_agree_with_table(shared_data: Path) -> None:
    from fengqiao.textlaw.casenum import court_codes

    table = court_codes()
    rows = list(
        csv.DictReader(
            (shared_data / "derived" / "court_code_pairs_dev10.tsv").open(encoding="utf-8"),
            delimiter="\t",
        )
    )
    checked = [
        r
        for r in rows
        if r["court_code_in_case_no"] in table and r["court_code_in_case_no"][-1].isdigit()
    ]
    assert len(checked) > 300
    agree = sum(
        1 for r in checked if r["court_name"][-6:] == table[r["court_code_in_case_no"]][0][-6:]
    )
    assert agree / len(checked) >= 0.97


def test_cjrc_case_names_normalise_with_the_right_kind(shared_data: Path) -> None:
    import json

    from fengqiao.textlaw.causes import cause_kind, normalize_cause

    data = json.loads((shared_data / "cail2019_cjrc" / "dev_ground_truth.json").read_text("utf-8"))[
        "data"
    ]
    pairs = [(d.get("domain"), p["casename"]) for d in data for p in d["paragraphs"]]
    assert len(pairs) == 1000
    norm = [(dom, normalize_cause(name)) for dom, name in pairs]
    assert sum(1 for _, c in norm if c) / len(norm) >= 0.99
    assert sum(1 for dom, c in norm if c and cause_kind(c) == dom) / len(norm) >= 0.99


def test_cail2022_civil_causes(shared_data: Path) -> None:
    import json

    from fengqiao.textlaw.causes import cause_kind, normalize_cause

    lines = (
        (shared_data / "cail2022_lblj_civil" / "stage_1_test_entry.jsonl")
        .read_text("utf-8")
        .splitlines()
    )
    causes = {json.loads(ln)["crime"] for ln in lines if ln.strip()}
    assert causes
    assert all(normalize_cause(c) and cause_kind(normalize_cause(c)) == "civil" for c in causes)
