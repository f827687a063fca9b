from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from fengqiao.demo.cases import DEFAULT_CASES, load_demo_cases
from fengqiao.demo.courts import DEMO_PASSWORD, demo_exists, load_demo
from fengqiao.demo.guidance import load_demo_guidance
from fengqiao.demo.library import library_line, load_demo_library
from fengqiao.demo.mining import load_demo_mining
from fengqiao.demo.publicity import load_demo_publicity
from fengqiao.demo.selection import load_demo_selection
from fengqiao.demo.suggestions import load_demo_suggestions


class Command(BaseCommand):
    help = "载入演示数据（法院、庭室、各角色用户、被建议单位、案件）"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="仅当尚未载入演示数据时载入（make run 使用）"
        )
        parser.add_argument(
            "--cases",
            type=int,
            default=DEFAULT_CASES,
            metavar="N",
            help=f"生成并导入的裁判文书件数（默认 {DEFAULT_CASES}；如 100000 可体验一个繁忙基层法院数年的案件量）",
        )

    def handle(self, *args, **options) -> None:
        # Imported here: the progress bar is only needed when the command runs.
        from tqdm import tqdm

        total = options["cases"]
        if total < 0:
            raise CommandError("--cases 不能为负数。")
        if demo_exists():
            self.stdout.write("演示数据已经载入，未重复载入。")
            return
        accounts = load_demo()
        bar = tqdm(
            total=total,
            unit="件",
            desc="导入裁判文书",
            disable=not sys.stderr.isatty(),
            file=sys.stderr,
        )
        try:
            cases = load_demo_cases(total, progress=bar.update, index=False)
        finally:
            bar.close()
        register = load_demo_suggestions()
        load_demo_library()  # other courts' shared letters; replied letters' entries released
        load_demo_selection()  # a finished round and one in review, over several courts' letters
        load_demo_guidance()
        if sys.stderr.isatty():
            self.stderr.write("建立检索索引、进行类案分析……")
        records = load_demo_mining()  # indexes every demo case once, then the mining refresh
        from fengqiao.demo.outreach import load_demo_outreach  # (polars: only when it runs)

        outreach = load_demo_outreach()
        load_demo_publicity()
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已载入（裁判文书 {cases.imported} 件，案件管理记录 {records} 件，已完成类案分析）。"
            )
        )
        self.stdout.write(register.line())
        self.stdout.write(library_line())
        if outreach:
            self.stdout.write(outreach)
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<12} {account.full_name:<4}  {account.roles}  —  {account.where}"
            )
        self.stdout.write(
            "另有各业务庭法官账号（用户名 cb 开头，同一密码），为演示案件的承办法官。"
        )
