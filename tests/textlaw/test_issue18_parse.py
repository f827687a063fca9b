"""Issue 18: civil and administrative openings, and the criminal party lists that came back
short. Each test is a small opening written in the failing form (names invented)."""

from __future__ import annotations

import pytest

from fengqiao.cases.prepare import prepare_record
from fengqiao.textlaw.casenum import find_case_numbers, parse_case_number
from fengqiao.textlaw.judgment import parse_judgment
from fengqiao.textlaw.sources import SourceRecord


def _roles(text: str) -> list[tuple[str, str, str]]:
    return [(p.role, p.name, p.kind) for p in parse_judgment(text).parties]


@pytest.mark.parametrize(
    ("raw", "normalized", "level"),
    [
        ("(2014)沪一中民六(商)终字第18号", "（2014）沪一中民六（商）终字第18号", "二审"),
        ("（2013）浦民一（民）初字第30910号", "（2013）浦民一（民）初字第30910号", "一审"),
        ("(2014)浦民二（商）初字第3816号", "（2014）浦民二（商）初字第3816号", "一审"),
    ],
)
def test_case_number_with_bracketed_subdivision(raw: str, normalized: str, level: str) -> None:
    cn = parse_case_number(raw)
    assert cn.ok and cn.normalized == normalized
    assert cn.case_category == "civil" and cn.trial_level == level


@pytest.mark.parametrize(
    "raw",
    ["（2014）哈铁刑初字第5号", "（2013）北垦刑初字第12号", "（2015）大开刑初字第55号",
     "（2014）农八刑初字第3号", "（2013）红农垦刑初字第5号"],
)  # fmt: skip
def test_old_case_numbers_of_railway_reclamation_and_development_zone_courts(raw: str) -> None:
    cn = parse_case_number(raw)
    assert cn.ok and cn.case_category == "criminal" and cn.trial_level == "一审"
    assert [c.normalized for c in find_case_numbers("刑事判决书" + raw + "公诉机关")] == [
        cn.normalized
    ]


def test_spaced_title_run_into_the_case_number_with_ascii_punctuation() -> None:
    text = (
        "上海市浦东新区人民法院民 事 判 决 书(2014)浦民二(商)初字第3816号原告上海甲乙投资有限公司,"
        "住所地上海市浦东新区某路1号。法定代表人刘伟,董事长。委托代理人周杰,上海丙丁律师事务所律师。"
        "被告赵敏,女,1980年5月6日出生,汉族,住上海市闵行区。原告上海甲乙投资有限公司与被告赵敏借款合同纠纷一案,"
        "本院于2014年3月1日立案受理。"
    )
    j = parse_judgment(text)
    assert j.court_name == "上海市浦东新区人民法院"
    assert j.case_no is not None and j.case_no.normalized == "（2014）浦民二（商）初字第3816号"
    assert _roles(text) == [("原告", "上海甲乙投资有限公司", "company"), ("被告", "赵敏", "person")]
    agents = parse_judgment(text).parties[0].agents
    assert [(a.kind, a.name, a.firm) for a in agents] == [
        ("法定代表人", "刘伟", None),
        ("委托诉讼代理人", "周杰", "上海丙丁律师事务所"),
    ]


def test_second_instance_ascii_roles_and_original_third_party() -> None:
    text = (
        "上海市第一中级人民法院\n民事判决书\n(2014)沪一中民六(商)终字第18号\n"
        "上诉人(原审被告):上海某某贸易有限公司,住所地上海市。\n法定代表人:张建国,该公司总经理。\n"
        "委托代理人:李明,上海某某律师事务所律师。\n"
        "被上诉人(原审原告):王小红,女,1975年3月2日生,住上海市闵行区。\n"
        "原审第三人:陈志强,男,1970年1月1日生。\n"
        "上诉人上海某某贸易有限公司因买卖合同纠纷一案,不服上海市浦东新区人民法院民事判决,向本院提起上诉。"
    )
    j = parse_judgment(text)
    assert j.case_no is not None and j.case_no.trial_level == "二审"
    assert [(p.role, p.name, p.original_role) for p in j.parties] == [
        ("上诉人", "上海某某贸易有限公司", "原审被告"),
        ("被上诉人", "王小红", "原审原告"),
        ("原审第三人", "陈志强", None),
    ]
    assert all(a.name not in {p.name for p in j.parties} for p in j.parties for a in p.agents)


def test_bankruptcy_administrator_as_litigation_representative() -> None:
    text = (
        "上海市浦东新区人民法院\n民事判决书\n（2013）浦民一（民）初字第30910号\n"
        "原告孙丽，女，1962年出生，住上海市浦东新区。\n"
        "被告上海浦东某某物业管理有限公司，住所地上海市浦东新区。\n"
        "诉讼代表人钱进，该公司管理人负责人。\n"
        "原告孙丽与被告上海浦东某某物业管理有限公司物业服务合同纠纷一案，本院受理后。"
    )
    j = parse_judgment(text)
    assert [(p.role, p.name, p.kind) for p in j.parties] == [
        ("原告", "孙丽", "person"),
        ("被告", "上海浦东某某物业管理有限公司", "company"),
    ]
    assert [(a.kind, a.name) for a in j.parties[1].agents] == [("诉讼代表人", "钱进")]


@pytest.mark.parametrize("sep", ["\n", " ", ""])
def test_administrative_organ_with_head_and_appearing_head(sep: str) -> None:
    text = sep.join(
        [
            "江苏省连云港市海州区人民法院",
            "行政判决书",
            "(2017)苏0706行初45号",
            "原告:王大海,男,1971年生,住连云港市海州区。",
            "被告:连云港市海州区市场监督管理局,住所地连云港市海州区。",
            "负责人:刘洋,局长。",
            "行政机关出庭负责人:孙伟,副局长。",
            "委托代理人:周杰,该局工作人员。",
            "第三人:连云港某置业有限公司,住所地连云港市。",
            "原告王大海不服被告行政处罚一案,本院于2017年5月2日立案。",
        ]
    )
    j = parse_judgment(text)
    assert j.cause_kind == "admin"
    assert [(p.role, p.name, p.kind) for p in j.parties] == [
        ("原告", "王大海", "person"),
        ("被告", "连云港市海州区市场监督管理局", "government"),
        ("第三人", "连云港某置业有限公司", "company"),
    ]
    assert [(a.kind, a.name) for a in j.parties[1].agents] == [
        ("负责人", "刘洋"),
        ("出庭负责人", "孙伟"),
        ("委托诉讼代理人", "周杰"),
    ]


def test_second_instance_administrative_organ_with_legal_representative() -> None:
    text = (
        "北京市第一中级人民法院\n行政判决书\n（2016）京01行终123号\n"
        "上诉人（一审原告）刘某华，男，1965年出生，住北京市朝阳区。\n"
        "被上诉人（一审被告）北京市朝阳区人民政府，住所地北京市朝阳区。\n"
        "法定代表人王某，区长。\n出庭负责人李某，副区长。\n"
        "原审第三人北京某某房地产开发有限公司，住所地北京市。\n"
        "上诉人刘某华因房屋征收补偿决定一案，不服北京市第四中级人民法院行政判决，向本院提起上诉。"
    )
    assert _roles(text) == [
        ("上诉人", "刘某华", "person"),
        ("被上诉人", "北京市朝阳区人民政府", "government"),
        ("原审第三人", "北京某某房地产开发有限公司", "company"),
    ]


_CRIMINAL_HEAD = (
    "河南省郑州市中原区人民法院\n刑事附带民事判决书\n（2015）中刑初字第100号\n"
    "公诉机关郑州市中原区人民检察院。\n"
)
_CRIMINAL_TAIL = "郑州市中原区人民检察院以郑中检刑诉（2015）10号起诉书指控被告人王军犯故意伤害罪。"


@pytest.mark.parametrize("sep", ["\n", " "])
@pytest.mark.parametrize(
    "parties",
    [
        # the civil plaintiffs, their agent and the defendant on one line
        "附带民事诉讼原告人张红，女，1970年生。诉讼代理人赵某，河南某律师事务所律师。"
        "被告人王军，男，1980年1月1日出生。\n",
        # a plaintiff who is also the victim
        "附带民事诉讼原告人暨被害人张红，女，1970年生。\n被告人王军，男，1980年1月1日出生。\n",
        "附带民事诉讼原告人（被害人）张红，女，1970年生。\n"
        "被告人（附带民事诉讼被告人）王军，男，1980年1月1日出生。\n",
    ],
)
def test_criminal_defendant_kept_after_civil_plaintiffs(parties: str, sep: str) -> None:
    text = (_CRIMINAL_HEAD + parties).replace("\n", sep) + _CRIMINAL_TAIL
    got = [(r, n) for r, n, _ in _roles(text)]
    assert ("附带民事诉讼原告人", "张红") in got and ("被告人", "王军") in got
    assert len(got) == 3


def test_sentences_about_a_listed_defendant_are_not_new_parties() -> None:
    text = (
        "某县人民法院 刑事判决书 （2016）苏0104刑初12号 公诉机关某县人民检察院。 "
        "被告人姚某标，男，1980年出生。被告人姚某标曾因犯强奸罪于2005年被判处有期徒刑三年。"
        "被告人姚某标因涉嫌犯盗窃罪于2016年1月2日被刑事拘留。 辩护人李某，某律师事务所律师。 "
        "某县人民检察院指控被告人姚某标犯盗窃罪，于2016年3月向本院提起公诉。"
    )
    assert [(r, n) for r, n, _ in _roles(text)] == [
        ("公诉机关", "某县人民检察院"),
        ("被告人", "姚某标"),
    ]


def test_prepare_imports_the_old_shanghai_form_instead_of_quarantining() -> None:
    text = (
        "上海市浦东新区人民法院\n民 事 判 决 书\n(2013)浦民一(民)初字第30910号\n"
        "原告孙丽,女,1962年出生。\n被告赵敏,女,1980年出生。\n"
        "原告孙丽与被告赵敏民间借贷纠纷一案,本院受理后。"
    )
    prepared = prepare_record(SourceRecord(source="t", locator="1", text=text, fields={}))
    assert prepared.error is None
    assert prepared.case_no == "（2013）浦民一（民）初字第30910号"
    assert prepared.court_name == "上海市浦东新区人民法院"
    assert [p["name"] for p in prepared.parties] == ["孙丽", "赵敏"]


def test_whole_criminal_opening_run_together_keeps_every_party() -> None:
    text = (
        "河南省郑州市中原区人民法院刑事附带民事判决书（2015）中刑初字第100号"
        "公诉机关郑州市中原区人民检察院。附带民事诉讼原告人张红，女，1970年生。"
        "被告人王军，男，1980年1月1日出生。"
        "郑州市中原区人民检察院以起诉书指控被告人王军犯故意伤害罪，于2015年向本院提起公诉。"
    )
    assert [(r, n) for r, n, _ in _roles(text)] == [
        ("公诉机关", "郑州市中原区人民检察院"),
        ("附带民事诉讼原告人", "张红"),
        ("被告人", "王军"),
    ]
