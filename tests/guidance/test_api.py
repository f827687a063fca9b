from __future__ import annotations

import json

from fengqiao.courts.models import Role
from fengqiao.guidance.models import GuidanceComment

from .test_figures import YEAR, letters  # noqa: F401


def test_api_figures_scoped(world, letters, client_for):  # noqa: F811
    data = client_for(world.users["supervisor_mid"]).get(f"/api/guidance/figures?year={YEAR}")
    assert data.status_code == 200
    rows = {r["court_code"]: r for r in data.json()["rows"]}
    assert set(rows) == {world.mid.code, world.basic.code, world.basic_sibling.code}
    basic = rows[world.basic.code]
    assert (basic["issued"], basic["replied_on_time"], basic["replied_late"]) == (3, 1, 1)
    assert basic["not_replied"] == 1 and basic["mean_score"] == 77.5
    assert client_for(world.users["recipient"]).get("/api/guidance/figures").status_code == 403
    assert client_for(world.users[Role.JUDGE]).get("/api/guidance/figures").status_code == 403
    bad = client_for(world.users["supervisor_mid"]).get("/api/guidance/figures?year=99999")
    assert bad.status_code in (400, 422)


def test_api_comment_and_list(world, letter, client_for, research, sibling_research):
    url = f"/api/suggestions/{letter.pk}/guidance-comments"
    body = json.dumps({"body": "请补充数据来源。"})
    response = client_for(world.users["supervisor_mid"]).post(
        url, body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert GuidanceComment.objects.get().body == "请补充数据来源。"
    assert (
        client_for(sibling_research).post(url, body, content_type="application/json").status_code
        == 404
    )
    assert client_for(research).post(url, body, content_type="application/json").status_code == 404
    empty = client_for(world.users["supervisor_mid"]).post(
        url, json.dumps({"body": ""}), content_type="application/json"
    )
    assert empty.status_code in (400, 422)
    listed = client_for(research).get("/api/guidance/comments").json()
    assert [c["body"] for c in listed] == ["请补充数据来源。"]
    assert client_for(sibling_research).get("/api/guidance/comments").json() == []
    assert client_for(world.users["recipient"]).get("/api/guidance/comments").status_code == 403
