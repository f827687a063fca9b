"""A living register of judicial suggestions for the demo courts, built through the services.

连云港经济技术开发区人民法院 (苏0791) gets about a dozen suggestions in every state of the lifecycle
(and clues in every state of triage); 连云港市海州区人民法院 (苏0706) a clue and a draft. Every
step is taken by the demo user whose role it needs (fengqiao/demo/courts.py), so the audit trail,
numbering and due dates are the real ones. The letters are fictional but use the structure of
法释〔2023〕11号附件1 and pass the format checker.

Services refuse future dates but accept past ones, so deliveries, replies and follow-ups are
back-dated relative to today (a letter delivered ~3 months ago is overdue). Signing always happens
“now”; the loader back-dates ``signed_at`` right after (before the delivery, which must follow
it) and, at the end, ``created_at`` of each suggestion to just before its signing.

Called by ``manage.py demo`` on an empty database only (after the courts and cases demo).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from fengqiao.cases.models import Case
from fengqiao.courts.models import Court, RecipientUnit, User
from fengqiao.feedback.demo_data import load_demo_feedback
from fengqiao.suggestions import services, stored_letters
from fengqiao.suggestions.letters import EMPTY_CONTENT
from fengqiao.suggestions.models import (
    AgendaItem,
    Category,
    Clue,
    FollowUp,
    ItemOutcome,
    Meeting,
    PreCommunication,
    State,
    Suggestion,
)
from fengqiao.suggestions.reminders import send_reply_reminders

KAIFA, HAIZHOU = "苏0791", "苏0706"
CONTACT = ("周静", "0518-85861234")
HAIZHOU_CONTACT = ("冯丽", "0518-85522345")


@dataclass(frozen=True)
class Topic:
    topic: str  # noun phrase used in “推进{topic}问题治理”
    title: str  # “××人民法院关于{title}的司法建议书”
    recipient: str
    category: str
    causes: tuple[str, ...]
    background: tuple[str, ...]
    problems: tuple[tuple[str, str], ...]
    suggestions: tuple[tuple[str, str], ...]
    cc: tuple[str, ...] = ()
    minors_law: bool = False


TOPICS: dict[str, Topic] = {
    "wuye": Topic(
        topic="住宅小区物业服务",
        title="加强住宅小区物业服务监管",
        recipient="连云港市住房和城乡建设局",
        category=Category.GOVERNANCE,
        causes=("物业服务合同纠纷",),
        background=(
            "物业管理事关人民群众切身利益，是基层社会治理的重要环节。近年来，你局认真贯彻"
            "《物业管理条例》和《江苏省物业管理条例》，推行物业服务企业信用评价，物业管理水平"
            "明显提升。",
            "近三年来，我院共受理物业服务合同纠纷案件四百余件，其中批量起诉案件占比超过六成，"
            "业主以服务质量差为由拒交物业费的抗辩普遍存在，矛盾纠纷呈多发高发态势。",
        ),
        problems=(
            (
                "物业服务质量缺乏可核验的标准。",
                "多数物业服务合同对保洁、秩序维护、设施设备维修养护等事项仅作原则性约定，"
                "发生争议时双方各执一词，法院难以认定服务是否达标。",
            ),
            (
                "公共收益管理不透明。",
                "部分物业服务企业未按规定单独列账公示电梯广告、停车位租赁等公共收益，"
                "业主因此质疑收费合理性，进而拒交物业费。",
            ),
            (
                "物业服务企业退出交接不规范。",
                "新旧物业服务企业交接过程中，资料移交、费用结算缺乏监督，个别小区出现"
                "“双物业”对峙，引发连锁诉讼。",
            ),
        ),
        suggestions=(
            (
                "针对服务标准问题，推行分级服务标准和履约评价。",
                "建议制定住宅小区物业服务分级标准示范文本，引导业主委员会在合同中约定可量化的"
                "服务内容，并定期组织第三方履约评价。",
            ),
            (
                "针对公共收益问题，建立公共收益定期公示和审计制度。",
                "建议督促物业服务企业对公共收益单独列账，每半年在小区显著位置公示一次，"
                "必要时委托第三方审计。",
            ),
            (
                "针对退出交接问题，规范物业服务企业退出交接程序。",
                "建议明确交接清单、时限和街道监督职责，对拒不退出、拒不移交资料的企业依法"
                "记入信用档案。",
            ),
        ),
        cc=("连云港市物业管理协会", "连云港经济技术开发区管理委员会"),
    ),
    "yufu": Topic(
        topic="预付式消费",
        title="规范预付式消费经营行为",
        recipient="连云港市市场监督管理局",
        category=Category.GOVERNANCE,
        causes=("买卖合同纠纷",),
        background=(
            "预付式消费在健身、美容美发、教育培训等行业广泛存在，方便了群众消费，也带动了"
            "服务业发展。你局近年来开展单用途商业预付卡专项检查，取得积极成效。",
            "我院在审理相关纠纷中发现，经营者收取预付款后闭店、转让、变更经营主体的情况时有"
            "发生，消费者维权成本高，群体性纠纷风险较大。",
        ),
        problems=(
            (
                "预付资金缺乏有效监管。",
                "部分经营者以大额折扣诱导消费者办理长期卡，预收资金规模远超经营能力，"
                "资金去向无从监督。",
            ),
            (
                "闭店跑路后消费者维权困难。",
                "经营者闭店后往往下落不明，消费者即便胜诉也难以执行到位，同类案件集中涌入法院。",
            ),
            (
                "格式条款侵害消费者权益。",
                "“不退不换”“最终解释权归商家所有”等格式条款普遍存在，消费者对条款效力认识不足。",
            ),
        ),
        suggestions=(
            (
                "针对资金监管问题，推行预收资金存管制度。",
                "建议会同有关部门对重点行业预收资金实行银行存管或保证保险，设定单卡金额上限。",
            ),
            (
                "针对维权困难问题，建立闭店预警和快速处置机制。",
                "建议建立经营异常预警名单，发现闭店苗头及时约谈，并引导消费者通过诉调对接渠道"
                "集中化解纠纷。",
            ),
            (
                "针对格式条款问题，开展合同格式条款专项整治。",
                "建议发布预付式消费合同示范文本，对不公平格式条款依法查处并公开曝光。",
            ),
        ),
        cc=("连云港经济技术开发区管理委员会",),
    ),
    "diandongche": Topic(
        topic="电动自行车充电安全",
        title="加强电动自行车充电安全管理",
        recipient="连云港经济技术开发区管理委员会",
        category=Category.GOVERNANCE,
        causes=("生命权、身体权、健康权纠纷",),
        background=(
            "电动自行车是群众日常出行的重要交通工具，充电安全关系群众生命财产安全。"
            "你委近年来推进集中充电设施建设，消防安全形势总体平稳。",
            "我院审理的财产损害赔偿、健康权纠纷案件中，因电动自行车在楼道、室内违规充电"
            "引发火灾的案件有所增加，损失大、责任认定难。",
        ),
        problems=(
            (
                "集中充电设施覆盖不足。",
                "部分老旧小区和城中村缺少集中充电场所，居民“飞线充电”、入户充电现象屡禁不止。",
            ),
            (
                "物业和属地管理责任不清。",
                "发生火灾后，物业服务企业、业主和属地管理部门相互推诿，受害人损失难以得到及时赔偿。",
            ),
        ),
        suggestions=(
            (
                "针对设施不足问题，加快建设集中充电设施。",
                "建议将集中充电设施纳入老旧小区改造和民生实事项目，合理布局、分步实施。",
            ),
            (
                "针对责任不清问题，明确各方安全管理责任。",
                "建议制定电动自行车停放充电管理规定，明确物业、业主和属地的责任清单，"
                "并定期开展联合检查。",
            ),
        ),
        cc=("连云港市住房和城乡建设局",),
    ),
    "laodong": Topic(
        topic="劳动用工合同管理",
        title="规范企业劳动用工合同管理",
        recipient="连云港市人力资源和社会保障局",
        category=Category.CLASS,
        causes=("劳动合同纠纷", "追索劳动报酬纠纷"),
        background=(
            "和谐劳动关系是经济社会健康发展的基础。你局持续开展劳动合同制度宣传和劳动保障监察，"
            "劳动用工总体规范。",
            "我院在审理劳动争议案件中发现，开发区内部分中小企业劳动合同签订率不高、"
            "解除程序不规范，同类纠纷反复发生。",
        ),
        problems=(
            (
                "部分企业未依法订立书面劳动合同。",
                "一些企业以试用期、临时用工为由不签订书面劳动合同，引发二倍工资等纠纷。",
            ),
            (
                "用人单位解除劳动合同程序不规范。",
                "部分企业规章制度未经民主程序制定，解除劳动合同时证据不足，败诉率较高。",
            ),
        ),
        suggestions=(
            (
                "针对未签合同问题，加强劳动合同签订情况检查。",
                "建议结合年度书面审查，对劳动合同签订率偏低的企业开展专项指导和执法检查。",
            ),
            (
                "针对解除程序问题，加强用工合规指导。",
                "建议编制企业规章制度和解除劳动合同操作指引，组织开发区企业人力资源负责人培训。",
            ),
        ),
        cc=("连云港经济技术开发区管理委员会",),
    ),
    "xiaoyuan": Topic(
        topic="校园周边安全",
        title="加强校园周边安全管理",
        recipient="连云港市教育局",
        category=Category.GOVERNANCE,
        causes=("生命权、身体权、健康权纠纷",),
        background=(
            "未成年人健康成长关系千家万户。你局认真落实《中华人民共和国未成年人保护法》，"
            "推进平安校园建设，校园安全工作取得明显成效。",
            "我院在审理涉未成年人案件中发现，校园周边交通秩序、食品安全和不良场所问题仍较突出，"
            "有的已引发人身损害纠纷。",
        ),
        problems=(
            (
                "上下学时段校门口交通秩序混乱。",
                "接送车辆随意停放，学生横穿马路现象普遍，已发生多起学生受伤案件。",
            ),
            (
                "校园周边存在向未成年人售卖不适宜商品的经营场所。",
                "部分商户向学生销售烟酒、“三无”零食，个别场所违规接纳未成年人。",
            ),
        ),
        suggestions=(
            (
                "针对交通秩序问题，会同公安交管部门设置护学岗。",
                "建议在上下学时段设置护学岗和临时停车区，完善校门口交通安全设施。",
            ),
            (
                "针对周边经营问题，开展校园周边环境联合整治。",
                "建议会同市场监管、文化执法等部门定期排查校园周边商户，依法查处违规经营行为。",
            ),
        ),
        cc=("连云港市公安局交通警察支队", "连云港市市场监督管理局"),
        minors_law=True,
    ),
    "jiedai": Topic(
        topic="民间借贷风险防范",
        title="加强民间借贷风险防范",
        recipient="连云港经济技术开发区管理委员会",
        category=Category.CLASS,
        causes=("民间借贷纠纷",),
        background=(
            "民间借贷在一定程度上满足了小微企业和个人的融资需求。你委近年来加强地方金融风险"
            "排查，防范化解金融风险工作扎实推进。",
            "我院在审理民间借贷纠纷中发现，职业放贷、“砍头息”、以借贷之名行非法集资之实等"
            "问题时有出现，同一出借人多次起诉的现象较为突出。",
        ),
        problems=(
            (
                "职业放贷行为较为隐蔽。",
                "部分出借人以个人名义向不特定对象放贷，通过拆分借条、预扣利息规避监管。",
            ),
            (
                "群众金融风险意识不足。",
                "借款人对高息借贷的法律后果认识不足，出借人对借款用途和还款能力审查不严。",
            ),
        ),
        suggestions=(
            (
                "针对职业放贷问题，建立涉诉借贷信息共享和线索移送机制。",
                "建议与我院建立高频起诉出借人信息通报机制，对涉嫌非法放贷的线索及时移送处置。",
            ),
            (
                "针对风险意识问题，加强金融知识普及和风险提示。",
                "建议在社区、园区开展防范非法集资和高息借贷宣传，发布典型案例。",
            ),
        ),
    ),
    "jiaotong": Topic(
        topic="道路交通事故快处快赔",
        title="完善道路交通事故快处快赔机制",
        recipient="连云港市公安局交通警察支队",
        category=Category.GOVERNANCE,
        causes=("机动车交通事故责任纠纷",),
        background=(
            "道路交通事故快处快赔是便民利民的重要举措。你支队推行轻微事故线上快处，"
            "有效缓解了道路拥堵。",
            "我院审理的机动车交通事故责任纠纷中，相当部分为财产损失轻微、事实清楚的案件，"
            "本可在诉前化解。",
        ),
        problems=(
            (
                "轻微事故快处后理赔衔接不畅。",
                "当事人在快处后与保险公司就定损金额产生分歧，只能另行诉讼。",
            ),
            (
                "事故证据固定不规范。",
                "部分快处案件缺少现场照片和协议书原件，诉讼中责任认定困难。",
            ),
        ),
        suggestions=(
            (
                "针对理赔衔接问题，推动建立交通事故一站式调处中心。",
                "建议会同保险行业协会和我院建立“警保法”联动调处机制，推动定损、调解、"
                "司法确认一站办理。",
            ),
            (
                "针对证据固定问题，规范快处证据采集标准。",
                "建议统一快处平台的照片、视频采集要求，并向当事人出具规范的事故认定材料。",
            ),
        ),
    ),
    "yinhangka": Topic(
        topic="银行卡出借、出租治理",
        title="加强银行卡开户和交易风险管控",
        recipient="中国银行股份有限公司连云港分行",
        category=Category.CLASS,
        causes=("帮助信息网络犯罪活动罪", "掩饰、隐瞒犯罪所得、犯罪所得收益罪"),
        background=(
            "银行卡是电信网络诈骗资金流转的主要通道。你行认真落实“断卡”行动要求，"
            "加强开户审核，取得积极成效。",
            "我院审理的帮助信息网络犯罪活动罪案件中，在校学生、务工人员出租、出借银行卡"
            "的情形占比较高，部分涉案账户集中在同一营业网点开立。",
        ),
        problems=(
            (
                "开户环节尽职调查不充分。",
                "个别网点对短期内异地集中开户、一人多卡等异常情形未能及时识别。",
            ),
            (
                "异常交易监测和止付不及时。",
                "部分涉案账户在短时间内大额快进快出，未能及时采取限制措施。",
            ),
        ),
        suggestions=(
            (
                "针对开户问题，严格落实开户尽职调查。",
                "建议对异常开户情形加强核实，必要时拒绝开户，并加强网点员工培训。",
            ),
            (
                "针对交易监测问题，完善异常交易实时监测模型。",
                "建议优化风控模型，对快进快出等异常交易及时预警、止付，并与公安机关共享线索。",
            ),
        ),
    ),
    "zhongjie": Topic(
        topic="房屋中介服务",
        title="规范房屋中介服务行为",
        recipient="连云港市住房和城乡建设局",
        category=Category.GOVERNANCE,
        causes=("房屋租赁合同纠纷",),
        background=(
            "房地产经纪服务与群众安居密切相关。你局近年来开展房地产市场秩序专项整治，"
            "中介服务行为逐步规范。",
            "我院在审理房屋租赁合同纠纷中发现，“二房东”转租、中介隐瞒房屋瑕疵、"
            "违规收取费用等问题引发的纠纷较多。",
        ),
        problems=(
            (
                "中介机构备案和从业人员管理不到位。",
                "部分中介门店未备案即开展业务，从业人员流动性大，责任难以落实。",
            ),
            (
                "租赁资金缺乏监管。",
                "“长收短付”“高收低出”模式下，租金和押金被挪用，运营方爆雷后租客和房东权益受损。",
            ),
        ),
        suggestions=(
            (
                "针对备案问题，加强中介机构和从业人员备案管理。",
                "建议开展中介门店备案核查，建立从业人员实名登记和信用记录制度。",
            ),
            (
                "针对资金问题，推行住房租赁资金监管。",
                "建议对住房租赁企业收取的租金、押金实行专用账户监管。",
            ),
        ),
        cc=("连云港经济技术开发区管理委员会",),
    ),
    "shangpinfang": Topic(
        topic="商品房交付和办证",
        title="加强商品房交付和不动产登记办理监管",
        recipient="连云港市住房和城乡建设局",
        category=Category.CLASS,
        causes=("商品房销售合同纠纷",),
        background=(
            "商品房按期交付和办证事关购房群众切身利益。你局持续推进“交房即交证”改革，"
            "取得积极成效。",
            "我院在审理商品房销售合同纠纷中发现，逾期交房、逾期办证引发的批量纠纷仍时有发生。",
        ),
        problems=(
            (
                "预售资金监管存在漏洞。",
                "个别项目预售资金被挪作他用，导致工程停工、逾期交付。",
            ),
            (
                "竣工验收备案与办证衔接不畅。",
                "部分项目因配套设施未完成验收，长期无法办理不动产权证书。",
            ),
        ),
        suggestions=(
            (
                "针对资金监管问题，严格执行预售资金监管制度。",
                "建议按工程进度核拨预售资金，对违规支取行为依法处理。",
            ),
            (
                "针对办证问题，完善验收与登记联动机制。",
                "建议会同自然资源部门建立验收、备案、登记并联办理机制。",
            ),
        ),
    ),
    "xinyongka": Topic(
        topic="信用卡透支催收",
        title="规范信用卡发卡和催收行为",
        recipient="中国银行股份有限公司连云港分行",
        category=Category.CLASS,
        causes=("信用卡纠纷",),
        background=(
            "信用卡业务便利了群众消费。你行近年来加强信用卡业务风险管理，资产质量总体稳定。",
            "我院受理的信用卡纠纷案件数量较大，部分案件中持卡人收入与授信额度明显不匹配。",
        ),
        problems=(
            (
                "授信审查不够审慎。",
                "部分持卡人无稳定收入却获得较高授信额度，透支后无力偿还。",
            ),
            (
                "催收和起诉材料不规范。",
                "部分案件中利息、违约金计算依据不清，催收记录缺失，影响审理效率。",
            ),
        ),
        suggestions=(
            (
                "针对授信问题，严格落实授信审查要求。",
                "建议根据持卡人收入和负债情况合理核定授信额度，定期复核调整。",
            ),
            (
                "针对诉讼材料问题，规范利息计算和证据提交。",
                "建议统一起诉材料清单，列明本金、利息、违约金的计算方式和依据。",
            ),
        ),
    ),
    "nongmingong": Topic(
        topic="建设工程领域农民工工资支付",
        title="加强建设工程领域农民工工资支付保障",
        recipient="连云港市人力资源和社会保障局",
        category=Category.GOVERNANCE,
        causes=("建设工程施工合同纠纷", "追索劳动报酬纠纷"),
        background=(
            "保障农民工工资支付是重要的民生工作。你局认真落实《保障农民工工资支付条例》，"
            "推行工资专用账户和实名制管理。",
            "我院在审理建设工程施工合同纠纷和追索劳动报酬纠纷中发现，层层转包、"
            "工程款拖欠导致农民工工资拖欠的问题仍然存在。",
        ),
        problems=(
            (
                "工资专用账户制度落实不到位。",
                "部分项目未按规定开设农民工工资专用账户，或账户资金拨付不足。",
            ),
            (
                "违法分包、转包导致责任主体不清。",
                "实际施工人与总承包单位之间层级多，欠薪发生后难以确定付款主体。",
            ),
        ),
        suggestions=(
            (
                "针对专用账户问题，加强工资专用账户监管。",
                "建议定期核查在建项目专用账户开设和资金拨付情况，对不落实的依法处理。",
            ),
            (
                "针对责任主体问题，压实总承包单位清偿责任。",
                "建议严格落实总承包单位先行清偿制度，会同住建部门查处违法分包、转包行为。",
            ),
        ),
        cc=("连云港市住房和城乡建设局",),
    ),
    "shangbiao": Topic(
        topic="小商品市场商标侵权治理",
        title="加强小商品市场商标侵权治理",
        recipient="连云港市市场监督管理局",
        category=Category.CLASS,
        causes=("侵害商标权纠纷",),
        background=(
            "保护知识产权就是保护创新。你局近年来持续开展商标侵权专项执法，市场秩序明显好转。",
            "我院受理的侵害商标权纠纷中，小商品市场经营户因销售侵权商品被批量起诉的情形较多。",
        ),
        problems=(
            (
                "经营户进货来源审查意识薄弱。",
                "多数被诉经营户无法提供合法进货凭证，对所售商品是否侵权缺乏基本判断。",
            ),
            (
                "市场开办方管理责任落实不够。",
                "市场开办方对场内经营户缺乏知识产权合规培训和巡查。",
            ),
        ),
        suggestions=(
            (
                "针对进货审查问题，推行进货台账制度。",
                "建议指导经营户建立进货查验和台账制度，保留合法来源凭证。",
            ),
            (
                "针对开办方责任问题，压实市场开办方管理责任。",
                "建议督促市场开办方建立知识产权巡查和投诉处理机制。",
            ),
        ),
    ),
    "haizhou_yufu": Topic(
        topic="美容美发和健身行业预付卡",
        title="规范美容美发和健身行业预付卡经营",
        recipient="连云港市海州区市场监督管理局",
        category=Category.CLASS,
        causes=("买卖合同纠纷",),
        background=(
            "美容美发、健身行业是群众日常消费的重要领域。你局近年来开展预付卡专项检查，"
            "取得一定成效。",
            "我院审理的预付卡纠纷中，美容美发和健身门店转让、闭店后拒不退费的情形较为集中。",
        ),
        problems=(
            (
                "门店转让后新经营者拒绝承接预付卡。",
                "消费者持卡消费被拒，原经营者下落不明，维权困难。",
            ),
            (
                "办卡合同内容不规范。",
                "合同对服务次数、有效期、退费规则约定不明。",
            ),
        ),
        suggestions=(
            (
                "针对转让承接问题，明确经营主体变更时的预付卡处理规则。",
                "建议要求门店转让时向消费者公示预付卡承接方案，未妥善处理的依法查处。",
            ),
            (
                "针对合同问题，推广预付卡合同示范文本。",
                "建议在辖区美容美发、健身行业推广使用示范文本。",
            ),
        ),
    ),
}


@dataclass
class DemoSuggestionsSummary:
    clues: int = 0
    suggestions: int = 0
    states: dict[str, int] | None = None

    def line(self) -> str:
        parts = "、".join(f"{label} {n}" for label, n in (self.states or {}).items())
        return (
            f"司法建议演示台账：线索 {self.clues} 条，司法建议 {self.suggestions} 件（{parts}）。"
        )


class _Loader:
    def __init__(self) -> None:
        self.today = timezone.localdate()
        self.kaifa = Court.objects.get(code=KAIFA)
        self.haizhou = Court.objects.get(code=HAIZHOU)
        users = {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}
        missing = set(_USERNAMES) - set(users)
        if missing:
            raise LookupError(f"演示用户缺失：{'、'.join(sorted(missing))}；请先载入法院演示数据")
        self.u = users
        self.signed_on: dict[int, date] = {}

    # -- helpers ---------------------------------------------------------------------------

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def unit(self, court: Court, name: str) -> RecipientUnit:
        return RecipientUnit.objects.get(court=court, name=name)

    def cases(self, court: Court, causes: tuple[str, ...], count: int = 4) -> list[Case]:
        return list(Case.objects.filter(owner=court, cause__in=causes).order_by("id")[:count])

    def content(self, key: str, court: Court) -> dict[str, Any]:
        t = TOPICS[key]
        name, phone = CONTACT if court == self.kaifa else HAIZHOU_CONTACT
        return {
            **EMPTY_CONTENT,
            "title": f"{court.name}关于{t.title}的司法建议书",
            "topic": t.topic,
            "background": list(t.background),
            "problems": [{"heading": h, "body": b} for h, b in t.problems],
            "suggestions": [{"heading": h, "body": b} for h, b in t.suggestions],
            "other_matters": ["我院将积极配合你单位开展相关工作，并可提供相关案例和数据。"],
            "contact_name": name,
            "contact_phone": phone,
        }

    def cc_units(self, key: str, court: Court) -> list[RecipientUnit]:
        return [self.unit(court, name) for name in TOPICS[key].cc]

    def create(self, key: str, *, drafter: str = "faguan", court: Court | None = None):
        court = court or self.kaifa
        t = TOPICS[key]
        suggestion = services.suggestion_create(
            actor=self.u[drafter],
            title=t.topic,
            category=t.category,
            recipient=self.unit(court, t.recipient),
            minors_law=t.minors_law,
            cases=self.cases(court, t.causes),
            content=self.content(key, court),
        )
        if t.cc:  # identical content: no new version, only the 抄送 units are set
            services.draft_save(
                actor=self.u[drafter],
                suggestion=suggestion,
                content=self.content(key, court),
                cc_units=self.cc_units(key, court),
            )
        return suggestion

    def from_clue(self, key: str, item: AgendaItem, *, drafter: str = "faguan") -> Suggestion:
        t = TOPICS[key]
        suggestion = services.agenda_decide(
            actor=self.u["yanjiushi"],
            item=item,
            decision=AgendaItem.Decision.SEND,
            category=t.category,
            recipient=self.unit(self.kaifa, t.recipient),
            note="同意制发司法建议，由承办法官起草。",
            drafter=self.u[drafter],
        )
        assert suggestion is not None
        services.draft_save(
            actor=self.u[drafter],
            suggestion=suggestion,
            content=self.content(key, self.kaifa),
            note="根据会议意见补充问题和建议",
            minors_law=t.minors_law,
            cc_units=self.cc_units(key, self.kaifa),
        )
        return suggestion

    def clue(self, title: str, problem: str, *, by: str = "faguan", causes=(), court=None):
        court = court or self.kaifa
        return services.clue_create(
            actor=self.u[by],
            title=title,
            problem=problem,
            domain="民事",
            cases=self.cases(court, tuple(causes), 3),
        )

    def review(
        self, suggestion: Suggestion, *, stop_at: str | None = None, meeting: Meeting | None = None
    ) -> Suggestion:
        """Approve the review steps in order; stop when the active step is ``stop_at``.
        ``suggestion`` itself is refreshed, so the caller's instance stays current."""
        original = suggestion
        suggestion.refresh_from_db()
        if suggestion.state == State.DRAFTING:
            services.review_submit(actor=suggestion.drafter, suggestion=suggestion)
        actors = {
            "部门负责人核稿": ("tingzhang", "同意，报研究室审核。"),
            "研究室审核": ("yanjiushi", "格式规范，问题与建议一一对应，同意。"),
            "审委会审议": ("shenweihui", "经审判委员会讨论，同意发出。"),
            "院长签发": ("yuanzhang", "同意签发。"),
            "分管院领导签发": ("fenguan", "同意签发。"),
        }
        while (step := services.active_step(suggestion)) is not None:
            if step.step.name == stop_at:
                break
            username, comment = actors[step.step.name]
            suggestion = services.review_act(
                actor=self.u[username],
                suggestion=suggestion,
                approve=True,
                comment=comment,
                meeting=meeting if step.step.requires_meeting else None,
            )
        original.refresh_from_db()
        return original

    def signed(self, suggestion: Suggestion, on: date) -> None:
        """Back-date the signing now (see the module doc): the services check that a delivery
        or reply follows the signing date, so the letter must carry its date before them."""
        self.signed_on[suggestion.pk] = on
        tz = timezone.get_current_timezone()
        with transaction.atomic():
            Suggestion.objects.filter(pk=suggestion.pk).update(
                signed_at=datetime.combine(on, time(10, 30), tzinfo=tz)
            )
            suggestion.refresh_from_db()
            # the stored letter must print the back-dated 成文日期 (a new stored revision)
            stored_letters.store_signed_letter(suggestion=suggestion, reason="演示数据：签发日期")

    def notice(self, suggestion: Suggestion, held_on: date, **kwargs) -> PreCommunication:
        return services.communication_record(
            actor=self.u["yanjiushi"],
            suggestion=suggestion,
            kind=kwargs.pop("kind", PreCommunication.Kind.NOTICE),
            held_on=held_on,
            **kwargs,
        )

    def deliver(self, suggestion: Suggestion, on: date, method: str = "in_person") -> None:
        services.delivery_record(
            actor=self.u["yanjiushi"],
            suggestion=suggestion,
            method=method,
            delivered_on=on,
            note="被建议单位办公室签收，送达回证已归卷。",
        )

    def backdate(self) -> None:
        tz = timezone.get_current_timezone()
        for item in AgendaItem.objects.filter(clue__isnull=False).select_related("meeting"):
            Clue.objects.filter(pk=item.clue_id).update(
                created_at=datetime.combine(
                    item.meeting.held_on - timedelta(days=12), time(9, 0), tzinfo=tz
                )
            )
        for pk, on in self.signed_on.items():
            Suggestion.objects.filter(pk=pk).update(
                signed_at=datetime.combine(on, time(10, 30), tzinfo=tz),
                created_at=datetime.combine(on - timedelta(days=21), time(9, 0), tzinfo=tz),
            )

    # -- the register ----------------------------------------------------------------------

    def load(self) -> DemoSuggestionsSummary:
        u, research = self.u, self.u["yanjiushi"]

        # meetings
        prof_1 = services.meeting_create(
            actor=u["tingzhang"],
            kind=Meeting.Kind.PROFESSIONAL,
            held_on=self.ago(230),
            session_no="民事专业法官会议",
            attendees="李明华、王立新、钱晓燕、周静",
        )
        prof_2 = services.meeting_create(
            actor=u["tingzhang"],
            kind=Meeting.Kind.PROFESSIONAL,
            held_on=self.ago(40),
            session_no="民事专业法官会议",
            attendees="李明华、王立新、钱晓燕、周静",
        )
        committees = [
            services.meeting_create(
                actor=research,
                kind=Meeting.Kind.COMMITTEE,
                held_on=self.ago(days),
                session_no=f"{self.ago(days).year}年第{n}次",
                attendees="刘振华、陈建国、赵德明等委员",
            )
            for days, n in ((200, 3), (179, 4), (130, 6), (20, 11))
        ]

        # clues in every triage state
        c_wuye = self.clue(
            "住宅小区物业服务监管",
            "物业服务合同纠纷批量涌入，服务标准不清、公共收益不透明、退出交接无序。",
            causes=("物业服务合同纠纷",),
        )
        c_yufu = self.clue(
            "预付式消费闭店退费难",
            "健身、美容、培训机构收取预付款后闭店，消费者集中起诉，执行难。",
            by="faguan2",
        )
        c_gym = self.clue(
            "健身房闭店退费纠纷", "多家健身房闭店，会员卡余额无法退还。", by="faguan2"
        )
        c_zhongjie = self.clue(
            "房屋中介和住房租赁乱象",
            "“二房东”转租、租金贷、押金不退引发的房屋租赁合同纠纷增多。",
            causes=("房屋租赁合同纠纷",),
        )
        c_wage = self.clue(
            "建设工程领域拖欠农民工工资",
            "层层转包导致实际施工人和农民工工资被拖欠，追索劳动报酬纠纷集中。",
            by="faguan2",
            causes=("建设工程施工合同纠纷", "追索劳动报酬纠纷"),
        )
        c_wangyue = self.clue(
            "网约车平台派单纠纷", "网约车司机与平台之间的劳动关系认定纠纷。", by="faguan2"
        )
        c_yanglao = self.clue(
            "养老机构预收费用监管",
            "养老机构收取大额会员费、押金后经营困难，老年人退费纠纷增多。",
        )
        c_youyan = self.clue("餐饮店铺油烟扰民", "个别居民起诉楼下餐饮店油烟扰民。")
        self.clue("网络直播带货售后维权难", "直播间购物后商家失联，平台责任不清。", by="faguan2")
        hz_clue = self.clue(
            "老旧小区加装电梯纠纷多发",
            "加装电梯中低层业主反对、费用分摊争议引发相邻关系纠纷。",
            by="haizhou",
            court=self.haizhou,
        )

        for clue in (c_wuye, c_yufu, c_zhongjie, c_wage, c_wangyue, c_yanglao):
            services.clue_triage(actor=u["tingzhang"], clue=clue, decision="accept")
        services.clue_triage(actor=research, clue=c_gym, decision="merge", merge_into=c_yufu)
        services.clue_triage(
            actor=research,
            clue=c_youyan,
            decision="reject",
            reason="属个别相邻关系纠纷，已通过诉前调解化解，不具有普遍性。",
        )
        services.clue_triage(actor=u["haizhou_yjs"], clue=hz_clue, decision="accept")

        items = {
            clue.pk: services.agenda_add(actor=u["tingzhang"], meeting=meeting, clue=clue)
            for clue, meeting in (
                (c_wuye, prof_1),
                (c_yufu, prof_1),
                (c_zhongjie, prof_2),
                (c_wage, prof_2),
                (c_wangyue, prof_2),
            )
        }
        services.agenda_decide(
            actor=research,
            item=items[c_wangyue.pk],
            decision=AgendaItem.Decision.NOT_SEND,
            note="劳动关系认定属法律适用问题，宜通过类案裁判统一尺度，暂不制发。",
        )

        # 1. 物业 — archived: notice, opinion, revised (same 文号), delivered, replied online,
        #    建章立制, completed
        wuye = self.from_clue("wuye", items[c_wuye.pk])
        self.review(wuye, meeting=committees[0])
        notice = self.notice(wuye, self.ago(190), respond_by=self.ago(176))
        services.communication_opinion(
            actor=u["zhujianju"],
            communication=notice,
            opinion="建议第三条补充街道（园区）在物业交接中的监督职责。",
            opinion_on=self.ago(182),
        )
        services.suggestion_revise(
            actor=research, suggestion=wuye, reason="吸收住建局意见，修改第三条建议。"
        )
        revised = self.content("wuye", self.kaifa)
        revised["suggestions"][2]["body"] += "街道（园区）应当全程参与交接并签字确认。"
        services.draft_save(
            actor=u["faguan"], suggestion=wuye, content=revised, note="吸收被建议单位意见"
        )
        self.review(wuye, meeting=committees[1])
        self.signed(wuye, self.ago(177))
        self.deliver(wuye, self.ago(175))
        services.reply_register(
            actor=u["zhujianju"],
            suggestion=wuye,
            received_on=self.ago(125),
            content="你院司法建议收悉。我局高度重视，已逐条研究落实，现将有关情况函复如下。",
            items=[
                (1, ItemOutcome.ADOPTED, "已印发住宅小区物业服务分级标准，组织第三方评价。"),
                (2, ItemOutcome.ADOPTED, "已要求物业服务企业公共收益单独列账、半年公示。"),
                (3, ItemOutcome.PARTLY, "交接监督办法正在征求意见，拟年内出台。"),
            ],
        )
        services.follow_up_record(
            actor=research,
            suggestion=wuye,
            kind=FollowUp.Kind.RULE,
            held_on=self.ago(110),
            description="市住建局印发物业服务分级标准，我院据此调整物业费案件审理思路。",
            rule_name="连云港市住宅小区物业服务分级标准（试行）",
        )
        services.follow_up_record(
            actor=research,
            suggestion=wuye,
            kind=FollowUp.Kind.VISIT,
            held_on=self.ago(100),
            description="回访市住建局物业科，公共收益公示已在试点小区推行。",
        )
        services.suggestion_complete(actor=research, suggestion=wuye, completed_on=self.ago(95))
        services.suggestion_archive(actor=research, suggestion=wuye)

        # 2. 预付式消费 — follow-up (replied online, extended once, 建章立制 + 联合整治)
        yufu = self.from_clue("yufu", items[c_yufu.pk], drafter="faguan")
        self.review(yufu, meeting=committees[1])
        self.signed(yufu, self.ago(150))
        self.deliver(yufu, self.ago(145))
        services.extension_grant(
            actor=research,
            suggestion=yufu,
            months=1,
            reason="市场监管局来函：涉及多部门会商，申请延长一个月答复。",
        )
        services.reply_register(
            actor=u["shijianju"],
            suggestion=yufu,
            received_on=self.ago(70),
            content="关于规范预付式消费经营行为的司法建议收悉，现将采纳落实情况函复如下。",
            items=[
                (1, ItemOutcome.ADOPTED, "已会同金融监管部门推行预收资金存管。"),
                (2, ItemOutcome.PARTLY, "闭店预警名单已建立，快速处置机制正在完善。"),
                (3, ItemOutcome.EXPLAINED, "示范文本需省局统一发布，已向省局报告。"),
            ],
        )
        services.follow_up_record(
            actor=research,
            suggestion=yufu,
            kind=FollowUp.Kind.RULE,
            held_on=self.ago(40),
            description="市政府办公室印发预付卡管理办法，吸收了建议第一条。",
            rule_name="连云港市单用途商业预付卡管理暂行办法",
        )
        services.follow_up_record(
            actor=research,
            suggestion=yufu,
            kind=FollowUp.Kind.CAMPAIGN,
            held_on=self.ago(25),
            description="与市场监管局联合开展预付式消费专项整治，发布典型案例5件。",
        )

        # 3. 电动自行车 — delivered about three months ago, no reply: overdue, reminded
        ddc = self.create("diandongche")
        self.review(ddc, meeting=committees[2])
        self.signed(ddc, self.ago(100))
        self.deliver(ddc, self.ago(95))
        services.follow_up_record(
            actor=research,
            suggestion=ddc,
            kind=FollowUp.Kind.REMINDER,
            held_on=self.ago(10),
            description="答复期限届满未回复，电话督促开发区管委会安监部门。",
        )

        # 4. 校园周边安全 — 未成年人保护法: one month; replied (registered by the clerk)
        school = self.create("xiaoyuan")
        self.review(school, meeting=committees[2])
        self.signed(school, self.ago(48))
        self.deliver(school, self.ago(45))
        services.reply_register(
            actor=research,
            suggestion=school,
            received_on=self.ago(22),
            content="市教育局来函：已会同公安交管部门落实护学岗，并开展校园周边环境联合整治。",
            items=[
                (1, ItemOutcome.ADOPTED, "全区中小学校门口设置护学岗和临时停车区。"),
                (2, ItemOutcome.ADOPTED, "联合执法检查商户62家，查处违规经营8起。"),
            ],
        )

        # 5. 劳动用工 — delivered recently, not yet due
        labour = self.create("laodong")
        self.review(labour)
        self.signed(labour, self.ago(24))
        self.deliver(labour, self.ago(20), method="post")

        # 6. 商标侵权 — withdrawn during pre-communication
        brand = self.create("shangbiao", drafter="faguan")
        self.review(brand)
        self.signed(brand, self.ago(33))
        self.notice(brand, self.ago(30), respond_by=self.ago(16))
        services.suggestion_withdraw(
            actor=research,
            suggestion=brand,
            reason="征求意见期间市场监管局已自行开展专项整治，问题已得到解决，经研究撤回。",
        )

        # 7. 民间借贷 — pre-communication with the recipient's opinion (recorded by the clerk)
        loan = self.create("jiedai")
        self.review(loan)
        self.signed(loan, self.ago(14))
        visit = self.notice(
            loan,
            self.ago(12),
            kind=PreCommunication.Kind.VISIT,
            participants="周静、王立新；管委会金融服务办公室负责人",
            note="上门走访，当面听取意见。",
        )
        services.communication_opinion(
            actor=research,
            communication=visit,
            opinion="原则同意；建议信息通报机制明确通报频次和联系人。",
            opinion_on=self.ago(5),
        )

        # 8. 交通事故快处 — 告知函 sent, waiting for the opinion
        traffic = self.create("jiaotong")
        self.review(traffic, meeting=committees[3])
        self.signed(traffic, self.ago(5))
        self.notice(traffic, self.ago(3), respond_by=self.today + timedelta(days=11))

        # 9. 银行卡 — just signed
        card = self.create("yinhangka")
        self.review(card)

        # 10–12. in review at different steps
        agency = self.from_clue("zhongjie", items[c_zhongjie.pk])
        self.review(agency, stop_at="审委会审议")
        house = self.create("shangpinfang")
        services.review_submit(actor=u["faguan"], suggestion=house)
        services.review_act(
            actor=u["tingzhang"],
            suggestion=house,
            approve=False,
            comment="请补充近三年逾期交房案件数量，问题二与建议二的对应关系需更具体。",
        )
        house.refresh_from_db()
        fixed = self.content("shangpinfang", self.kaifa)
        fixed["background"][1] += "近三年来，我院共受理此类案件一百二十余件。"
        services.draft_save(
            actor=u["faguan"], suggestion=house, content=fixed, note="按庭长意见补充数据"
        )
        self.review(house, stop_at="研究室审核")
        credit = self.create("xinyongka")
        self.review(credit, stop_at="分管院领导签发")

        # 13. drafting (decided at the meeting, drafter is filling in the draft)
        self.from_clue("nongmingong", items[c_wage.pk], drafter="faguan2")

        # 14. 海州区法院: a judge's draft
        self.create("haizhou_yufu", drafter="haizhou", court=self.haizhou)

        self.backdate()
        send_reply_reminders(self.today)
        load_demo_feedback()  # 反馈分析: a not-adopted letter, every outcome classified
        __import__("fengqiao.evaluation.demo_data").evaluation.demo_data.load_demo_scores()

        states = {}
        for value, label in State.choices:
            if count := Suggestion.objects.filter(state=value).count():
                states[label] = count
        return DemoSuggestionsSummary(
            clues=Clue.objects.count(), suggestions=Suggestion.objects.count(), states=states
        )


_USERNAMES = (
    "faguan",
    "faguan2",
    "tingzhang",
    "yanjiushi",
    "shenweihui",
    "yuanzhang",
    "fenguan",
    "zhujianju",
    "shijianju",
    "haizhou",
    "haizhou_yjs",
)


@transaction.atomic
def load_demo_suggestions() -> DemoSuggestionsSummary:
    """Build the demo register (on a database holding the courts demo and no suggestions)."""
    if Suggestion.objects.exists() or Clue.objects.exists():
        return DemoSuggestionsSummary(
            clues=Clue.objects.count(), suggestions=Suggestion.objects.count(), states={}
        )
    return _Loader().load()
