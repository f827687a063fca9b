"""Channel drafts built from a :class:`~fengqiao.publicity.record.Record` and a template.

Every builder returns ``(title, body)``; figures it prints are registered on the record
(``record.source``) and texts it quotes from the shared version are registered too
(``record.quote``), so :func:`untraced` can list any number the record does not support.
Limits are checked by :func:`validate` (also on every edit): the 微博 headline post at most
140 characters, the long post at most 2,000; the 抖音 shot list timed within 60–90 s with no
narration longer than its shot.
"""

from __future__ import annotations

import math
import re
from string import Template

from django.core.exceptions import ValidationError

from fengqiao.publicity.glossary import explain_once
from fengqiao.publicity.record import NEWS_KINDS, Record, cn_date

WEIBO_HEADLINE_MAX = 140
WEIBO_LONG_MAX = 2000
VIDEO_MIN, VIDEO_MAX = 60, 90
SHOT_MIN, SHOT_MAX = 3, 20
SPEECH_RATE = 4.0  # Chinese narration, characters per second (about 240 per minute)
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _sentence(text: str, limit: int = 60) -> str:
    """The first sentence of a quoted text, cut at ``limit`` characters (… marks the cut)."""
    first = re.split(r"(?<=[。；！？])", text.strip(), maxsplit=1)[0]
    if len(first) > limit:
        first = first[: limit - 1] + "…"
    return first


def effect_sentence(record: Record) -> str:
    e = record.effect
    if e is None:
        return ""
    w = record.source(e.window, "成效评估窗口（月）", "成效评估：送达前后等长窗口")
    where = f"成效评估：{e.subject}，按审结日期统计（送达前后各{w}个月）"
    before = record.source(e.before, "送达前同类案件数", where)
    after = record.source(e.after, "送达后同类案件数", where)
    text = f"建议送达前{w}个月，法院审结的{e.subject}有{before}件；送达后{w}个月是{after}件"
    if e.change_pct is not None and round(abs(e.change_pct)):
        pct = record.source(round(abs(e.change_pct)), "变化幅度（%）", where)
        text += f"，{'减少' if e.change_pct < 0 else '增加'}了{pct}%"
    text += "。"
    if e.significant is False:
        text += "这一变化也可能是正常波动，还需继续观察。"
    return text


def adoption(record: Record) -> str:
    """ "2条建议被采纳、1条部分采纳" — what the latest reply says, item by item."""
    if record.replied_on is None:
        return "建议正在研究落实中"
    parts = []
    if record.adopted:
        parts.append(f"{record.adopted}条建议被采纳")
    if record.partly:
        parts.append(f"{record.partly}条部分采纳")
    return "、".join(parts) or "对建议逐条作了说明"


def values(record: Record, event=None) -> dict[str, str]:
    first = record.items[0] if record.items else None
    v = {
        "court": record.court_name,
        "court_short": record.court_short,
        "topic": record.topic,
        "recipient": f"有关{record.recipient_kind}" if record.recipient_kind else "有关单位",
        "n_problems": record.source(len(record.problems), "存在的问题条数", "案例库共享版本"),
        "n_items": record.source(len(record.items), "建议条数", "案例库共享版本"),
        "n_adopted": str(record.adopted),
        "adoption": adoption(record),
        "outcome": record.outcome_label,
        "delivered": "",
        "replied": "",
        "problem1": record.quote(_sentence(record.problems[0])) if record.problems else "",
        "suggestion1": record.quote(_sentence(first.text)) if first else "",
        "measures1": record.quote(_sentence(first.measures or first.outcome)) if first else "",
        "effect": effect_sentence(record),
        "event_kind": "",
        "event_date": "",
        "event": "",
        "rule": "",
    }
    doc = record.entry.doc_number or "共享版本"
    if record.delivered_on:
        v["delivered"] = record.source(
            cn_date(record.delivered_on), "送达日期", f"送达记录（{doc}）"
        )
    if record.replied_on:
        v["replied"] = record.source(cn_date(record.replied_on), "回函日期", f"回函（{doc}）")
    if event is not None:
        v["event_kind"] = event.kind_label + (f"《{event.rule_name}》" if event.rule_name else "")
        v["event_date"] = record.source(
            cn_date(event.held_on),
            "跟踪落实日期",
            f"跟踪落实记录 #{event.pk}（{event.kind_label}）",
        )
        v["event"] = record.quote(event.description.rstrip("。")) + "。"
        v["rule"] = event.rule_name
    return v


def fill(template: str, v: dict[str, str]) -> str:
    return Template(template).safe_substitute(v)


class _Plain:
    """Fills templates and explains each glossary term once per draft."""

    def __init__(self, v: dict[str, str]):
        self.v, self.seen = v, set()

    def __call__(self, template: str) -> str:
        return explain_once(fill(template, self.v), self.seen)


def _chart(record: Record) -> dict | None:
    e = record.effect
    if e is None:
        return None
    return {
        "labels": e.labels,
        "target": e.target,
        "comparison": e.comparison,
        "delivery_index": e.delivery_index,
        "subject": e.subject,
    }


def _item_line(item) -> str:
    text = f"{item.index}．{item.text}"
    return text


def _reply_lines(record: Record) -> list[str]:
    out = []
    if record.reply_opening:
        out.append(record.quote(record.reply_opening))
    for item in record.items:
        if item.outcome:
            line = f"对第{item.index}条建议，{item.outcome}"
            line += f"：{item.measures}" if item.measures else "。"
            out.append(line.rstrip("。") + "。")
    return out


def _follow_lines(record: Record) -> list[str]:
    return [
        record.source(cn_date(e.held_on), "跟踪落实日期", f"跟踪落实记录 #{e.pk}（{e.kind_label}）")
        + f"，{e.kind_label}：{e.description.rstrip('。')}。"
        for e in record.events
        if e.kind in NEWS_KINDS
    ]


def build_wechat(record: Record, t: dict) -> tuple[str, dict]:
    p = _Plain(values(record))
    sections = [
        {"heading": p(t["h_problem"]), "paragraphs": [p(x) for x in record.problems]},
        {
            "heading": p(t["h_suggest"]),
            "paragraphs": [p(_item_line(i)) for i in record.items],
        },
    ]
    if record.replied_on:
        sections.append(
            {"heading": p(t["h_reply"]), "paragraphs": [p(x) for x in _reply_lines(record)]}
        )
    follow = _follow_lines(record)
    if follow:
        sections.append({"heading": p(t["h_follow"]), "paragraphs": [p(x) for x in follow]})
    if record.effect:
        sections.append({"heading": p(t["h_effect"]), "paragraphs": [p(p.v["effect"])]})
    quotes = [q for q in (p.v["suggestion1"], p.v["measures1"]) if q]
    body = {
        "title": p(t["title"]),
        "lead": p(t["lead"]),
        "sections": sections,
        "quotes": quotes[:2],
        "judge_title": t["judge_title"],
        "judge": [p(x) for x in record.background] or [p(p.v["problem1"])],
        "closing": p(t["closing"]),
        "chart": _chart(record),
    }
    return body["title"], body


def weibo_length(text: str) -> int:
    """Characters as counted here: every character (汉字, letter, digit, 标点, #) counts one —
    stricter than the platform's own count (two Latin letters count one there)."""
    return len(text)


def build_weibo(record: Record, t: dict) -> tuple[str, dict]:
    v = values(record)
    tags = [fill(x, v) for x in t.get("tags", [])]
    tag_text = "".join(f"#{x}#" for x in tags if x)
    headline = fill(t["headline"], v)
    room = WEIBO_HEADLINE_MAX - weibo_length(tag_text)
    if weibo_length(headline) > room:
        headline = headline[: room - 1] + "…"
    p = _Plain(v)
    long_parts = [p(t["long_intro"]), "【发现的问题】"]
    long_parts += [f"{i}．{x}" for i, x in enumerate(record.problems, start=1)]
    long_parts += ["【法院的建议】", *[_item_line(i) for i in record.items]]
    if record.replied_on:
        long_parts += ["【落实情况】", *_reply_lines(record)]
    long_parts += _follow_lines(record)
    if v["effect"]:
        long_parts += ["【效果】", v["effect"]]
    long_parts.append(tag_text)
    long_post = "\n".join(x for x in long_parts if x)
    if weibo_length(long_post) > WEIBO_LONG_MAX:
        long_post = long_post[: WEIBO_LONG_MAX - weibo_length(tag_text) - 2] + "…\n" + tag_text
    body = {"headline": headline + tag_text, "long_post": long_post, "tags": tags}
    return headline, body


def _seconds(narration: str) -> int:
    return max(SHOT_MIN, math.ceil(len(narration) / SPEECH_RATE))


def time_shots(shots: list[dict]) -> list[dict]:
    """Each shot long enough for its narration; holds added so the whole runs 60 s or more;
    a narration cut to its first sentence while the whole runs over 90 s."""
    for shot in shots:
        shot["seconds"] = max(int(shot.get("seconds") or 0), _seconds(shot["narration"]))
    for shot in sorted(shots, key=lambda s: -len(s["narration"])):
        if sum(s["seconds"] for s in shots) <= VIDEO_MAX:
            break
        shot["narration"] = _sentence(shot["narration"], 48)
        shot["seconds"] = _seconds(shot["narration"])
    i = 0
    while sum(s["seconds"] for s in shots) < VIDEO_MIN and i < 200:
        shot = shots[i % len(shots)]
        if shot["seconds"] < SHOT_MAX:
            shot["seconds"] += 1
        i += 1
    return shots


def build_douyin(record: Record, t: dict) -> tuple[str, dict]:
    v = values(record)
    if not v["effect"]:
        follow = _follow_lines(record)
        v["effect"] = follow[0] if follow else "建议落实情况，法院还在持续跟踪。"
    p = _Plain(v)
    shots = []
    for shot in t["shots"]:
        narration = fill(shot["narration"], v)
        if not narration.strip("：:。 "):
            continue
        scene, text = fill(shot["scene"], v), fill(shot["text"], v)
        if "$effect" in shot["narration"] and record.effect is None:
            scene, text = "跟踪落实现场画面（人物打码）", "后续跟进"
        shots.append({"scene": scene, "text": text, "narration": p(narration)})
    shots = time_shots(shots)
    title = fill(t["title"], v)
    return title, {"title": title, "shots": shots, "total": sum(s["seconds"] for s in shots)}


def build_feature(record: Record, t: dict) -> tuple[str, dict]:
    p = _Plain(values(record))
    sections = []
    if record.background:
        sections.append(
            {"heading": p(t["h_background"]), "paragraphs": [p(x) for x in record.background]}
        )
    sections.append(
        {
            "heading": p(t["h_problem"]),
            "paragraphs": [p(f"{i}．{x}") for i, x in enumerate(record.problems, 1)],
        }
    )
    sections.append(
        {"heading": p(t["h_suggest"]), "paragraphs": [p(_item_line(i)) for i in record.items]}
    )
    if record.replied_on:
        sections.append(
            {"heading": p(t["h_reply"]), "paragraphs": [p(x) for x in _reply_lines(record)]}
        )
    follow = _follow_lines(record)
    if follow:
        sections.append({"heading": p(t["h_follow"]), "paragraphs": [p(x) for x in follow]})
    if record.effect:
        sections.append({"heading": p(t["h_effect"]), "paragraphs": [p(p.v["effect"])]})
    body = {
        "title": p(t["title"]),
        "subtitle": p(t["subtitle"]) if record.replied_on else "",
        "lead": p(t["lead"]) if record.replied_on else p(t["lead"].split("。")[0] + "。"),
        "sections": sections,
        "closing": p(t["closing"]),
        "chart": _chart(record),
    }
    return body["title"], body


def build_news(record: Record, t: dict, event) -> tuple[str, dict]:
    if event is None or event.kind not in NEWS_KINDS:
        raise ValidationError(
            "工作动态须选择一项跟踪落实活动（联合专项整治、普法宣传或建章立制）。"
        )
    p = _Plain(values(record, event))
    context = t["context"] if record.replied_on else t["context"].split("；")[0] + "。"
    body = {
        "title": fill(t["title"], p.v),
        "paragraphs": [p(t["opening"]), p(context), p(t["closing"])],
    }
    return body["title"], body


BUILDERS = {
    "wechat": build_wechat,
    "weibo": build_weibo,
    "douyin": build_douyin,
    "feature": build_feature,
}


def texts(body) -> list[str]:
    """Every text of a body (for the traceability check and the public page's search)."""
    if isinstance(body, str):
        return [body]
    if isinstance(body, dict):
        return [t for k, v in body.items() if k not in ("chart", "total") for t in texts(v)]
    if isinstance(body, list):
        return [t for v in body for t in texts(v)]
    return []


def untraced(body: dict, sources: list[dict], quoted: list[str]) -> list[str]:
    """Numbers in the draft that neither a registered figure nor a quoted shared text holds."""
    allowed = {n for s in sources for n in NUMBER.findall(s["value"])}
    allowed |= {n for q in quoted for n in NUMBER.findall(q)}
    out: list[str] = []
    for text in texts(body):
        for n in NUMBER.findall(text):
            if n not in allowed and n not in out:
                out.append(n)
    return out


def validate(channel: str, body: dict) -> None:
    errors: list[str] = []
    if channel == "weibo":
        n = weibo_length(body.get("headline", ""))
        if n > WEIBO_HEADLINE_MAX:
            errors.append(
                f"微博主帖共{n}字（含话题标签），超过{WEIBO_HEADLINE_MAX}字的限制，请删减。"
            )
        n = weibo_length(body.get("long_post", ""))
        if n > WEIBO_LONG_MAX:
            errors.append(f"微博长文共{n}字，超过{WEIBO_LONG_MAX}字的限制，请删减。")
    if channel == "douyin":
        shots = body.get("shots") or []
        if not shots:
            errors.append("分镜脚本至少要有一个镜头。")
        for i, shot in enumerate(shots, start=1):
            need = math.ceil(len(shot.get("narration", "")) / SPEECH_RATE)
            sec = shot.get("seconds")
            if not isinstance(sec, int) or not SHOT_MIN <= sec <= SHOT_MAX:
                errors.append(f"第{i}个镜头的时长须为{SHOT_MIN}至{SHOT_MAX}秒的整数。")
            elif sec < need:
                errors.append(f"第{i}个镜头的解说词约需{need}秒读完，镜头只有{sec}秒。")
        total = sum(s.get("seconds") or 0 for s in shots if isinstance(s.get("seconds"), int))
        if not VIDEO_MIN <= total <= VIDEO_MAX:
            errors.append(f"视频总时长{total}秒，须在{VIDEO_MIN}至{VIDEO_MAX}秒之间。")
    if not (body.get("title") or body.get("headline") or "").strip():
        errors.append("标题不能为空。")
    if errors:
        raise ValidationError(errors)
