"""涉诉法治体检报告 (litigation health-check report) for one organisation over a period.

Pure functions: the caller (page, CLI) selects the organisation's cases and passes them in as
:class:`EntityCase` rows. The parts: :mod:`.figures` (counts, sides, results, amounts),
:mod:`.findings` (what the cases show about the organisation's own practice, by its role),
:mod:`.problems` (recurring problems in the text about its own conduct), :mod:`.risks` (risk
points and advice fitted to the kind of organisation, :mod:`.org_kind`) and :mod:`.document`
(the GB/T 9704 report, charts from :mod:`fengqiao.mining.charts`).
"""

from __future__ import annotations

from .document import (
    build_health_check_document,
    build_health_check_docx,
    build_health_check_pdf,
    report_title,
)
from .figures import (
    LOSS_RATE_DEFINITION,
    AmountStats,
    CauseStats,
    HealthCheckFigures,
    SideStats,
    case_result,
    compute_health_check,
    entity_side,
)
from .findings import Finding, find_findings
from .inputs import EntityCase, HealthCheckInput, ProblemPattern
from .org_kind import org_kind
from .problems import RecurringProblem, extract_problems, problems_from_patterns
from .risks import RiskPoint, assess_risks
from .sample import sample_health_check_input

__all__ = [
    "LOSS_RATE_DEFINITION",
    "AmountStats",
    "CauseStats",
    "EntityCase",
    "Finding",
    "HealthCheckFigures",
    "HealthCheckInput",
    "ProblemPattern",
    "RecurringProblem",
    "RiskPoint",
    "SideStats",
    "assess_risks",
    "build_health_check_document",
    "build_health_check_docx",
    "build_health_check_pdf",
    "case_result",
    "compute_health_check",
    "entity_side",
    "extract_problems",
    "find_findings",
    "org_kind",
    "problems_from_patterns",
    "report_title",
    "sample_health_check_input",
]
