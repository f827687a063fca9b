"""The shared version of an issued letter: what the library may hold, anonymised.

Only the letter as issued (the latest version of a delivered letter), the latest reply and the
follow-ups are read here; drafts, 征求意见稿, review comments and scores are never touched.
"""

from __future__ import annotations

from typing import Any

from fengqiao.courts.models import Court, CourtLevel
from fengqiao.library.models import Outcome
from fengqiao.suggestions.models import ItemOutcome, Suggestion
from fengqiao.suggestions.policy import DELIVERED_STATES

SECTIONS = ("title", "background", "problems", "suggestions", "reply")
SECTION_LABELS = {
    "title": "标题",
    "background": "背景",
    "problems": "存在的问题",
    "suggestions": "司法建议",
    "reply": "回复情况",
}
NUMERALS = "一二三四五六七八九十"
MANUAL_MASK = "×××"


def is_issued(suggestion: Suggestion) -> bool:
    return suggestion.state in DELIVERED_STATES and bool(suggestion.doc_number)


def _numbered(rows: list[dict[str, str]]) -> str:
    lines = []
    for i, row in enumerate(
        r for r in rows if (r.get("heading") or "").strip() or (r.get("body") or "").strip()
    ):
        mark = NUMERALS[i] if i < len(NUMERALS) else str(i + 1)
        lines.append(
            f"{mark}、{(row.get('heading') or '').strip()}{(row.get('body') or '').strip()}"
        )
    return "\n".join(lines)


def anonymised(text: str) -> dict[str, Any]:
    """One section: the source, the spans the publication policy masks, the masked text."""
    from fengqiao.textlaw.anonymize import anonymize

    if not text.strip():
        return {"source": text, "spans": [], "text": text}
    result = anonymize(text, policy="publish", parsed=False)
    spans = [
        {
            **{k: s[k] for k in ("start", "end", "text", "kind", "reason", "replacement")},
            "status": "accepted",
        }
        for s in result.to_dict()["spans"]
    ]
    return {"source": text, "spans": spans, "text": result.text}


def masked(part: dict[str, Any]) -> str:
    """A section's shared text: its source with every span not rejected by the reviewer
    replaced (the same rule as the publication review's)."""
    from fengqiao.publicity.services import apply_spans

    return apply_spans(part.get("source", ""), part.get("spans", []))


def add_mask(part: dict[str, Any], text: str, replacement: str = MANUAL_MASK) -> int:
    """Mask every occurrence of ``text`` in a section not yet covered; returns how many."""
    source = part.get("source", "")
    taken = [(s["start"], s["end"]) for s in part.get("spans", []) if s["status"] != "rejected"]
    added = 0
    start = source.find(text) if text else -1
    while start >= 0:
        end = start + len(text)
        if not any(a < end and start < b for a, b in taken):
            part.setdefault("spans", []).append(
                {
                    "start": start,
                    "end": end,
                    "text": text,
                    "kind": "manual",
                    "reason": "审核人补充",
                    "replacement": replacement,
                    "status": "added",
                }
            )
            taken.append((start, end))
            added += 1
        start = source.find(text, end)
    part["text"] = masked(part)
    return added


def manual_masks(sections: dict[str, Any]) -> list[tuple[str, str]]:
    """The reviewer's own additions (text, replacement), to re-apply to a rebuilt section."""
    out: list[tuple[str, str]] = []
    for part in sections.values():
        for span in part.get("spans", []):
            pair = (span["text"], span["replacement"])
            if span.get("status") == "added" and pair not in out:
                out.append(pair)
    return out


def latest_reply(suggestion: Suggestion):
    return suggestion.replies.order_by("-received_on", "-id").prefetch_related("items").first()


def outcome_of(reply) -> str:
    if reply is None:
        return Outcome.PENDING
    outcomes = [item.outcome for item in reply.items.all()]
    if outcomes and all(o == ItemOutcome.ADOPTED for o in outcomes):
        return Outcome.ADOPTED
    if any(o in (ItemOutcome.ADOPTED, ItemOutcome.PARTLY) for o in outcomes):
        return Outcome.PARTLY
    return Outcome.NOT_ADOPTED


def province_of(court: Court) -> str:
    """The province: the name of the high court at the top of the court's branch."""
    top = court
    seen = 0
    while top.parent_id is not None and seen < 10:
        parent = top.parent
        if parent.level == CourtLevel.SUPREME:
            break
        top, seen = parent, seen + 1
    name = top.name
    for suffix in ("高级人民法院",):
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    for marker in ("自治区", "省", "市"):
        if marker in name:
            return name[: name.index(marker) + len(marker)]
    return name[:3]


def letter_sections(suggestion: Suggestion) -> dict[str, str]:
    version = suggestion.latest_version()
    content = version.content if version else {}
    return {
        "title": content.get("title") or suggestion.title,
        "background": "\n".join(p for p in content.get("background", []) if p.strip()),
        "problems": _numbered(content.get("problems", [])),
        "suggestions": _numbered(content.get("suggestions", [])),
    }


def reply_section(reply) -> str:
    if reply is None:
        return ""
    labels = dict(ItemOutcome.choices)
    lines = [reply.content.strip()]
    lines += [
        f"第{item.item_index}条：{labels.get(item.outcome, item.outcome)}"
        + (f"（{item.measures.strip()}）" if item.measures.strip() else "")
        for item in reply.items.all()
    ]
    return "\n".join(line for line in lines if line)


def travelling_facts(suggestion: Suggestion) -> dict[str, Any]:
    """What follows the letter after delivery: outcome, reply date, follow-up kinds, rules."""
    reply = latest_reply(suggestion)
    follow_ups = list(suggestion.follow_ups.all())
    kinds: list[str] = []
    for f in follow_ups:
        label = f.get_kind_display()
        if label not in kinds:
            kinds.append(label)
    return {
        "outcome": outcome_of(reply),
        "replied_on": reply.received_on if reply else None,
        "follow_up_kinds": kinds,
        "rule_names": [f.rule_name for f in follow_ups if f.rule_name],
        "reply_text": reply_section(reply),
    }


def facets_of(suggestion: Suggestion) -> dict[str, Any]:
    delivered = suggestion.delivered_on
    return {
        "court_id": suggestion.court_id,
        "doc_number": suggestion.doc_number,
        "domain": suggestion.domain,
        "category": suggestion.category,
        "recipient_kind": suggestion.recipient.kind,
        "year": suggestion.number_year or (delivered.year if delivered else None),
        "province": province_of(suggestion.court),
        "issued_on": delivered,
    }
