"""What the entity's cases show about its own practice (存在的主要问题), by its role.

Three kinds of finding, each computed from the cases and listing the cases behind it:

* **As defendant in civil cases** (contract, labour, tort and other groups): where it lost at
  least :data:`MIN_LOST` cases of a group, the grounds the court gave, read from the 本院认为
  section (the facts when there is none): each ground is a cue pattern in :data:`CIVIL_GROUNDS`,
  counted once per case, in sentences that speak of the entity's side (被告/被申请人/被上诉人 or
  its own role word).
* **As administrative defendant**, by type of administrative act (:data:`ACT_TYPES`, from the
  案由): acts revoked, declared unlawful or ordered to be performed, with the statutory grounds
  of 《行政诉讼法》第七十条、第七十四条 found in the reasoning (:data:`ADMIN_GROUNDS`).
* **As plaintiff**: claims dismissed (at least :data:`MIN_LOST`), with the grounds
  (:data:`PLAINTIFF_GROUNDS`: evidence, limitation, standing …).

Typical cases are quoted (anonymised) from the sentences that matched a ground.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from fengqiao.textlaw.causes import cause_ancestors, cause_kind

from .figures import LOST, WON, SideStats, _pct, case_result, entity_side
from .inputs import EntityCase
from .problems import split_sentences
from .quotes import masked

MIN_LOST = 2  # lost cases of a group before it becomes a finding
MIN_PLAINTIFF_LOSS = 0.2  # share of its decided suits the entity lost before that is a finding
MAX_QUOTES = 2
MAX_CASE_NOS = 6

# (ground, cue pattern, the 案由 groups it is read in)
CIVIL_GROUNDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("逾期付款、拖欠款项", r"(未|没有|拒不|迟延|逾期|怠于)(按[时期约]定?|按照(合同)?约定|及时|足额)?(支付|付清|给付|偿还|归还|付款)|拖欠|欠付", ("合同纠纷", "其他民事纠纷")),
    ("未按约履行合同义务", r"未(能)?(按约|按照合同约定|依约|按照约定)(履行|交付|提供|完成|交房|办理)|违约", ("合同纠纷", "其他民事纠纷")),
    ("产品或服务质量不符合约定", r"质量(问题|不合格|缺陷)|不符合(约定|标准|要求)|维修不及时", ("合同纠纷", "其他民事纠纷")),
    ("格式条款未尽提示说明义务", r"(未|没有)(尽到|履行)?[^，。]{0,4}(提示|说明)义务|格式条款", ("合同纠纷",)),
    ("未签订书面劳动合同", r"未(与[^，。]{0,8})?(依法)?签订(书面)?劳动合同", ("劳动争议",)),
    ("拖欠劳动报酬、加班费", r"(拖欠|克扣|未(足额|及时)?支付)[^，。]{0,6}(工资|劳动报酬|加班费)", ("劳动争议",)),
    ("违法解除劳动合同", r"违法解除|解除[^，。]{0,10}(违法|不符合法律规定)", ("劳动争议",)),
    ("未依法缴纳社会保险", r"未(依法|按规定)?(为[^，。]{0,8})?(足额)?缴纳[^，。]{0,4}社会保险", ("劳动争议",)),
    ("未尽安全保障义务", r"未尽(到)?(合理的)?安全保障义务|疏于管理", ("侵权纠纷", "其他民事纠纷")),
    ("侵权行为存在过错", r"(存在|具有|有)(一定)?过错|侵犯[^，。]{0,8}权", ("侵权纠纷", "其他民事纠纷")),
)  # fmt: skip
ADMIN_GROUNDS: tuple[tuple[str, str], ...] = (
    ("主要证据不足", r"证据不足|事实不清|认定事实不清"),
    ("适用法律、法规错误", r"适用法律(、法规)?(依据)?错误|法律适用错误"),
    (
        "违反法定程序",
        r"违反法定程序|程序违法|程序(上)?存在(重大)?瑕疵|未(依法)?(履行)?(告知|听证|送达|公告)",
    ),
    ("超越职权", r"超越职权|超越(法定)?权限"),
    ("滥用职权", r"滥用职权"),
    ("明显不当", r"明显不当"),
    (
        "不履行法定职责",
        r"不履行[^，。]{0,6}职责|未(依法)?履行[^，。]{0,6}(法定)?职责|不作为|逾期未(作出|答复)",
    ),
)
PLAINTIFF_GROUNDS: tuple[tuple[str, str], ...] = (
    (
        "证据不足、举证不能",
        r"(未|没有|不能|无法)(提供|提交|举示|举证)|证据不足|举证不能|不足以证明",
    ),
    ("超过诉讼时效", r"诉讼时效"),
    ("主体不适格", r"主体不适格|不具备原告资格|不是适格|不具有诉讼主体资格"),
    ("请求缺乏事实和法律依据", r"(没有|缺乏|无)(事实(和|及|与))?(法律|合同)?依据"),
    ("合同约定不明或条款无效", r"约定不明|条款无效|合同无效"),
)
ACT_TYPES: tuple[tuple[str, str], ...] = (
    ("政府信息公开", r"信息公开"),
    ("征收补偿", r"征收|征用|拆迁|补偿"),
    ("行政处罚", r"处罚"),
    ("行政强制", r"强制|查封|扣押|拆除"),
    ("行政许可", r"许可|审批"),
    ("行政登记", r"登记|不动产|房屋|土地"),
    ("工伤及社会保障", r"工伤|社会保障|劳动和社会保障|社会保险"),
    ("行政协议", r"协议"),
    ("行政复议", r"复议"),
    ("履行法定职责", r"不履行|履行法定职责|不作为|行政给付"),
)
_ADMIN_LOST = {"撤销", "确认违法", "确认无效", "支持", "部分支持"}
_CIVIL_GROUPS = ("合同纠纷", "劳动争议", "侵权纠纷", "其他民事纠纷")
_DEFENDANT_WORDS = ("被告", "被申请人", "被上诉人", "原审被告", "被执行人")


@dataclass(frozen=True)
class Finding:
    kind: str  # "defendant" | "admin" | "plaintiff"
    title: str
    statement: str  # the figures, one sentence
    grounds: tuple[tuple[str, int], ...]  # (ground, number of cases), most frequent first
    case_nos: tuple[str, ...]  # every case behind the finding
    typical: tuple[tuple[str, str], ...]  # (case_no, anonymised quote)


def civil_group(case: EntityCase) -> str:
    cause = case.cause or ""
    ancestors = cause_ancestors(cause)
    if case.domain == "劳动" or "劳动" in cause or "劳动争议" in ancestors:
        return "劳动争议"
    if "合同" in cause or "合同纠纷" in "".join(ancestors):
        return "合同纠纷"
    if re.search(r"侵权|损害|生命权|健康权|身体权|责任纠纷|交通事故", cause):
        return "侵权纠纷"
    return "其他民事纠纷"


def act_type(cause: str) -> str:
    for label, pattern in ACT_TYPES:
        if re.search(pattern, cause or ""):
            return label
    return "其他行政行为"


def _is_admin(case: EntityCase) -> bool:
    return case.domain == "行政" or cause_kind(case.cause) == "admin"


def _about_entity(sentence: str, case: EntityCase, words: Sequence[str]) -> bool:
    return any(w in sentence for w in words) or bool(case.role and case.role in sentence)


def _grounds(
    cases: Sequence[EntityCase], table: Sequence[tuple[str, str]], words: Sequence[str]
) -> tuple[Counter, list[tuple[str, str]]]:
    """Per ground, the number of cases it was found in; and one quote per case (first match)."""
    counts: Counter = Counter()
    quotes: list[tuple[str, str]] = []
    compiled = [(label, re.compile(p)) for label, p, *_ in table]
    for case in cases:
        text = case.reasoning or case.facts or ""
        found: set[str] = set()
        quote = ""
        for sentence in split_sentences(text):
            if not _about_entity(sentence, case, words):
                continue
            for label, pattern in compiled:
                if pattern.search(sentence):
                    found.add(label)
                    if not quote and 10 <= len(sentence) <= 120:
                        quote = sentence.strip()
        counts.update(found)
        if quote and len(quotes) < MAX_QUOTES:
            quotes.append((case.case_no, masked(quote, case)))
    return counts, quotes


def _case_nos(cases: Sequence[EntityCase]) -> tuple[str, ...]:
    return tuple(c.case_no for c in cases)


def _ground_text(grounds: Counter) -> str:
    return "、".join(f"{g}（{n}件）" for g, n in grounds.most_common())


def ground_patterns(findings: Sequence[Finding]) -> list[re.Pattern[str]]:
    """The cue patterns of the grounds the findings name (to keep recurring problems apart)."""
    named = {g for f in findings for g, _ in f.grounds}
    tables = (*CIVIL_GROUNDS, *ADMIN_GROUNDS, *PLAINTIFF_GROUNDS)
    return [re.compile(row[1]) for row in tables if row[0] in named]


def find_findings(cases: Sequence[EntityCase]) -> list[Finding]:
    """The findings, defendant groups first (by lost cases), then administrative acts, then
    the entity's own suits."""
    out: list[Finding] = []
    civil_def = [c for c in cases if entity_side(c.role) == "被告" and not _is_admin(c)]
    civil_def = [c for c in civil_def if cause_kind(c.cause) != "criminal"]
    for group in _CIVIL_GROUPS:
        members = [c for c in civil_def if civil_group(c) == group]
        stats = SideStats("被告")
        for c in members:
            stats.add(case_result("被告", c.outcome))
        lost = [c for c in members if case_result("被告", c.outcome) == LOST]
        if len(lost) < MIN_LOST:
            continue
        table = [g for g in CIVIL_GROUNDS if group in g[2]]
        grounds, quotes = _grounds(lost, table, _DEFENDANT_WORDS)
        statement = (
            f"作为被告的{group}{stats.total}件，可判定胜败的{stats.decided}件中败诉{stats.lost}件，"
            f"败诉率{_pct(stats.loss_rate)}。"
        )
        if grounds:
            statement += f"法院认定其承担责任的主要原因：{_ground_text(grounds)}。"
        top = grounds.most_common(1)[0][0] if grounds else "败诉较多"
        out.append(
            Finding(
                "defendant",
                f"{group}中{top}问题较为突出" if grounds else f"作为被告的{group}败诉较多",
                statement,
                tuple(grounds.most_common()),
                _case_nos(lost),
                tuple(quotes),
            )
        )
    admin_def = [c for c in cases if _is_admin(c) and entity_side(c.role) == "被告"]
    by_act: dict[str, list[EntityCase]] = {}
    for c in admin_def:
        by_act.setdefault(act_type(c.cause), []).append(c)
    for act, members in sorted(by_act.items(), key=lambda kv: -len(kv[1])):
        lost = [c for c in members if (c.outcome or "").strip() in _ADMIN_LOST]
        if not lost:
            continue
        grounds, quotes = _grounds(lost, ADMIN_GROUNDS, (*_DEFENDANT_WORDS, "被诉", "行政机关"))
        statement = (
            f"作为行政诉讼被告的{act}案件{len(members)}件，其中行政行为被撤销、确认违法或"
            f"被判决履行职责{len(lost)}件。"
        )
        if grounds:
            statement += f"裁判理由涉及：{_ground_text(grounds)}。"
        out.append(
            Finding(
                "admin",
                f"{act}行为{'存在' + grounds.most_common(1)[0][0] + '问题' if grounds else '被撤销或确认违法'}",
                statement,
                tuple(grounds.most_common()),
                _case_nos(lost),
                tuple(quotes),
            )
        )
    plaintiff = [c for c in cases if entity_side(c.role) == "原告"]
    lost = [c for c in plaintiff if case_result("原告", c.outcome) == LOST]
    decided = [c for c in plaintiff if case_result("原告", c.outcome) in (LOST, WON)]
    if len(lost) >= MIN_LOST and len(lost) >= MIN_PLAINTIFF_LOSS * len(decided):
        grounds, quotes = _grounds(lost, PLAINTIFF_GROUNDS, ("原告", "申请人", "上诉人"))
        statement = f"作为原告（申请人）起诉的{len(plaintiff)}件中，诉讼请求被驳回或起诉被驳回{len(lost)}件。"
        if grounds:
            statement += f"主要原因：{_ground_text(grounds)}。"
        out.append(
            Finding(
                "plaintiff",
                "主动起诉的案件中诉讼请求未获支持较多",
                statement,
                tuple(grounds.most_common()),
                _case_nos(lost),
                tuple(quotes),
            )
        )
    return out
