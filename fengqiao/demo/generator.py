"""Synthetic but realistic judgments (civil, administrative, criminal) for volume benchmarks and demos.

Everything here is invented: names come from common surname/given-name characters, companies and
organs from city names plus generic words; no real document is copied. Output is deterministic for
a given ``seed``. ``generate_cases`` also returns the ground truth used to build each text, which
the tests use to measure the parser on civil/administrative layouts that the real data lacks.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from fengqiao.textlaw.casenum import court_codes

__all__ = ["GeneratedCase", "cn_date", "generate_cases", "generate_judgments", "int_to_cn"]

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹香月莺媛"
    "瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕"
    "馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽志国"
    "建文辉力明永健世广义兴良海山仁波宁贵福生龙元全胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林"
)
_BRANDS = (
    "恒达", "鑫源", "华盛", "宏远", "金诚", "泰和", "永安", "众合", "瑞丰", "博雅", "天成", "长盛", "佳和", "兴隆", "德润",
    "华信", "宇通", "中联", "汇通", "嘉禾", "锦程", "新锐", "盛世", "联创", "海纳", "顺达", "金桥", "创新", "弘毅", "安泰",
)  # fmt: skip
_INDUSTRIES = (
    "建设工程", "房地产开发", "商贸", "科技", "物流", "餐饮管理", "汽车销售", "建材", "电子商务", "装饰工程", "物业管理",
    "信息技术", "劳务派遣", "医疗器械", "食品", "机械设备", "文化传媒", "服装", "农业开发", "环保科技",
)  # fmt: skip
_BANKS = (
    "中国农业银行",
    "中国工商银行",
    "中国建设银行",
    "中国银行",
    "交通银行",
    "招商银行",
    "中国邮政储蓄银行",
)
_INSURERS = (
    "中国人民财产保险股份有限公司", "中国平安财产保险股份有限公司", "中国太平洋财产保险股份有限公司",
    "中华联合财产保险股份有限公司", "阳光财产保险股份有限公司",
)  # fmt: skip
_FIRM_WORDS = (
    "正义",
    "明理",
    "天平",
    "金石",
    "中伦",
    "德恒",
    "君和",
    "汇智",
    "衡信",
    "正平",
    "方圆",
    "公诚",
)
_JOBS = ("无业", "务工", "农民", "个体经营者", "公司职员", "司机", "自由职业")
_ETHNIC = ("汉族",) * 12 + ("回族", "壮族", "满族", "土家族", "苗族")
_EDU = ("小学文化", "初中文化", "高中文化", "中专文化", "大专文化", "大学文化")


@dataclass(slots=True)
class GeneratedCase:
    text: str
    kind: str  # civil | admin | criminal
    court_name: str
    case_no: str
    cause: str
    trial_level: str
    doc_kind: str
    outcome: str
    decided_on: date
    parties: list[tuple[str, str, str]] = field(default_factory=list)  # (role, name, kind)
    judges: list[tuple[str, str]] = field(default_factory=list)
    clerk: str = ""
    layout: str = "newline"


# ---------------------------------------------------------------------------
# Numerals and dates

_CN_DIG = "〇一二三四五六七八九"


def int_to_cn(n: int) -> str:
    """1–99 in Chinese (十二, 二十一); larger numbers digit by digit."""
    if n < 0:
        return "负" + int_to_cn(-n)
    if n < 10:
        return _CN_DIG[n]
    if n < 20:
        return "十" + (_CN_DIG[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIG[n // 10] + "十" + (_CN_DIG[n % 10] if n % 10 else "")
    return "".join(_CN_DIG[int(c)] for c in str(n))


def cn_date(d: date) -> str:
    """二〇一九年三月十二日."""
    return (
        "".join(_CN_DIG[int(c)] for c in str(d.year))
        + f"年{int_to_cn(d.month)}月{int_to_cn(d.day)}日"
    )


def _ad(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ---------------------------------------------------------------------------
# Courts


@dataclass(frozen=True, slots=True)
class _Court:
    name: str
    code: str
    region: str  # e.g. 广东省广州市番禺区
    city: str  # e.g. 广州市
    upper: str  # court that hears appeals
    upper_code: str


def _default_courts() -> list[_Court]:
    table = court_codes()
    out: list[_Court] = []
    for code, (name, level) in table.items():
        if level != "basic" or not name.endswith("人民法院") or len(code) != 5:
            continue
        region = name[: -len("人民法院")]
        up_code = code[:3]
        up = table.get(up_code)
        if up is None:
            continue
        city = _city_of(region)
        out.append(_Court(name, code, region, city, up[0], up_code))
    return out


def _city_of(region: str) -> str:
    for sep in ("市", "州", "盟", "地区"):
        k = region.find(sep)
        if 0 <= k < len(region) - 1:
            start = max(region.rfind("省", 0, k), region.rfind("区", 0, k))
            return region[start + 1 : k + len(sep)]
    return region[-4:]


def _courts_from_arg(courts: Sequence[object] | None) -> list[_Court]:
    if not courts:
        return _default_courts()
    table = court_codes()
    by_name = {v[0]: k for k, v in table.items()}
    out: list[_Court] = []
    for c in courts:
        if isinstance(c, tuple | list) and len(c) >= 2:
            name, code = str(c[0]), str(c[1])
        else:
            name = str(c)
            code = by_name.get(name, "京0105")
        region = name.removesuffix("人民法院")
        up_code = code[:3] if len(code) > 3 else code[:1]
        up = table.get(up_code, (f"{region}上级人民法院", ""))[0]
        out.append(_Court(name, code, region, _city_of(region), up, up_code))
    return out


# ---------------------------------------------------------------------------
# Building blocks


# ``panel(kind, cause, collegiate, rng)`` → the signers [(role, name)], the 承办法官 first.
Panel = Callable[[str, str, bool, random.Random], list[tuple[str, str]]]


class _Gen:
    def __init__(
        self, rng: random.Random, court: _Court, year: int, panel: Panel | None = None
    ) -> None:
        self.r = rng
        self.court = court
        self.year = year
        self.panel = panel

    def person(self, masked: bool = False) -> str:
        r = self.r
        s = r.choice(_SURNAMES)
        if masked:
            return s + r.choice(("某", "某某", "某甲", "某乙"))
        return s + "".join(r.choice(_GIVEN) for _ in range(r.choice((1, 2, 2))))

    def company(self) -> str:
        r = self.r
        return f"{self.court.city}{r.choice(_BRANDS)}{r.choice(_INDUSTRIES)}有限公司"

    def bank(self) -> str:
        return f"{self.r.choice(_BANKS)}股份有限公司{self.court.city}分行"

    def insurer(self) -> str:
        return f"{self.r.choice(_INSURERS)}{self.court.city}中心支公司"

    def organ(self, kind: str) -> str:
        c = self.court
        return {
            "建设": f"{c.city}住房和城乡建设局",
            "市监": f"{c.city}市场监督管理局",
            "人社": f"{c.city}人力资源和社会保障局",
            "自然资源": f"{c.region}自然资源局",
            "环境": f"{c.city}生态环境局",
            "公安": f"{c.city}公安局{c.region[-3:]}分局",
            "政府": f"{c.region}人民政府",
        }[kind]

    def firm(self) -> str:
        return f"{self.court.region[:2]}{self.r.choice(_FIRM_WORDS)}律师事务所"

    def birth(self) -> str:
        r = self.r
        return f"{r.randint(1955, 2000)}年{r.randint(1, 12)}月{r.randint(1, 28)}日"

    def person_line(self, role: str, name: str, orig: str | None = None) -> str:
        r = self.r
        sex = r.choice("男女")
        o = f"（{orig}）" if orig else ""
        return (
            f"{role}{o}：{name}，{sex}，{self.birth()}出生，{r.choice(_ETHNIC)}，"
            f"住{self.court.region}{r.choice(('幸福', '建设', '人民', '解放', '和平'))}路{r.randint(1, 300)}号。"
        )

    def org_line(
        self, role: str, name: str, orig: str | None = None, gov: bool = False
    ) -> list[str]:
        o = f"（{orig}）" if orig else ""
        head = "负责人" if gov else "法定代表人"
        title = "局长" if name.endswith("局") else ("区长" if name.endswith("政府") else "总经理")
        return [
            f"{role}{o}：{name}，住所地{self.court.region}{self.r.choice(('中山', '滨江', '工业'))}大道{self.r.randint(1, 99)}号。",
            f"{head}：{self.person()}，{title}。",
        ]

    def agent_line(self, kind: str = "委托诉讼代理人") -> str:
        if self.r.random() < 0.8:
            return f"{kind}：{self.person()}，{self.firm()}律师。"
        return f"{kind}：{self.person()}，系{self.r.choice(('该公司员工', '原告之子', '被告之妻', '该单位工作人员'))}。"

    def money(self, lo: int, hi: int) -> int:
        return self.r.randrange(lo, hi, 100)

    def amt(self, v: float) -> str:
        r = self.r.random()
        if v >= 10000 and r < 0.25 and v % 100 == 0:
            w = v / 10000
            return f"{w:g}万元"
        if r < 0.5 and v >= 1000:
            return f"{v:,.0f}元" if v == int(v) else f"{v:,.2f}元"
        return f"{v:.0f}元" if v == int(v) else f"{v:.2f}元"


# ---------------------------------------------------------------------------
# Civil templates: (cause, claim builder, facts, reasoning, orders)

_CIVIL_CAUSES = (
    "民间借贷纠纷", "买卖合同纠纷", "机动车交通事故责任纠纷", "离婚纠纷", "房屋租赁合同纠纷", "追索劳动报酬纠纷",
    "物业服务合同纠纷", "金融借款合同纠纷", "建设工程施工合同纠纷", "信用卡纠纷", "生命权、身体权、健康权纠纷",
    "商品房销售合同纠纷", "侵害商标权纠纷", "劳动合同纠纷",
)  # fmt: skip


def _civil(
    g: _Gen, rng: random.Random
) -> tuple[list[tuple[str, str, str]], str, str, str, int, float, str | None]:
    """(parties, cause, claims text, facts text, principal, interest, extra defendant)."""
    cause = rng.choice(_CIVIL_CAUSES)
    plaintiff_kind = "person"
    defendant_kind = "person"
    p_name = g.person()
    if cause in ("金融借款合同纠纷", "信用卡纠纷"):
        p_name, plaintiff_kind = g.bank(), "company"
    elif cause in ("物业服务合同纠纷",):
        p_name, plaintiff_kind = g.company().replace("有限公司", "物业服务有限公司"), "company"
    elif cause in ("买卖合同纠纷", "侵害商标权纠纷") and rng.random() < 0.6:
        p_name, plaintiff_kind = g.company(), "company"
    d_name = g.person()
    if (
        cause
        in (
            "买卖合同纠纷",
            "建设工程施工合同纠纷",
            "商品房销售合同纠纷",
            "侵害商标权纠纷",
            "追索劳动报酬纠纷",
            "劳动合同纠纷",
        )
        and rng.random() < 0.7
    ):
        d_name, defendant_kind = g.company(), "company"
    parties = [("原告", p_name, plaintiff_kind), ("被告", d_name, defendant_kind)]
    extra_def: str | None = None
    if cause == "机动车交通事故责任纠纷":
        extra_def = g.insurer()
        parties.append(("被告", extra_def, "company"))
    principal = g.money(20000, 800000)
    interest = round(principal * rng.choice((0.06, 0.08, 0.12, 0.15)), 2)
    claims = {
        "民间借贷纠纷": f"1.判令被告偿还借款本金{g.amt(principal)}及利息{g.amt(interest)}；2.本案诉讼费用由被告承担。",
        "买卖合同纠纷": f"1.判令被告支付货款{g.amt(principal)}；2.判令被告支付逾期付款违约金{g.amt(interest)}；3.诉讼费由被告负担。",
        "机动车交通事故责任纠纷": f"1.判令二被告赔偿原告医疗费、误工费、护理费等各项损失共计{g.amt(principal)}；2.诉讼费由被告承担。",
        "离婚纠纷": "1.判令原、被告离婚；2.婚生子由原告抚养，被告每月支付抚养费1500元；3.依法分割夫妻共同财产。",
        "房屋租赁合同纠纷": f"1.判令解除双方签订的房屋租赁合同；2.判令被告支付拖欠租金{g.amt(principal)}。",
        "追索劳动报酬纠纷": f"1.判令被告支付拖欠工资{g.amt(principal // 10)}；2.本案诉讼费由被告负担。",
        "物业服务合同纠纷": f"1.判令被告支付物业服务费{g.amt(principal // 50)}及滞纳金；2.诉讼费由被告承担。",
        "金融借款合同纠纷": f"1.判令被告偿还借款本金{g.amt(principal)}、利息及罚息{g.amt(interest)}；2.判令原告对抵押物享有优先受偿权。",
        "建设工程施工合同纠纷": f"1.判令被告支付工程款{g.amt(principal * 3)}及利息；2.确认原告对案涉工程折价或拍卖的价款享有优先受偿权。",
        "信用卡纠纷": f"1.判令被告归还信用卡透支本金{g.amt(principal // 10)}及利息、违约金{g.amt(interest // 10)}。",
        "生命权、身体权、健康权纠纷": f"1.判令被告赔偿医疗费、误工费等损失共计{g.amt(principal // 5)}；2.诉讼费由被告承担。",
        "商品房销售合同纠纷": f"1.判令被告支付逾期交房违约金{g.amt(interest)}；2.判令被告协助原告办理不动产权属登记。",
        "侵害商标权纠纷": f"1.判令被告立即停止侵害原告注册商标专用权的行为；2.判令被告赔偿经济损失及合理开支{g.amt(principal // 4)}。",
        "劳动合同纠纷": f"1.判令被告支付违法解除劳动合同赔偿金{g.amt(principal // 8)}；2.判令被告支付未休年休假工资。",
    }[cause]
    facts = {
        "民间借贷纠纷": f"{_ad(date(g.year - 1, rng.randint(1, 12), rng.randint(1, 28)))}，被告向原告借款{g.amt(principal)}，并出具借条一份，约定月利率1%。原告通过银行转账方式交付借款。借款到期后，经原告多次催讨，被告未归还。",
        "买卖合同纠纷": f"原、被告之间存在长期买卖合同关系。截至{_ad(date(g.year - 1, 12, 31))}，经双方对账确认，被告尚欠原告货款{g.amt(principal)}，此后被告未再付款。",
        "机动车交通事故责任纠纷": f"{_ad(date(g.year - 1, rng.randint(1, 12), rng.randint(1, 28)))}，被告{d_name}驾驶小型轿车与原告驾驶的电动自行车相撞，致原告受伤。经交警部门认定，被告{d_name}负事故全部责任。肇事车辆在被告保险公司投保了交强险及商业三者险。",
        "离婚纠纷": f"原、被告于{_ad(date(g.year - 10, rng.randint(1, 12), rng.randint(1, 28)))}登记结婚，婚后育有一子。婚后双方因家庭琐事经常争吵，自{g.year - 2}年起分居至今。",
        "房屋租赁合同纠纷": f"原、被告签订《房屋租赁合同》，约定被告承租原告位于{g.court.region}的房屋，月租金5000元。自{g.year - 1}年起被告未按约支付租金。",
        "追索劳动报酬纠纷": f"原告于{g.year - 2}年入职被告处工作，被告拖欠原告{g.year - 1}年的工资。劳动人事争议仲裁委员会作出仲裁裁决后，原告不服，诉至本院。",
        "物业服务合同纠纷": "原告为被告所在小区的物业服务企业，被告系该小区业主，自2018年起未缴纳物业服务费。",
        "金融借款合同纠纷": f"原、被告签订《个人借款合同》及《抵押合同》，约定被告向原告借款{g.amt(principal)}，并以其名下房产提供抵押担保，办理了抵押登记。被告自{g.year - 1}年起未按期还款。",
        "建设工程施工合同纠纷": "原、被告签订《建设工程施工合同》，约定由原告承建被告开发的住宅项目。工程于竣工验收合格后交付使用，被告尚欠工程款未付。",
        "信用卡纠纷": "被告向原告申领信用卡并签署领用合约，后被告透支消费，未按期还款，经原告催收仍未归还。",
        "生命权、身体权、健康权纠纷": "原、被告因琐事发生争执，被告将原告推倒致其受伤。原告住院治疗，经鉴定构成十级伤残。",
        "商品房销售合同纠纷": "原告向被告购买商品房一套，合同约定被告应于约定期限前交付房屋，被告实际逾期交付。",
        "侵害商标权纠纷": "原告系注册商标的专用权人。被告未经许可，在其销售的商品上使用与原告注册商标近似的标识。",
        "劳动合同纠纷": "原告与被告签订劳动合同，后被告以原告严重违反规章制度为由解除劳动合同，但未能提供相应证据。",
    }[cause]
    return parties, cause, claims, facts, principal, interest, extra_def


_EVIDENCE = (
    "身份证复印件", "借条", "银行转账凭证", "微信聊天记录截图", "对账单", "送货单", "增值税发票", "交通事故认定书",
    "住院病历", "医疗费票据", "司法鉴定意见书", "房屋租赁合同", "劳动合同", "工资条", "仲裁裁决书", "催款通知书",
    "商标注册证", "公证书", "物业服务合同", "缴费明细", "竣工验收报告", "结算审核报告", "商品房买卖合同", "收款收据",
)  # fmt: skip
_CIVIL_REASON = {
    "民间借贷纠纷": "合法的借贷关系受法律保护。原告提交的借条及转账凭证能够证明双方之间存在借贷关系且借款已实际交付，被告未按约定期限返还借款，应承担还本付息的民事责任。",
    "买卖合同纠纷": "原、被告之间的买卖合同系双方真实意思表示，内容不违反法律、行政法规的强制性规定，合法有效。原告已依约交付货物，被告应按约支付货款，逾期付款应承担违约责任。",
    "机动车交通事故责任纠纷": "机动车发生交通事故造成人身伤亡、财产损失的，由承保机动车交通事故责任强制保险的保险公司在强制保险责任限额范围内予以赔偿；不足部分，由承保商业三者险的保险公司根据保险合同予以赔偿。",
    "离婚纠纷": "夫妻感情确已破裂，调解无效的，应当准予离婚。原、被告分居已满二年，双方感情确已破裂。关于子女抚养问题，本院从有利于子女身心健康的原则出发，结合双方的抚养能力予以确定。",
    "房屋租赁合同纠纷": "依法成立的合同对当事人具有法律约束力。被告未按约定支付租金，构成违约，原告有权解除合同并要求被告支付欠付租金。",
    "追索劳动报酬纠纷": "劳动者有取得劳动报酬的权利，用人单位应当按时足额支付劳动者工资。被告拖欠原告工资，应予支付。",
    "物业服务合同纠纷": "物业服务企业已按照约定和有关规定提供服务的，业主不得以未接受或者无需接受相关物业服务为由拒绝支付物业费。",
    "金融借款合同纠纷": "原、被告签订的借款合同及抵押合同合法有效，被告未按约还款已构成违约，原告要求被告偿还借款本息并对抵押物享有优先受偿权，符合法律规定。",
    "建设工程施工合同纠纷": "案涉建设工程经竣工验收合格，承包人有权请求发包人按照约定支付工程价款。被告欠付工程款，应当承担支付义务及相应利息。",
    "信用卡纠纷": "原、被告之间的信用卡领用合约合法有效。被告透支后未按约还款，应承担偿还透支本金及利息的责任。",
    "生命权、身体权、健康权纠纷": "行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。被告的行为造成原告身体损害，应赔偿原告因此产生的合理损失。",
    "商品房销售合同纠纷": "被告未按合同约定的期限交付房屋，构成违约，应当按照合同约定向原告支付逾期交房违约金。",
    "侵害商标权纠纷": "未经商标注册人的许可，在同一种商品上使用与其注册商标近似的商标，容易导致混淆的，属于侵犯注册商标专用权的行为。",
    "劳动合同纠纷": "用人单位违反法律规定解除劳动合同的，应当依照经济补偿标准的二倍向劳动者支付赔偿金。",
}  # fmt: skip


_LAW_CIVIL = (
    "《中华人民共和国民法典》第五百七十七条　当事人一方不履行合同义务或者履行合同义务不符合约定的，应当承担继续履行、采取补救措施或者赔偿损失等违约责任。",
    "《中华人民共和国民法典》第六百七十五条　借款人应当按照约定的期限返还借款。对借款期限没有约定或者约定不明确的，借款人可以随时返还；贷款人可以催告借款人在合理期限内返还。",
    "《中华人民共和国民事诉讼法》第六十七条　当事人对自己提出的主张，有责任提供证据。",
    "《中华人民共和国民法典》第一千一百六十五条　行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。",
)  # fmt: skip
_LAW_CRIM = (
    "《中华人民共和国刑法》第六十七条第三款　犯罪嫌疑人虽不具有前两款规定的自首情节，但是如实供述自己罪行的，可以从轻处罚。",
    "《中华人民共和国刑法》第五十二条　判处罚金，应当根据犯罪情节决定罚金数额。",
    "《中华人民共和国刑法》第七十二条第一款　对于被判处拘役、三年以下有期徒刑的犯罪分子，同时符合下列条件的，可以宣告缓刑。",
    "《中华人民共和国刑法》第六十四条　犯罪分子违法所得的一切财物，应当予以追缴或者责令退赔。",
)  # fmt: skip


def _appendix(rng: random.Random, laws: tuple[str, ...]) -> list[str]:
    if rng.random() < 0.5:
        return []
    return ["附：本案适用的法律条文", *rng.sample(laws, rng.randint(2, len(laws)))]


def _evidence(g: _Gen, rng: random.Random, who: str) -> str:
    items = rng.sample(_EVIDENCE, rng.randint(3, 6))
    listed = "；".join(f"{i}.{x}" for i, x in enumerate(items, 1))
    return (
        f"{who}为证明其主张，向本院提交了以下证据：{listed}。对方当事人质证认为，"
        f"{rng.choice(('对证据的真实性无异议，但对证明目的有异议', '对上述证据均无异议', '部分证据系复印件，不予认可'))}。"
        "本院对证据认证如下：对当事人无异议的证据，本院予以确认并在卷佐证；对有争议的证据，本院结合其他证据综合予以认定。"
    )


_ADMIN = (
    (
        "行政处罚",
        "市监",
        "罚款决定",
        "被告作出行政处罚决定，认定原告销售不符合食品安全标准的食品，决定没收违法所得并处罚款",
    ),
    (
        "政府信息公开",
        "建设",
        "政府信息公开申请答复",
        "原告向被告申请公开某地块征收补偿安置方案，被告作出告知书称该信息不存在",
    ),
    (
        "不履行职责",
        "环境",
        "履行法定职责",
        "原告多次向被告举报某企业排放废气污染环境，被告未在法定期限内作出处理",
    ),
    (
        "行政确认",
        "人社",
        "工伤认定",
        "原告在工作时间、工作场所内因工作原因受伤，向被告申请工伤认定，被告作出不予认定工伤决定",
    ),
    (
        "行政征收或者征用",
        "政府",
        "房屋征收补偿决定",
        "被告作出房屋征收补偿决定，原告认为补偿标准过低",
    ),
    (
        "行政强制执行",
        "自然资源",
        "强制拆除",
        "被告以原告建筑系违法建筑为由，组织人员强制拆除了原告的房屋",
    ),
)

_CRIMES = (
    (
        "盗窃罪",
        "秘密窃取他人财物，数额较大",
        "趁被害人不备，窃取其放置在电动车内的手机一部，经鉴定价值人民币{v}元",
    ),
    (
        "诈骗罪",
        "以非法占有为目的，虚构事实，骗取他人财物，数额较大",
        "以帮助办理贷款为名，骗取被害人人民币{v}元",
    ),
    (
        "危险驾驶罪",
        "在道路上醉酒驾驶机动车",
        "饮酒后驾驶小型轿车，被执勤民警查获，经鉴定其血液中乙醇含量为186mg/100ml",
    ),
    (
        "故意伤害罪",
        "故意伤害他人身体，致一人轻伤",
        "因琐事与被害人发生争执，持木棍将被害人打伤，经鉴定被害人的损伤程度为轻伤二级",
    ),
    (
        "交通肇事罪",
        "违反交通运输管理法规，发生重大事故，致一人死亡",
        "驾驶重型货车未注意观察路面情况，撞倒行人致其当场死亡，经认定负事故主要责任",
    ),
    (
        "走私、贩卖、运输、制造毒品罪",
        "明知是毒品而贩卖",
        "在某宾馆房间内以人民币{v}元的价格向他人贩卖甲基苯丙胺一包，净重0.5克",
    ),
    (
        "开设赌场罪",
        "以营利为目的，开设赌场",
        "在其经营的棋牌室内组织他人以麻将形式进行赌博，从中抽头渔利人民币{v}元",
    ),
    (
        "帮助信息网络犯罪活动罪",
        "明知他人利用信息网络实施犯罪，为其犯罪提供支付结算帮助，情节严重",
        "将其名下银行卡出租给他人使用，该卡被用于接收电信诈骗资金人民币{v}元",
    ),
    (
        "污染环境罪",
        "违反国家规定，排放有毒物质，严重污染环境",
        "将电镀废水未经处理直接排入雨水管网，经检测总铬含量超标十余倍",
    ),
    ("寻衅滋事罪", "随意殴打他人，情节恶劣", "酒后在烧烤店内无故殴打他人，致两人受伤"),
    (
        "掩饰、隐瞒犯罪所得、犯罪所得收益罪",
        "明知是犯罪所得而予以收购",
        "明知是他人盗窃所得的电动车而以人民币{v}元的价格予以收购",
    ),
    (
        "非法吸收公众存款罪",
        "变相吸收公众存款，扰乱金融秩序",
        "以高额利息为诱饵，向社会不特定公众吸收资金共计人民币{v}元",
    ),
)
_SENTENCES = (
    "有期徒刑六个月",
    "有期徒刑一年",
    "有期徒刑一年六个月",
    "有期徒刑三年",
    "拘役四个月",
    "拘役二个月",
)


def _judges(
    g: _Gen, rng: random.Random, collegiate: bool, kind: str, cause: str
) -> list[tuple[str, str]]:
    if g.panel is not None:
        return g.panel(kind, cause, collegiate, rng)
    if not collegiate:
        return [("审判员", g.person())]
    js = [("审判长", g.person()), ("审判员", g.person())]
    js.append(("人民陪审员", g.person()) if rng.random() < 0.6 else ("审判员", g.person()))
    return js


def _assemble(
    header: list[str],
    body: list[str],
    judges: list[tuple[str, str]],
    d: date,
    clerk: str,
    layout: str,
    rng: random.Random,
    appendix: list[str] | None = None,
) -> str:
    appendix = appendix or []
    spaced = rng.random() < 0.25
    sig = [(f"{r}　{n}" if spaced else f"{r}{n}") for r, n in judges]
    date_s = cn_date(d) if rng.random() < 0.85 else _ad(d)
    tail = [*sig, date_s, f"书记员{'　' if spaced else ''}{clerk}", *appendix]
    sep = "\n" if layout == "newline" else " "
    return sep.join(header + body + tail)


def generate_cases(
    n: int,
    seed: int = 0,
    courts: Sequence[object] | None = None,
    layout: str = "mixed",
    panel: Panel | None = None,
    appeals: bool = True,
) -> Iterator[GeneratedCase]:
    """Yield ``n`` synthetic judgments with their ground truth.

    ``courts``: court names (looked up in the court-code table) or ``(name, code)`` pairs;
    default: every basic court of the table. ``layout``: ``newline`` | ``space`` | ``mixed``.
    ``panel``: who signs (a court's own judges, e.g. the demo's); default: invented names.
    ``appeals``: also generate second-instance judgments (of the upper court).
    """
    rng = random.Random(seed)
    pool = _courts_from_arg(courts)
    seqs: dict[tuple[str, int, str], int] = {}
    for _ in range(max(0, n)):
        court = rng.choice(pool)
        year = rng.randint(2013, 2024)
        g = _Gen(rng, court, year, panel)
        lay = layout if layout != "mixed" else ("space" if rng.random() < 0.3 else "newline")
        x = rng.random()
        kind = "civil" if x < 0.55 else ("criminal" if x < 0.85 else "admin")
        second = rng.random() < 0.15 and appeals
        if kind == "civil":
            yield _make_civil(g, rng, seqs, second, lay)
        elif kind == "criminal":
            yield _make_criminal(g, rng, seqs, second, lay)
        else:
            yield _make_admin(g, rng, seqs, lay)


def _case_no(
    g: _Gen, rng: random.Random, seqs: dict[tuple[str, int, str], int], code: str, tcode: str
) -> str:
    key = (code, g.year, tcode)
    seqs[key] = seqs.get(key, rng.randint(1, 300)) + rng.randint(1, 40)
    if g.year < 2016:
        abbr = g.court.region[-3:-1] if len(g.court.region) > 3 else g.court.region[:1]
        return f"（{g.year}）{abbr}{tcode}字第{seqs[key]}号"
    return f"（{g.year}）{code}{tcode}{seqs[key]}号"


def _decided(g: _Gen, rng: random.Random) -> date:
    return date(g.year, 1, 1) + timedelta(days=rng.randint(60, 360))


def _make_civil(g: _Gen, rng: random.Random, seqs: dict, second: bool, lay: str) -> GeneratedCase:
    parties, cause, claims, facts, principal, interest, _extra = _civil(g, rng)
    court_name = g.court.upper if second else g.court.name
    code = g.court.upper_code if second else g.court.code
    outcome_pick = rng.random()
    doc_kind = "判决书"
    if not second and outcome_pick < 0.08:
        doc_kind = "调解书"
    elif not second and outcome_pick < 0.14:
        doc_kind = "裁定书"
    tcode = "民终" if second else "民初"
    case_no = _case_no(g, rng, seqs, code, tcode)
    lines: list[str] = []
    roles = [("上诉人", "原审被告"), ("被上诉人", "原审原告")] if second else None
    ordered = [parties[1], parties[0], *parties[2:]] if second else parties
    truth_parties: list[tuple[str, str, str]] = []
    for i, (role, name, pkind) in enumerate(ordered):
        r_role, orig = roles[min(i, 1)] if roles else (role, None)
        if roles and i >= 2:
            r_role, orig = "被上诉人", "原审被告"
        if pkind == "person":
            lines.append(g.person_line(r_role, name, orig))
        else:
            lines.extend(g.org_line(r_role, name, orig))
        if rng.random() < 0.7:
            lines.append(g.agent_line())
        truth_parties.append((r_role, name, pkind))
    p, d = parties[0][1], parties[1][1]
    filed = date(g.year, rng.randint(1, 6), rng.randint(1, 28))
    proc = (
        f"原告{p}与被告{d}{'等' if len(parties) > 2 else ''}{cause}一案，本院于{_ad(filed)}立案后，依法适用"
        f"{rng.choice(('简易程序', '普通程序'))}，公开开庭进行了审理。原告{p}及其委托诉讼代理人、被告{d}到庭参加诉讼。本案现已审理终结。"
    )
    if second:
        proc = (
            f"上诉人{d}因与被上诉人{p}{cause}一案，不服{g.court.name}（{g.year - 1}）{g.court.code}民初{rng.randint(100, 9999)}号民事判决，"
            f"向本院提起上诉。本院于{_ad(filed)}立案后，依法组成合议庭进行了审理。本案现已审理终结。"
        )
    body: list[str] = [proc]
    decided = _decided(g, rng)
    if doc_kind == "调解书":
        body += [
            f"原告{p}向本院提出诉讼请求：{claims}",
            "本案审理过程中，经本院主持调解，双方当事人自愿达成如下协议：",
            f"一、被告{d}于{_ad(decided + timedelta(days=30))}前向原告{p}支付{g.amt(principal * 0.8)}；",
            f"二、案件受理费减半收取{g.amt(round(principal * 0.005))}，由被告{d}负担。",
            "上述协议，不违反法律规定，本院予以确认。",
            "本调解书经双方当事人签收后，即具有法律效力。",
        ]
        outcome = "调解"
    elif doc_kind == "裁定书":
        body += [
            f"原告{p}于{_ad(decided - timedelta(days=10))}向本院提出撤诉申请。",
            "本院认为，原告在本案审理期间提出撤诉申请，系其真实意思表示，且不违反法律规定，依法应予准许。依照《中华人民共和国民事诉讼法》第一百四十八条第一款之规定，裁定如下：",
            f"准许原告{p}撤诉。",
            f"案件受理费{g.amt(round(principal * 0.005))}，减半收取，由原告{p}负担。",
        ]
        outcome = "撤诉"
    else:
        verdict = rng.random()
        if second:
            body += [
                f"{d}上诉请求：撤销一审判决，改判驳回{p}的全部诉讼请求。事实和理由：一审判决认定事实错误，适用法律不当。",
                f"{p}辩称：一审判决认定事实清楚，适用法律正确，请求驳回上诉，维持原判。",
                f"{p}向一审法院起诉请求：{claims}",
                f"一审法院认定事实：{facts}",
                "本院二审期间，当事人没有提交新证据。本院对一审查明的事实予以确认。",
                "本院认为，"
                + (
                    "一审判决认定事实清楚，适用法律正确，应予维持。上诉人的上诉理由不能成立，本院不予支持。"
                    if verdict < 0.7
                    else "一审判决认定部分事实不清，本院依法予以纠正。"
                )
                + "依照《中华人民共和国民事诉讼法》第一百七十七条第一款之规定，判决如下：",
            ]
            if verdict < 0.7:
                body.append("驳回上诉，维持原判。")
                outcome = "维持"
            else:
                body += [
                    f"一、撤销{g.court.name}一审民事判决；",
                    f"二、{d}于本判决生效之日起十日内向{p}支付{g.amt(principal * 0.6)}；",
                    f"三、驳回{p}的其他诉讼请求。",
                ]
                outcome = "改判"
            body.append(f"二审案件受理费{g.amt(round(principal * 0.01))}，由{d}负担。")
            body.append("本判决为终审判决。")
        else:
            body += [
                f"原告{p}向本院提出诉讼请求：{claims}事实和理由：{facts}",
                f"被告{d}辩称，{rng.choice(('原告所述不属实，请求驳回原告的诉讼请求。', '对欠款事实无异议，但因经营困难暂无力偿还。', '原告主张的金额过高，应予调整。'))}",
                _evidence(g, rng, f"原告{p}"),
                "本院经审理认定事实如下：" + facts,
                f"另查明，{rng.choice(('原告为实现债权支出律师费5000元。', '被告名下无其他可供执行的财产。', '双方曾就本案纠纷进行协商，未能达成一致。', '原告在诉前申请了财产保全。'))}",
            ]
            if verdict < 0.15:
                body += [
                    "本院认为，当事人对自己提出的诉讼请求所依据的事实，有责任提供证据加以证明。原告提交的证据不足以证明其主张，应承担举证不能的不利后果。依照《中华人民共和国民事诉讼法》第六十七条之规定，判决如下：",
                    f"驳回原告{p}的全部诉讼请求。",
                ]
                outcome = "驳回"
            else:
                partial = verdict < 0.55
                body += [
                    "本院认为，本案的争议焦点为被告是否应当承担相应责任以及责任的范围。"
                    + _CIVIL_REASON[cause]
                    + (
                        "原告主张的部分费用缺乏依据，本院不予支持。"
                        if partial
                        else "原告的诉讼请求合法有据，本院予以支持。"
                    )
                    + "依照《中华人民共和国民法典》第五百七十七条、第六百七十五条，《中华人民共和国民事诉讼法》第六十七条之规定，判决如下：",
                    f"一、被告{d}于本判决生效之日起十日内向原告{p}支付{g.amt(principal)}；",
                ]
                if partial:
                    body.append(f"二、驳回原告{p}的其他诉讼请求。")
                    outcome = "部分支持"
                else:
                    body.append(
                        f"二、被告{d}于本判决生效之日起十日内向原告{p}支付利息{g.amt(interest)}。"
                    )
                    outcome = "支持"
                body.append(
                    "如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》第二百六十四条之规定，加倍支付迟延履行期间的债务利息。"
                )
            body.append(f"案件受理费{g.amt(round(principal * 0.01))}，由被告{d}负担。")
            body.append(
                f"如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，并按照对方当事人或者代表人的人数提出副本，上诉于{g.court.upper}。"
            )
    judges = _judges(g, rng, second or rng.random() < 0.4, "civil", cause)
    clerk = g.person()
    title = {"判决书": "民事判决书", "调解书": "民事调解书", "裁定书": "民事裁定书"}[doc_kind]
    header = [court_name, title, case_no]
    text = _assemble(
        header, lines + body, judges, decided, clerk, lay, rng, _appendix(rng, _LAW_CIVIL)
    )
    return GeneratedCase(
        text, "civil", court_name, case_no, cause, "二审" if second else "一审", doc_kind, outcome,
        decided, truth_parties, judges, clerk, lay,
    )  # fmt: skip


def _make_criminal(
    g: _Gen, rng: random.Random, seqs: dict, second: bool, lay: str
) -> GeneratedCase:
    charge, legal, fact_t = rng.choice(_CRIMES)
    court_name = g.court.upper if second else g.court.name
    code = g.court.upper_code if second else g.court.code
    tcode = "刑终" if second else "刑初"
    case_no = _case_no(g, rng, seqs, code, tcode)
    proc_name = f"{g.court.region}人民检察院"
    masked = rng.random() < 0.3
    ndef = 1 if rng.random() < 0.75 else 2
    defendants = [g.person(masked) for _ in range(ndef)]
    lines = [f"{'原公诉机关' if second else '公诉机关'}{proc_name}。"]
    parties = [("原公诉机关" if second else "公诉机关", proc_name, "government")]
    for dname in defendants:
        role, orig = ("上诉人", "原审被告人") if second else ("被告人", None)
        o = f"（{orig}）" if orig else ""
        lines.append(
            f"{role}{o}{dname}，{rng.choice('男女')}，{g.birth()}出生，{rng.choice(_ETHNIC)}，{rng.choice(_EDU)}，"
            f"{rng.choice(_JOBS)}，住{g.court.region}。因涉嫌犯{charge}，于{_ad(date(g.year, 1, rng.randint(1, 28)))}被刑事拘留，"
            f"同年{rng.randint(2, 3)}月{rng.randint(1, 28)}日被逮捕。现羁押于{g.court.city}看守所。"
        )
        parties.append((role, dname, "person"))
        if rng.random() < 0.7:
            lines.append(f"辩护人{g.person()}，{g.firm()}律师。")
    names = "、".join(defendants)
    v = g.money(3000, 200000)
    k = rng.randint(1, 3)
    fact = "；".join(
        (f"{int_to_cn(i + 1)}、" if k > 1 else "")
        + fact_t.format(v=g.money(3000, 200000) if i else v)
        for i in range(k)
    )
    decided = _decided(g, rng)
    exempt = rng.random() < 0.05
    body: list[str]
    if second:
        body = [
            f"{g.court.name}审理{proc_name}指控原审被告人{names}犯{charge}一案，于{_ad(decided - timedelta(days=90))}作出刑事判决。原审被告人{names}不服，提出上诉。本院依法组成合议庭，经过阅卷，讯问上诉人，听取辩护人的意见，认为事实清楚，决定不开庭审理。现已审理终结。",
            f"原判认定，{_ad(date(g.year - 1, rng.randint(1, 12), rng.randint(1, 28)))}，{names}{fact}。",
            f"上诉人{defendants[0]}上诉提出，原判量刑过重，请求从轻处罚。",
            "经审理查明的事实与原判认定的事实一致，本院予以确认。",
            f"本院认为，上诉人{names}{legal}，其行为已构成{charge}。原判认定事实清楚，证据确实、充分，定罪准确，量刑适当，审判程序合法。依照《中华人民共和国刑事诉讼法》第二百三十六条第一款第（一）项之规定，裁定如下：",
            "驳回上诉，维持原判。",
            "本裁定为终审裁定。",
        ]
        doc_kind, outcome = "裁定书", "维持"
    else:
        body = [
            f"{proc_name}以{g.court.city[:1]}检刑诉〔{g.year}〕{rng.randint(1, 999)}号起诉书指控被告人{names}犯{charge}，于{_ad(decided - timedelta(days=40))}向本院提起公诉。本院依法适用{rng.choice(('简易程序', '普通程序', '速裁程序'))}，公开开庭审理了本案。现已审理终结。",
            f"{proc_name}指控，{_ad(date(g.year - 1, rng.randint(1, 12), rng.randint(1, 28)))}，被告人{names}{fact}。公诉机关认为，被告人{names}的行为已构成{charge}，建议判处{rng.choice(_SENTENCES)}。",
            f"被告人{defendants[0]}对指控的事实、罪名及量刑建议没有异议，同意适用简易程序，且签字具结。",
            f"经审理查明，{_ad(date(g.year - 1, rng.randint(1, 12), rng.randint(1, 28)))}，被告人{names}{fact}。案发后，被告人{defendants[0]}被公安机关抓获，到案后如实供述了自己的罪行。上述事实，被告人在开庭审理过程中亦无异议，并有"
            + "、".join(
                rng.sample(
                    (
                        "受案登记表",
                        "立案决定书",
                        "到案经过",
                        "证人证言",
                        "被害人陈述",
                        "辨认笔录",
                        "扣押清单",
                        "鉴定意见",
                        "监控视频",
                        "户籍证明",
                        "被告人的供述和辩解",
                    ),
                    6,
                )
            )
            + "等证据证实，足以认定。",
            f"关于辩护人提出的辩护意见，经查，{rng.choice(('被告人系初犯、偶犯，认罪态度较好', '被告人已退赔被害人经济损失并取得谅解', '被告人在共同犯罪中起次要作用'))}，本院予以采纳。",
            f"本院认为，被告人{names}{legal}，其行为已构成{charge}。公诉机关指控的罪名成立。被告人{defendants[0]}到案后如实供述自己的罪行，依法可以从轻处罚。依照《中华人民共和国刑法》第六十七条第三款、第五十二条之规定，判决如下：",
        ]
        for i, dname in enumerate(defendants, 1):
            prefix = f"{int_to_cn(i)}、" if ndef > 1 else ""
            if exempt:
                body.append(f"{prefix}被告人{dname}犯{charge}，免予刑事处罚。")
            else:
                body.append(
                    f"{prefix}被告人{dname}犯{charge}，判处{rng.choice(_SENTENCES)}，并处罚金人民币{int_to_cn(rng.randint(1, 9))}千元。"
                )
        body.append(
            f"如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向{g.court.upper}提出上诉。书面上诉的，应当提交上诉状正本一份，副本二份。"
        )
        doc_kind, outcome = "判决书", ("免予刑事处罚" if exempt else "有罪")
    judges = _judges(g, rng, second or rng.random() < 0.5, "criminal", charge)
    clerk = g.person()
    header = [court_name, "刑事" + doc_kind, case_no]
    text = _assemble(
        header, lines + body, judges, decided, clerk, lay, rng, _appendix(rng, _LAW_CRIM)
    )
    return GeneratedCase(
        text, "criminal", court_name, case_no, charge, "二审" if second else "一审", doc_kind, outcome,
        decided, parties, judges, clerk, lay,
    )  # fmt: skip


def _make_admin(g: _Gen, rng: random.Random, seqs: dict, lay: str) -> GeneratedCase:
    cause, organ_kind, act, fact = rng.choice(_ADMIN)
    organ = g.organ(organ_kind)
    case_no = _case_no(g, rng, seqs, g.court.code, "行初")
    if rng.random() < 0.6:
        p_name, p_kind = g.person(), "person"
        plines = [g.person_line("原告", p_name)]
    else:
        p_name, p_kind = g.company(), "company"
        plines = g.org_line("原告", p_name)
    lines = [*plines, g.agent_line()]
    lines += g.org_line("被告", organ, gov=True)
    lines.append(f"出庭负责人：{g.person()}，副局长。")
    lines.append(f"委托代理人：{g.person()}，该局工作人员。")
    parties = [("原告", p_name, p_kind), ("被告", organ, "government")]
    decided = _decided(g, rng)
    verdict = rng.random()
    opening = (
        f"原告{p_name}不服被告{organ}{act}，于{_ad(decided - timedelta(days=120))}向本院提起行政诉讼。本院于同日立案后，"
        if rng.random() < 0.5
        else f"原告{p_name}诉被告{organ}{cause}一案，本院于{_ad(decided - timedelta(days=120))}立案后，"
    )
    body = [
        opening + "依法组成合议庭，公开开庭审理了本案。本案现已审理终结。",
        f"原告{p_name}诉称，{fact}。被告的行为违法，请求判决撤销被告作出的{act}。",
        f"被告{organ}辩称，被告作出的行政行为认定事实清楚，证据确凿，适用法律正确，程序合法，请求驳回原告的诉讼请求。",
        f"经审理查明，{fact}。原告不服，提起本案诉讼。",
    ]
    if verdict < 0.55:
        body += [
            "本院认为，被告作出的行政行为认定事实清楚，证据充分，适用法律正确，程序合法。原告的诉讼请求缺乏事实和法律依据，本院不予支持。依照《中华人民共和国行政诉讼法》第六十九条之规定，判决如下：",
            f"驳回原告{p_name}的诉讼请求。",
        ]
        outcome = "驳回"
    elif verdict < 0.85:
        body += [
            "本院认为，被告作出的行政行为主要证据不足，依法应予撤销。依照《中华人民共和国行政诉讼法》第七十条第（一）项之规定，判决如下：",
            f"一、撤销被告{organ}作出的{act}；",
            f"二、责令被告{organ}于本判决生效之日起六十日内重新作出行政行为。",
        ]
        outcome = "撤销"
    else:
        body += [
            "本院认为，被告的行政行为程序违法，但撤销该行为将会给社会公共利益造成重大损害。依照《中华人民共和国行政诉讼法》第七十四条第一款第（一）项之规定，判决如下：",
            f"确认被告{organ}作出的{act}违法。",
        ]
        outcome = "确认违法"
    body.append("案件受理费50元，由被告负担。")
    body.append(
        f"如不服本判决，可以在判决书送达之日起十五日内向本院递交上诉状，并按对方当事人的人数提出副本，上诉于{g.court.upper}。"
    )
    judges = _judges(g, rng, True, "admin", cause)
    clerk = g.person()
    header = [g.court.name, "行政判决书", case_no]
    text = _assemble(header, lines + body, judges, decided, clerk, lay, rng)
    return GeneratedCase(
        text, "admin", g.court.name, case_no, cause, "一审", "判决书", outcome, decided, parties,
        judges, clerk, lay,
    )  # fmt: skip


def generate_judgments(
    n: int, seed: int = 0, courts: Sequence[object] | None = None
) -> Iterator[str]:
    """Yield ``n`` synthetic full judgment texts (civil ≈55%, criminal ≈30%, administrative ≈15%)."""
    for case in generate_cases(n, seed=seed, courts=courts):
        yield case.text
