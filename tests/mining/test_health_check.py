"""涉诉法治体检报告: figures, loss-rate definition, risk rules, recurring problems, .docx, PDF."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date

import pytest
from docx import Document as open_docx

from fengqiao.mining import charts
from fengqiao.mining.health_check import (
    LOSS_RATE_DEFINITION,
    EntityCase,
    HealthCheckInput,
    ProblemPattern,
    build_health_check_docx,
    build_health_check_pdf,
    case_result,
    compute_health_check,
    entity_side,
    extract_problems,
    report_title,
    sample_health_check_input,
)

ENTITY = "某市某区阳光物业服务有限公司"
COURT = "某省某市某区人民法院"
SECTIONS = [
    "一、基本情况",
    "二、涉诉案件分析",
    "三、存在的主要问题",
    "四、风险研判",
    "五、意见建议",
]

_seq = iter(range(1, 10_000))


def case(
    cause: str = "买卖合同纠纷",
    role: str = "原告",
    outcome: str = "支持",
    decided_on: date = date(2024, 5, 1),
    amounts: list[float] | None = None,
    facts: str = "",
    domain: str = "其他",
    reasoning: str = "",
    persons: tuple[str, ...] = (),
) -> EntityCase:
    n = next(_seq)
    return EntityCase(
        case_id=n,
        case_no=f"（{decided_on.year}）某0101民初{n}号",
        decided_on=decided_on,
        cause=cause,
        domain=domain,
        role=role,
        outcome=outcome,
        amounts=amounts if amounts is not None else [],
        facts=facts,
        reasoning=reasoning,
        persons=persons,
    )


def make_input(cases: list[EntityCase], **kw) -> HealthCheckInput:
    return HealthCheckInput(
        entity_name=kw.get("entity_name", ENTITY),
        period_from=kw.get("period_from", date(2023, 1, 1)),
        period_to=kw.get("period_to", date(2024, 12, 31)),
        court_name=COURT,
        cases=cases,
    )


def doc_text(data: bytes) -> str:
    doc = open_docx(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append("|".join(c.text for c in row.cells))
    return "\n".join(parts)


def rules(inp: HealthCheckInput) -> set[str]:
    return {r.rule for r in compute_health_check(inp).risks}


# ------------------------------------------------------------------ sides and the loss rate


@pytest.mark.parametrize(
    ("role", "side"),
    [
        ("原告", "原告"),
        ("申请人", "原告"),
        ("被告", "被告"),
        ("被告单位", "被告"),
        ("被申请人", "被告"),
        ("上诉人（原审被告）", "被告"),
        ("被上诉人（原审原告）", "原告"),
        ("第三人", "第三人"),
        ("上诉人", "其他"),
        ("", "其他"),
    ],
)
def test_entity_side(role, side):
    assert entity_side(role) == side


@pytest.mark.parametrize(
    ("side", "outcome", "result"),
    [
        ("被告", "支持", "败诉"),
        ("被告", "部分支持", "败诉"),  # partial support of the plaintiff is a loss
        ("被告", "有罪", "败诉"),
        ("被告", "撤销", "败诉"),
        ("被告", "确认违法", "败诉"),
        ("被告", "驳回", "胜诉"),
        ("被告", "驳回起诉", "胜诉"),
        ("被告", "无罪", "胜诉"),
        ("原告", "驳回", "败诉"),
        ("原告", "驳回起诉", "败诉"),
        ("原告", "支持", "胜诉"),
        ("原告", "部分支持", "胜诉"),
        ("原告", "调解", "调解、撤诉"),
        ("被告", "撤诉", "调解、撤诉"),
        ("被告", "维持", "结果未判定"),
        ("第三人", "支持", "结果未判定"),
        ("被告", "", "结果未判定"),
    ],
)
def test_case_result(side, outcome, result):
    assert case_result(side, outcome) == result


def test_loss_rate_excludes_settled_and_undetermined():
    cases = [
        case(role="被告", outcome="支持"),
        case(role="被告", outcome="部分支持"),
        case(role="被告", outcome="驳回"),
        case(role="被告", outcome="调解"),
        case(role="被告", outcome="维持"),
        case(role="原告", outcome="驳回"),
        case(role="原告", outcome="支持"),
        case(role="原告", outcome="支持"),
        case(role="原告", outcome="撤诉"),
        case(role="第三人", outcome="支持"),
    ]
    fig = compute_health_check(make_input(cases))
    d, p = fig.by_side["被告"], fig.by_side["原告"]
    assert (d.total, d.decided, d.lost, d.won, d.settled) == (5, 3, 2, 1, 1)
    assert d.loss_rate == pytest.approx(2 / 3)
    assert (p.total, p.decided, p.lost, p.settled) == (4, 3, 1, 1)
    assert p.loss_rate == pytest.approx(1 / 3)
    assert fig.overall.decided == 6 and fig.overall.lost == 3
    text = doc_text(build_health_check_docx(make_input(cases)))
    assert LOSS_RATE_DEFINITION in text  # the definition is stated in the report
    assert "败诉率66.7%" in text and "败诉率33.3%" in text
    assert "可判定胜败的6件中败诉3件，败诉率50.0%" in text


# ------------------------------------------------------------------ figures


def test_figures_match_input():
    cases = [
        case("物业服务合同纠纷", "原告", "支持", date(2023, 2, 1), [1000.0, 800.0]),
        case("物业服务合同纠纷", "原告", "支持", date(2023, 5, 1), [3000.0]),
        case("劳动争议", "被告", "支持", date(2024, 7, 1), [50000.0, 20000.0]),
        case("劳动争议", "被告", "驳回", date(2024, 8, 1), []),
        case("买卖合同纠纷", "原告", "驳回", date(2024, 11, 30), [2_000_000.0]),
        case("买卖合同纠纷", "原告", "支持", date(2022, 12, 31)),  # outside the period
    ]
    fig = compute_health_check(make_input(cases))
    assert fig.total == 5 and fig.out_of_period == 1
    assert [c.cause for c in fig.causes] == ["劳动争议", "物业服务合同纠纷", "买卖合同纠纷"]
    assert fig.grain == "quarter" and len(fig.periods) == 8
    assert dict(fig.periods)["2023Q1"] == 1 and dict(fig.periods)["2024Q4"] == 1
    assert sum(n for _, n in fig.periods) == 5
    a = fig.amounts
    # per case the largest amount: 1000 + 3000 + 50000 + 2,000,000
    assert a.cases_with_amount == 4 and a.cases_without_amount == 1
    assert a.total == pytest.approx(2_054_000.0)
    assert a.median == pytest.approx(26_500.0)
    assert a.maximum_case_no == cases[4].case_no
    assert dict((b[0], b[1]) for b in a.buckets) == {
        "1万元以下": 2,
        "1万～10万元": 1,
        "10万～50万元": 0,
        "50万～100万元": 0,
        "100万～500万元": 1,
        "500万元以上": 0,
    }
    text = doc_text(build_health_check_docx(make_input(cases)))
    assert "共涉诉5件" in text
    assert "涉案金额合计205.40万元" in text
    assert "另有1件裁判日期不在统计期间内" in text
    assert "劳动争议|2|40.0%" in text.replace("\n", "|")  # table 2 row: 2 cases, 40 %


def test_cause_rows_top_ten_plus_other():
    cases = [case(f"案由{i:02d}纠纷") for i in range(12) for _ in range(12 - i)]
    fig = compute_health_check(make_input(cases))
    rows = fig.cause_rows(10)
    assert len(rows) == 11 and rows[-1] == ("其他", 2 + 1)
    assert sum(n for _, n in rows) == len(cases)
    cases[-1] = case("案由11纠纷", role="被告", outcome="支持")  # one defendant case in 其他
    table2 = open_docx(io.BytesIO(build_health_check_docx(make_input(cases)))).tables[1]
    other = [c.text for c in table2.rows[-2].cells]
    assert other == ["", "其他", "3", "3.8%", "1", "100.0%"]  # 3 of 78


def test_long_period_is_yearly():
    cases = [case(decided_on=date(y, 6, 1)) for y in (2019, 2020, 2020, 2023)]
    fig = compute_health_check(make_input(cases, period_from=date(2019, 1, 1)))
    assert fig.grain == "year"
    assert fig.periods == [("2019年", 1), ("2020年", 2), ("2021年", 0), ("2022年", 0), ("2023年", 1), ("2024年", 0)]  # fmt: skip


# ------------------------------------------------------------------ the document


@pytest.fixture(scope="module")
def sample_docx() -> tuple[HealthCheckInput, bytes]:
    inp = sample_health_check_input(200)
    return inp, build_health_check_docx(inp, issued_on=date(2025, 3, 10))


def test_docx_sections_title_and_signature(sample_docx):
    inp, data = sample_docx
    doc = open_docx(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].replace("\n", "") == report_title(inp.entity_name)
    assert doc.paragraphs[0].style.name == "FQ Title"
    positions = [texts.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    assert all(doc.paragraphs[i].style.name == "FQ Heading 1" for i in positions)
    # headings keep with the text that follows
    assert all(doc.paragraphs[i].paragraph_format.keep_with_next for i in positions)
    for sub in ("（一）案件类型分布", "（二）诉讼地位与裁判结果", "（三）涉案金额"):
        assert doc.paragraphs[texts.index(sub)].paragraph_format.keep_with_next
    # signed by the court, the date under it; the closing paragraph kept on the same page
    signed = texts.index("2025年3月10日")
    assert texts[signed - 1] == inp.court_name
    closing = next(i for i in range(signed) if texts[i].startswith("本报告依据"))
    assert all(doc.paragraphs[i].paragraph_format.keep_with_next for i in range(closing, signed))
    assert "附件：涉诉案件清单" in texts[closing:signed]
    # the attachment lists every case counted
    assert "附件" in texts[signed + 1 :] and "涉诉案件清单" in texts[signed + 1 :]
    case_list = doc.tables[-1]
    assert [c.text for c in case_list.rows[0].cells][:2] == ["序号", "案号"]
    assert len(case_list.rows) - 1 == compute_health_check(inp).total
    assert doc.core_properties.title == report_title(inp.entity_name)
    # page numbers in the footers, GB/T 9704 page geometry
    assert "PAGE" in doc.sections[0].footer._element.xml
    assert round(doc.sections[0].top_margin.mm) == 37


def test_docx_has_png_charts(sample_docx):
    _, data = sample_docx
    doc = open_docx(io.BytesIO(data))
    shapes = list(doc.inline_shapes)
    assert len(shapes) == 4  # line, bar (案由), pie (results), bar (amounts)
    images = [rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/image")]
    assert len(images) == 4
    for part in images:
        assert part.content_type == "image/png"
        assert part.blob[:8] == b"\x89PNG\r\n\x1a\n"
    for shape in shapes:
        assert shape.width.mm <= 156  # inside the text block
    captions = [p.text for p in doc.paragraphs if p.text.startswith("图")]
    assert [c.split("　")[0] for c in captions] == ["图1", "图2", "图3", "图4"]
    assert len(doc.tables) == 5  # four in the analysis, the case list in the attachment


def test_docx_numbers_match_figures(sample_docx):
    inp, data = sample_docx
    fig = compute_health_check(inp)
    text = doc_text(data)
    assert f"共涉诉{fig.total}件" in text
    d = fig.by_side["被告"]
    assert f"作为被告的{d.total}件案件中，可判定胜败的{d.decided}件，败诉{d.lost}件" in text
    doc = open_docx(io.BytesIO(data))
    table3 = doc.tables[2]
    total_row = [c.text for c in table3.rows[-1].cells]
    o = fig.overall
    assert total_row[:4] == ["合计", str(o.total), str(o.decided), str(o.lost)]
    table1 = doc.tables[0]
    assert sum(int(r.cells[1].text) for r in table1.rows[1:]) == fig.total
    for finding in fig.findings:
        assert finding.title in text and finding.statement in text
        for case_no, quote in finding.typical:
            assert case_no in text and quote.rstrip("。") in text
    for prob in fig.problems:
        assert f"“{prob.label}”反复出现。" in text
        for case_no, sentence in prob.examples:
            assert case_no in text and sentence.rstrip("。") in text
    for risk in fig.risks:
        assert risk.title in text and risk.figures in text


def test_empty_entity_still_builds():
    data = build_health_check_docx(make_input([]))
    text = doc_text(data)
    assert "共涉诉0件" in text
    assert "未发现突出的法律风险" in text
    assert len(open_docx(io.BytesIO(data)).inline_shapes) == 0


def test_charts_png_and_cjk_font():
    png = charts.bar_chart(["物业服务合同纠纷", "其他"], [3, 1], horizontal=True)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert charts.line_chart(["Q1\n2024", "Q2"], [1, 2])[:4] == b"\x89PNG"
    assert charts.pie_chart(["败诉", "胜诉"], [0, 0])[:4] == b"\x89PNG"  # no data: still an image


def test_chart_text_is_drawn_with_cjk_glyphs():
    """Every character of every chart text has a glyph in a font matplotlib uses for it (the
    font found through fontconfig by file, whatever matplotlib's cache says)."""
    if charts.cjk_font_family() is None:
        pytest.skip("没有中文字体（fonts-noto-cjk）")
    from matplotlib import rc_context
    from matplotlib.ft2font import FT2Font

    labels = ["物业服务合同纠纷", "生命权、身体权、健康权纠纷", "其他"]
    with rc_context(charts._rc()):
        fig = charts._new_figure(2.0)
        ax = fig.add_subplot()
        ax.barh([0, 1, 2], [3, 2, 1])
        ax.set_yticks([0, 1, 2], labels)
        fig.canvas.draw()
        assert charts.missing_glyphs(fig) == []
        # the glyphs come from the CJK font itself, not the missing-glyph box (index 0)
        path = charts.font_manager.findfont(charts.cjk_font_family())
        font = FT2Font(path)
        assert all(font.get_char_index(ord(ch)) for ch in "".join(labels))


def test_chart_without_cjk_font_refuses(monkeypatch):
    """With only a Latin font, a chart with Chinese labels raises instead of drawing boxes."""
    from matplotlib import font_manager

    dejavu = font_manager.findfont("DejaVu Sans")
    monkeypatch.setenv("FENGQIAO_CHART_FONT", dejavu)
    charts.cjk_font_family.cache_clear()
    try:
        with pytest.raises(charts.ChartFontError, match="没有字形"):
            charts.bar_chart(["物业服务合同纠纷"], [3])
        with pytest.raises(charts.ChartFontError):
            build_health_check_docx(sample_health_check_input(30))
        assert charts.bar_chart(["2024"], [3])[:4] == b"\x89PNG"  # digits only: drawn
    finally:
        monkeypatch.delenv("FENGQIAO_CHART_FONT")
        charts.cjk_font_family.cache_clear()


# ------------------------------------------------------------------ risk rules


def test_rule_labour_high_loss_rate():
    cases = [case("追索劳动报酬纠纷", "被告", "支持", domain="劳动") for _ in range(3)]
    cases += [case("劳动争议", "被告", "驳回"), case("买卖合同纠纷", "原告", "支持")]
    fig = compute_health_check(make_input(cases))
    labour = next(r for r in fig.risks if r.rule == "labour")
    assert "劳动争议案件4件" in labour.figures and "败诉3件，败诉率75.0%" in labour.figures
    # the same cases without losses: no labour risk
    won = [case("劳动争议", "被告", "驳回") for _ in range(4)]
    assert "labour" not in rules(make_input(won))


def test_rule_property_and_repeat():
    cases = [case("物业服务合同纠纷", "原告", "支持") for _ in range(6)]
    cases += [case(f"案由{i}纠纷") for i in range(6)]
    got = rules(make_input(cases))
    assert "property" in got
    assert "repeat" not in got  # 物业 already has its own risk point
    same = [case("买卖合同纠纷", "原告", "支持") for _ in range(6)] + [case(f"案由{i}纠纷") for i in range(4)]  # fmt: skip
    fig = compute_health_check(make_input(same))
    repeat = next(r for r in fig.risks if r.rule == "repeat")
    assert "买卖合同纠纷6件，占全部案件的60.0%" in repeat.figures


def test_rules_defendant_plaintiff_admin_criminal_large():
    cases = [case("合同纠纷", "被告", "支持") for _ in range(5)]
    assert "defendant_loss" in rules(make_input(cases))
    cases = [case("合同纠纷", "原告", "驳回") for _ in range(2)] + [case("合同纠纷", "原告", "支持") for _ in range(3)]  # fmt: skip
    assert "plaintiff_loss" in rules(make_input(cases))
    admin = [case("行政处罚", "被告", "撤销", domain="行政"), case("行政处罚", "被告", "驳回")]
    fig = compute_health_check(make_input(admin))
    assert next(r for r in fig.risks if r.rule == "admin").figures.endswith("撤销或确认违法1件。")
    assert "criminal" in rules(make_input([case("单位行贿罪", "被告单位", "有罪")]))
    big = [case(amounts=[2e6]) for _ in range(3)]
    fig = compute_health_check(make_input(big))
    assert "合计600.00万元" in next(r for r in fig.risks if r.rule == "large_amount").figures


def test_rule_rising_volume():
    cases = [case(decided_on=date(2023, 3, 1)) for _ in range(5)]
    cases += [case(decided_on=date(2024, 3, 1)) for _ in range(10)]
    fig = compute_health_check(make_input(cases))
    assert (fig.recent_12, fig.previous_12) == (10, 5)
    rising = next(r for r in fig.risks if r.rule == "rising")
    assert "上升100.0%" in rising.figures


def test_balanced_input_fires_no_rule():
    cases = [case(f"案由{i}纠纷", "原告", "支持") for i in range(8)]
    assert compute_health_check(make_input(cases)).risks == []


# ------------------------------------------------------------------ recurring problems

NOISE = "庭审中，双方当事人围绕争议焦点进行了举证质证。"


def test_extracted_problems_quote_the_facts():
    labour = [
        case(
            "劳动争议",
            "被告",
            "支持",
            facts=f"原告于入职被告处工作。被告未与原告签订书面劳动合同，原告主张二倍工资。{NOISE}",
        )
        for _ in range(5)
    ]
    labour += [
        case(
            "劳动争议",
            "被告",
            "支持",
            facts=f"原告于入职被告处工作。被告拖欠原告工资三个月。{NOISE}",
        )
        for _ in range(4)
    ]
    labour += [
        case("劳动争议", "被告", "驳回", facts="原告于入职被告处工作。双方对工资标准有争议。")
    ]
    problems = extract_problems(labour)
    labels = [p.label for p in problems]
    assert any("签订书面劳动合同" in label for label in labels), labels
    assert any("拖欠" in label for label in labels), labels
    assert not any("举证" in label or "质证" in label for label in labels)  # procedural noise
    by_label = {p.label: p for p in problems}
    contract = next(p for label, p in by_label.items() if "签订书面劳动合同" in label)
    assert contract.case_count == 5 and contract.scope == "劳动争议" and contract.scope_count == 10
    facts = {c.case_no: c.facts for c in labour}
    for case_no, sentence in contract.examples:
        assert sentence in facts[case_no]  # verbatim


def test_too_few_facts_gives_no_problems_and_says_so():
    cases = [case(facts="被告未按约付款。"), case(facts="被告未按约付款。")]
    assert extract_problems(cases) == []
    text = doc_text(build_health_check_docx(make_input(cases)))
    assert "不足以归纳出反复出现的问题" in text


def test_patterns_from_the_lead():
    cases = [
        case(
            "物业服务合同纠纷",
            "原告",
            "支持",
            facts="被告称电梯经常故障。物业公司维修不及时，业主拒交物业费。",
        )
        for _ in range(4)
    ]
    cases += [case("物业服务合同纠纷", "原告", "支持", facts="被告欠缴物业费。") for _ in range(2)]
    patterns = [
        ProblemPattern(
            "电梯维修不及时", ("电梯", "维修不及时"), (cases[0].case_no, cases[1].case_no)
        ),
        ("欠缴物业费", ["欠缴"], [cases[4].case_no]),
    ]
    fig = compute_health_check(make_input(cases), patterns)
    first = fig.problems[0]
    assert first.label == "电梯维修不及时" and first.source == "patterns"
    assert first.case_count == 4  # cases holding at least half of the key terms
    assert first.examples[0] == (cases[0].case_no, "物业公司维修不及时，业主拒交物业费。")
    text = doc_text(build_health_check_docx(make_input(cases), patterns))
    assert "关键词：电梯、维修不及时。" in text
    given = [ProblemPattern("格式条款未提示", ("格式条款",), (), case_count=17)]
    assert compute_health_check(make_input(cases), given).problems[0].case_count == 17


@dataclass
class Cluster:  # the shape of fengqiao.mining.patterns.Pattern
    label: str
    key_terms: list[str]
    case_ids: list[int]
    representatives: list[int]
    size: int


def test_cluster_objects_from_find_patterns():
    cases = [
        case("物业服务合同纠纷", facts="被告称公共收益不公开。被告未缴纳物业费。") for _ in range(3)
    ]
    cases += [case("物业服务合同纠纷", facts="被告欠缴物业费。") for _ in range(3)]
    clusters = [
        Cluster("公共收益、不公开", ["公共收益", "不公开"], [c.case_id for c in cases[:3]], [cases[1].case_id], 3),
        Cluster("其他", ["物业费"], [c.case_id for c in cases[3:]], [cases[3].case_id], 3),
    ]  # fmt: skip
    problems = compute_health_check(make_input(cases), clusters).problems
    assert [p.label for p in problems] == ["公共收益、不公开"]  # the 其他 remainder is skipped
    assert problems[0].case_count == 3
    assert problems[0].examples[0] == (cases[1].case_no, "被告称公共收益不公开。")


def test_sample_input_is_deterministic():
    a, b = sample_health_check_input(50, seed=3), sample_health_check_input(50, seed=3)
    assert a == b and len(a.cases) == 50
    assert LOSS_RATE_DEFINITION.startswith("败诉率＝")


# ------------------------------------------------------------------ PDF

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice（soffice）未安装，跳过 PDF 转换测试",
)


@needs_soffice
def test_pdf_conversion(tmp_path):
    inp = sample_health_check_input(60)
    pdf = build_health_check_pdf(inp, tmp_path, issued_on=date(2025, 3, 10))
    assert pdf.is_file() and pdf.parent == tmp_path
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.name == f"{inp.entity_name}涉诉法治体检报告.pdf"
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils（pdftotext）未安装，只检查了 PDF 文件")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "涉诉法治体检报告" in text and "五、意见建议" in text
    assert "提示" not in text and "FENGQIAO_CHART_FONT" not in text


# ------------------------------------------------------------------ the organisation's own practice


def test_a_report_needs_an_issuing_court():
    with pytest.raises(ValueError, match="须由一个法院出具"):
        HealthCheckInput(ENTITY, date(2024, 1, 1), date(2024, 12, 31), " ", [])


def test_defendant_findings_name_the_courts_grounds_with_masked_quotes():
    reasoning = "本院认为，被告张三丰未按约定支付货款，应承担违约责任。"
    lost = [
        case("买卖合同纠纷", "被告", "支持", reasoning=reasoning, persons=("张三丰",))
        for _ in range(3)
    ]
    won = [case("买卖合同纠纷", "被告", "驳回", reasoning="原告的诉讼请求缺乏依据。")]
    fig = compute_health_check(make_input(lost + won))
    finding = next(f for f in fig.findings if f.kind == "defendant")
    assert "作为被告的合同纠纷4件" in finding.statement and "败诉3件" in finding.statement
    assert ("逾期付款、拖欠款项", 3) in finding.grounds
    assert set(finding.case_nos) == {c.case_no for c in lost}  # traceable to its cases
    quote = finding.typical[0][1]
    assert "张三丰" not in quote and "张某" in quote
    text = doc_text(build_health_check_docx(make_input(lost + won)))
    assert "张三丰" not in text and finding.case_nos[0] in text


def test_administrative_findings_by_type_of_act_and_statutory_ground():
    revoked = [
        case(
            "行政处罚",
            "被告",
            "撤销",
            domain="行政",
            reasoning="本院认为，被告作出处罚决定前未告知原告陈述、申辩的权利，违反法定程序。",
        )
        for _ in range(2)
    ]
    upheld = [case("政府信息公开", "被告", "驳回", domain="行政")]
    inp = make_input(revoked + upheld, entity_name="某市市场监督管理局")
    fig = compute_health_check(inp)
    assert fig.org_kind == "行政机关"
    admin = [f for f in fig.findings if f.kind == "admin"]
    assert len(admin) == 1 and "行政处罚" in admin[0].statement
    assert ("违反法定程序", 2) in admin[0].grounds
    text = doc_text(build_health_check_docx(inp))
    # advice fitted to a government organ: lawful administration, not business wording
    assert "依法行政" in text and "行政机关负责人出庭应诉" in text
    assert "依法经营" not in text and "合同文本" not in text


def test_the_other_sides_default_is_not_the_banks_problem():
    """A bank suing card holders: "持卡消费后逾期" is the holders' conduct, never a problem of
    the bank; what the holders say about the bank is."""
    facts = "被告持卡消费后，逾期未还款，原告多次催收未果。被告辩称原告未提示说明违约金条款。"
    cases = [case("信用卡纠纷", "原告", "支持", facts=facts, domain="金融") for _ in range(6)]
    plain = "被告持卡消费后，逾期未还款，原告多次催收未果。"
    cases += [case("信用卡纠纷", "原告", "支持", facts=plain, domain="金融") for _ in range(4)]
    inp = make_input(cases, entity_name="某银行股份有限公司某分行")
    fig = compute_health_check(inp)
    assert fig.org_kind == "金融机构"
    labels = " ".join(p.label for p in fig.problems)
    assert "逾期" not in labels and "还款" not in labels
    assert "未提示说明违约金条款" in labels


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("某市住房和城乡建设局", "行政机关"),
        ("某市公安局某分局", "行政机关"),
        ("某某村村民委员会", "基层群众性自治组织"),
        ("中国某某银行股份有限公司某分行", "金融机构"),
        ("国网某省电力有限公司某供电分公司", "国有企业"),
        ("某市某区阳光物业服务有限公司", "企业"),
        ("某市第一人民医院", "事业单位"),
    ],
)
def test_kind_of_organisation(name, kind):
    from fengqiao.mining.health_check import org_kind

    assert org_kind(name) == kind
