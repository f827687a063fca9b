"""One 综合治理类 suggestion from clue to archive, purely through the JSON API, each step taken
with the token of the user whose role it needs:

judge (clue) → research (triage, meeting, agenda, decision) → judge (draft, submit) →
division_head → research → committee (with a 审委会 meeting) → president (signs, numbered) →
research (告知函) → recipient (opinion) → research (delivery, extension) → recipient (reply) →
research (follow-up, complete, archive).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fengqiao.audit.services import audit_verify
from fengqiao.courts.models import Role
from fengqiao.suggestions.models import Suggestion
from tests.suggestions.conftest import letter_content
from tests.suggestions.test_api_support import api  # noqa: F401  (fixture)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:800])
    return response.json()


def test_governance_suggestion_from_clue_to_archive(api, world):  # noqa: F811
    today = timezone.localdate().isoformat()
    J, DH, R, C, P = Role.JUDGE, Role.DIVISION_HEAD, Role.RESEARCH, Role.COMMITTEE, Role.PRESIDENT

    # ---- clue, triage, meeting, decision ----
    clue = ok(
        api(
            J,
            "post",
            "/clues",
            {
                "title": "住宅小区物业服务监管",
                "problem": "物业服务合同纠纷集中，业主维权成本高。",
                "domain": "民事",
                "recipient_id": world.unit.pk,
            },
        ),
        201,
    )
    assert clue["state"] == "new" and clue["raised_by"]["id"] == world.users[J].pk
    clue = ok(api(R, "post", f"/clues/{clue['id']}/triage", {"decision": "accept"}))
    assert clue["state"] == "accepted"
    assert clue["id"] in [c["id"] for c in ok(api(R, "get", "/clues?state=accepted"))["items"]]

    meeting = ok(
        api(R, "post", "/meetings", {"kind": "professional", "held_on": today}),
        201,
    )
    item = ok(api(R, "post", f"/meetings/{meeting['id']}/agenda", {"clue_id": clue["id"]}), 201)
    decided = ok(
        api(
            R,
            "post",
            f"/agenda/{item['id']}/decide",
            {
                "decision": "send",
                "category": "governance",
                "recipient_id": world.unit.pk,
                "note": "同意制发综合治理类司法建议",
            },
        )
    )
    assert decided["item"]["decision"] == "send"
    sid = decided["suggestion_id"]
    assert sid
    listed = ok(api(R, "get", "/meetings"))["items"]
    assert any(
        i["suggestion_id"] is None and i["clue_id"] == clue["id"]
        for m in listed
        for i in m["items"]
    )

    # ---- drafting ----
    detail = ok(api(J, "get", f"/suggestions/{sid}"))
    assert detail["state"] == "drafting" and detail["clue_id"] == clue["id"]
    assert detail["holder"]["id"] == world.users[J].pk
    assert detail["content"]["topic"] == "住宅小区物业服务监管"
    version = ok(
        api(
            J,
            "put",
            f"/suggestions/{sid}/draft",
            {
                "content": letter_content(world.basic.name),
                "note": "补充问题与建议",
                "reply_months": 2,
                "cc_unit_ids": [],
            },
        )
    )
    assert version["number"] == 2

    detail = ok(api(J, "post", f"/suggestions/{sid}/submit"))
    assert detail["state"] == "in_review"
    assert detail["current_step"]["name"] == "部门负责人核稿"

    # ---- review chain ----
    detail = ok(api(DH, "post", f"/suggestions/{sid}/review", {"approve": True, "comment": "同意"}))
    assert detail["current_step"]["name"] == "研究室审核"
    detail = ok(api(R, "post", f"/suggestions/{sid}/review", {"approve": True}))
    assert detail["current_step"]["name"] == "审委会审议"
    assert detail["current_step"]["requires_meeting"] is True
    committee = ok(
        api(
            R,
            "post",
            "/meetings",
            {"kind": "committee", "held_on": today, "session_no": "2026年第3次"},
        ),
        201,
    )
    detail = ok(
        api(
            C,
            "post",
            f"/suggestions/{sid}/review",
            {"approve": True, "comment": "审委会讨论通过", "meeting_id": committee["id"]},
        )
    )
    assert detail["current_step"]["name"] == "院长签发"
    detail = ok(api(P, "post", f"/suggestions/{sid}/review", {"approve": True}))
    year = timezone.localdate().year
    assert detail["state"] == "signed"
    assert detail["doc_number"] == f"连开法建〔{year}〕1号"
    assert detail["current_step"] is None and detail["signed_at"]

    # ---- pre-communication ----
    communication = ok(
        api(
            R,
            "post",
            f"/suggestions/{sid}/communications",
            {
                "kind": "notice",
                "held_on": today,
                "respond_by": (timezone.localdate() + timedelta(days=10)).isoformat(),
                "note": "发送告知函及征求意见稿",
            },
        ),
        201,
    )
    opinion = ok(
        api(
            "recipient",
            "post",
            f"/communications/{communication['id']}/opinion",
            {"opinion": "无不同意见。", "opinion_on": today},
        )
    )
    assert opinion["recipient_opinion"] == "无不同意见。"

    # ---- delivery and extension ----
    delivery = ok(
        api(
            R,
            "post",
            f"/suggestions/{sid}/deliveries",
            {"method": "in_person", "delivered_on": today, "cc_superior_court": True},
        ),
        201,
    )
    assert delivery["has_receipt"] is False
    detail = ok(api(R, "get", f"/suggestions/{sid}"))
    assert detail["state"] == "delivered" and detail["reply_due_on"]
    assert detail["reply_due_explanation"].startswith("送达")
    assert detail["overdue"] is False
    first_due = detail["reply_due_on"]
    ok(api(R, "post", f"/suggestions/{sid}/extensions", {"months": 1, "reason": "对方申请"}), 201)
    detail = ok(api(R, "get", f"/suggestions/{sid}"))
    assert detail["reply_due_on"] > first_due and "延长1个月" in detail["reply_due_explanation"]

    # ---- the recipient replies ----
    reply = ok(
        api(
            "recipient",
            "post",
            f"/suggestions/{sid}/replies",
            {
                "received_on": today,
                "content": "你院司法建议收悉，现函复如下。",
                "items": [
                    {"index": 1, "outcome": "adopted", "measures": "已开展专项整治"},
                    {"index": 2, "outcome": "partly", "measures": "部分采纳"},
                ],
            },
        ),
        201,
    )
    assert reply["via_portal"] is True
    assert [i["outcome"] for i in reply["items"]] == ["adopted", "partly"]

    # ---- follow-up, complete, archive ----
    ok(
        api(
            R,
            "post",
            f"/suggestions/{sid}/follow-ups",
            {
                "kind": "rule",
                "held_on": today,
                "description": "出台专项管理办法",
                "rule_name": "住宅小区物业服务监督管理办法",
            },
        ),
        201,
    )
    detail = ok(api(R, "post", f"/suggestions/{sid}/complete", {}))
    assert detail["state"] == "follow_up" and detail["archive_due_on"]
    detail = ok(api(R, "post", f"/suggestions/{sid}/archive"))
    assert detail["state"] == "archived" and detail["holder"] is None

    # ---- the record ----
    assert [v["number"] for v in detail["versions"]] == [1, 2]
    assert len(detail["deliveries"]) == 1 and len(detail["extensions"]) == 1
    assert detail["replies"][0]["items"][1]["outcome_label"] == "部分采纳"
    assert detail["follow_ups"][0]["rule_name"] == "住宅小区物业服务监督管理办法"
    assert detail["communications"][0]["opinion_on"] == today
    actions = [e["action"] for e in detail["timeline"]]
    for expected in [
        "创建司法建议",
        "保存文稿",
        "提交审核",
        "部门负责人核稿：同意",
        "审委会审议：同意",
        "院长签发：同意",
        "登记送达",
        "延长答复期限",
        "在线提交回函",
        "办结",
        "归档",
    ]:
        assert expected in actions, (expected, actions)
    actors = {e["actor"] for e in detail["timeline"]}
    assert str(world.users["recipient"]) in actors and str(world.users[P]) in actors
    assert audit_verify()[1] == []

    letter = api(R, "get", f"/suggestions/{sid}/letter.docx")
    assert letter.status_code == 200 and letter["Content-Type"] == DOCX
    assert letter.getvalue()[:2] == b"PK"  # the stored file (a streamed FileResponse)
    assert "attachment" in letter["Content-Disposition"]

    # ---- the register and who sees it ----
    number = detail["doc_number"]
    found = ok(api(R, "get", f"/suggestions?q={number}&state=archived&year={year}"))
    assert [s["id"] for s in found["items"]] == [sid] and found["count"] == 1
    item = found["items"][0]
    assert item["recipient"] == {"id": world.unit.pk, "name": world.unit.name}
    assert item["state_label"] == "已归档" and item["overdue"] is False
    assert ok(api("supervisor_mid", "get", f"/suggestions/{sid}"))["id"] == sid
    assert ok(api("judge_other", "get", "/suggestions"))["count"] == 0
    assert Suggestion.objects.get(pk=sid).state == "archived"


def test_register_filters_and_pagination(api, world, make_suggestion):  # noqa: F811
    drafts = [make_suggestion(world, upto="drafting", title=f"草稿{i}") for i in range(3)]
    delivered = make_suggestion(
        world,
        upto="delivered",
        delivered_on=timezone.localdate() - timedelta(days=120),
        category="class",
        title="逾期未复",
    )
    page = api(Role.RESEARCH, "get", "/suggestions?limit=2&offset=0").json()
    assert page["count"] == 4 and len(page["items"]) == 2 and page["limit"] == 2
    rest = api(Role.RESEARCH, "get", "/suggestions?limit=2&offset=2").json()
    ids = [s["id"] for s in page["items"] + rest["items"]]
    assert sorted(ids) == sorted([s.pk for s in drafts] + [delivered.pk])

    late = api(Role.RESEARCH, "get", "/suggestions?overdue=true").json()
    assert [s["id"] for s in late["items"]] == [delivered.pk]
    assert late["items"][0]["overdue"] is True
    not_late = api(Role.RESEARCH, "get", "/suggestions?overdue=false").json()
    assert delivered.pk not in [s["id"] for s in not_late["items"]]
    assert api(Role.RESEARCH, "get", "/suggestions?category=class").json()["count"] == 1
    assert api(Role.RESEARCH, "get", "/suggestions?state=drafting").json()["count"] == 3
    assert api(Role.RESEARCH, "get", "/suggestions?q=草稿1").json()["count"] == 1
    other = api(Role.RESEARCH, "get", f"/suggestions?recipient_id={world.unit_other.pk}")
    assert other.json()["count"] == 0

    # the superior court's supervisor sees the delivered letter, never the drafts
    seen = api("supervisor_mid", "get", "/suggestions").json()
    assert [s["id"] for s in seen["items"]] == [delivered.pk]
    assert api("supervisor_high", "get", "/suggestions").json()["count"] == 1


def test_openapi_lists_the_lifecycle_endpoints(client, world):
    paths = client.get("/api/openapi.json").json()["paths"]
    expected = {
        "/api/clues": {"get", "post"},
        "/api/clues/{clue_id}/triage": {"post"},
        "/api/meetings": {"get", "post"},
        "/api/meetings/{meeting_id}/agenda": {"post"},
        "/api/agenda/{item_id}/decide": {"post"},
        "/api/suggestions": {"get", "post"},
        "/api/suggestions/{suggestion_id}": {"get"},
        "/api/suggestions/{suggestion_id}/draft": {"put"},
        "/api/suggestions/{suggestion_id}/submit": {"post"},
        "/api/suggestions/{suggestion_id}/review": {"post"},
        "/api/suggestions/{suggestion_id}/communications": {"post"},
        "/api/communications/{communication_id}/opinion": {"post"},
        "/api/suggestions/{suggestion_id}/revise": {"post"},
        "/api/suggestions/{suggestion_id}/deliveries": {"post"},
        "/api/suggestions/{suggestion_id}/extensions": {"post"},
        "/api/suggestions/{suggestion_id}/replies": {"post"},
        "/api/suggestions/{suggestion_id}/follow-ups": {"post"},
        "/api/suggestions/{suggestion_id}/complete": {"post"},
        "/api/suggestions/{suggestion_id}/archive": {"post"},
        "/api/suggestions/{suggestion_id}/withdraw": {"post"},
        "/api/suggestions/{suggestion_id}/letter.docx": {"get"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    delivery = paths["/api/suggestions/{suggestion_id}/deliveries"]["post"]
    assert "不接收文件" in delivery["description"]
    assert "409" in delivery["responses"] and "422" in delivery["responses"]
