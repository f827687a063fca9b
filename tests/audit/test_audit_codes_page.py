"""The audit page filters by machine code, shows it beside the label, and counts per code."""

from __future__ import annotations

import ast
from pathlib import Path

from django.urls import reverse

from fengqiao.audit.codes import AUDIT_CODES
from fengqiao.audit.selectors import audit_code_counts
from fengqiao.audit.services import audit_record

ROOT = Path(__file__).resolve().parents[2] / "fengqiao"


def _seed(world) -> None:
    clerk = world.users["research"]
    for _ in range(3):
        audit_record(code="entity.decide", actor=clerk, court=world.basic, object_label="甲")
    audit_record(code="hotspot.to_clue", actor=clerk, court=world.basic, object_label="乙")
    audit_record(code="entity.decide", court=world.basic_other, object_label="他院")
    audit_record(action="早期记录", court=world.basic, object_label="无代码")


def test_counts_per_code_are_scoped_to_the_visible_courts(world):
    _seed(world)
    counts = {c.code: c for c in audit_code_counts(world.users["research"])}
    assert counts["entity.decide"].count == 3  # the other court's entry is not counted
    assert counts["entity.decide"].label == AUDIT_CODES["entity.decide"]
    assert counts["hotspot.to_clue"].count == 1
    assert counts[""].count >= 1  # entries written before codes existed


def test_filter_by_code_and_show_it(world, client_for):
    _seed(world)
    page = client_for(world.users["research"]).get(reverse("audit:list"), {"code": "entity.decide"})
    html = page.content.decode()
    entries = list(page.context["listing"])
    assert len(entries) == 3 and {e.code for e in entries} == {"entity.decide"}
    assert "<code>entity.decide</code>" in html and "实体归并决定" in html
    assert 'value="entity.decide" selected' in html and "（3 条）" in html
    legacy = client_for(world.users["research"]).get(reverse("audit:list"), {"code": "-"})
    assert legacy.context["listing"] and all(e.code == "" for e in legacy.context["listing"])
    # an unknown code shows nothing (and never an error)
    unknown = client_for(world.users["research"]).get(reverse("audit:list"), {"code": "x" * 500})
    assert unknown.status_code == 200 and not list(unknown.context["listing"])
    assert client_for(world.users["judge"]).get(reverse("audit:list")).status_code == 403


def _known_codes(node) -> bool:
    """A literal code, or ``"a" if … else "b"`` with both literal."""
    if isinstance(node, ast.IfExp):
        return _known_codes(node.body) and _known_codes(node.orelse)
    return isinstance(node, ast.Constant) and node.value in AUDIT_CODES


def test_every_audit_call_passes_a_known_code():
    """Every audit_record call in the package names a registered code (audit/codes.py); the
    small ``_audit`` wrappers of the lifecycle pass their caller's code, so their calls are
    checked instead."""
    missing = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel == "audit/services.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrappers = {
            id(call)
            for fn in ast.walk(tree)
            if isinstance(fn, ast.FunctionDef) and fn.name == "_audit"
            for call in ast.walk(fn)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in wrappers:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in {"audit_record", "_audit"}:
                continue
            code = next((k.value for k in node.keywords if k.arg == "code"), None)
            if code is None and name == "_audit" and node.args:
                code = node.args[0]  # _audit("code", actor, …)
            if not _known_codes(code):
                missing.append(f"{rel}:{node.lineno}")
    assert missing == []
