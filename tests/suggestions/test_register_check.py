"""A .docx of a suggestion's letter checked against the register (signing date, draft)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

SH = ZoneInfo("Asia/Shanghai")


@time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=SH), tick=False)
def test_register_copy_is_checked_against_the_signing_date(world, make_suggestion):
    from fengqiao.documents.docx_writer import render_suggestion_docx
    from fengqiao.suggestions import letters

    suggestion = make_suggestion(world, upto="signed")
    assert letters.signing_record(suggestion).signed_on == suggestion.issued_on
    content = letters.letter_content(suggestion, suggestion.latest_version().content)
    assert letters.check_register_copy(suggestion, render_suggestion_docx(content)).ok
    content.issued_on = date(2026, 3, 1)  # a copy dated before it was signed
    wrong = letters.check_register_copy(suggestion, render_suggestion_docx(content, strict=False))
    assert wrong.codes == {"date_not_signing_date"}
