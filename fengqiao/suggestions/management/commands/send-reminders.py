from __future__ import annotations

from django.core.management.base import BaseCommand

from fengqiao.suggestions.reminders import send_reply_reminders


class Command(BaseCommand):
    help = "发送答复期限提醒和逾期预警（可重复运行，不会重复发送）"

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"已发送 {send_reply_reminders()} 条提醒。")
