"""The audit trail's machine codes: one stable code per kind of event, with its Chinese label.

Every service passes ``code=`` to :func:`fengqiao.audit.services.audit_record`; the label shown
to people comes from this table (a caller may add detail to it with ``action=``). Codes never
change once used — the trail is filtered and counted by them — so add new ones, don't rename.
"""

from __future__ import annotations

AUDIT_CODES: dict[str, str] = {
    # signing in and out
    "auth.login": "登录",
    "auth.logout": "退出登录",
    "auth.login_failed": "登录失败",
    # courts, people, settings
    "court.create": "创建法院",
    "court.update": "修改法院",
    "court.load_registry": "载入法院名录",
    "court.setup": "初始化法院",
    "division.create": "创建庭室",
    "division.update": "修改庭室",
    "division.deactivate": "停用庭室",
    "division.activate": "启用庭室",
    "user.create": "创建用户",
    "user.update": "修改用户",
    "user.deactivate": "停用用户",
    "user.activate": "启用用户",
    "user.roles": "调整角色",
    "user.password_change": "修改密码",
    "user.password_reset": "重置密码",
    "user.unlock": "解除登录锁定",
    "user.bulk_import": "批量导入用户",
    "user.ldap_sync": "统一身份同步姓名邮箱",
    "login.ldap_not_provisioned": "统一身份账号未开通",
    "recipient.create": "登记被建议单位",
    "recipient.update": "修改被建议单位",
    "recipient.bulk_import": "批量导入被建议单位",
    "token.issue": "签发API令牌",
    "token.revoke": "吊销API令牌",
    "document_settings.update": "修改公文设置",
    "workflow.create": "配置审批流程",
    "workflow.retire": "停用审批流程",
    # cases
    "cases.import_start": "开始导入案件",
    "cases.import_finish": "完成导入案件",
    "cases.import_interrupted": "导入中断",
    # suggestion lifecycle
    "clue.raise": "提出线索",
    "clue.triage": "研判线索",
    "meeting.create": "登记会议",
    "agenda.add": "列入议程",
    "agenda.decide": "会议决定",
    "suggestion.create": "创建司法建议",
    "draft.save": "保存文稿",
    "review.submit": "提交审批",
    "review.approve": "审批同意",
    "review.return": "审批退回",
    "suggestion.sign": "签发",
    "suggestion.number": "编号",
    "precomm.send": "发出告知函（征求意见稿）",
    "precomm.record": "事前沟通",
    "precomm.answer": "记录被建议单位意见",
    "suggestion.revise": "退回修改",
    "precomm.conclude": "事前沟通办结",
    "delivery.record": "送达",
    "delivery.extend": "延长答复期限",
    "reply.record": "登记回函",
    "reply.submit_online": "在线提交回函",
    "followup.record": "跟踪落实",
    "suggestion.complete": "办结",
    "suggestion.archive": "归档",
    "suggestion.withdraw": "撤回",
    "suggestion.correct_date": "更正日期",
    "attachment.upload": "上传附件",
    "portal.link_account": "创建单函链接系统账户",
    "reminder.read": "标记提醒已读",
    "reminder.send_run": "发送答复期限提醒",
    # mining and back-tracing
    "mining.refresh": "刷新类案分析",
    "mining.refresh_run": "类案分析运行",
    "entity.decide": "实体归并决定",
    "hotspot.to_clue": "热点转为线索",
    "report.health_check": "生成涉诉法治体检报告",
    "report.annual": "生成司法建议工作年度报告（向人大报告）",
    "backtrace.start": "发起反向追溯",
    "backtrace.run": "反向追溯运行",
    "backtrace.talk": "谈话提醒",
    "backtrace.run_failed": "反向追溯运行失败",
    "mining.refresh_failed": "类案分析运行失败",
    # anonymisation and publication
    "anonymize.run": "去标识化处理",
    "anonymize.review_span": "审查片段",
    "anonymize.add_span": "补充隐名",
    "anonymize.release": "发布去标识化文本",
    # h-feedback
    "reply.classify": "分析未采纳原因",
    # h-score: 考评 (rubrics, scores, score reports)
    "rubric.create": "创建评分标准",
    "rubric.edit": "修改评分标准",
    "rubric.publish": "发布评分标准",
    "rubric.adopt": "采用上级法院评分标准",
    "score.record": "考评打分",
    "report.scores": "导出考评积分",
    "report.recipients": "生成被建议单位考评表",
    # h-docs
    "holiday_schedule.save": "录入节假日安排",
    "delivery.due_recompute": "重算答复期限",
    # h-letters
    "letter.store": "存档签发文书（Word）",
    "letter.pdf": "生成签发文书 PDF",
    "files.sweep": "清理残留文件",
    "cases.import_marked_interrupted": "标记导入批次中断",
    # h-library: the shared 司法建议案例库
    "library.submit": "提交案例库",
    "library.release": "案例库审核发布",
    "library.withdraw": "撤下案例库条目",
    "library.settings": "修改案例库设置",
    "library.review_span": "案例库审核片段",
    "library.add_mask": "案例库补充隐名",
    "library.excellent": "案例库优秀标记",
    # h-selection: 优秀司法建议评选
    "selection.open": "发起优秀司法建议评选",
    "selection.reviewers": "确定评审人",
    "selection.nominate": "推荐参评司法建议",
    "selection.withdraw": "撤回参评推荐",
    "selection.review_start": "开始评审（分配评审任务）",
    "selection.review_submit": "提交评审评分",
    "selection.review_reassign": "改派评审任务",
    "selection.publish": "公布评选结果",
    "selection.export": "下载评选结果",
    # h-guidance: 上级法院指导、统一标准（模板）、经验交流
    "guidance.comment": "上级法院提出指导意见",
    "guidance.comment_read": "阅知指导意见",
    "guidance.comment_respond": "回复指导意见",
    "lettertemplate.create": "创建司法建议书模板",
    "lettertemplate.edit": "修改司法建议书模板",
    "lettertemplate.publish": "发布司法建议书模板",
    "lettertemplate.adopt": "采用上级法院司法建议书模板",
    "exchange.record": "登记经验交流会",
    "exchange.material": "上传经验交流材料",
    # h-outreach: research exports, associations and relays
    "outreach.export": "导出科研数据",
    "outreach.export_download": "下载科研数据",
    "outreach.association_save": "保存行业协会",
    "outreach.relay": "转送行业协会",
    "outreach.relay_ack": "行业协会确认收悉",
    # h-publicity: 宣传稿, approval, publication
    "publicity.draft_create": "生成宣传稿",
    "publicity.draft_edit": "修改宣传稿",
    "publicity.draft_submit": "宣传稿送审",
    "publicity.draft_approve": "宣传稿审批同意",
    "publicity.draft_return": "宣传稿审批退回",
    "publicity.publish": "登记宣传稿发布",
    "publicity.reach": "录入传播数据",
    "publicity.template_save": "修改宣传稿模板",
    "publicity.chain_save": "修改宣传审批流程",
    "publicity.export": "导出宣传发布清单",
    # h-volume: report PDFs made by the background worker
    "report.health_check_pdf": "后台生成涉诉法治体检报告 PDF",
}


def label_for(code: str) -> str:
    try:
        return AUDIT_CODES[code]
    except KeyError:
        raise ValueError(
            f"未登记的审计代码：{code}（请在 fengqiao/audit/codes.py 中登记）"
        ) from None
