"""Anonymisation over real LeCaRD judgments (../shared/data). Skips when the data is absent.

The judgments are read from the shared folder and never copied into the repository; the
assertions print names only when they fail.
"""

from __future__ import annotations

import json
import os
import re
import tarfile
from pathlib import Path

import pytest

from fengqiao.textlaw.anonymize import anonymize, id_checksum_ok, publication_blockers
from fengqiao.textlaw.anonymize.names import is_mask_like

pytestmark = pytest.mark.realdata

LIMIT = 150


def _data_root() -> Path:
    env = os.environ.get("FENGQIAO_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.fixture(scope="module")
def judgments() -> list[str]:
    tar = _data_root() / "lecard" / "candidates" / "candidates_dev10.tar.xz"
    if not tar.is_file():
        pytest.skip(f"real data not available: {tar} is absent (set FENGQIAO_SHARED_DATA)")
    texts: list[str] = []
    with tarfile.open(tar) as tf:
        for member in tf:
            if member.isfile() and member.name.endswith(".json"):
                fh = tf.extractfile(member)
                if fh is not None:
                    texts.append(json.load(fh)["qw"])
                if len(texts) >= LIMIT:
                    break
    return texts


@pytest.fixture(scope="module")
def parsed(judgments: list[str]) -> list[object]:
    judgment = pytest.importorskip("fengqiao.textlaw.judgment")
    return [judgment.parse_judgment(t) for t in judgments]


def _names(p: object, *roles: str) -> set[str]:
    out = set()
    for party in getattr(p, "parties", []):
        role = party.role + (party.original_role or "")
        if (
            party.kind == "person"
            and any(r in role for r in roles)
            and not is_mask_like(party.name)
        ):
            if len(party.name) >= 2:
                out.add(party.name)
    return out


def test_publish_leaves_no_defendant_name(judgments: list[str], parsed: list[object]) -> None:
    leaks = []
    for text, p in zip(judgments, parsed, strict=True):
        out = anonymize(text, policy="publish", parsed=p).text
        leaks += [n for n in _names(p, "被告人", "上诉人", "罪犯") if n in out]
    assert leaks == []


def test_rules_hide_victims_and_civil_plaintiffs(
    judgments: list[str], parsed: list[object]
) -> None:
    leaks = []
    for text, p in zip(judgments, parsed, strict=True):
        out = anonymize(text, policy="rules", parsed=p).text
        leaks += [n for n in _names(p, "被害人", "附带民事诉讼原告人", "法定代理人") if n in out]
    assert leaks == []


def test_officials_keep_their_names(judgments: list[str], parsed: list[object]) -> None:
    lost = []
    for text, p in zip(judgments, parsed, strict=True):
        out = anonymize(text, policy="publish", parsed=p).text
        for _role, name in getattr(p, "judges", []):
            if name and text.count(name) != out.count(name):
                lost.append(name)
    assert len(lost) <= len(judgments) // 50  # a judge who shares a name with a party may go


def test_court_masks_and_crosses_survive(judgments: list[str]) -> None:
    for text in judgments[:60]:
        out = anonymize(text, policy="publish").text
        for mask in set(re.findall(r"(?<=[被告害证人])[\u4e00-\u9fff]某某?[0-9]?", text)):
            assert out.count(mask) >= text.count(mask)
        assert out.count("×") >= text.count("×")


def test_id_spans_are_ids(judgments: list[str]) -> None:
    for text in judgments:
        for s in anonymize(text, policy="rules").spans:
            if s.kind == "id_card" and len(s.text) == 18:
                assert id_checksum_ok(s.text) or "身份" in text[max(0, s.start - 16) : s.start]


def test_criminal_judgments_have_no_family_or_mediation_blocker(judgments: list[str]) -> None:
    found = [b.code for t in judgments for b in publication_blockers(t)]
    assert "divorce_custody" not in found
    assert found.count("mediation") <= 1


def test_output_is_the_same_text_outside_the_spans(judgments: list[str]) -> None:
    for text in judgments[:40]:
        res = anonymize(text, policy="research")
        pieces, last = [], 0
        for r in res.replacements:
            pieces += [text[last : r.start], r.replacement]
            last = r.end
        assert "".join(pieces) + text[last:] == res.text
