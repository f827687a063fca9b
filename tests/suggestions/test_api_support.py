"""Helpers for the lifecycle API tests: a token per ``world`` user, and JSON calls.

``api("research", "post", "/suggestions/1/deliveries", {...})`` → the Django test response.
Every error body must be ``{"detail": <中文>, "code": <机器码>}``: ``assert_error`` checks it.
"""

from __future__ import annotations

import json
import re

import pytest

from fengqiao.courts.services import api_token_create

CJK = re.compile(r"[\u4e00-\u9fff]")


class Api:
    def __init__(self, client, world) -> None:
        self.client = client
        self.world = world
        self.tokens: dict[str, str] = {}

    def token(self, who: str) -> str:
        if who not in self.tokens:
            self.tokens[who] = api_token_create(user=self.world.users[who])
        return self.tokens[who]

    def __call__(self, who: str | None, method: str, path: str, body=None, *, raw=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token(who)}"} if who else {}
        kwargs = {}
        if raw is not None:
            kwargs = {"data": raw, "content_type": "application/json"}
        elif body is not None:
            kwargs = {"data": json.dumps(body), "content_type": "application/json"}
        elif method in {"post", "put"}:
            kwargs = {"content_type": "application/json"}
        return getattr(self.client, method)(f"/api{path}", **kwargs, **headers)


@pytest.fixture
def api(client, world) -> Api:
    return Api(client, world)


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code, body
    assert isinstance(body["detail"], str) and CJK.search(body["detail"]), body
    return body


def test_error_helper_rejects_english_details(api):
    response = api(None, "get", "/suggestions")
    body = assert_error(response, 401, "unauthenticated")
    assert "令牌" in body["detail"]
