"""Signed-letter downloads: the stored PDF served by the court page, the portal and the API.

    .venv/bin/python benchmarks/bench_letter_pdf.py [--requests 300] [--json]

Builds a fresh database in a temporary data folder (SQLite; or an EMPTY PostgreSQL database
given by DATABASE_URL),
takes one suggestion through the real services to delivery (signing stores the .docx), makes
its PDF once with the background task's code (real LibreOffice through the converter pool:
a long-running unoserver when available, started by the first conversion and reused by the
second; else one soffice per conversion), then
times N downloads of the stored PDF on each route through Django's full middleware stack
(the test client, no network) and prints p50/p95/max in ms. Target: p95 ≤ 100 ms.
Figures only; never asserted in tests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _setup(data_dir: Path) -> None:
    os.environ["FENGQIAO_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fengqiao.settings")
    os.environ["FENGQIAO_LETTER_PDF_ENQUEUE"] = "0"  # the script runs the task itself
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def _world():
    from fengqiao.courts import services as courts
    from fengqiao.courts.models import CourtLevel, Role, UnitKind

    high = courts.court_create(name="江苏省高级人民法院", code="苏", level=CourtLevel.HIGH)
    mid = courts.court_create(
        name="江苏省连云港市中级人民法院", code="苏07", level=CourtLevel.INTERMEDIATE, parent=high
    )
    basic = courts.court_create(
        name="连云港经济技术开发区人民法院",
        code="苏0791",
        short_name="连开",
        level=CourtLevel.BASIC,
        parent=mid,
    )
    division = courts.division_create(court=basic, name="民事审判第一庭")
    users = {}
    for role in Role.values:
        if role == Role.SUPERVISOR:
            continue
        users[role] = courts.user_create(
            username=f"b_{role}",
            password="Bench-pass-2026",
            full_name=f"{role}用户",
            court=basic,
            division=division if role in {Role.JUDGE, Role.DIVISION_HEAD} else None,
            roles=[role],
        )
    unit = courts.recipient_unit_create(
        court=basic, name="连云港市住房和城乡建设局", kind=UnitKind.GOVERNMENT
    )
    users["recipient"] = courts.user_create(
        username="b_recipient",
        password="Bench-pass-2026",
        full_name="住建局联络员",
        recipient_unit=unit,
    )
    return users, unit


def _delivered(users, unit, topic: str):
    from django.utils import timezone

    from fengqiao.suggestions import services
    from fengqiao.suggestions.models import AgendaItem, Category, DeliveryMethod, Meeting

    today = timezone.localdate()
    judge, research = users["judge"], users["research"]
    clue = services.clue_create(
        actor=judge, title=topic, problem=f"{topic}方面纠纷多发。", recipient=unit
    )
    services.clue_triage(actor=research, clue=clue, decision="accept")
    meeting = services.meeting_create(actor=research, kind=Meeting.Kind.DIVISION, held_on=today)
    item = services.agenda_add(actor=research, meeting=meeting, clue=clue)
    suggestion = services.agenda_decide(
        actor=research,
        item=item,
        decision=AgendaItem.Decision.SEND,
        category=Category.GOVERNANCE,
        recipient=unit,
        drafter=judge,
    )
    content = {
        "title": f"连云港经济技术开发区人民法院关于加强{topic}工作的司法建议书",
        "topic": topic,
        "background": ["2024年以来，我院共受理相关纠纷案件1286件，呈多发高发态势。"],
        "problems": [
            {"heading": "服务质量缺乏可核验的标准。", "body": "合同对服务事项仅作原则性约定。"},
            {"heading": "公共收益管理不透明。", "body": "部分企业未单独列账公示公共收益。"},
        ],
        "suggestions": [
            {"heading": "推行分级服务标准和履约评价。", "body": "制定分级标准示范文本。"},
            {"heading": "建立公共收益定期公示和审计制度。", "body": "每半年公示一次。"},
        ],
        "other_matters": [],
        "attachments": [],
        "contact_name": "王某某",
        "contact_phone": "0518-82345678",
        "include_assessment_note": False,
    }
    services.draft_save(actor=judge, suggestion=suggestion, content=content, note="定稿")
    services.review_submit(actor=judge, suggestion=suggestion)
    committee = services.meeting_create(actor=research, kind=Meeting.Kind.COMMITTEE, held_on=today)
    for role, meeting_arg in (
        ("division_head", None),
        ("research", None),
        ("committee", committee),
        ("president", None),
    ):
        suggestion = services.review_act(
            actor=users[role],
            suggestion=suggestion,
            approve=True,
            comment="同意",
            meeting=meeting_arg,
        )
    services.communication_record(
        actor=research,
        suggestion=suggestion,
        kind="notice",
        held_on=today,
        respond_by=today + timedelta(days=10),
    )
    services.delivery_record(
        actor=research, suggestion=suggestion, method=DeliveryMethod.ELECTRONIC, delivered_on=today
    )
    suggestion.refresh_from_db()
    return suggestion


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="downloads per route")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fengqiao-bench-letters-") as tmp:
        _setup(Path(tmp))
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from fengqiao.suggestions.models import StoredLetter
        from fengqiao.suggestions.stored_letters import convert_pdf

        users, unit = _world()
        conversions = []
        letters = []
        for topic in ("物业服务监管", "校园周边食品安全"):
            suggestion = _delivered(users, unit, topic)
            pdf = StoredLetter.objects.get(suggestion=suggestion, kind="pdf")
            started = time.perf_counter()
            convert_pdf(pdf_id=pdf.pk)  # the huey task's body, outside any request
            conversions.append(time.perf_counter() - started)
            letters.append(suggestion)
        from fengqiao.documents import converter

        backend = "unoserver" if converter.unoserver_available() else "soffice"
        converter._stop_all()  # the pooled LibreOffice lives in this temporary folder
        suggestion = letters[0]
        pdf = StoredLetter.objects.get(suggestion=suggestion, kind="pdf")

        court, portal = Client(), Client()
        court.force_login(users["research"])
        portal.force_login(users["recipient"])
        routes = {
            "court page": (court, reverse("suggestions:letter", args=[suggestion.pk, "pdf"])),
            "portal": (portal, reverse("portal:pdf", args=[suggestion.pk])),
            "API": (court, f"/api/suggestions/{suggestion.pk}/letter.pdf"),
        }
        results = {}
        for name, (client, url) in routes.items():
            for _ in range(5):  # warm-up
                client.get(url).getvalue()
            times, digests = [], set()
            for _ in range(args.requests):
                started = time.perf_counter()
                response = client.get(url)
                body = response.getvalue()
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (name, response.status_code)
                digests.add(hashlib.sha256(body).hexdigest())
            results[name] = {
                "requests": args.requests,
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(_percentile(times, 0.95), 2),
                "max_ms": round(max(times), 2),
                "identical_to_stored": digests == {pdf.sha256},
            }
        summary = {
            "database": connection.vendor,
            "pdf_bytes": pdf.size,
            "conversion_s": [round(c, 2) for c in conversions],
            "converter": backend,
            "routes": results,
            "target_p95_ms": 100,
        }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return
    print(
        f"stored PDF: {summary['pdf_bytes']} bytes; background conversions with "
        f"{summary['converter']} (s): {summary['conversion_s']} (the first includes start-up)"
    )
    for name, row in results.items():
        print(
            f"{name:>10}: p50 {row['p50_ms']:.1f} ms  p95 {row['p95_ms']:.1f} ms  "
            f"max {row['max_ms']:.1f} ms  ({row['requests']} requests, "
            f"bytes identical to stored: {row['identical_to_stored']})"
        )
    worst = max(row["p95_ms"] for row in results.values())
    print(f"worst p95 {worst:.1f} ms (target ≤ 100 ms)")


if __name__ == "__main__":
    main()
