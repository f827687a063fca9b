from __future__ import annotations

import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fengqiao.courts.court_setup import (
    STANDARD_DIVISIONS,
    check_password,
    propose_short_name,
    setup_court,
)
from fengqiao.courts.models import Court, User
from fengqiao.courts.registry import name_key
from fengqiao.courts.registry_load import court_by_code, load_registry

PASSWORD_ENV = "FENGQIAO_SETUP_PASSWORD"


class Command(BaseCommand):
    help = (
        "初始化一个法院：载入全国法院名录，选定本院，设置地名简称，建立标准庭室和第一个系统管理员。"
        f"有终端时逐项询问；脚本中用参数，密码取自环境变量 {PASSWORD_ENV}（不接受命令行密码）。"
        "可重复运行。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--court", metavar="法院代字或名称", help="如 京0105 或 北京市朝阳区人民法院"
        )
        parser.add_argument("--short-name", metavar="地名简称", help="司法建议书编号用，如 朝")
        parser.add_argument("--admin-username", metavar="用户名", help="第一个系统管理员的用户名")
        parser.add_argument("--admin-name", metavar="姓名", help="第一个系统管理员的姓名")
        parser.add_argument(
            "--no-input", action="store_true", help="不询问（缺少的信息用默认值，缺密码则报错）"
        )

    def handle(self, *args, **options) -> None:
        interactive = not options["no_input"] and sys.stdin.isatty()
        self.stdout.write("载入全国法院名录……")
        summary = load_registry()
        self.stdout.write(f"  名录共 {summary.total} 家法院（本次新增 {summary.created} 家）。")
        court = self._court(options["court"], interactive)
        self.stdout.write(f"本院：{court.name}（{court.code}）")

        proposal = court.short_name or propose_short_name(court)
        short_name = options["short_name"]
        if short_name is None:
            short_name = (
                self._ask(f"地名简称，用于“{proposal or '（无）'}法建〔年度〕N号”", proposal)
                if interactive
                else proposal
            )

        username = options["admin_username"] or (
            self._ask("第一个系统管理员的用户名", "admin") if interactive else "admin"
        )
        existing = User.objects.filter(username=username).first()
        full_name = options["admin_name"] or (
            existing.full_name
            if existing
            else (self._ask("系统管理员姓名", "系统管理员") if interactive else "系统管理员")
        )
        password = None
        if existing is None:
            password = self._password(username, interactive)
        try:
            result = setup_court(
                court=court,
                short_name=short_name,
                admin_username=username,
                admin_name=full_name,
                password=password,
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error

        if result.divisions_created:
            self.stdout.write(
                "已建庭室：" + "、".join(result.divisions_created) + "（可在庭室页面修改）"
            )
        else:
            self.stdout.write("标准庭室已齐全：" + "、".join(STANDARD_DIVISIONS))
        if existing is None:
            self.stdout.write(f"已建系统管理员：{username}（{full_name}）")
        else:
            self.stdout.write(f"系统管理员 {username} 已存在，密码未改动。")
        if not result.changed:
            self.stdout.write("本院已经初始化过，这次没有改动任何内容。")
        host = os.environ.get("HOST", "127.0.0.1")
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            f"完成。运行 fengqiao serve 后，在 http://{host}:{port}/ 用 {username} 登录；"
            f"司法建议书编号形如“{result.short_name}法建〔年度〕1号”。"
            "之后可导入案件：fengqiao import-cases 目录"
        )

    def _court(self, given: str | None, interactive: bool) -> Court:
        while True:
            query = given or (
                self._ask("本院的法院代字或名称（如 京0105）", "") if interactive else ""
            )
            if not query:
                raise CommandError("请用 --court 指定法院代字，如 fengqiao setup --court 京0105")
            court = court_by_code(query) or self._by_name(query)
            if court is not None:
                if interactive and not given:
                    answer = self._ask(f"是 {court.name}（{court.code}）吗？[Y/n]", "y")
                    if answer.lower() not in {"y", "yes", "是"}:
                        continue
                return court
            message = f"全国法院名录中没有“{query}”。请核对法院代字（如 京0105）或全称。"
            if given or not interactive:
                raise CommandError(message)
            self.stderr.write(message)

    @staticmethod
    def _by_name(query: str) -> Court | None:
        key = name_key(query)
        matches = [
            c
            for c in Court.objects.only("id", "name", "aliases")
            if key in {name_key(n) for n in (c.name, *(c.aliases or []))}
        ]
        return Court.objects.get(pk=matches[0].pk) if len(matches) == 1 else None

    def _ask(self, prompt: str, default: str) -> str:
        suffix = f"（回车采用“{default}”）" if default else ""
        self.stdout.write(f"{prompt}{suffix}：", ending="")
        self.stdout.flush()
        line = sys.stdin.readline()
        if not line:
            raise CommandError("输入已结束。")
        return line.strip() or default

    def _password(self, username: str, interactive: bool) -> str:
        from_env = os.environ.get(PASSWORD_ENV)
        if from_env:
            try:
                check_password(from_env, username)
            except ValidationError as error:
                raise CommandError(
                    f"{PASSWORD_ENV} 中的密码不合要求：" + "；".join(error.messages)
                ) from error
            return from_env
        if not interactive:
            raise CommandError(
                f"请在环境变量 {PASSWORD_ENV} 中给出系统管理员的初始密码（不接受命令行参数），"
                "或在终端中运行本命令逐项输入。"
            )
        for _ in range(3):
            first = getpass.getpass("系统管理员密码：")
            second = getpass.getpass("再输入一次：")
            if first != second:
                self.stderr.write("两次输入不一致，请重新输入。")
                continue
            try:
                check_password(first, username)
            except ValidationError as error:
                self.stderr.write("密码不合要求：" + "；".join(error.messages))
                continue
            return first
        raise CommandError("三次都没有设置成功，已退出（除载入名录外没有改动）。")
