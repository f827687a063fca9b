"""The left menu: one list of entries, each shown to the users whose roles allow it.

Later apps append their entries here, so the menu stays one table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from fengqiao.courts.permissions import has_permission


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str | None  # None: every signed-in user
    section: str = "工作"
    recipient_only: bool = False


MENU: list[MenuItem] = [
    MenuItem("工作台", "dashboard:home", None),
    MenuItem("我的来函", "portal:list", "portal.view", "来函", recipient_only=True),
    MenuItem("我的待办", "suggestions:my_work", "suggestion.view"),
    MenuItem("司法建议台账", "suggestions:register", "suggestion.view", "司法建议"),
    MenuItem("年度报告", "dashboard:annual_report", "report.annual", "司法建议"),
    MenuItem("线索", "suggestions:clue_list", "suggestion.view", "司法建议"),
    MenuItem("会议与议题", "suggestions:meeting_list", "suggestion.view", "司法建议"),
    MenuItem("反馈分析", "feedback:analysis", "suggestion.view", "司法建议"),
    MenuItem("考评", "evaluation:index", "evaluation.own", "司法建议"),
    MenuItem("指导与统一标准", "guidance:index", "guidance.view", "司法建议"),
    MenuItem("案件库", "cases:list", "case.view", "选题"),
    MenuItem("类案热点", "mining:hotspots", "mining.view", "选题"),
    MenuItem("涉诉单位", "mining:entities", "mining.view", "选题"),
    MenuItem("反向追溯", "mining:backtrace_list", "backtrace.view", "选题"),
    MenuItem("导入隔离区", "cases:quarantine", "case.quarantine.view", "选题"),
    MenuItem("案例库", "library:search", "library.view", "司法建议"),
    MenuItem("优秀建议评选", "selection:list", "selection.view", "司法建议"),
    MenuItem("对外协同", "outreach:index", "outreach.export", "司法建议"),
    MenuItem("去标识化审查", "publicity:list", "publicity.review", "宣传"),
    MenuItem("宣传稿", "publicity:drafts", "publicity.view", "宣传"),
    MenuItem("宣传日历", "publicity:calendar", "publicity.view", "宣传"),
    MenuItem("工作指引", "guide:index", None, "指引"),
    MenuItem("被建议单位", "courts:recipient_list", "recipient.view", "基础数据"),
    MenuItem("法院与人员", "courts:court_list", "court.view", "基础数据"),
    MenuItem("系统管理", "administration:index", "user.manage", "系统"),
    MenuItem("用户", "administration:user_list", "user.manage", "系统"),
    MenuItem("庭室", "administration:division_list", "court.manage", "系统"),
    MenuItem("单位目录维护", "administration:recipient_list", "recipient.manage", "基础数据"),
    MenuItem("公文设置", "administration:document_settings", "court.manage", "系统"),
    MenuItem("审批流程", "suggestions:workflows", "court.manage", "系统"),
    MenuItem("法院名录", "courts:registry", "registry.view", "系统"),
    MenuItem("审计日志", "audit:list", "audit.view", "系统"),
]


def menu_for(user) -> list[tuple[str, list[dict[str, str]]]]:
    sections: dict[str, list[dict[str, str]]] = {}
    for item in MENU:
        if item.recipient_only and not user.is_recipient:
            continue
        if item.permission is not None and not has_permission(user, item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        sections.setdefault(item.section, []).append({"label": item.label, "url": url})
    return list(sections.items())
