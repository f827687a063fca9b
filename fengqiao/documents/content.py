"""What goes into the court's documents, independent of the database.

The dataclasses here are filled by the suggestion lifecycle (or by hand) and consumed
by :mod:`fengqiao.documents.docx_writer`.  They follow the structure of 法释〔2023〕11号
附件1《人民法院司法建议书制作规范》: 首部 (title, number, recipient), 主文 (background,
problems, suggestions one-to-one, reply period, other matters) and 尾部 (attachments,
seal, court name and date, contact, 抄送).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

_CN_DIGITS = "零一二三四五六七八九"


def chinese_count(n: int) -> str:
    """Chinese numeral for a small count: 1→一, 2→两 (as in "两个月"), 12→十二."""
    if n == 2:
        return "两"
    return chinese_ordinal(n)


def chinese_ordinal(n: int) -> str:
    """Chinese numeral used in ordinals ("一、", "（十二）"), for 1 ≤ n ≤ 99."""
    if not 1 <= n <= 99:
        raise ValueError(f"序号超出范围：{n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def format_cn_date(d: date) -> str:
    """成文日期 per GB/T 9704-2012: Arabic numerals, no zero padding (2025年3月5日)."""
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class Item:
    """One enumerated problem or suggestion: a short heading and its explanation."""

    heading: str
    body: str = ""


@dataclass
class SuggestionContent:
    """A 司法建议书 (judicial suggestion letter)."""

    court_name: str
    doc_number: str
    title: str
    recipient: str
    background: list[str]
    problems: list[Item]
    suggestions: list[Item]
    reply_months: int
    issued_on: date
    contact_name: str
    contact_phone: str
    topic: str = "相关领域"
    problems_intro: str = "我院在审判执行工作中发现，该领域存在以下问题："
    suggestions_intro: str = "为此，特建议："
    problems_heading: str = "存在的主要问题"
    suggestions_heading: str = "司法建议"
    other_matters: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    category: str = "综合治理类"
    include_assessment_note: bool = False
    reply_sentence_override: str | None = None
    # 征求意见稿 (第五条): marked on the first page, no 文号, no 院印, no date.
    consultation_draft: bool = False

    @property
    def reply_sentence(self) -> str:
        """The reply-period sentence of the 2023 样式, filled from this content."""
        if self.reply_sentence_override:
            return self.reply_sentence_override
        sentence = (
            f"请你单位在收到本建议书后及时研究，采取有力措施推进{self.topic}问题治理，"
            f"并在{chinese_count(self.reply_months)}个月内向我院书面反馈工作进展情况。"
        )
        if self.include_assessment_note:
            sentence += "反馈、落实情况将纳入当地依法治理或平安建设等考核。"
        return sentence + (
            f"我院将积极支持、配合你单位做好相关工作，共同推进{self.topic}领域的治理工作。"
        )

    @property
    def issued_on_text(self) -> str:
        return format_cn_date(self.issued_on)

    def validation_errors(self) -> list[str]:
        """Content-level problems that make the letter non-compliant (Chinese messages)."""
        errors: list[str] = []
        if not self.problems:
            errors.append("未列明审判执行中发现的问题。")
        if not self.suggestions:
            errors.append("未提出具体建议。")
        if len(self.problems) != len(self.suggestions):
            errors.append(
                f"建议与问题应当一一对应：问题 {len(self.problems)} 项，"
                f"建议 {len(self.suggestions)} 项。"
            )
        if not 1 <= self.reply_months <= 2:
            errors.append("答复期限一般不超过两个月（法释〔2023〕11号第八条）。")
        if not self.contact_name or not self.contact_phone:
            errors.append("缺少联系人姓名或电话。")
        return errors


@dataclass
class NoticeContent:
    """告知函: the pre-communication letter (第五条) asking for the recipient's opinion."""

    court_name: str
    title: str
    recipient: str
    suggestion_title: str
    summary: list[str]
    opinion_due: date
    issued_on: date
    contact_name: str
    contact_phone: str
    doc_number: str = ""
    attachments: list[str] = field(default_factory=list)
    contact_address: str = ""

    @property
    def request_sentence(self) -> str:
        return (
            f"根据《最高人民法院关于综合治理类司法建议工作若干问题的规定》第五条，"
            f"现将《{self.suggestion_title}（征求意见稿）》送你单位征求意见。"
            f"请于{format_cn_date(self.opinion_due)}前将书面意见反馈我院。"
            "如有疑问，请与我院联系人联系。"
        )


@dataclass
class DeliveryReceiptContent:
    """送达回证 for a 司法建议书."""

    court_name: str
    document_name: str
    doc_number: str
    recipient: str
    address: str
    method: str = "直接送达"
    signer: str = ""
    signed_on: date | None = None
    proxy_note: str = ""
    server: str = ""
    remarks: str = ""
    issuer: str = ""  # 填发人
    issued_on: date | None = None  # 填发日期 (under the 院印)


@dataclass
class RegisterExtractContent:
    """One-page 台账 extract: the register fields of one suggestion as label/value rows."""

    court_name: str
    rows: list[tuple[str, str]]
    generated_on: date
    title: str = "司法建议工作台账（摘录）"


def register_extract_from_suggestion(
    content: SuggestionContent,
    *,
    generated_on: date,
    extra_rows: list[tuple[str, str]] | None = None,
) -> RegisterExtractContent:
    """Register rows derivable from the letter itself, plus lifecycle rows from the caller."""
    rows = [
        ("建议书编号", content.doc_number),
        ("标题", content.title),
        ("类别", content.category),
        ("被建议单位", content.recipient),
        ("发现的问题", "；".join(i.heading.rstrip("。") for i in content.problems)),
        ("提出的建议", "；".join(i.heading.rstrip("。") for i in content.suggestions)),
        ("成文日期", content.issued_on_text),
        ("答复期限", f"{chinese_count(content.reply_months)}个月"),
        ("联系人及电话", f"{content.contact_name} {content.contact_phone}"),
        ("抄送单位", "、".join(content.cc) or "无"),
    ]
    rows.extend(extra_rows or [])
    return RegisterExtractContent(
        court_name=content.court_name, rows=rows, generated_on=generated_on
    )


# --------------------------------------------------------------------------- samples

SAMPLE_COURT = "江苏省连云港经济技术开发区人民法院"
SAMPLE_RECIPIENT = "连云港市住房和城乡建设局"
SAMPLE_TITLE = f"{SAMPLE_COURT}关于加强住宅小区物业服务监管的司法建议书"


def sample_suggestion_content() -> SuggestionContent:
    """Realistic demo letter: 连云港开发区法院 → 市住建局 on 物业管理 disputes."""
    return SuggestionContent(
        court_name=SAMPLE_COURT,
        doc_number="连开法建〔2025〕3号",
        title=SAMPLE_TITLE,
        recipient=SAMPLE_RECIPIENT,
        topic="物业服务",
        background=[
            "物业管理事关人民群众切身利益，是基层社会治理的重要环节。近年来，你局"
            "认真贯彻《物业管理条例》和《江苏省物业管理条例》，推行物业服务企业信用"
            "评价，开展住宅小区物业服务质量专项整治，物业管理水平明显提升。",
            "2023年以来，我院共受理物业服务合同纠纷案件1286件，占全院民事案件的"
            "17.4%，其中批量起诉的案件占比超过六成，业主以服务质量差为由拒交物业费的"
            "抗辩普遍存在，矛盾纠纷呈多发高发态势。",
        ],
        problems_intro=(
            "我院在审理物业服务合同纠纷案件中发现，该领域仍存在以下需要重视和解决的问题："
        ),
        problems=[
            Item(
                "物业服务质量缺乏可核验的标准。",
                "多数物业服务合同对保洁、秩序维护、设施设备维修养护等事项仅作原则性"
                "约定，发生争议时双方各执一词，法院难以认定服务是否达标。",
            ),
            Item(
                "公共收益管理不透明。",
                "部分物业服务企业未按规定单独列账公示电梯广告、停车位租赁等公共收益，"
                "业主因此质疑收费合理性，进而拒交物业费。",
            ),
            Item(
                "物业服务企业退出交接不规范。",
                "新旧物业服务企业交接过程中，资料移交、费用结算缺乏监督，个别小区"
                "出现“双物业”对峙，引发连锁诉讼。",
            ),
        ],
        suggestions=[
            Item(
                "针对服务标准问题，推行分级服务标准和履约评价。",
                "建议制定住宅小区物业服务分级标准示范文本，引导业主委员会在合同中约定"
                "可量化的服务内容，并定期组织第三方履约评价，评价结果向业主公开。",
            ),
            Item(
                "针对公共收益问题，建立公共收益定期公示和审计制度。",
                "建议督促物业服务企业对公共收益单独列账，每半年在小区显著位置和信息"
                "平台公示一次，必要时委托第三方审计。",
            ),
            Item(
                "针对退出交接问题，规范物业服务企业退出交接程序。",
                "建议明确交接清单、时限和街道（乡镇）监督职责，对拒不退出、拒不移交"
                "资料的企业依法记入信用档案并予以惩戒。",
            ),
        ],
        reply_months=2,
        other_matters=[
            "我院已将相关案件的裁判文书和调研报告整理成册，供你局研究参考。",
        ],
        attachments=[
            "物业服务合同纠纷案件审判情况调研报告",
            "典型案例选编（5件）",
        ],
        issued_on=date(2025, 3, 5),
        contact_name="王某某",
        contact_phone="0518-82345678",
        cc=[
            "连云港市人民政府",
            "连云港经济技术开发区管理委员会",
            "连云港市中级人民法院",
            "连云港经济技术开发区社会事业局",
            "连云港经济技术开发区城市管理局",
        ],
    )


def sample_notice_content() -> NoticeContent:
    """Demo 告知函 asking 市住建局 for its opinion on the draft above."""
    return NoticeContent(
        court_name=SAMPLE_COURT,
        title=f"{SAMPLE_COURT}关于征求司法建议书意见的函",
        doc_number="连开法函〔2025〕12号",
        recipient=SAMPLE_RECIPIENT,
        suggestion_title="关于加强住宅小区物业服务监管的司法建议书",
        summary=[
            "我院在审理物业服务合同纠纷案件中发现，物业服务质量缺乏可核验的标准、"
            "公共收益管理不透明、物业服务企业退出交接不规范等问题较为突出，"
            "拟向你局提出司法建议。",
        ],
        opinion_due=date(2025, 2, 28),
        issued_on=date(2025, 2, 14),
        contact_name="王某某",
        contact_phone="0518-82345678",
        contact_address="连云港经济技术开发区黄河路18号",
        attachments=["关于加强住宅小区物业服务监管的司法建议书（征求意见稿）"],
    )


def sample_delivery_receipt_content() -> DeliveryReceiptContent:
    s = sample_suggestion_content()
    return DeliveryReceiptContent(
        court_name=s.court_name,
        document_name="司法建议书",
        doc_number=s.doc_number,
        recipient=s.recipient,
        address="连云港市海州区朝阳东路35号",
        method="直接送达",
        server="王某某、李某",
        issuer="王某某",
        issued_on=date(2025, 3, 6),
    )


def sample_register_extract_content() -> RegisterExtractContent:
    return register_extract_from_suggestion(
        sample_suggestion_content(),
        generated_on=date(2025, 5, 20),
        extra_rows=[
            ("承办部门", "民事审判庭"),
            ("审委会审议", "2025年第4次审判委员会会议"),
            ("签发人", "院长 张某某"),
            ("送达日期", "2025年3月7日"),
            ("答复日期", "2025年4月28日"),
            ("采纳情况", "已采纳"),
        ],
    )
