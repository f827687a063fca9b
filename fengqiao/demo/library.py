"""The demo's 司法建议案例库.

* The demo court's research office has reviewed and released the shared versions of its letters
  that have a reply (the outcome travels with them); entries of letters still awaiting a reply
  stay 待审核, so the review page has work on it.
* Two other courts (海州区法院 in the same city, 玄武区法院 in another) have each issued, delivered
  and had replies to two letters of their own — through their own review chains — and shared
  them, so a user of one court finds another court's letters in the library.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from fengqiao.courts.models import Court, RecipientUnit, Role, User
from fengqiao.library import services as library
from fengqiao.library.models import LibraryEntry
from fengqiao.suggestions import services, stored_letters
from fengqiao.suggestions.letters import EMPTY_CONTENT
from fengqiao.suggestions.models import Category, ItemOutcome, Suggestion


@dataclass(frozen=True)
class SharedLetter:
    court: str  # court code
    drafter: str
    division_head: str
    research: str
    signer: str
    recipient: str
    title: str  # 关于……的司法建议书
    topic: str
    domain: str
    background: tuple[str, ...]
    problems: tuple[tuple[str, str], ...]
    suggestions: tuple[tuple[str, str], ...]
    contact: tuple[str, str]
    signed_days_ago: int
    reply: tuple[tuple[str, str], ...]  # per suggestion: (outcome, measures)
    reply_text: str


_HAIZHOU = dict(
    court="苏0706",
    drafter="haizhou",
    division_head="haizhou_tz",
    research="haizhou_yjs",
    signer="haizhou_fy",
    contact=("冯丽", "0518-85522345"),
)
_XUANWU = dict(
    court="苏0102",
    drafter="xuanwu",
    division_head="xuanwu_tz",
    research="xuanwu_yjs",
    signer="xuanwu_fy",
    contact=("柏雪", "025-84401234"),
)

LETTERS = (
    SharedLetter(
        **_HAIZHOU,
        recipient="连云港市海州区市场监督管理局",
        title="加强老旧小区电动自行车充电设施管理",
        topic="老旧小区电动自行车充电安全",
        domain="民事",
        background=(
            "电动自行车充电安全事关群众生命财产安全。你局近年来持续开展电动自行车及充电设施产品质量整治，取得一定成效。",
            "我院在审理财产损害赔偿、物业服务合同纠纷中发现，老旧小区电动自行车“飞线充电”、"
            "楼道停放引发的火灾损害赔偿案件明显增多。",
        ),
        problems=(
            ("老旧小区集中充电设施不足。", "居民只能在楼道或家中充电，火灾隐患突出。"),
            ("充电设施产品质量参差不齐。", "部分小区使用的充电桩无过载保护，发生短路起火。"),
        ),
        suggestions=(
            (
                "会同街道和物业服务企业增设集中充电设施。",
                "建议将老旧小区充电设施纳入年度民生实事，优先在火灾高发小区建设。",
            ),
            (
                "加强充电设施产品质量监督抽查。",
                "建议对辖区销售、安装的充电设施开展专项抽查，公布不合格产品名单。",
            ),
        ),
        signed_days_ago=160,
        reply=(
            (ItemOutcome.ADOPTED, "已会同街道在12个老旧小区新建集中充电点。"),
            (ItemOutcome.ADOPTED, "已开展充电设施质量专项抽查，公布不合格产品3批次。"),
        ),
        reply_text="你院司法建议收悉。我局会同相关街道逐条研究落实，现函复如下。",
    ),
    SharedLetter(
        **_HAIZHOU,
        recipient="连云港市海州区新南街道办事处",
        title="规范农村宅基地房屋买卖和租赁",
        topic="宅基地房屋买卖纠纷",
        domain="民事",
        background=(
            "宅基地管理关系农民基本居住权益和农村社会稳定。你街道近年来加强农村集体资产和宅基地管理，取得一定成效。",
            "我院近三年审理的农村房屋买卖合同纠纷中，城镇居民购买宅基地房屋后主张合同有效、"
            "出卖人以违法为由要求返还的案件占多数。",
        ),
        problems=(
            ("宅基地房屋违规交易仍然存在。", "部分村民将宅基地房屋出售给本集体经济组织以外人员。"),
            ("村级组织审核把关不严。", "个别村委会为买卖合同出具证明，误导当事人。"),
        ),
        suggestions=(
            (
                "加强宅基地管理政策宣传。",
                "建议结合典型案例开展入村宣讲，讲清宅基地交易的法律后果。",
            ),
            ("规范村级组织出具证明行为。", "建议明确村委会不得为违规交易出具证明并开展专项清理。"),
        ),
        signed_days_ago=120,
        reply=(
            (ItemOutcome.ADOPTED, "已在辖区各村开展宅基地政策宣讲16场。"),
            (ItemOutcome.PARTLY, "已下发通知规范村级证明，专项清理正在进行。"),
        ),
        reply_text="贵院司法建议收悉，街道党工委专题研究，落实情况函复如下。",
    ),
    SharedLetter(
        **_XUANWU,
        recipient="南京市玄武区教育局",
        title="加强校外培训机构预收费监管",
        topic="校外培训机构预收费退费难",
        domain="民事",
        background=(
            "规范校外培训是减轻学生负担、维护家长合法权益的重要工作。你局近年来持续开展校外培训治理，取得一定成效。",
            "我院审理的教育培训合同纠纷中，校外培训机构一次性预收高额费用后停业、"
            "家长集中起诉退费的案件占比较高。",
        ),
        problems=(
            ("培训机构超期预收费用。", "部分机构一次性收取超过三个月或六十课时的费用。"),
            ("预收资金缺乏监管。", "机构停业后预收资金去向不明，家长难以追回。"),
        ),
        suggestions=(
            ("严格执行预收费期限规定。", "建议对超期预收费用的机构依法责令整改并公开通报。"),
            ("推行预收资金第三方存管。", "建议会同金融机构推行培训费资金存管，按课时拨付。"),
        ),
        signed_days_ago=150,
        reply=(
            (ItemOutcome.ADOPTED, "已对辖区培训机构开展收费专项检查，责令整改7家。"),
            (ItemOutcome.PARTLY, "资金存管已在部分机构试点，拟明年全面推行。"),
        ),
        reply_text="你院司法建议收悉。我局高度重视，现将办理情况函复如下。",
    ),
    SharedLetter(
        **_XUANWU,
        recipient="南京市玄武区市场监督管理局",
        title="规范直播带货经营行为",
        topic="直播带货消费纠纷",
        domain="民事",
        background=(
            "直播电商是促进消费的新业态，规范其经营秩序关系消费者切身利益。你局近年来加强网络交易监管，取得一定成效。",
            "我院审理的网络购物合同纠纷中，涉直播带货的虚假宣传、售后推诿案件逐年上升。",
        ),
        problems=(
            ("直播营销虚假宣传多发。", "主播夸大商品功效，消费者收货后发现货不对板。"),
            ("售后责任主体不清。", "直播间、平台和供货商相互推诿，消费者维权成本高。"),
        ),
        suggestions=(
            ("加强直播营销行为监测。", "建议建立直播营销重点账号监测机制，依法查处虚假宣传。"),
            ("督促明确售后责任主体。", "建议指导直播间在显著位置公示经营者信息和售后责任主体。"),
        ),
        signed_days_ago=100,
        reply=(
            (ItemOutcome.ADOPTED, "已建立直播营销重点账号监测名单，查处虚假宣传案件5起。"),
            (ItemOutcome.NOT_ADOPTED, "售后责任主体公示属平台规则范畴，已向上级部门反映。"),
        ),
        reply_text="贵院司法建议收悉，经研究，现将有关情况函复如下。",
    ),
)


def _release_replied() -> int:
    """Release the pending entries of replied letters, each by a research office user of its
    court; returns how many were released."""
    released = 0
    entries = LibraryEntry.objects.filter(
        status=LibraryEntry.Status.PENDING, suggestion__replies__isnull=False
    ).distinct()
    reviewers: dict[int, User | None] = {}
    for entry in entries.order_by("id"):
        if entry.court_id not in reviewers:
            reviewers[entry.court_id] = (
                User.objects.filter(
                    court_id=entry.court_id, is_active=True, role_grants__role=Role.RESEARCH
                )
                .order_by("id")
                .first()
            )
        reviewer = reviewers[entry.court_id]
        if reviewer is not None:
            library.entry_release(actor=reviewer, entry=entry)
            released += 1
    return released


def _issue(letter: SharedLetter, users: dict[str, User], today: date) -> Suggestion:
    """Draft, review, sign (back-dated), deliver and register the reply of one letter."""
    court = Court.objects.get(code=letter.court)
    content = {
        **EMPTY_CONTENT,
        "title": f"{court.name}关于{letter.title}的司法建议书",
        "topic": letter.topic,
        "background": list(letter.background),
        "problems": [{"heading": h, "body": b} for h, b in letter.problems],
        "suggestions": [{"heading": h, "body": b} for h, b in letter.suggestions],
        "other_matters": ["我院将积极配合你单位开展相关工作，并可提供相关案例和数据。"],
        "contact_name": letter.contact[0],
        "contact_phone": letter.contact[1],
    }
    suggestion = services.suggestion_create(
        actor=users[letter.drafter],
        title=letter.topic,
        category=Category.CLASS,
        recipient=RecipientUnit.objects.get(court=court, name=letter.recipient),
        domain=letter.domain,
        content=content,
    )
    services.review_submit(actor=users[letter.drafter], suggestion=suggestion)
    actors = {
        "部门负责人核稿": letter.division_head,
        "研究室审核": letter.research,
        "分管院领导签发": letter.signer,
    }
    while (step := services.active_step(suggestion)) is not None:
        suggestion = services.review_act(
            actor=users[actors[step.step.name]],
            suggestion=suggestion,
            approve=True,
            comment="同意。",
        )
    signed_on = today - timedelta(days=letter.signed_days_ago)
    tz = timezone.get_current_timezone()
    Suggestion.objects.filter(pk=suggestion.pk).update(
        signed_at=datetime.combine(signed_on, time(10, 30), tzinfo=tz),
        created_at=datetime.combine(signed_on - timedelta(days=20), time(9, 0), tzinfo=tz),
    )
    suggestion.refresh_from_db()
    # the stored letter prints the back-dated 成文日期 (a new stored revision)
    stored_letters.store_signed_letter(suggestion=suggestion, reason="演示数据：签发日期")
    services.delivery_record(
        actor=users[letter.research],
        suggestion=suggestion,
        method="in_person",
        delivered_on=signed_on + timedelta(days=3),
        note="被建议单位办公室签收。",
    )
    services.reply_register(
        actor=users[letter.research],
        suggestion=suggestion,
        received_on=signed_on + timedelta(days=50),
        content=letter.reply_text,
        items=[(i, outcome, measures) for i, (outcome, measures) in enumerate(letter.reply, 1)],
    )
    return suggestion


@transaction.atomic
def load_demo_library() -> int:
    """Issue the other courts' shared letters, then release every replied letter's entry;
    returns how many entries were released (``library_line`` says it for the command)."""
    today = timezone.localdate()
    names = {name for letter in LETTERS for name in (
        letter.drafter, letter.division_head, letter.research, letter.signer
    )}  # fmt: skip
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    if len(users) == len(names):  # a demo without these people gets only the release
        for letter in LETTERS:
            _issue(letter, users, today)
    return _release_replied()


def library_line() -> str:
    released = LibraryEntry.objects.filter(status=LibraryEntry.Status.RELEASED)
    courts = released.values("court").distinct().count()
    others = Suggestion.objects.filter(court__code__in={letter.court for letter in LETTERS})
    return (
        f"司法建议案例库：{courts} 个法院已发布 {released.count()} 件"
        f"（其中海州区、玄武区法院的 {others.exclude(doc_number='').count()} 件已送达并回复），"
        f"待审核 {LibraryEntry.objects.filter(status=LibraryEntry.Status.PENDING).count()} 件。"
    )
