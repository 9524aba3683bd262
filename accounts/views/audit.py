"""HR's audit log: browse with filters, page by page, or download as CSV."""

from django.conf import settings
from django.http import HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.export import csv_lines
from audit.filters import AuditFilter
from audit.models import AuditEntry
from mentoring.paging import CappedPaginator

from ..access import AuthenticatedRequest, hr_admin_required

PAGE_SIZE = 50
# The newest entries the pages list (200 pages); the filters narrow them, the CSV has them all.
LISTED = 10_000


@require_GET
@hr_admin_required
def audit_log(request: AuthenticatedRequest) -> HttpResponseBase:
    filters = AuditFilter(request.GET, queryset=AuditEntry.objects.all())
    entries = filters.qs if filters.is_valid() else AuditEntry.objects.none()
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(
            csv_lines(entries.iterator(chunk_size=2000)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
        return response
    page = CappedPaginator(entries, PAGE_SIZE, cap=LISTED).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/hr/audit_log.html",
        {
            "page": page,
            "filter": filters,
            "filters": query.urlencode(),
            "retention_years": settings.AUDIT_RETENTION_YEARS,
        },
    )
