"""The report as a GB/T 9704 document: 一、基本情况 · 二、涉诉案件分析 (types, roles and
results, amounts, with charts) · 三、存在的主要问题 (with typical cases) · 四、风险研判 ·
五、意见建议 · the court's 落款 · 附件 (the list of every case counted).

Headings keep with the text that follows; the closing paragraph, the court's name and the date
are kept on one page; a chart with a character its font cannot show stops the report
(:class:`fengqiao.mining.charts.ChartFontError`), nothing is printed into it instead.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from docx.document import Document
from docx.enum.text import WD_BREAK

from fengqiao.documents import blocks, report_blocks
from fengqiao.documents.content import Item, format_cn_date
from fengqiao.documents.docx_writer import document_bytes, write_docx
from fengqiao.documents.pdf import docx_to_pdf
from fengqiao.documents.styles import (
    HEITI,
    S,
    add_page_numbers,
    new_document,
    set_rfonts,
)
from fengqiao.mining import charts

from .figures import (
    LOSS_RATE_DEFINITION,
    RESULTS,
    SIDE_LABELS,
    SIDES,
    HealthCheckFigures,
    SideStats,
    _pct,
    _wan,
    case_result,
    compute_health_check,
    entity_side,
)
from .inputs import HealthCheckInput, PatternLike
from .org_kind import profile


def report_title(entity_name: str) -> str:
    return f"关于{entity_name}的涉诉法治体检报告"


def _period_text(a: date, b: date) -> str:
    return f"{format_cn_date(a)}至{format_cn_date(b)}"


def _n(x: int) -> str:
    return f"{x:,}"


# ------------------------------------------------------------------ sections


def _chart_period_labels(fig: HealthCheckFigures) -> list[str]:
    """Quarter ticks Q1…Q4, the year on a second line under each year's first quarter."""
    if fig.grain != "quarter":
        return [p[0] for p in fig.periods]
    out = []
    for i, (label, _) in enumerate(fig.periods):
        year, q = label.split("Q")
        out.append(f"Q{q}\n{year}" if q == "1" or i == 0 else f"Q{q}")
    return out


def _section_basic(doc: Document, fig: HealthCheckFigures, n_fig: list[int]) -> None:
    report_blocks.heading1(doc, 1, "基本情况")
    sides = fig.by_side
    parts = [
        f"{SIDE_LABELS[s]}{_n(sides[s].total)}件"
        for s in SIDES
        if sides[s].total or s in ("原告", "被告")
    ]
    text = f"统计期间内，{fig.entity_name}共涉诉{_n(fig.total)}件，其中" + "、".join(parts) + "。"
    if fig.total:
        text += f"作为被告的案件占{_pct(sides['被告'].total / fig.total)}。"
    if fig.undated:
        text += f"另有{fig.undated}件裁判日期不详，未纳入时间分布统计。"
    blocks.para(doc, text, S.BODY)
    if not fig.total:
        return
    if len(fig.by_year) > 1 or fig.grain == "quarter":
        rows = []
        for y in fig.by_year:
            other = y["total"] - y.get("原告", 0) - y.get("被告", 0)
            rows.append(
                [
                    f"{y['year']}年",
                    _n(y["total"]),
                    _n(y.get("原告", 0)),
                    _n(y.get("被告", 0)),
                    _n(other),
                    _n(y["lost"]),
                ]
            )
        report_blocks.table(
            doc,
            "表1　各年度涉诉情况（件）",
            ["年度", "案件数", "作为原告", "作为被告", "第三人及其他", "败诉"],
            rows,
            [24, 24, 26, 26, 32, 22],
        )
    if fig.periods:
        unit = "季度" if fig.grain == "quarter" else "年度"
        peak_label, peak = max(fig.periods, key=lambda p: p[1])
        label = peak_label.replace("Q", "年第") + "季度" if fig.grain == "quarter" else peak_label
        trend = f"从时间分布看，案件数量最多的{unit}为{label}（{peak}件）"
        if fig.recent_12 is not None and fig.previous_12 is not None:
            if fig.previous_12:
                change = (fig.recent_12 - fig.previous_12) / fig.previous_12
                word = "增加" if change >= 0 else "减少"
                trend += (
                    f"；最近12个月涉诉{fig.recent_12}件，较此前12个月（{fig.previous_12}件）"
                    f"{word}{_pct(abs(change))}"
                )
            else:
                trend += f"；最近12个月涉诉{fig.recent_12}件，此前12个月无涉诉案件"
        blocks.para(doc, trend + "。", S.BODY)
        png = charts.line_chart(
            _chart_period_labels(fig), [p[1] for p in fig.periods], height_in=2.2
        )
        n_fig[0] += 1
        report_blocks.figure(doc, png, f"图{n_fig[0]}　涉诉案件数量变化（按{unit}）")


def _section_causes(doc: Document, fig: HealthCheckFigures, n_fig: list[int]) -> None:
    report_blocks.heading2(doc, 1, "案件类型分布")
    if not fig.causes:
        blocks.para(doc, "统计期间内无涉诉案件。", S.BODY)
        return
    total = fig.total
    top = fig.causes[:3]
    listing = "、".join(f"{c.cause}{c.count}件（{_pct(c.count / total)}）" for c in top)
    text = f"统计期间内的案件涉及{len(fig.causes)}个案由。数量居前的依次为{listing}"
    share3 = sum(c.count for c in top) / total
    text += f"，{'前三类' if len(top) == 3 else '上述案由'}合计占{_pct(share3)}。"
    blocks.para(doc, text, S.BODY)
    rows = fig.cause_rows(10)
    png = charts.bar_chart(
        [r[0] for r in rows],
        [r[1] for r in rows],
        horizontal=True,
        highlight_last=rows[-1][0] == "其他" and len(fig.causes) > 10,
    )
    n_fig[0] += 1
    report_blocks.figure(doc, png, f"图{n_fig[0]}　主要案由分布（前10位）")
    table_rows = []
    for i, (cause, count) in enumerate(rows, start=1):
        rest = cause == "其他" and i == len(rows) and len(fig.causes) > 10
        group = fig.causes[10:] if rest else fig.causes[i - 1 : i]
        d = SideStats("被告")
        for cs in group:
            st = cs.by_side.get("被告")
            if st is not None:
                for attr in ("total", "lost", "won", "settled", "undetermined"):
                    setattr(d, attr, getattr(d, attr) + getattr(st, attr))
        table_rows.append(
            [
                "" if rest else str(i),
                cause,
                _n(count),
                _pct(count / total),
                _n(d.total),
                _pct(d.loss_rate),
            ]
        )
    table_rows.append(
        [
            "",
            "合计",
            _n(total),
            "100.0%",
            _n(fig.by_side["被告"].total),
            _pct(fig.by_side["被告"].loss_rate),
        ]
    )
    report_blocks.table(
        doc,
        "表2　案由分布",
        ["序号", "案由", "件数", "占比", "作为被告", "被告败诉率"],
        table_rows,
        [13, 61, 14, 20, 22, 26],
        left_cols=(1,),
        total_row=True,
    )


def _section_results(doc: Document, fig: HealthCheckFigures, n_fig: list[int]) -> None:
    report_blocks.heading2(doc, 2, "诉讼地位与裁判结果")
    blocks.para(doc, "本报告所称" + LOSS_RATE_DEFINITION, S.BODY)
    p, d = fig.by_side["原告"], fig.by_side["被告"]
    sentences = []
    for st, role in ((d, "被告"), (p, "原告")):
        if not st.total:
            continue
        s = f"作为{role}的{st.total}件案件中，可判定胜败的{st.decided}件，败诉{st.lost}件"
        s += f"，败诉率{_pct(st.loss_rate)}" if st.decided else "，无可判定胜败的案件"
        if st.settled:
            s += f"；调解、撤诉结案{st.settled}件"
        sentences.append(s)
    o = fig.overall
    text = "；".join(sentences) + "。" if sentences else ""
    if o.decided:
        text += f"合计可判定胜败的{o.decided}件中败诉{o.lost}件，败诉率{_pct(o.loss_rate)}。"
    worst = [
        (c.cause, c.by_side["被告"])
        for c in fig.causes
        if "被告" in c.by_side and c.by_side["被告"].decided >= 3
    ]
    worst.sort(key=lambda w: (-(w[1].loss_rate or 0), -w[1].decided))
    if worst and (worst[0][1].loss_rate or 0) > 0:
        cause, st = worst[0]
        text += (
            f"按案由看，作为被告败诉率最高的是{cause}，可判定胜败的{st.decided}件中"
            f"败诉{st.lost}件，败诉率{_pct(st.loss_rate)}。"
        )
    if text:
        blocks.para(doc, text, S.BODY)
    rows = []
    for side in SIDES:
        st = fig.by_side[side]
        if not st.total and side in ("第三人", "其他"):
            continue
        rows.append(
            [
                SIDE_LABELS[side].removeprefix("作为"),
                _n(st.total),
                _n(st.decided),
                _n(st.lost),
                _n(st.won),
                _n(st.settled),
                _pct(st.loss_rate),
            ]
        )
    rows.append(
        [
            "合计",
            _n(o.total),
            _n(o.decided),
            _n(o.lost),
            _n(o.won),
            _n(o.settled),
            _pct(o.loss_rate),
        ]
    )
    report_blocks.table(
        doc,
        "表3　诉讼地位与裁判结果（件）",
        ["诉讼地位", "案件数", "可判定胜败", "败诉", "胜诉", "调解、撤诉", "败诉率"],
        rows,
        [38, 17, 25, 14, 14, 26, 22],
        left_cols=(0,),
        total_row=True,
    )
    if fig.total:
        png = charts.pie_chart(
            list(RESULTS), [fig.results.get(r, 0) for r in RESULTS], height_in=2.0
        )
        n_fig[0] += 1
        report_blocks.figure(doc, png, f"图{n_fig[0]}　裁判结果构成")


def _section_amounts(doc: Document, fig: HealthCheckFigures, n_fig: list[int]) -> None:
    report_blocks.heading2(doc, 3, "涉案金额")
    a = fig.amounts
    if not a.cases_with_amount:
        blocks.para(doc, "统计期间内的案件裁判文书中均未载明涉案金额。", S.BODY)
        return
    text = (
        f"载明金额的案件{_n(a.cases_with_amount)}件（每案取裁判文书所载最大一笔金额），"
        f"涉案金额合计{_wan(a.total)}，中位数{_wan(a.median or 0)}，平均{_wan(a.mean or 0)}；"
        f"单案最高{_wan(a.maximum or 0)}（{a.maximum_case_no}）。"
    )
    main = max(a.buckets, key=lambda b: b[1])
    text += f"从区间看，{main[0]}的案件最多（{main[1]}件，{_pct(main[1] / a.cases_with_amount)}）。"
    if a.cases_without_amount:
        text += f"另有{a.cases_without_amount}件未载明金额。"
    blocks.para(doc, text, S.BODY)
    rows = [
        [label, _n(n), _pct(n / a.cases_with_amount), f"{s / 1e4:,.2f}"]
        for label, n, s in a.buckets
    ]
    rows.append(["合计", _n(a.cases_with_amount), "100.0%", f"{a.total / 1e4:,.2f}"])
    report_blocks.table(
        doc,
        "表4　涉案金额分布",
        ["金额区间", "件数", "占比", "金额合计（万元）"],
        rows,
        [44, 26, 26, 44],
        total_row=True,
    )
    labels = [b[0].replace("～", "～\n") for b in a.buckets]
    png = charts.bar_chart(labels, [b[1] for b in a.buckets], height_in=2.0)
    n_fig[0] += 1
    report_blocks.figure(doc, png, f"图{n_fig[0]}　涉案金额区间分布（件）")


def _section_analysis(doc: Document, fig: HealthCheckFigures, n_fig: list[int]) -> None:
    report_blocks.heading1(doc, 2, "涉诉案件分析")
    _section_causes(doc, fig, n_fig)
    _section_results(doc, fig, n_fig)
    _section_amounts(doc, fig, n_fig)


def _cases_text(case_nos: Sequence[str], limit: int = 6) -> str:
    shown = "、".join(case_nos[:limit])
    return f"涉及案件：{shown}{'等' if len(case_nos) > limit else ''}，共{len(case_nos)}件。"


def _section_problems(doc: Document, fig: HealthCheckFigures) -> None:
    report_blocks.heading1(doc, 3, "存在的主要问题")
    items: list[Item] = []
    for f in fig.findings:
        body = f.statement
        if f.typical:
            body += "典型案例：" + "；".join(
                f"{no}案，裁判文书载明“{q.rstrip('。；;')}”" for no, q in f.typical
            )
            body += "。"
        items.append(Item(f.title, body + _cases_text(f.case_nos)))
    for prob in fig.problems:
        scope = f"{prob.scope}案件" if prob.scope else "全部案件"
        body = (
            f"该问题出现在{prob.case_count}件案件中，占{scope}（{prob.scope_count}件）的"
            f"{_pct(prob.share)}。"
        )
        if prob.source == "patterns" and prob.key_terms:
            body = f"关键词：{'、'.join(prob.key_terms)}。" + body
        quotes = [f"{no}案：“{sentence.rstrip('。；;')}”" for no, sentence in prob.examples]
        if quotes:
            body += "如" + "；".join(quotes) + "。"
        items.append(Item(f"“{prob.label}”反复出现", body))
    if not items:
        blocks.para(
            doc,
            "统计期间内的案件未反映出该单位在自身管理或履职方面反复出现的问题"
            "（败诉案件不足2件，且事实部分不足以归纳出反复出现的问题）。",
            S.BODY,
        )
        return
    blocks.para(
        doc,
        "以下问题根据该单位作为被告败诉案件的裁判理由、作为原告败诉案件的裁判理由，以及"
        "对方当事人对该单位的主张归纳，每项均列明所依据的案件，典型案例中的自然人姓名已作隐名处理。",
        S.BODY,
    )
    for i, item in enumerate(items, start=1):
        blocks.add_item(doc, i, item)


def _section_risks(doc: Document, fig: HealthCheckFigures) -> None:
    report_blocks.heading1(doc, 4, "风险研判")
    if not fig.risks:
        blocks.para(
            doc,
            "统计期间内的案件数量、败诉率和案由集中度均未达到本报告的预警标准，未发现突出的法律风险。",
            S.BODY,
        )
        return
    for i, risk in enumerate(fig.risks, start=1):
        blocks.add_item(doc, i, Item(risk.title, risk.figures))


# the heading of each risk's advice in 五、意见建议
ADVICE_HEADINGS = {
    "labour": "规范劳动用工管理",
    "property": "规范物业服务和收费管理",
    "repeat": "对多发纠纷开展专项排查",
    "defendant_loss": "逐案剖析败诉原因并整改",
    "plaintiff_loss": "加强诉前评估和证据管理",
    "rising": "建立纠纷排查预警机制",
    "finance": "加强信贷资产和催收管理",
    "insurance": "规范保险理赔",
    "admin": "加强行政行为合法性审核",
    "criminal": "建立刑事合规管理制度",
    "large_amount": "加强重大合同和重大纠纷管理",
    "problem": "针对反复出现的问题建章立制",
}


def _section_advice(doc: Document, fig: HealthCheckFigures) -> None:
    report_blocks.heading1(doc, 5, "意见建议")
    kind = profile(fig.org_kind)
    items = [Item(ADVICE_HEADINGS.get(r.rule, r.title), r.advice) for r in fig.risks]
    items += [Item(heading, body) for heading, body in kind.standing_advice]
    for i, item in enumerate(items, start=1):
        blocks.add_item(doc, i, item)


ATTACHMENT_NAME = "涉诉案件清单"


def _attachment_case_list(doc: Document, fig: HealthCheckFigures, cases) -> None:
    """附件 on a new page: every case counted, so each figure can be traced to its cases."""
    p = blocks.para(doc, style=S.PLAIN)
    p.add_run().add_break(WD_BREAK.PAGE)
    label = p.add_run("附件")
    set_rfonts(label._r, HEITI)
    blocks.para(doc, ATTACHMENT_NAME, S.FORM_TITLE)
    rows = []
    ordered = sorted(cases, key=lambda c: (c.decided_on or date.max, c.case_no))
    for i, c in enumerate(ordered, start=1):
        side = entity_side(c.role)
        rows.append(
            [
                str(i),
                c.case_no,
                format_cn_date(c.decided_on) if c.decided_on else "不详",
                c.cause or "案由不详",
                c.role or SIDE_LABELS[side].removeprefix("作为"),
                case_result(side, c.outcome),
            ]
        )
    report_blocks.table(
        doc,
        f"共{_n(len(rows))}件，按裁判日期排列",
        ["序号", "案号", "裁判日期", "案由", "诉讼地位", "裁判结果"],
        rows,
        [10, 50, 34, 34, 16, 14],
        left_cols=(1, 3),
    )


def _in_period(inp: HealthCheckInput):
    return [
        c
        for c in inp.cases
        if c.decided_on is None or inp.period_from <= c.decided_on <= inp.period_to
    ]


def build_health_check_document(
    inp: HealthCheckInput,
    patterns: Sequence[PatternLike] | None = None,
    *,
    issued_on: date | None = None,
    figures: HealthCheckFigures | None = None,
) -> Document:
    """The report as a python-docx Document (``figures`` reuses a computed analysis)."""
    fig = figures or compute_health_check(inp, patterns)
    doc = new_document()
    add_page_numbers(doc.sections[0])
    title = report_title(inp.entity_name)
    blocks.add_title(doc, title)
    blocks.para(doc, f"（{_period_text(inp.period_from, inp.period_to)}）", S.DOC_NUMBER)
    blocks.blank(doc)
    conduct = profile(fig.org_kind).conduct
    intro = (
        f"为助力{inp.entity_name}防范化解法律风险、提升{conduct}水平，{inp.court_name}对"
        f"{_period_text(inp.period_from, inp.period_to)}期间{inp.entity_name}作为当事人、"
        f"经{inp.scope}审结的{_n(fig.total)}件案件进行了梳理分析，形成本报告。"
    )
    if fig.out_of_period:
        intro += f"另有{fig.out_of_period}件裁判日期不在统计期间内，未纳入统计。"
    blocks.para(doc, intro, S.BODY)
    n_fig = [0]
    _section_basic(doc, fig, n_fig)
    _section_analysis(doc, fig, n_fig)
    _section_problems(doc, fig)
    _section_risks(doc, fig)
    _section_advice(doc, fig)
    blocks.para(
        doc,
        f"本报告依据{inp.scope}裁判文书数据统计形成，仅反映进入诉讼的纠纷情况，供"
        f"{inp.entity_name}查找风险、改进管理参考，不作为对其法律责任的认定。",
        S.BODY,
    )
    cases = _in_period(inp)
    blocks.signature_block(
        doc,
        attachments=[ATTACHMENT_NAME] if cases else [],
        court_name=inp.court_name,
        issued_on_text=format_cn_date(issued_on or date.today()),
        seal=False,
    )
    if cases:
        _attachment_case_list(doc, fig, cases)
    doc.core_properties.title = title
    doc.core_properties.author = inp.court_name
    doc.core_properties.subject = "涉诉法治体检报告"
    return doc


def build_health_check_docx(
    inp: HealthCheckInput,
    patterns: Sequence[PatternLike] | None = None,
    *,
    issued_on: date | None = None,
) -> bytes:
    """The 涉诉法治体检报告 as .docx bytes."""
    return document_bytes(build_health_check_document(inp, patterns, issued_on=issued_on))


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def build_health_check_pdf(
    inp: HealthCheckInput,
    out_dir: str | Path,
    patterns: Sequence[PatternLike] | None = None,
    *,
    issued_on: date | None = None,
    timeout: float | None = None,
) -> Path:
    """Write ``out_dir/<entity>涉诉法治体检报告.pdf`` through LibreOffice; return its path.

    Raises :class:`fengqiao.documents.pdf.DocumentConversionError` (Chinese message) when
    LibreOffice is missing or fails.
    """
    data = build_health_check_docx(inp, patterns, issued_on=issued_on)
    stem = _UNSAFE.sub("", inp.entity_name)[:60] + "涉诉法治体检报告"
    with tempfile.TemporaryDirectory(prefix="fengqiao-health-") as tmp:
        source = write_docx(data, Path(tmp) / f"{stem}.docx")
        if timeout is None:
            return docx_to_pdf(source, out_dir)
        return docx_to_pdf(source, out_dir, timeout=timeout)
