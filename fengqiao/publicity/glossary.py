"""Legal terms a citizen may not know, each explained in one clause (data a court can extend).

:func:`explain_once` adds the explanation in brackets after a term's first occurrence in a
draft, so the wording stays plain without a glossary at the end."""

from __future__ import annotations

GLOSSARY: dict[str, str] = {
    "司法建议": "法院在办案中发现有关单位管理上的漏洞，书面提出的改进建议",
    "被建议单位": "收到司法建议、需要研究落实并回复的单位",
    "回函": "被建议单位就如何落实建议给法院的书面答复",
    "建章立制": "把好的做法写进规章制度，长期管用",
    "专项整治": "有关部门在一段时间内集中力量解决某一类问题",
    "联合专项整治": "几个部门在一段时间内联手集中解决某一类问题",
    "普法宣传": "向群众讲解法律知识",
    "诉源治理": "从源头上减少纠纷、少打官司",
    "类案": "同一类型、反复发生的案件",
    "案由": "案件所涉纠纷的类型",
    "采纳": "接受建议并付诸行动",
    "审结": "审理完毕、作出裁判",
}


def explain_once(text: str, seen: set[str], glossary: dict[str, str] | None = None) -> str:
    """``text`` with the first occurrence (across one draft: ``seen``) of each term explained.

    Longer terms win (联合专项整治 before 专项整治); a term already followed by a bracket is
    left alone."""
    glossary = GLOSSARY if glossary is None else glossary
    for term in sorted(glossary, key=len, reverse=True):
        if term in seen:
            continue
        at = text.find(term)
        if at < 0:
            continue
        # a shorter term inside a longer one already explained counts as explained
        if any(term in longer and longer in seen for longer in glossary if longer != term):
            seen.add(term)
            continue
        end = at + len(term)
        seen.add(term)
        if text[end : end + 1] in ("（", "("):
            continue
        text = f"{text[:end]}（{glossary[term]}）{text[end:]}"
    return text
