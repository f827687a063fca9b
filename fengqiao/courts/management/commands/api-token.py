"""``fengqiao api-token``: issue, list and revoke API tokens from the command line.

fengqiao api-token USER [--expires-days N] [--name 用途]   # prints the new token only
fengqiao api-token --list [USER] [--json]
fengqiao api-token --revoke PREFIX
"""

from __future__ import annotations

import json
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fengqiao.courts.models import ApiToken, User
from fengqiao.courts.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = (
        "签发、列出或吊销 API 令牌：api-token 用户名 [--expires-days N] [--name 用途]；"
        "api-token --list [用户名]；api-token --revoke 令牌前缀"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", nargs="?", help="为该用户签发令牌（或与 --list 合用）")
        parser.add_argument("--expires-days", type=int, help="有效天数（默认长期有效）")
        parser.add_argument("--name", default="", help="用途，如“案件系统对接”")
        parser.add_argument("--list", action="store_true", help="列出令牌（不显示令牌本身）")
        parser.add_argument("--revoke", metavar="PREFIX", help="吊销前缀匹配的一个令牌")
        parser.add_argument("--json", action="store_true", help="--list 时输出 JSON")

    def handle(self, *args, **options) -> None:
        if options["revoke"]:
            self._revoke(options["revoke"])
        elif options["list"]:
            self._list(options["username"], as_json=options["json"])
        elif options["username"]:
            self._issue(options)
        else:
            raise CommandError("请给出用户名（签发），或 --list / --revoke 前缀。")

    def _issue(self, options) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"用户不存在或已停用：{options['username']}")
        days = options["expires_days"]
        if days is not None and not 1 <= days <= 3650:
            raise CommandError("--expires-days 应在 1–3650 之间。")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            key = api_token_create(user=user, name=options["name"], expires_at=expires_at)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(key)

    def _list(self, username: str | None, *, as_json: bool) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
        if username:
            if not User.objects.filter(username=username).exists():
                raise CommandError(f"用户不存在：{username}")
            tokens = tokens.filter(user__username=username)
        rows = [
            {
                "prefix": t.prefix,
                "user": t.user.username,
                "name": t.name,
                "created_at": t.created_at.isoformat(),
                "expires_at": t.expires_at.isoformat() if t.expires_at else None,
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                "status": t.status(),
            }
            for t in tokens
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("没有 API 令牌。")
            return
        for r in rows:
            expires = (r["expires_at"] or "长期")[:16]
            used = (r["last_used_at"] or "未使用")[:16]
            self.stdout.write(
                f"{r['prefix']}…  {r['user']:<16} {r['status']:<4} 到期 {expires:<16} "
                f"最近使用 {used:<16} {r['name']}"
            )

    def _revoke(self, prefix: str) -> None:
        prefix = prefix.rstrip(".…")
        if len(prefix) < 6:
            raise CommandError("前缀太短，请至少给出 6 个字符（见 --list）。")
        matches = list(ApiToken.objects.filter(prefix__startswith=prefix[:12]))
        matches = [t for t in matches if t.prefix.startswith(prefix) or prefix.startswith(t.prefix)]
        if not matches:
            raise CommandError(f"没有前缀为 {prefix} 的令牌（见 --list）。")
        if len(matches) > 1:
            raise CommandError(f"前缀 {prefix} 对应 {len(matches)} 个令牌，请给出更长的前缀。")
        try:
            token = api_token_revoke(token=matches[0])
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(f"已吊销令牌 {token.prefix}…（用户 {token.user.username}）")
