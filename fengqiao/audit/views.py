from __future__ import annotations

from django.shortcuts import render

from fengqiao.audit.selectors import audit_code_counts, audit_entries_visible
from fengqiao.core.paging import paginate
from fengqiao.courts.decorators import permission_required

NO_CODE = "-"  # the filter value for entries written before codes existed


@permission_required("audit.view")
def audit_list(request):
    entries = audit_entries_visible(request.user)
    counts = audit_code_counts(request.user)
    action = request.GET.get("action", "").strip()
    if action:
        entries = entries.filter(action=action)
    code = request.GET.get("code", "").strip()
    known = {c.code for c in counts}
    if code == NO_CODE:
        entries = entries.filter(code="")
    elif code and code in known:
        entries = entries.filter(code=code)
    elif code:  # a code no visible entry carries: nothing to show, never an error
        entries = entries.none()
    listing = paginate(request, entries, default_per=50)
    return render(
        request,
        "audit/audit_list.html",
        {
            "listing": listing,
            "action": action,
            "code": code,
            "codes": counts,
            "no_code": NO_CODE,
            "total": sum(c.count for c in counts),
        },
    )
