from __future__ import annotations

from django.core.management.base import BaseCommand

from fengqiao.demo.cases import load_demo_cases
from fengqiao.demo.courts import DEMO_PASSWORD, demo_exists, load_demo
from fengqiao.demo.mining import load_demo_mining
from fengqiao.demo.suggestions import load_demo_suggestions


class Command(BaseCommand):
    help = "载入演示数据（法院、庭室、各角色用户、被建议单位、案件）"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="仅当尚未载入演示数据时载入（make run 使用）"
        )

    def handle(self, *args, **options) -> None:
        if demo_exists():
            self.stdout.write("演示数据已经载入，未重复载入。")
            return
        accounts = load_demo()
        cases = load_demo_cases()
        register = load_demo_suggestions()
        records = load_demo_mining()
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已载入（裁判文书 {cases.imported} 件，案件管理记录 {records} 件，已完成类案分析）。"
            )
        )
        self.stdout.write(register.line())
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<12} {account.full_name:<4}  {account.roles}  —  {account.where}"
            )
