from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from fengqiao.audit.selectors import audit_entries_visible
from fengqiao.courts.decorators import permission_required


@permission_required("audit.view")
def audit_list(request):
    entries = audit_entries_visible(request.user)
    action = request.GET.get("action", "").strip()
    if action:
        entries = entries.filter(action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/audit_list.html", {"page": page, "action": action})
