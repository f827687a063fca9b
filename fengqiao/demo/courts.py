"""A realistic demo: a high court, two intermediate courts, basic courts, people, recipients.

Court codes follow the 2016 案号 rules (高院 = 省简称; 中院 + 2 digits; 基层 + 4 digits, tied to
GB/T 2260 区划码 320102 玄武区, 320106 鼓楼区, 320706 海州区). The 开发区 court's 代字 and
all 地名简称 are illustrative (the rules do not fix how 地名简称 is chosen); “连开” is the
form used in a real 2018 letter (RULES.md §1.1).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from fengqiao.courts import services
from fengqiao.courts.models import Court, CourtLevel, Role, UnitKind, User

DEMO_PASSWORD = "Fengqiao@2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    where: str
    roles: str


COURTS = [
    # name, code, short name, level, parent code
    ("江苏省高级人民法院", "苏", "苏高", CourtLevel.HIGH, None),
    ("江苏省南京市中级人民法院", "苏01", "宁中", CourtLevel.INTERMEDIATE, "苏"),
    ("江苏省连云港市中级人民法院", "苏07", "连中", CourtLevel.INTERMEDIATE, "苏"),
    ("南京市玄武区人民法院", "苏0102", "宁玄", CourtLevel.BASIC, "苏01"),
    ("南京市鼓楼区人民法院", "苏0106", "宁鼓", CourtLevel.BASIC, "苏01"),
    ("连云港市海州区人民法院", "苏0706", "连海", CourtLevel.BASIC, "苏07"),
    ("连云港经济技术开发区人民法院", "苏0791", "连开", CourtLevel.BASIC, "苏07"),
]

BASIC_DIVISIONS = [
    "立案庭",
    "民事审判第一庭",
    "民事审判第二庭",
    "刑事审判庭",
    "行政审判庭",
    "执行局",
    "研究室",
]
UPPER_DIVISIONS = ["民事审判第一庭", "刑事审判第一庭", "行政审判庭", "审判管理办公室（研究室）"]

# username, full name, court code, division, roles
PEOPLE = [
    ("faguan", "王立新", "苏0791", "民事审判第一庭", [Role.JUDGE]),
    ("faguan2", "钱晓燕", "苏0791", "民事审判第二庭", [Role.JUDGE]),
    ("tingzhang", "李明华", "苏0791", "民事审判第一庭", [Role.DIVISION_HEAD, Role.JUDGE]),
    ("yanjiushi", "周静", "苏0791", "研究室", [Role.RESEARCH]),
    ("fenguan", "陈建国", "苏0791", None, [Role.VICE_PRESIDENT, Role.COMMITTEE]),
    ("yuanzhang", "刘振华", "苏0791", None, [Role.PRESIDENT, Role.COMMITTEE]),
    ("shenweihui", "赵德明", "苏0791", "刑事审判庭", [Role.COMMITTEE, Role.JUDGE]),
    ("admin", "孙伟", "苏0791", None, [Role.ADMIN]),
    ("haizhou", "郑凯", "苏0706", "民事审判第一庭", [Role.JUDGE]),
    ("haizhou_yjs", "冯丽", "苏0706", "研究室", [Role.RESEARCH]),
    ("haizhou_tz", "孔令辉", "苏0706", "民事审判第一庭", [Role.DIVISION_HEAD, Role.JUDGE]),
    ("haizhou_fy", "严春梅", "苏0706", None, [Role.VICE_PRESIDENT, Role.COMMITTEE]),
    ("xuanwu", "黄志远", "苏0102", "民事审判第一庭", [Role.JUDGE]),
    ("xuanwu_tz", "韦国栋", "苏0102", "民事审判第一庭", [Role.DIVISION_HEAD, Role.JUDGE]),
    ("xuanwu_yjs", "柏雪", "苏0102", "研究室", [Role.RESEARCH]),
    ("xuanwu_fy", "葛长青", "苏0102", None, [Role.VICE_PRESIDENT, Role.COMMITTEE]),
    ("dudao", "吴红", "苏07", "审判管理办公室（研究室）", [Role.SUPERVISOR, Role.RESEARCH]),
    ("gaoyuan", "何建平", "苏", "审判管理办公室（研究室）", [Role.SUPERVISOR, Role.RESEARCH]),
]

# The other judges of the trial divisions of the courts that hold demo cases: every demo case
# is handled (承办) by one of them or by a judge of PEOPLE, in the division of its case type.
# court code → division → full names; usernames cb<digits of the code><nn>, e.g. cb079101.
CASE_JUDGES = {
    "苏0791": {
        "民事审判第一庭": ["孙海燕", "高志强"],
        "民事审判第二庭": ["陆文斌", "马晓东", "宋佳怡"],
        "刑事审判庭": ["唐国庆", "曹玉梅"],
        "行政审判庭": ["许卫东", "邓晓红"],
    },
    "苏0706": {
        "民事审判第一庭": ["潘建军"],
        "民事审判第二庭": ["袁丽萍", "姚文杰"],
        "刑事审判庭": ["蔡志刚"],
        "行政审判庭": ["田秀英"],
    },
    "苏0102": {
        "民事审判第一庭": ["董海波"],
        "民事审判第二庭": ["于慧敏", "范永强"],
        "刑事审判庭": ["彭立军"],
        "行政审判庭": ["魏春兰"],
    },
}
TRIAL_DIVISIONS = ("民事审判第一庭", "民事审判第二庭", "刑事审判庭", "行政审判庭")
# 案由 heard by the commercial division (民二庭); other civil cases go to 民一庭.
_COMMERCIAL = (
    "借款",
    "借贷",
    "信用卡",
    "买卖",
    "建设工程",
    "商品房",
    "商标",
    "金融",
    "保险",
    "公司",
)


def division_for(kind: str, cause: str) -> str:
    """The trial division of a basic court that hears a case of this kind (civil | criminal |
    admin, or a 类型代字 such as 刑初) and 案由, as the demo courts divide the work."""
    if kind == "criminal" or "刑" in kind:
        return "刑事审判庭"
    if kind == "admin" or "行" in kind:
        return "行政审判庭"
    return "民事审判第二庭" if any(w in cause for w in _COMMERCIAL) else "民事审判第一庭"


def trial_judges(court: Court) -> dict[str, list[User]]:
    """The court's judges per trial division (division heads included), in a stable order."""
    found: dict[str, list[User]] = {name: [] for name in TRIAL_DIVISIONS}
    judges = (
        User.objects.filter(
            court=court,
            division__name__in=TRIAL_DIVISIONS,
            role_grants__role__in=[Role.JUDGE, Role.DIVISION_HEAD],
        )
        .select_related("division")
        .distinct()
        .order_by("id")
    )
    for user in judges:
        found[user.division.name].append(user)
    return found


# name, kind, superior name, court code, contact, phone
UNITS = [
    ("江苏省住房和城乡建设厅", UnitKind.GOVERNMENT, None, "苏", "林处长", "025-51868000"),
    (
        "连云港市住房和城乡建设局",
        UnitKind.GOVERNMENT,
        "江苏省住房和城乡建设厅",
        "苏0791",
        "马科长",
        "0518-85800001",
    ),
    ("连云港市市场监督管理局", UnitKind.GOVERNMENT, None, "苏0791", "蒋科长", "0518-85800002"),
    (
        "连云港市人力资源和社会保障局",
        UnitKind.GOVERNMENT,
        None,
        "苏0791",
        "沈科长",
        "0518-85800003",
    ),
    ("连云港市公安局交通警察支队", UnitKind.GOVERNMENT, None, "苏0791", "韩警官", "0518-85800004"),
    (
        "连云港经济技术开发区管理委员会",
        UnitKind.GOVERNMENT,
        None,
        "苏0791",
        "杨主任",
        "0518-85800005",
    ),
    ("连云港市教育局", UnitKind.GOVERNMENT, None, "苏0791", "朱科长", "0518-85800006"),
    ("中国银行股份有限公司连云港分行", UnitKind.COMPANY, None, "苏0791", "秦经理", "0518-85800007"),
    ("连云港市物业管理协会", UnitKind.ASSOCIATION, None, "苏0791", "许秘书长", "0518-85800008"),
    (
        "连云港市海州区市场监督管理局",
        UnitKind.GOVERNMENT,
        None,
        "苏0706",
        "何科长",
        "0518-85800009",
    ),
    (
        "连云港市海州区新南街道办事处",
        UnitKind.GOVERNMENT,
        None,
        "苏0706",
        "吕主任",
        "0518-85800010",
    ),
    ("南京市玄武区教育局", UnitKind.GOVERNMENT, None, "苏0102", "施科长", "025-84400001"),
    ("南京市玄武区市场监督管理局", UnitKind.GOVERNMENT, None, "苏0102", "邵科长", "025-84400002"),
    ("南京市鼓楼区卫生健康委员会", UnitKind.GOVERNMENT, None, "苏0106", "张科长", "025-83300001"),
]

RECIPIENT_USERS = [
    ("zhujianju", "马文涛", "连云港市住房和城乡建设局"),
    ("shijianju", "蒋丽", "连云港市市场监督管理局"),
]


def demo_exists() -> bool:
    """The demo is loaded when its people are: a court loaded from the national registry (or
    set up for real) is not the demo."""
    return User.objects.filter(username=PEOPLE[0][0]).exists()


def _demo_court(name: str, code: str, short: str, level: str, parent: Court | None) -> Court:
    """The registry may already hold the demo's courts (``fengqiao courts load``): reuse them."""
    court = Court.objects.filter(code=code).first()
    if court is None:
        return services.court_create(
            name=name, code=code, short_name=short, level=level, parent=parent
        )
    if not court.short_name:
        court.short_name = short
        court.save(update_fields=["short_name"])
    return court


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    courts: dict[str, Court] = {}
    for name, code, short, level, parent_code in COURTS:
        courts[code] = _demo_court(
            name, code, short, level, courts[parent_code] if parent_code else None
        )
    divisions = {}
    for code, court in courts.items():
        names = BASIC_DIVISIONS if court.level == CourtLevel.BASIC else UPPER_DIVISIONS
        for name in names:
            divisions[code, name] = court.divisions.filter(
                name=name
            ).first() or services.division_create(court=court, name=name)

    accounts: list[DemoAccount] = []
    for username, full_name, code, division, roles in PEOPLE:
        services.user_create(
            username=username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            court=courts[code],
            division=divisions.get((code, division)),
            roles=roles,
        )
        accounts.append(
            DemoAccount(
                username, full_name, courts[code].name, "、".join(Role(r).label for r in roles)
            )
        )

    for code, by_division in CASE_JUDGES.items():
        number = 0
        for division, names in by_division.items():
            for full_name in names:
                number += 1
                services.user_create(
                    username=f"cb{code[1:]}{number:02d}",
                    password=DEMO_PASSWORD,
                    full_name=full_name,
                    court=courts[code],
                    division=divisions[code, division],
                    roles=[Role.JUDGE],
                )

    units = {}
    for name, kind, superior, code, contact, phone in UNITS:
        units[name] = services.recipient_unit_create(
            court=courts[code],
            name=name,
            kind=kind,
            superior=units.get(superior),
            contact_name=contact,
            contact_phone=phone,
        )
    for username, full_name, unit_name in RECIPIENT_USERS:
        services.user_create(
            username=username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            recipient_unit=units[unit_name],
        )
        accounts.append(DemoAccount(username, full_name, unit_name, "被建议单位"))
    return accounts
