"""parse_judgment on hand-written documents in the official layouts (invented names and facts)."""

from __future__ import annotations

import json
from datetime import date

from fengqiao.textlaw.judgment import Judgment, Party, classify_party_kind, parse_judgment

CIVIL_FIRST = """北京市朝阳区人民法院
民 事 判 决 书
（2019）京0105民初12345号
原告：张建国，男，1975年3月2日出生，汉族，住北京市朝阳区。
委托诉讼代理人：刘芳，北京市明德律师事务所律师。
被告：北京恒信商贸有限公司，住所地北京市朝阳区建国路88号。
法定代表人：王强，执行董事。
委托诉讼代理人：陈立，该公司员工。
被告：李明，男，1980年5月6日出生，汉族，住河北省三河市。
原告张建国与被告北京恒信商贸有限公司、李明民间借贷纠纷一案，本院于2019年1月8日立案后，依法适用普通程序，公开开庭进行了审理。原告张建国及其委托诉讼代理人刘芳，被告北京恒信商贸有限公司的委托诉讼代理人陈立到庭参加诉讼，被告李明经本院传票传唤无正当理由拒不到庭参加诉讼。本案现已审理终结。
张建国向本院提出诉讼请求：1.判令二被告偿还借款本金50万元及利息；2.诉讼费由二被告承担。事实和理由：2017年6月1日，被告北京恒信商贸有限公司向原告借款50万元，被告李明提供连带责任保证。
北京恒信商贸有限公司辩称，借款已部分归还，不同意原告的诉讼请求。
李明未作答辩。
当事人围绕诉讼请求依法提交了证据，本院组织当事人进行了证据交换和质证。本院认定事实如下：2017年6月1日，原告通过银行转账向被告北京恒信商贸有限公司支付借款500000元。2018年1月，该公司归还20000元。
本院认为，合法的借贷关系受法律保护。被告北京恒信商贸有限公司借款后未按约还款，应承担还款责任；被告李明作为保证人应承担连带清偿责任。依照《中华人民共和国合同法》第二百零六条、第二百零七条，《中华人民共和国民事诉讼法》第一百四十四条之规定，判决如下：
一、被告北京恒信商贸有限公司于本判决生效之日起十日内偿还原告张建国借款本金480000元及利息；
二、被告李明对上述第一项债务承担连带清偿责任；
三、驳回原告张建国的其他诉讼请求。
如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》第二百五十三条之规定，加倍支付迟延履行期间的债务利息。
案件受理费8800元，由被告北京恒信商贸有限公司、李明负担。
如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，并按照对方当事人或者代表人的人数提出副本，上诉于北京市第三中级人民法院。
审　判　长　　王　芳
人民陪审员　　赵东升
人民陪审员　　孙丽华
二〇一九年六月十二日
本件与原本核对无异
法官助理　　周　敏
书　记　员　　钱　程
"""

CIVIL_APPEAL = """广东省广州市中级人民法院
民事判决书
（2020）粤01民终2345号
上诉人（原审被告）：广州市天河区鑫源装饰工程有限公司，住所地广州市天河区。
法定代表人：黄伟，总经理。
委托诉讼代理人：林涛，广东金石律师事务所律师。
被上诉人（原审原告）：吴丽，女，1988年9月1日出生，汉族，住广州市海珠区。
上诉人广州市天河区鑫源装饰工程有限公司因与被上诉人吴丽装饰装修合同纠纷一案，不服广州市天河区人民法院（2019）粤0106民初8888号民事判决，向本院提起上诉。本院立案后，依法组成合议庭进行了审理。本案现已审理终结。
鑫源公司上诉请求：撤销一审判决，改判驳回吴丽的全部诉讼请求。
吴丽辩称，一审判决认定事实清楚，请求驳回上诉。
吴丽向一审法院起诉请求：判令鑫源公司返还装修款3万元。
一审法院认定事实：双方签订装修合同，吴丽支付装修款3万元，鑫源公司未施工。
本院二审期间，当事人没有提交新证据。本院对一审查明的事实予以确认。
本院认为，一审判决认定事实清楚，适用法律正确，应予维持。依照《中华人民共和国民事诉讼法》第一百七十条第一款第一项之规定，判决如下：
驳回上诉，维持原判。
二审案件受理费550元，由上诉人广州市天河区鑫源装饰工程有限公司负担。
本判决为终审判决。
审判长　李　红
审判员　陈　东
审判员　何　静
二〇二〇年九月三日
书记员　梁　晓
"""

ADMIN = """浙江省杭州市西湖区人民法院
行政判决书
（2021）浙0106行初88号
原告：杭州佳和餐饮管理有限公司，住所地杭州市西湖区。
法定代表人：许平，董事长。
被告：杭州市西湖区市场监督管理局，住所地杭州市西湖区。
法定代表人：丁一，局长。
出庭负责人：马超，副局长。
原告杭州佳和餐饮管理有限公司诉被告杭州市西湖区市场监督管理局行政处罚一案，本院于2021年3月2日立案后，依法组成合议庭，公开开庭审理了本案。本案现已审理终结。
原告诉称，被告作出的罚款决定认定事实错误，请求判决撤销。
被告辩称，被诉处罚决定事实清楚，程序合法，请求驳回原告诉讼请求。
经审理查明，2020年12月1日，被告对原告作出行政处罚决定，罚款人民币五万元。
本院认为，被告作出的行政处罚决定主要证据不足，依法应予撤销。依照《中华人民共和国行政诉讼法》第七十条第（一）项之规定，判决如下：
撤销被告杭州市西湖区市场监督管理局作出的行政处罚决定。
案件受理费50元，由被告负担。
如不服本判决，可以在判决书送达之日起十五日内提起上诉，上诉于浙江省杭州市中级人民法院。
审判长　周　杰
审判员　吴　敏
人民陪审员　郑　华
二〇二一年七月八日
书记员　冯　雪
"""

EXECUTION = """江苏省苏州市姑苏区人民法院
执行裁定书
（2022）苏0508执1234号
申请执行人：中国农业银行股份有限公司苏州分行，住所地江苏省苏州市。
负责人：马龙，行长。
被执行人：顾晓东，男，1979年1月1日出生，汉族，住江苏省苏州市姑苏区。
本院在执行申请执行人中国农业银行股份有限公司苏州分行与被执行人顾晓东金融借款合同纠纷一案中，经查，被执行人暂无财产可供执行。
本院认为，被执行人暂无可供执行的财产，本次执行程序应予终结。依照《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第五百一十七条之规定，裁定如下：
终结本次执行程序。
本裁定送达后即发生法律效力。
审判员　沈　明
二〇二二年十月十日
书记员　陆　云
"""

MEDIATION = """四川省成都市武侯区人民法院
民事调解书
（2023）川0107民初456号
原告：杨小红，女，1990年2月3日出生，汉族，住成都市武侯区。
被告：杨大山，男，1960年7月8日出生，汉族，住成都市武侯区。
原告杨小红与被告杨大山赡养纠纷一案，本院于2023年2月1日立案后，依法适用简易程序进行了审理。
本案审理过程中，经本院主持调解，双方当事人自愿达成如下协议：
一、被告杨大山每月支付原告杨小红赡养费1000元；
二、案件受理费减半收取25元，由被告负担。
上述协议，不违反法律规定，本院予以确认。
本调解书经双方当事人签收后，即具有法律效力。
审判员　唐　宁
二〇二三年三月一日
书记员　罗　敏
"""


OLD_CIVIL = """江苏省南京市鼓楼区人民法院
民事判决书
（2014）鼓民初字第1234号
原告王小二，男，1970年5月1日生，汉族，住南京市鼓楼区。
委托代理人赵大，江苏天正律师事务所律师。
被告南京华信置业有限公司，住所地南京市玄武区。
法定代表人钱多，该公司董事长。
原告王小二诉被告南京华信置业有限公司商品房预售合同纠纷一案，本院受理后，依法由审判员孙某适用简易程序公开开庭进行了审理。本案现已审理终结。
原告王小二诉称，双方签订商品房预售合同，被告逾期交房，请求判令被告支付违约金3万元。
被告南京华信置业有限公司辩称，逾期交房系不可抗力所致。
经审理查明，2012年3月1日，双方签订商品房预售合同。被告于2013年10月交房，逾期四个月。
本院认为，被告逾期交房构成违约。依照《中华人民共和国合同法》第一百零七条之规定，判决如下：
被告南京华信置业有限公司于本判决生效之日起十日内支付原告王小二违约金人民币二万元。
案件受理费275元，由被告负担。
如不服本判决，可在判决书送达之日起十五日内，向本院递交上诉状，上诉于江苏省南京市中级人民法院。
代理审判员　孙　某
二〇一四年五月六日
书　记　员　李　某
"""

RETRIAL = """最高人民法院
民事裁定书
（2019）最高法民申1234号
再审申请人（一审原告、二审上诉人）：甘肃某某建筑工程有限公司。住所地：甘肃省兰州市。
法定代表人：马某，该公司总经理。
被申请人（一审被告、二审被上诉人）：兰州某某房地产开发有限公司。住所地：甘肃省兰州市。
法定代表人：张某，该公司董事长。
再审申请人甘肃某某建筑工程有限公司因与被申请人兰州某某房地产开发有限公司建设工程施工合同纠纷一案，不服甘肃省高级人民法院（2018）甘民终123号民事判决，向本院申请再审。本院依法组成合议庭进行了审查，现已审查终结。
甘肃某某建筑工程有限公司申请再审称，原判决认定的基本事实缺乏证据证明。
本院经审查认为，原判决认定事实并无不当。依照《中华人民共和国民事诉讼法》第二百零四条第一款之规定，裁定如下：
驳回甘肃某某建筑工程有限公司的再审申请。
审判长　王某某
审判员　李某某
审判员　赵某某
二〇一九年六月二十八日
法官助理　孙某
书记员　周某
"""

ORDER = """湖北省武汉市江汉区人民法院
支付令
（2020）鄂0103民督12号
申请人：武汉某某物资有限公司，住所地武汉市江汉区。
法定代表人：刘某，经理。
被申请人：孝感某某建材有限公司，住所地湖北省孝感市。
法定代表人：陈某，经理。
申请人武汉某某物资有限公司于2020年5月6日向本院申请支付令，要求被申请人给付货款人民币15万元。
本院经审查认为，申请人的申请符合法律规定。依照《中华人民共和国民事诉讼法》第二百一十六条之规定，特发出如下支付令：
被申请人孝感某某建材有限公司应当自收到本支付令之日起十五日内，给付申请人武汉某某物资有限公司货款150000元。
被申请人如有异议，应当自收到本支付令之日起十五日内向本院书面提出。
审判员　吴某
二〇二〇年五月十二日
书记员　郑某
"""

DIVORCE = """河南省郑州市金水区人民法院
民事判决书
（2021）豫0105民初777号
原告：李某某，女，1990年1月1日出生，汉族，住郑州市金水区。
被告：王某某，男，1988年2月2日出生，汉族，住郑州市金水区。
原告李某某与被告王某某离婚纠纷一案，本院于2021年1月5日立案后，依法适用简易程序，公开开庭进行了审理。本案现已审理终结。
李某某向本院提出诉讼请求：1.判决原、被告离婚；2.婚生女由原告抚养。
王某某辩称，同意离婚。
本院经审理认定事实如下：原、被告于2015年登记结婚，婚后生育一女。
本院认为，夫妻感情确已破裂，应准予离婚。依照《中华人民共和国民法典》第一千零七十九条之规定，判决如下：
一、准予原告李某某与被告王某某离婚；
二、婚生女王某由原告李某某抚养，被告王某某每月支付抚养费1000元。
案件受理费150元，减半收取75元，由被告负担。
如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，上诉于河南省郑州市中级人民法院。
审判员　赵某
二〇二一年三月三日
书记员　钱某
"""


def test_civil_first_instance() -> None:
    j = parse_judgment(CIVIL_FIRST)
    assert j.court_name == "北京市朝阳区人民法院"
    assert j.doc_kind == "判决书" and j.doc_title == "民事判决书"
    assert j.case_no is not None and j.case_no.normalized == "（2019）京0105民初12345号"
    assert j.cause == "民间借贷纠纷" and j.cause_kind == "civil"
    assert j.trial_level == "一审"
    roles = [(p.role, p.name, p.kind) for p in j.parties]
    assert roles == [
        ("原告", "张建国", "person"),
        ("被告", "北京恒信商贸有限公司", "company"),
        ("被告", "李明", "person"),
    ]
    assert [(a.name, a.kind, a.firm) for a in j.parties[0].agents] == [
        ("刘芳", "委托诉讼代理人", "北京市明德律师事务所")
    ]
    assert [(a.name, a.kind) for a in j.parties[1].agents] == [
        ("王强", "法定代表人"),
        ("陈立", "委托诉讼代理人"),
    ]
    assert j.judges == [("审判长", "王芳"), ("人民陪审员", "赵东升"), ("人民陪审员", "孙丽华")]
    assert j.clerk == "钱程"
    assert j.decided_on == date(2019, 6, 12)
    assert 500000.0 in j.amounts and 480000.0 in j.amounts and 8800.0 in j.amounts
    assert set(j.sections) == {
        "header",
        "parties",
        "claims",
        "facts",
        "reasoning",
        "judgment",
        "tail",
    }
    assert j.sections["facts"].startswith("当事人围绕诉讼请求")
    assert j.sections["reasoning"].startswith("本院认为")
    assert j.sections["judgment"].startswith("判决如下")
    assert j.sections["tail"].startswith("如不服本判决")
    assert j.outcome == "部分支持"
    assert j.domain == "金融"


def test_civil_appeal() -> None:
    j = parse_judgment(CIVIL_APPEAL)
    assert j.trial_level == "二审"
    assert j.cause == "装饰装修合同纠纷"
    assert [(p.role, p.original_role) for p in j.parties] == [
        ("上诉人", "原审被告"),
        ("被上诉人", "原审原告"),
    ]
    assert j.parties[0].kind == "company"
    assert j.outcome == "维持"
    assert j.domain == "房地产"
    assert j.sections["tail"].startswith("本判决为终审判决")
    assert j.judges == [("审判长", "李红"), ("审判员", "陈东"), ("审判员", "何静")]
    assert j.clerk == "梁晓"


def test_admin() -> None:
    j = parse_judgment(ADMIN)
    assert j.cause == "行政处罚" and j.cause_kind == "admin"
    assert j.parties[1].kind == "government" and j.parties[0].kind == "company"
    assert j.outcome == "撤销"
    assert j.domain == "行政"
    assert 50000.0 in j.amounts


def test_execution_ruling() -> None:
    j = parse_judgment(EXECUTION)
    assert j.doc_kind == "裁定书" and j.doc_title == "执行裁定书"
    assert j.cause_kind == "execution" and j.trial_level == "执行"
    assert [p.role for p in j.parties] == ["申请执行人", "被执行人"]
    assert j.parties[0].agents[0].kind == "负责人"
    assert j.outcome == "终结执行"
    assert j.domain == "执行"


def test_mediation() -> None:
    j = parse_judgment(MEDIATION)
    assert j.doc_kind == "调解书"
    assert j.cause == "赡养纠纷"
    assert j.outcome == "调解"
    assert j.domain == "家事"
    assert j.decided_on == date(2023, 3, 1)


def test_space_joined_layout_matches_newline_layout() -> None:
    a = parse_judgment(CIVIL_APPEAL)
    b = parse_judgment(CIVIL_APPEAL.replace("\n", " "))
    assert [(p.role, p.name) for p in a.parties] == [(p.role, p.name) for p in b.parties]
    assert a.cause == b.cause and a.outcome == b.outcome and a.decided_on == b.decided_on
    assert set(a.sections) == set(b.sections)


def test_to_dict_is_json_safe() -> None:
    d = parse_judgment(CIVIL_FIRST).to_dict()
    text = json.dumps(d, ensure_ascii=False)
    assert '"decided_on": "2019-06-12"' in text
    assert d["case_no"]["normalized"] == "（2019）京0105民初12345号"
    assert isinstance(d["judges"][0], list)


def test_empty_and_garbage() -> None:
    for t in ("", "   ", "随便写的一段话，没有任何结构。", "判决如下", "（2019）"):
        j = parse_judgment(t)
        assert isinstance(j, Judgment)
    assert parse_judgment(None).parties == []  # type: ignore[arg-type]


def test_party_kind_rules() -> None:
    assert classify_party_kind("张三") == "person"
    assert classify_party_kind("张某某") == "person"
    assert classify_party_kind("阿依古丽·买买提") == "person"
    assert classify_party_kind("某市住房和城乡建设局") == "government"
    assert classify_party_kind("某县人民政府") == "government"
    assert classify_party_kind("某某村民委员会") == "organisation"
    assert classify_party_kind("某某小学") == "organisation"
    assert classify_party_kind("中国工商银行股份有限公司某支行") == "company"
    assert classify_party_kind("某某人民检察院", "公诉机关") == "government"
    assert isinstance(Party("张三", "原告", "person"), Party)


def test_pre2016_civil_layout() -> None:
    j = parse_judgment(OLD_CIVIL)
    assert j.case_no is not None and j.case_no.form == "pre2016"
    assert j.cause == "商品房预售合同纠纷" and j.domain == "房地产"
    assert [(p.role, p.name) for p in j.parties] == [
        ("原告", "王小二"),
        ("被告", "南京华信置业有限公司"),
    ]
    assert j.parties[0].agents[0].firm == "江苏天正律师事务所"
    assert j.judges == [("代理审判员", "孙某")] and j.clerk == "李某"
    assert j.amounts[:2] == [30000.0, 20000.0]
    assert j.outcome == "支持"


def test_retrial_review_ruling() -> None:
    j = parse_judgment(RETRIAL)
    assert j.court_name == "最高人民法院" and j.trial_level == "再审审查"
    assert [p.original_role for p in j.parties] == [
        "一审原告、二审上诉人",
        "一审被告、二审被上诉人",
    ]
    assert j.sections["reasoning"].startswith("本院经审查认为")
    assert j.outcome == "驳回"
    assert j.judges[0] == ("审判长", "王某某") and j.clerk == "周某"


def test_payment_order() -> None:
    j = parse_judgment(ORDER)
    assert j.doc_kind == "支付令" and j.case_no is not None and j.case_no.type_code == "民督"
    assert j.sections["judgment"].startswith("如下支付令")
    assert 150000.0 in j.amounts


def test_divorce() -> None:
    j = parse_judgment(DIVORCE)
    assert j.cause == "离婚纠纷" and j.domain == "家事" and j.outcome == "支持"
