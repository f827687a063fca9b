"""The shipped default template of each channel — data, not code.

A template is a dict of texts with ``$placeholders`` (``string.Template``); lists hold several
texts. A court edits a copy on the 模板 page; its edit is saved as its own version
(``ChannelTemplate``) and is used for its next drafts. A template must not contain figures of
its own: every number in a draft comes from the record (see ``channels.untraced``).

Placeholders (all filled from the record, see ``channels.values``):
``$court`` ``$court_short`` ``$topic`` ``$recipient`` ``$n_problems`` ``$n_items``
``$n_adopted`` ``$adoption`` ``$outcome`` ``$delivered`` ``$replied`` ``$problem1`` ``$suggestion1``
``$measures1`` ``$effect`` ``$event_kind`` ``$event_date`` ``$event`` ``$rule``
"""

from __future__ import annotations

from copy import deepcopy

DEFAULTS: dict[str, dict] = {
    "wechat": {
        "title": "一份司法建议，推动“$topic”问题得到解决",
        "lead": (
            "$court在办案中发现，$topic方面存在管理漏洞。法院向$recipient发出司法建议，"
            "提出$n_items条建议；$recipient回函答复，$adoption。"
        ),
        "h_problem": "案件背后的问题",
        "h_suggest": "法院开出的“药方”",
        "h_reply": "有关单位怎么做",
        "h_effect": "效果怎么样",
        "h_follow": "后续跟进",
        "judge_title": "法官说法",
        "closing": (
            "司法建议是法院参与社会治理的一种方式：一个案子办完了，背后同类问题还要解决。"
            "$court将继续跟踪建议的落实情况。"
        ),
    },
    "weibo": {
        "headline": (
            "【$court_short：司法建议推动$topic】$court向$recipient发出司法建议，"
            "提出$n_items条建议，回函答复：$adoption。"
        ),
        "long_intro": "$court在办案中发现，$topic方面存在管理漏洞，向$recipient发出了司法建议。",
        "tags": ["司法建议", "$topic"],
    },
    "douyin": {
        "title": "一份司法建议的故事：$topic",
        "shots": [
            {
                "scene": "法院外景，镜头缓慢推进",
                "text": "$court_short · 司法建议",
                "narration": "一份司法建议，能解决什么问题？",
            },
            {
                "scene": "卷宗、庭审画面（人物打码）",
                "text": "案件里发现的问题",
                "narration": "$court在办案中发现：$problem1",
            },
            {
                "scene": "法官起草建议书的特写",
                "text": "$n_items条建议",
                "narration": "法院向$recipient发出司法建议：$suggestion1",
            },
            {
                "scene": "回函特写（隐去个人信息）",
                "text": "$adoption",
                "narration": "$recipient回函：$measures1",
            },
            {"scene": "成效图表动画", "text": "效果", "narration": "$effect"},
            {
                "scene": "法官出镜或法院外景",
                "text": "关注$court_short",
                "narration": "一个案子办完了，同类问题也要解决，这就是司法建议。",
            },
        ],
    },
    "feature": {
        "title": "从“办一案”到“治一类”——$court以司法建议推动$topic",
        "subtitle": "$adoption",
        "lead": (
            "$court在办案中发现$topic方面的问题，于$delivered向$recipient发出司法建议。"
            "$recipient于$replied回函，逐条答复了落实情况。"
        ),
        "h_background": "缘起：案件里看到的问题",
        "h_problem": "问题在哪里",
        "h_suggest": "法院的建议",
        "h_reply": "建议落地",
        "h_effect": "成效",
        "h_follow": "跟踪落实",
        "closing": "$court表示，将继续跟踪建议落实，推动从源头上减少同类纠纷。",
    },
    "news": {
        "title": "$court_short司法建议落实见效：$event_kind",
        "opening": "$event_date，$event",
        "context": (
            "此前，$court于$delivered就$topic问题向$recipient发出司法建议，提出$n_items条建议；"
            "$recipient于$replied回函，$adoption。"
        ),
        "closing": "$court将继续跟踪建议落实情况。",
    },
}


def default(channel: str) -> dict:
    return deepcopy(DEFAULTS[channel])
