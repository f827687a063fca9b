"""Synthetic corpora with *planted* hotspots and problem patterns, for benchmarks and tests.

Everything is invented (names from the generator's word pools, facts from templates). The
world: a dozen basic courts of one province, 2019-01 … 2025-12; civil and administrative causes
with their typical organisation parties (物业公司 as plaintiff, banks and insurers by branch,
employers, developers, agencies); per-court volume with seasonality (春节 dip, year-end rush), a
yearly trend, Poisson noise with gamma over-dispersion per court-month, entity sizes that vary
(lognormal) and several spellings of each organisation (legal-form, region, abbreviation, old
agency names, full-width/space noise, rare typos).

Planted on top, each with the case ids that carry it:

* **entity spikes**: extra cases of one (entity, side, 案由) in one quarter or month;
* **entity persistent excess**: one entity's weight multiplied by 8 for the last eight quarters;
* **案由 × court spikes** (many entities at once) and **persistent excess** (a court whose share
  of one 案由 is a multiple of its peers' for the last eight quarters);
* **domain spikes** (one month, cases of a domain across courts).

Fact sections of five causes are written from planted *problem patterns* (物业服务合同纠纷:
服务质量差拒交物业费 / 公共收益不公开 / 电梯维修不及时 / 停车管理混乱; 金融借款合同纠纷: 逾期未还
抵押 / 格式条款未提示 / 保证人抗辩; …), with shuffled sentences, synonyms, shared boilerplate,
cross-talk between patterns and generic noise sentences.

Generation is by month with an RNG seeded from (seed, month), so any partitioning of the months
gives the same rows; case ids are ``month_offset * 10_000_000 + n``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fengqiao.demo.generator import _BRANDS, _GIVEN, _SURNAMES
from fengqiao.mining.features import case_row, write_snapshot

__all__ = [
    "PATTERNS",
    "PlantedCorpus",
    "PlantedHotspot",
    "PlantedPlan",
    "generate_month",
    "make_planted",
    "plan_corpus",
    "write_planted",
]

# --------------------------------------------------------------------------------------------
# The world

_COURTS = (
    ("苏0106", "江苏省南京市鼓楼区人民法院", "南京市", "鼓楼区"),
    ("苏0115", "江苏省南京市江宁区人民法院", "南京市", "江宁区"),
    ("苏0206", "江苏省无锡市惠山区人民法院", "无锡市", "惠山区"),
    ("苏0303", "江苏省徐州市云龙区人民法院", "徐州市", "云龙区"),
    ("苏0506", "江苏省苏州市吴中区人民法院", "苏州市", "吴中区"),
    ("苏0508", "江苏省苏州市姑苏区人民法院", "苏州市", "姑苏区"),
    ("苏0611", "江苏省南通市港闸区人民法院", "南通市", "港闸区"),
    ("苏1003", "江苏省扬州市邗江区人民法院", "扬州市", "邗江区"),
    ("苏1204", "江苏省泰州市姜堰区人民法院", "泰州市", "姜堰区"),
    ("苏0413", "江苏省常州市金坛区人民法院", "常州市", "金坛区"),
    ("苏0803", "江苏省淮安市淮安区人民法院", "淮安市", "淮安区"),
    ("苏0311", "江苏省徐州市泉山区人民法院", "徐州市", "泉山区"),
)
_PROVINCE = "江苏省"
_BANKS = (
    ("中国农业银行股份有限公司", "农行", "中国农业银行"),
    ("中国工商银行股份有限公司", "工行", "中国工商银行"),
    ("中国建设银行股份有限公司", "建行", "中国建设银行"),
    ("交通银行股份有限公司", "交行", "交通银行"),
    ("招商银行股份有限公司", "", "招商银行"),
    ("中国邮政储蓄银行股份有限公司", "邮储银行", "中国邮政储蓄银行"),
)
_INSURERS = (
    ("中国人民财产保险股份有限公司", "人保财险"),
    ("中国平安财产保险股份有限公司", "平安财险"),
    ("中国太平洋财产保险股份有限公司", "太保财险"),
    ("中华联合财产保险股份有限公司", ""),
    ("阳光财产保险股份有限公司", ""),
)
_AGENCIES = {
    "住建": ("住房和城乡建设局", ("住建局",), ()),
    "市监": ("市场监督管理局", ("市监局", "市场监管局"), ("工商行政管理局", "工商局")),
    "人社": ("人力资源和社会保障局", ("人社局",), ("劳动和社会保障局",)),
    "环境": ("生态环境局", (), ("环境保护局", "环保局")),
}
_POOL_INDUSTRY = {
    "property": ("物业服务", "物业管理"),
    "employer": ("建设工程", "商贸", "科技", "物流", "餐饮管理", "建材", "电子商务", "装饰工程", "食品", "服装"),
    "developer": ("房地产开发", "置业", "房地产开发经营"),
    "supplier": ("建材", "机械设备", "商贸", "医疗器械", "电子科技"),
    "polluter": ("化工", "环保科技", "印染", "造纸", "电镀"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Cause:
    name: str
    domain: str
    type_code: str
    weight: float
    plaintiff: str  # pool name | "person" | "bank" | "insurer" | agency key
    defendant: str
    amount: tuple[int, int]
    outcomes: tuple[tuple[str, float], ...]


_CAUSES = (
    _Cause("物业服务合同纠纷", "房地产", "民初", 12, "property", "person", (800, 20000),
           (("支持", .55), ("部分支持", .3), ("驳回", .05), ("调解", .1))),
    _Cause("金融借款合同纠纷", "金融", "民初", 9, "bank", "person", (30000, 900000),
           (("支持", .7), ("部分支持", .2), ("调解", .1))),
    _Cause("信用卡纠纷", "金融", "民初", 7, "bank", "person", (3000, 80000),
           (("支持", .75), ("部分支持", .2), ("撤诉", .05))),
    _Cause("机动车交通事故责任纠纷", "道交", "民初", 11, "person", "insurer", (5000, 300000),
           (("部分支持", .6), ("支持", .25), ("调解", .15))),
    _Cause("追索劳动报酬纠纷", "劳动", "民初", 7, "person", "employer", (3000, 90000),
           (("支持", .5), ("部分支持", .35), ("驳回", .15))),
    _Cause("商品房销售合同纠纷", "房地产", "民初", 5, "person", "developer", (20000, 400000),
           (("部分支持", .5), ("支持", .3), ("驳回", .2))),
    _Cause("买卖合同纠纷", "其他", "民初", 9, "supplier", "employer", (10000, 800000),
           (("支持", .5), ("部分支持", .3), ("调解", .2))),
    _Cause("民间借贷纠纷", "其他", "民初", 14, "person", "person", (5000, 500000),
           (("支持", .6), ("部分支持", .25), ("驳回", .15))),
    _Cause("离婚纠纷", "家事", "民初", 10, "person", "person", (0, 1),
           (("准予离婚", .6), ("驳回", .3), ("调解", .1))),
    _Cause("环境污染责任纠纷", "环资", "民初", 1.5, "person", "polluter", (5000, 200000),
           (("部分支持", .6), ("驳回", .4))),
    _Cause("行政处罚", "行政", "行初", 2, "supplier", "市监", (0, 1),
           (("驳回", .6), ("撤销", .3), ("确认违法", .1))),
    _Cause("政府信息公开", "行政", "行初", 1.5, "person", "住建", (0, 1),
           (("驳回", .6), ("撤销", .4))),
    _Cause("工伤认定", "行政", "行初", 1.5, "person", "人社", (0, 1),
           (("驳回", .5), ("撤销", .5))),
    _Cause("不履行法定职责", "环资", "行初", 1, "person", "环境", (0, 1),
           (("驳回", .6), ("确认违法", .4))),
)  # fmt: skip
_CAUSE_BY_NAME = {c.name: c for c in _CAUSES}

# --------------------------------------------------------------------------------------------
# Planted problem patterns: each sentence slot is a tuple of synonyms.

_S = tuple[str, ...]

PATTERNS: dict[str, dict[str, tuple[_S, ...]]] = {
    "物业服务合同纠纷": {
        "服务质量差拒交物业费": (
            ("被告辩称，原告服务质量差，小区绿化长期无人养护，垃圾清运不及时，故拒绝缴纳物业费。",
             "被告以物业服务不到位、保洁缺失、绿化枯死为由拒交物业服务费。",
             "被告称小区环境卫生脏乱、垃圾堆放无人清理，物业服务质量低劣，因此不交物业费。"),
            ("被告提交照片证明小区公共区域卫生脏乱、保洁人员不足、安保巡逻缺失。",
             "被告提供的照片及视频显示小区垃圾堆积、草坪荒芜、门岗无人值守。"),
            ("经查，原告存在服务不到位的情形，但被告以服务质量差为由拒交全部物业费缺乏依据。",
             "本院认为，物业服务存在瑕疵的，业主可主张相应减免，但不能以保洁绿化问题拒付全部费用。"),
        ),
        "公共收益不公开": (
            ("被告辩称，原告利用电梯广告位、公共停车位等共有部分经营取得收益，但从未向业主公示收支。",
             "被告称物业公司出租小区共有部位、电梯轿厢广告的公共收益去向不明，账目从未公开。",
             "被告认为原告将公共收益据为己有，未按规定公布公共收益收支情况。"),
            ("被告要求原告公开公共收益账目，并以业主应得的公共收益抵扣物业费。",
             "业主多次要求查阅公共收益账目，原告均予拒绝。"),
            ("经查，原告未按规定定期公布共有部分经营收益及收支明细。",
             "本院认为，公共收益属于全体业主共有，物业服务人应当定期公开收支情况。"),
        ),
        "电梯维修不及时": (
            ("被告辩称，小区电梯频繁故障停运，原告报修后长期未予维修，业主出行困难。",
             "被告称所住楼栋电梯多次困人，物业公司拖延维修，高层老人无法下楼。",
             "被告以电梯长期停运、维保不到位为由拒交物业费。"),
            ("被告提交电梯困人报警记录、报修单及业主联名投诉信。",
             "被告提供的维修申请显示电梯故障后停运达数月之久。"),
            ("经查，案涉电梯多次发生故障，原告未及时组织维修保养。",
             "本院认为，电梯维修养护系物业服务的重要内容，原告怠于维修电梯构成服务瑕疵。"),
        ),
        "停车管理混乱": (
            ("被告辩称，原告擅自提高停车费标准，小区车辆乱停乱放，消防通道长期被占用。",
             "被告称物业公司停车管理混乱，外来车辆随意进出，车位被占后无人处理。"),
            ("被告的车辆在小区停放期间被刮擦，原告未提供监控录像。",
             "被告提交停车收费凭证，证明原告收取停车费未经业主大会同意。"),
            ("经查，原告对小区停车秩序管理确有不到位之处。",
             "本院认为，停车收费标准应当依法经业主共同决定。"),
        ),
    },
    "金融借款合同纠纷": {
        "逾期还款抵押物处置": (
            ("被告自借款后第二年起未按约偿还借款本息，构成违约，原告宣布贷款提前到期。",
             "被告连续多期逾期还款，原告依约宣布全部借款提前到期。"),
            ("案涉抵押房产已办理抵押登记，原告主张就抵押物折价或拍卖、变卖价款优先受偿。",
             "被告以其名下房产设定抵押并办理了抵押登记，原告请求对抵押房产行使抵押权。"),
            ("被告对欠款本金无异议，但称因经营困难暂无力偿还。",
             "被告未到庭应诉，亦未提交答辩意见。"),
        ),
        "格式条款未提示说明": (
            ("被告辩称，借款合同中的复利、罚息及违约金条款系原告提供的格式条款，原告未尽提示说明义务。",
             "被告认为合同中加重借款人责任的格式条款未以加粗等显著方式提示，应属无效。",
             "被告主张签约时银行工作人员未对罚息、复利计算方式作出说明，相关格式条款不应适用。"),
            ("经查，原告未能举证证明已就格式条款向被告作出合理提示及说明。",
             "合同文本中免除原告责任、加重借款人责任的条款字体与其他条款无异。"),
            ("本院认为，提供格式条款一方未履行提示或者说明义务，致使对方没有注意或者理解与其有重大利害关系的条款的，对方可以主张该条款不成为合同的内容。",),
        ),
        "保证人抗辩": (
            ("保证人辩称，其签字时不知晓借款真实用途，且原告未通知其借款展期，不应承担保证责任。",
             "担保人称原告与借款人私自变更还款期限未经其同意，保证期间已经届满。"),
            ("被告某公司为借款提供连带责任保证，借款到期后保证人未履行保证责任。",
             "原告主张保证人在保证范围内承担连带清偿责任。"),
            ("经查，原告在保证期间内未向保证人主张权利。",
             "保证合同约定的保证期间为主债务履行期届满之日起三年。"),
        ),
    },
    "机动车交通事故责任纠纷": {
        "保险公司免责条款拒赔": (
            ("被告保险公司辩称，肇事驾驶人饮酒后驾驶，依据保险合同免责条款，商业三者险不予赔偿。",
             "保险公司以驾驶人无证驾驶属于免责情形为由，拒绝在商业险范围内理赔。",
             "被告保险公司主张依据免责条款，车辆改变使用性质从事网约车营运，商业险不予赔付。"),
            ("保险公司未能举证证明已就免责条款向投保人作出明确说明。",
             "投保单上投保人声明栏的签名并非投保人本人所签。"),
            ("本院认为，保险人对免责条款未尽明确说明义务的，该条款不产生效力。",),
        ),
        "电动自行车非机动车道事故": (
            ("原告驾驶电动自行车在非机动车道正常行驶，被告驾驶小型轿车右转时未让行，将原告撞倒。",
             "原告骑电动车沿非机动车道直行，被告车辆开车门时未注意后方来车，致原告倒地受伤。"),
            ("事故致原告右腿骨折，住院治疗二十余天。",
             "原告受伤后被送往医院，诊断为锁骨骨折、多处软组织挫伤。"),
            ("交警部门认定被告负事故主要责任，原告负次要责任。",
             "经交警部门认定，被告负事故全部责任，原告无责任。"),
        ),
        "误工护理费用争议": (
            ("被告保险公司对原告主张的误工费、护理费有异议，认为原告未提供收入减少证明。",
             "保险公司认为原告主张的误工期过长，护理人员收入证明不真实。"),
            ("经司法鉴定，原告构成十级伤残，误工期一百二十日，护理期六十日。",
             "鉴定意见载明原告误工期九十日、护理期三十日、营养期三十日。"),
            ("原告提交了单位出具的误工证明及工资流水，保险公司对其真实性不予认可。",
             "双方对伤残赔偿金计算标准应适用城镇标准还是农村标准存在争议。"),
        ),
    },
    "追索劳动报酬纠纷": {
        "拖欠工资": (
            ("被告以经营困难为由，拖欠原告数月工资。",
             "被告公司资金链断裂，长期拖欠包括原告在内的多名员工工资。",
             "被告未按月足额发放工资，累计欠付原告工资报酬。"),
            ("被告出具欠条一张，承诺于年底前付清，但至今未付。",
             "被告的负责人在工资结算单上签字确认了欠薪金额。"),
            ("原告向劳动监察部门投诉后，被告仍未支付。",
             "劳动人事争议仲裁委员会支持了原告的仲裁请求，被告不服诉至法院。"),
        ),
        "未签书面劳动合同二倍工资": (
            ("原告入职后，被告未与原告签订书面劳动合同，原告主张未签订劳动合同的二倍工资差额。",
             "原告在被告处工作一年有余，双方始终未订立书面劳动合同。"),
            ("被告辩称原告系劳务关系或临时用工，不同意支付二倍工资。",
             "被告称曾多次要求原告签订劳动合同，系原告拒签。"),
            ("本院认为，用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。",),
        ),
        "加班费争议": (
            ("原告主张其长期每日工作十二小时，周末无休，被告未支付加班费。",
             "原告称其实行两班倒，每月加班时间远超法定上限，被告从未支付加班工资。"),
            ("被告提交的考勤记录显示原告存在延时加班情形。",
             "被告主张原告岗位实行综合计算工时制，但未提交劳动行政部门的审批文件。"),
            ("原告提交了打卡记录截图和工作群聊天记录证明加班事实。",),
        ),
    },
    "商品房销售合同纠纷": {
        "逾期交房": (
            ("合同约定被告应于约定日期前交付房屋，被告实际逾期数月方交付。",
             "被告开发的楼盘因资金问题停工，未能按合同约定期限交房。"),
            ("原告主张按合同约定的日万分之一标准计算逾期交房违约金。",
             "原告要求被告支付逾期交付房屋的违约金。"),
            ("被告辩称逾期交房系因疫情及政府停工令等不可抗力所致。",
             "被告主张违约金约定过高，请求予以调减。"),
        ),
        "逾期办理不动产权证": (
            ("被告未在合同约定期限内为原告办理不动产权属证书，原告主张逾期办证违约金。",
             "房屋交付后多年，被告仍未为原告办理房产证，原告无法办理落户及子女入学。"),
            ("被告辩称未能办证系因原告未缴纳契税及维修基金。",
             "被告称因项目未通过规划验收，暂无法办理首次登记。"),
            ("经查，案涉项目的竣工验收备案手续至今未完成。",),
        ),
        "房屋质量问题": (
            ("原告收房后发现房屋墙体开裂、卫生间渗水，要求被告维修并赔偿损失。",
             "原告入住后房屋出现外墙渗漏、地面空鼓，多次报修未果。"),
            ("经鉴定，案涉房屋存在防水层施工不规范导致渗漏的质量缺陷。",
             "质量鉴定意见认定墙体裂缝系施工质量问题所致。"),
            ("被告辩称房屋已通过竣工验收，渗漏系原告自行装修所致。",),
        ),
    },
}  # fmt: skip

_COMMON: dict[str, tuple[_S, ...]] = {
    "物业服务合同纠纷": (
        ("原告与小区业主委员会签订《物业服务合同》，为该小区提供物业服务，被告系该小区业主。",
         "原告系被告所在小区的物业服务企业，被告为该小区房屋的所有权人。"),
        ("被告自二〇二〇年起未缴纳物业服务费，经原告多次催缴未果。",
         "被告欠缴物业服务费，原告遂诉至法院要求支付物业费及滞纳金。"),
    ),
    "金融借款合同纠纷": (
        ("原、被告签订《个人借款合同》，约定被告向原告借款，按月等额本息还款。",
         "被告向原告申请贷款，双方签订借款合同，原告依约发放了贷款。"),
    ),
    "机动车交通事故责任纠纷": (
        ("肇事车辆在被告保险公司投保了交强险及商业三者险，事故发生在保险期间内。",
         "被告驾驶的车辆在保险公司投保了机动车交通事故责任强制保险和商业第三者责任保险。"),
    ),
    "追索劳动报酬纠纷": (
        ("原告于入职被告处从事生产工作，双方约定月工资。",
         "原告在被告公司担任操作工，工资按月发放。"),
    ),
    "商品房销售合同纠纷": (
        ("原告向被告购买商品房一套，双方签订了《商品房买卖合同》。",
         "原告与被告签订商品房预售合同，购买被告开发的住宅一套，并付清了全部房款。"),
    ),
}  # fmt: skip

_GENERIC_FACTS: dict[str, tuple[_S, ...]] = {
    "信用卡纠纷": (("被告向原告申领信用卡并签署领用合约，后透支消费未按期还款。",
                    "被告持卡消费后逾期未还，原告多次催收无果。"),),
    "买卖合同纠纷": (("原、被告之间存在长期买卖合同关系，经对账被告尚欠货款未付。",
                      "原告向被告供应货物，被告收货后未按约付款。"),
                     ("被告辩称部分货物存在质量问题，要求扣减货款。", "被告对欠款金额无异议。")),
    "民间借贷纠纷": (("被告向原告借款并出具借条一份，借款到期后未归还。",
                      "原告通过银行转账向被告出借款项，被告出具了借条。"),),
    "离婚纠纷": (("原、被告登记结婚后育有一子，婚后因家庭琐事经常争吵，现已分居。",
                  "双方婚后感情不和，分居已满两年。"),),
    "环境污染责任纠纷": (("被告工厂排放的废水流入原告承包的鱼塘，导致鱼类大量死亡。",
                          "被告企业排放废气，致原告种植的农作物减产。"),),
    "行政处罚": (("被告作出行政处罚决定，认定原告销售不符合食品安全标准的食品，决定没收违法所得并处罚款。",
                  "被告以原告虚假宣传为由作出罚款决定。"),),
    "政府信息公开": (("原告向被告申请公开某地块征收补偿安置方案，被告作出告知书称该信息不存在。",
                      "原告申请公开房屋征收相关文件，被告逾期未答复。"),),
    "工伤认定": (("原告在工作时间、工作场所内因工作原因受伤，向被告申请工伤认定，被告作出不予认定工伤决定。",),),
    "不履行法定职责": (("原告多次向被告举报某企业排放废气污染环境，被告未在法定期限内作出处理。",),),
}  # fmt: skip

_NOISE: tuple[str, ...] = (
    "庭审中，双方当事人围绕争议焦点进行了举证质证。",
    "原告为证明其主张，提交了合同、付款凭证等证据。",
    "被告经本院传票传唤，无正当理由拒不到庭参加诉讼。",
    "双方曾就本案纠纷进行协商，未能达成一致。",
    "原告在诉前申请了财产保全。",
    "本案适用简易程序公开开庭进行了审理。",
    "另查明，原告为实现债权支出律师费若干。",
    "上述事实，有当事人陈述及相关证据在卷佐证。",
    "本院依法组织双方进行调解，调解未果。",
    "被告对原告提交证据的真实性无异议，但对证明目的有异议。",
)


def _fact_text(rng: random.Random, cause: str, pattern: str | None) -> str:
    sents: list[str] = []
    for slot in _COMMON.get(cause, ()):
        sents.append(rng.choice(slot))
    if pattern is not None:
        slots = PATTERNS[cause][pattern]
        chosen = [s for s in slots if rng.random() < 0.8] or [rng.choice(slots)]
        sents.extend(rng.choice(s) for s in chosen)
        if rng.random() < 0.15:  # cross-talk: one sentence of another pattern
            other = rng.choice([p for p in PATTERNS[cause] if p != pattern])
            sents.append(rng.choice(rng.choice(PATTERNS[cause][other])))
    else:
        for slot in _GENERIC_FACTS.get(cause, ()):
            sents.append(rng.choice(slot))
    sents.extend(rng.sample(_NOISE, rng.randint(1, 3)))
    head = sents[: len(_COMMON.get(cause, ()))]
    body = sents[len(head) :]
    rng.shuffle(body)
    return "".join(head + body)


# --------------------------------------------------------------------------------------------
# Organisations with name variants


@dataclass(frozen=True, slots=True)
class _Org:
    id: str
    canonical: str
    variants: tuple[str, ...]
    kind: str
    weight: float


def _company_variants(rng: random.Random, city: str, body: str) -> tuple[str, tuple[str, ...]]:
    canonical = f"{city}{body}有限公司"
    short_city = city[:-1] if city.endswith("市") else city
    vs = [
        f"{short_city}{body}有限责任公司",
        f"{_PROVINCE}{city}{body}有限公司",
        f"{city}{body}公司",
        f"{city} {body}有限公司",
        f"{city}{body}有限公司（原{city}{body[:2]}实业有限公司）",
    ]
    if len(body) >= 9:  # a typo in a long name (found by fuzzy matching)
        i = rng.randrange(3, len(body))
        vs.append(f"{city}{body[:i]}{rng.choice('业务服达通诚')}{body[i + 1 :]}有限公司")
    return canonical, tuple(vs)


def _build_orgs(rng: random.Random, courts: Sequence[tuple[str, str, str, str]]) -> dict:
    """Organisation pools per court: {court_code: {pool: [_Org]}}."""
    pools: dict[str, dict[str, list[_Org]]] = {}
    used: set[str] = set()
    for code, _name, city, district in courts:
        p: dict[str, list[_Org]] = {}
        for pool, industries in _POOL_INDUSTRY.items():
            n = {"property": 24, "employer": 40, "developer": 12, "supplier": 25, "polluter": 8}[
                pool
            ]
            lst: list[_Org] = []
            while len(lst) < n:
                brand = rng.choice(_BRANDS) + (
                    rng.choice(_BRANDS)[:1] if rng.random() < 0.5 else ""
                )
                ind = rng.choice(industries)
                extra = "服务" if pool == "property" and rng.random() < 0.3 else ""
                body = (
                    f"{district[:-1]}{brand}{ind}{extra}"
                    if rng.random() < 0.2
                    else f"{brand}{ind}{extra}"
                )
                if (city, body) in used:
                    continue
                used.add((city, body))
                canonical, vs = _company_variants(rng, city, body)
                w = math.exp(rng.gauss(0, 0.3))
                lst.append(_Org(f"{code}:{pool}:{len(lst)}", canonical, vs, "company", w))
            p[pool] = lst
        banks: list[_Org] = []
        short_city = city[:-1]
        for full, abbr, plain in _BANKS:
            canonical = f"{full}{short_city}分行"
            vs = [f"{plain}{city}分行", f"{plain}{short_city}分行"]
            if abbr:
                vs.append(f"{abbr}{short_city}分行")
            banks.append(
                _Org(
                    f"{city}:bank:{plain}",
                    canonical,
                    tuple(vs),
                    "company",
                    math.exp(rng.gauss(0, 0.3)),
                )
            )
        p["bank"] = banks
        insurers: list[_Org] = []
        for full, abbr in _INSURERS:
            canonical = f"{full}{city}中心支公司"
            vs = [f"{full}{short_city}中心支公司"]
            if abbr:
                vs.append(f"{abbr}{short_city}中心支公司")
            insurers.append(
                _Org(
                    f"{city}:ins:{full}",
                    canonical,
                    tuple(vs),
                    "company",
                    math.exp(rng.gauss(0, 0.3)),
                )
            )
        p["insurer"] = insurers
        for key, (full, abbrs, olds) in _AGENCIES.items():
            canonical = f"{city}{district}{full}"
            vs = [f"{district}{full}", f"{_PROVINCE}{city}{district}{full}"]
            vs += [f"{city}{district}{a}" for a in abbrs]
            vs += [f"{city}{district}{o}" for o in olds]
            p[key] = [_Org(f"{code}:{key}", canonical, tuple(vs), "government", 1.0)]
        pools[code] = p
    return pools


def _pick_name(rng: random.Random, org: _Org) -> str:
    if org.variants and rng.random() < 0.25:
        return rng.choice(org.variants)
    return org.canonical


def _person(rng: random.Random) -> str:
    return (
        rng.choice(_SURNAMES)
        + rng.choice(_GIVEN)
        + (rng.choice(_GIVEN) if rng.random() < 0.6 else "")
    )


# --------------------------------------------------------------------------------------------
# The plan


@dataclass(frozen=True)
class PlantedHotspot:
    """Ground truth. ``dims`` use the hotspot dimension names (entity/side/cause/court_code/
    domain); ``entity`` is the true organisation's canonical name (resolve it with
    :func:`fengqiao.mining.entities.org_key`)."""

    id: str
    kind: str  # spike | excess
    family: str  # entity_cause | cause_court | domain
    dims: tuple[tuple[str, str], ...]
    grain: str  # quarter | month
    periods: tuple[int, ...]  # period indices in ``grain``
    extra: int
    pattern: str | None = None

    @property
    def dimensions(self) -> dict[str, str]:
        return dict(self.dims)

    def months(self) -> list[int]:
        if self.grain == "month":
            return list(self.periods)
        return [q * 3 + k for q in self.periods for k in range(3)]


@dataclass
class PlantedPlan:
    n_cases: int
    seed: int
    start: int  # month index (year*12 + month-1)
    end: int
    courts: tuple[tuple[str, str, str, str], ...]
    orgs: dict
    court_size: dict[str, float]
    cause_mix: dict[str, dict[str, float]]
    base_per_month: float
    hotspots: list[PlantedHotspot]
    # (court, pool, org index) → multiplier for months ≥ from_month
    # (organisation canonical name, 案由) → (multiplier, from month, planted id)
    entity_excess: dict[tuple[str, str], tuple[float, int, str]] = field(default_factory=dict)
    cause_excess: dict[tuple[str, str], tuple[float, int, str]] = field(default_factory=dict)
    spike_cells: dict[str, tuple[str, str, int, str]] = field(default_factory=dict)

    @property
    def months(self) -> range:
        return range(self.start, self.end + 1)

    def org(self, court: str, pool: str, index: int) -> _Org:
        return self.orgs[court][pool][index]


def _season(month0: int) -> float:
    m = month0 % 12 + 1
    return {1: 0.95, 2: 0.6, 3: 1.05, 6: 1.1, 7: 0.95, 8: 0.95, 11: 1.05, 12: 1.25}.get(m, 1.0)


def _trend(month_index: int, start: int) -> float:
    return 1.06 ** ((month_index - start) / 12)


def plan_corpus(
    n_cases: int,
    *,
    seed: int = 0,
    start: tuple[int, int] = (2019, 1),
    end: tuple[int, int] = (2025, 12),
    n_courts: int = 10,
    n_entity_spikes: int = 8,
    n_entity_month_spikes: int = 2,
    n_entity_excess: int = 3,
    n_cause_spikes: int = 2,
    n_cause_excess: int = 2,
    n_domain_spikes: int = 1,
) -> PlantedPlan:
    """Decide the world and the planted signals (deterministic for a seed)."""
    rng = random.Random(f"plan:{seed}")
    courts = _COURTS[: max(2, min(n_courts, len(_COURTS)))]
    orgs = _build_orgs(rng, courts)
    s, e = start[0] * 12 + start[1] - 1, end[0] * 12 + end[1] - 1
    court_size = {c[0]: math.exp(rng.gauss(0, 0.3)) for c in courts}
    cause_mix: dict[str, dict[str, float]] = {}
    for c in courts:
        raw = {k.name: k.weight * math.exp(rng.gauss(0, 0.2)) for k in _CAUSES}
        tot = sum(raw.values())
        cause_mix[c[0]] = {k: v / tot for k, v in raw.items()}
    months = e - s + 1
    mean_season = sum(_season(m) * _trend(m, s) for m in range(s, e + 1)) / months
    base = n_cases / months / sum(court_size.values()) / mean_season
    plan = PlantedPlan(n_cases, seed, s, e, courts, orgs, court_size, cause_mix, base, [])

    q_start, q_end = s // 3, e // 3
    late_q = list(range(q_start + (q_end - q_start) // 3, q_end + 1))
    used_cells: set[tuple[str, str, int]] = set()
    used_court_cause: set[tuple[str, str]] = set()
    org_causes = [
        k for k in _CAUSES if k.plaintiff not in ("person",) or k.defendant not in ("person",)
    ]

    def pick_entity_cell() -> tuple[str, _Cause, str, int, str]:
        while True:
            court = rng.choice(courts)[0]
            cause = rng.choice(org_causes)
            side, pool = (
                ("原告", cause.plaintiff)
                if cause.plaintiff != "person"
                else ("被告", cause.defendant)
            )
            if pool == "person":
                continue
            lst = orgs[court][pool]
            idx = rng.randrange(len(lst))
            if (court, pool, idx) in used_cells:
                continue
            used_cells.add((court, pool, idx))
            return court, cause, side, idx, pool

    def cell_rate(court: str, cause: _Cause, pool: str, idx: int) -> float:
        """Expected cases a month of the organisation in the cause, over every court whose
        pool holds the same organisation (a city's bank branch is sued in each of its
        districts)."""
        name = orgs[court][pool][idx].canonical
        total = 0.0
        for c in courts:
            lst = orgs[c[0]][pool]
            for o in lst:
                if o.canonical == name:
                    w = o.weight / sum(x.weight for x in lst)
                    total += base * court_size[c[0]] * cause_mix[c[0]][cause.name] * w
        return total

    n = 0
    for i in range(n_entity_spikes + n_entity_month_spikes):
        court, cause, side, idx, pool = pick_entity_cell()
        monthly = i >= n_entity_spikes
        rate = cell_rate(court, cause, pool, idx)
        if monthly:
            m = rng.randrange(s + (e - s) // 3, e + 1)
            extra = max(14, round(4 * rate))
            periods: tuple[int, ...] = (m,)
            grain = "month"
        else:
            periods = (rng.choice(late_q),)
            extra = max(20, round(3 * rate * 3))
            grain = "quarter"
        pats = list(PATTERNS.get(cause.name, {}))
        n += 1
        plan.hotspots.append(
            PlantedHotspot(
                id=f"P{n:02d}",
                kind="spike",
                family="entity_cause",
                dims=(
                    ("entity", orgs[court][pool][idx].canonical),
                    ("side", side),
                    ("cause", cause.name),
                ),
                grain=grain,
                periods=periods,
                extra=extra,
                pattern=rng.choice(pats) if pats else None,
            )
        )
        plan.spike_cells[plan.hotspots[-1].id] = (court, pool, idx, cause.name)
    for _ in range(n_entity_excess):
        # a cell with volume: eight times its weight must give ≥ 15 cases a year
        for _try in range(200):
            court, cause, side, idx, pool = pick_entity_cell()
            # (an agency is alone in its district: more weight would not give it more cases)
            if len(orgs[court][pool]) >= 3 and cell_rate(court, cause, pool, idx) * 8 * 12 >= 15:
                break
        from_q = q_end - 7
        n += 1
        hid = f"P{n:02d}"
        canonical = orgs[court][pool][idx].canonical
        plan.entity_excess[(canonical, cause.name)] = (8.0, from_q * 3, hid)
        plan.hotspots.append(
            PlantedHotspot(
                id=hid,
                kind="excess",
                family="entity_cause",
                dims=(
                    ("entity", orgs[court][pool][idx].canonical),
                    ("side", side),
                    ("cause", cause.name),
                ),
                grain="quarter",
                periods=tuple(range(from_q, q_end + 1)),
                extra=0,
            )
        )
    civil_mass = (
        "追索劳动报酬纠纷",
        "机动车交通事故责任纠纷",
        "买卖合同纠纷",
        "民间借贷纠纷",
        "离婚纠纷",
    )
    for _ in range(n_cause_spikes):
        while True:
            court = rng.choice(courts)[0]
            cause = rng.choice(civil_mass)
            if (court, cause) not in used_court_cause:
                used_court_cause.add((court, cause))
                break
        rate = base * court_size[court] * cause_mix[court][cause]
        n += 1
        plan.hotspots.append(
            PlantedHotspot(
                id=f"P{n:02d}",
                kind="spike",
                family="cause_court",
                dims=(("cause", cause), ("court_code", court)),
                grain="quarter",
                periods=(rng.choice(late_q),),
                extra=max(30, round(2 * rate * 3)),
            )
        )
    for _ in range(n_cause_excess):
        while True:
            court = rng.choice(courts)[0]
            cause = rng.choice(
                ("离婚纠纷", "民间借贷纠纷", "信用卡纠纷", "追索劳动报酬纠纷", "买卖合同纠纷")
            )
            # one excess 案由 per court: a second one would inflate the caseload the first is
            # measured against
            # (and one court per 案由: each excess court is the other's peer)
            taken = {c for c, _ in plan.cause_excess}
            taken_causes = {k for _, k in plan.cause_excess}
            if (
                (court, cause) not in used_court_cause
                and court not in taken
                and cause not in taken_causes
            ):
                used_court_cause.add((court, cause))
                break
        from_q = q_end - 7
        n += 1
        hid = f"P{n:02d}"
        plan.cause_excess[(court, cause)] = (3.0, from_q * 3, hid)
        plan.hotspots.append(
            PlantedHotspot(
                id=hid,
                kind="excess",
                family="cause_court",
                dims=(("cause", cause), ("court_code", court)),
                grain="quarter",
                periods=tuple(range(from_q, q_end + 1)),
                extra=0,
            )
        )
    for _ in range(n_domain_spikes):
        m = rng.randrange(s + (e - s) // 3, e + 1)
        dom_rate = (
            base
            * sum(court_size.values())
            * sum(cause_mix[c[0]][k.name] for c in courts for k in _CAUSES if k.domain == "环资")
            / len(courts)
        )
        n += 1
        plan.hotspots.append(
            PlantedHotspot(
                id=f"P{n:02d}",
                kind="spike",
                family="domain",
                dims=(("domain", "环资"),),
                grain="month",
                periods=(m,),
                extra=max(25, round(2.5 * dom_rate)),
            )
        )
    return plan


# --------------------------------------------------------------------------------------------
# Generation


def _choose(rng: random.Random, weights: dict[str, float]) -> str:
    x = rng.random() * sum(weights.values())
    for k, w in weights.items():
        x -= w
        if x <= 0:
            return k
    return next(reversed(weights))


def _weighted_index(rng: random.Random, ws: Sequence[float]) -> int:
    x = rng.random() * sum(ws)
    for i, w in enumerate(ws):
        x -= w
        if x <= 0:
            return i
    return len(ws) - 1


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 50:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _make_case(
    rng: random.Random,
    plan: PlantedPlan,
    month: int,
    case_id: int,
    court: str,
    cause: _Cause,
    org_pick: tuple[str, int] | None = None,
    pattern: str | None = None,
) -> tuple[dict[str, Any], str | None, tuple[str, int] | None]:
    court_idx = next(i for i, c in enumerate(plan.courts) if c[0] == court)
    d = date(month // 12, month % 12 + 1, rng.randint(1, 28))
    parties: list[tuple[str, str, str]] = []
    chosen: tuple[str, int] | None = None
    for role, pool in (("原告", cause.plaintiff), ("被告", cause.defendant)):
        if pool == "person":
            parties.append((_person(rng), role, "person"))
            continue
        lst = plan.orgs[court][pool]
        if org_pick is not None and org_pick[0] == pool:
            idx = org_pick[1]
        else:
            ws = [o.weight * _excess_mult(plan, o, cause.name, month) for o in lst]
            idx = _weighted_index(rng, ws)
        chosen = chosen or (pool, idx)
        parties.append((_pick_name(rng, lst[idx]), role, lst[idx].kind))
    if cause.name == "机动车交通事故责任纠纷":
        parties.insert(1, (_person(rng), "被告", "person"))
    pats = PATTERNS.get(cause.name)
    if pats and pattern is None:
        pattern = _choose(rng, {p: w for p, w in zip(pats, (0.4, 0.3, 0.2, 0.1), strict=False)})
    facts = _fact_text(rng, cause.name, pattern if pats else None)
    lo, hi = cause.amount
    amounts = [float(rng.randrange(lo, hi, 100))] if hi > 1 else []
    outcome = _choose(rng, dict(cause.outcomes))
    row = case_row(
        case_id=case_id,
        owner_id=court_idx + 1,
        court_code=court,
        decided_on=d,
        cause=cause.name,
        domain=cause.domain,
        type_code=cause.type_code,
        outcome=outcome,
        amounts=amounts,
        parties=parties,
        facts=facts,
    )
    return row, (pattern if pats else None), chosen


def _excess_mult(plan: PlantedPlan, org: _Org, cause: str, month: int) -> float:
    ex = plan.entity_excess.get((org.canonical, cause))
    if ex and month >= ex[1]:
        return ex[0]
    return 1.0


@dataclass
class MonthTruth:
    pattern_of: dict[int, str] = field(default_factory=dict)  # case id → planted pattern
    hotspot_cases: dict[str, list[int]] = field(default_factory=dict)  # planted id → case ids


def generate_month(plan: PlantedPlan, month: int) -> tuple[list[dict[str, Any]], MonthTruth]:
    """The rows of one month (deterministic for (plan.seed, month)) and their ground truth."""
    rng = random.Random(f"{plan.seed}:{month}")
    truth = MonthTruth()
    rows: list[dict[str, Any]] = []
    seq = 0

    def add(row: dict[str, Any], pattern: str | None, tag: str | None) -> None:
        rows.append(row)
        if pattern:
            truth.pattern_of[row["case_id"]] = pattern
        if tag:
            truth.hotspot_cases.setdefault(tag, []).append(row["case_id"])

    base_id = (month - plan.start) * 10_000_000
    season = _season(month) * _trend(month, plan.start)
    for code, *_ in plan.courts:
        lam = plan.base_per_month * plan.court_size[code] * season * rng.gammavariate(20, 1 / 20)
        mix = dict(plan.cause_mix[code])
        for (c2, cause_name), (mult, from_m, _hid) in plan.cause_excess.items():
            if c2 == code and month >= from_m:
                lam += (
                    plan.base_per_month
                    * plan.court_size[code]
                    * season
                    * mix[cause_name]
                    * (mult - 1)
                )
                mix[cause_name] *= mult
        for _ in range(_poisson(rng, lam)):
            cause = _CAUSE_BY_NAME[_choose(rng, mix)]
            seq += 1
            row, pat, chosen = _make_case(rng, plan, month, base_id + seq, code, cause)
            tag = None
            if chosen is not None:
                org = plan.org(code, chosen[0], chosen[1])
                ex = plan.entity_excess.get((org.canonical, cause.name))
                if ex and month >= ex[1]:
                    tag = ex[2]
            ce = plan.cause_excess.get((code, cause.name))
            if ce and month >= ce[1]:
                tag = ce[2]
            add(row, pat, tag)
    for h in plan.hotspots:
        if h.kind != "spike" or month not in h.months():
            continue
        share = h.extra / len(h.months())
        k = int(share) + (1 if rng.random() < share - int(share) else 0)
        for _ in range(k):
            seq += 1
            if h.family == "entity_cause":
                court, pool, idx, cause_name = plan.spike_cells[h.id]
                cause = _CAUSE_BY_NAME[cause_name]
                pattern = h.pattern if rng.random() < 0.8 else None
                row, pat, _ = _make_case(
                    rng, plan, month, base_id + seq, court, cause, (pool, idx), pattern
                )
            elif h.family == "cause_court":
                d = h.dimensions
                row, pat, _ = _make_case(
                    rng, plan, month, base_id + seq, d["court_code"], _CAUSE_BY_NAME[d["cause"]]
                )
            else:
                court = rng.choice(plan.courts)[0]
                cause = _CAUSE_BY_NAME[
                    _choose(rng, {"环境污染责任纠纷": 0.7, "不履行法定职责": 0.3})
                ]
                row, pat, _ = _make_case(rng, plan, month, base_id + seq, court, cause)
            add(row, pat, h.id)
    return rows, truth


@dataclass
class PlantedCorpus:
    plan: PlantedPlan
    rows: list[dict[str, Any]]
    pattern_of: dict[int, str]
    hotspot_cases: dict[str, list[int]]
    entity_of: dict[str, str]  # raw name → true organisation id

    @property
    def hotspots(self) -> list[PlantedHotspot]:
        return self.plan.hotspots


def _entity_truth(plan: PlantedPlan) -> dict[str, str]:
    out: dict[str, str] = {}
    for pools in plan.orgs.values():
        for lst in pools.values():
            for o in lst:
                for name in (o.canonical, *o.variants):
                    out.setdefault(name, o.id)
    return out


def make_planted(n_cases: int, *, seed: int = 0, **plan_kw: Any) -> PlantedCorpus:
    """An in-memory planted corpus (rows are raw feature rows with rule keys and facts)."""
    plan = plan_corpus(n_cases, seed=seed, **plan_kw)
    rows: list[dict[str, Any]] = []
    pattern_of: dict[int, str] = {}
    hotspot_cases: dict[str, list[int]] = {}
    for m in plan.months:
        r, t = generate_month(plan, m)
        rows.extend(r)
        pattern_of.update(t.pattern_of)
        for k, v in t.hotspot_cases.items():
            hotspot_cases.setdefault(k, []).extend(v)
    return PlantedCorpus(plan, rows, pattern_of, hotspot_cases, _entity_truth(plan))


def write_planted(
    plan: PlantedPlan, out_dir: str | Path, *, parts: int = 8
) -> tuple[list[Path], PlantedCorpus]:
    """Write the corpus as ``parts`` raw Parquet files (consecutive month ranges); the returned
    corpus carries the truth but no rows."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    months = list(plan.months)
    parts = max(1, min(parts, len(months)))
    size = math.ceil(len(months) / parts)
    files: list[Path] = []
    pattern_of: dict[int, str] = {}
    hotspot_cases: dict[str, list[int]] = {}
    for p in range(parts):
        chunk = months[p * size : (p + 1) * size]
        if not chunk:
            break

        def rows_of(chunk: list[int] = chunk) -> Iterator[dict[str, Any]]:
            for m in chunk:
                r, t = generate_month(plan, m)
                pattern_of.update(t.pattern_of)
                for k, v in t.hotspot_cases.items():
                    hotspot_cases.setdefault(k, []).extend(v)
                yield from r

        path = out / f"part-{p:05d}.parquet"
        write_snapshot(rows_of(), path)
        files.append(path)
    return files, PlantedCorpus(plan, [], pattern_of, hotspot_cases, _entity_truth(plan))
