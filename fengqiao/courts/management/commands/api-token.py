from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fengqiao.courts.models import User
from fengqiao.courts.services import api_token_create


class Command(BaseCommand):
    help = "为用户签发新的 API 令牌并打印（令牌只显示这一次）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"用户不存在或已停用：{options['username']}")
        self.stdout.write(api_token_create(user=user))
