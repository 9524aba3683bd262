"""Raising a concern from the pair page, the author's own list, and HR's follow-up.

The author's pages read through their authorship rows (anyone else gets 404); HR's pages read
the concern rows alone. The other person of the pair has no page here and is never told.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import AuthenticatedRequest, hr_required, programs_in_scope
from sessions_log.access import get_pairing_for_user

from . import selectors
from .access import get_authorship_for_author, get_concern_for_hr
from .filters import ConcernFilter
from .forms import NoteForm, RaiseForm, ResolveForm, RevealForm
from .services import (
    ConcernError,
    concern_acknowledge,
    concern_note_add,
    concern_raise,
    concern_resolve,
    concern_reveal,
)

HR_PAGE_SIZE = 50


def _posted(request: AuthenticatedRequest) -> QueryDict | None:
    """The form's data on a POST, even an empty one (a bound form answers it with errors)."""
    return request.POST if request.method == "POST" else None


# The person who raises it ------------------------------------------------------------------


@login_required
def raise_concern(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pairing, role = get_pairing_for_user(request.user, pk)
    form = RaiseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            concern_raise(pairing=pairing, by=request.user, **form.cleaned_data)
        except ConcernError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, "Your concern is with HR. Your pair is not told.")
            return redirect("concerns:mine")
    context = {
        "form": form,
        "pairing": pairing,
        "other": pairing.other(role),
        "small": selectors.is_small(pairing.program),
    }
    return render(request, "concerns/raise.html", context)


@require_GET
@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "concerns/mine.html", {"rows": selectors.my_concerns(request.user)})


@login_required
def reveal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    authorship = get_authorship_for_author(request.user, pk)
    form = RevealForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            concern_reveal(authorship=authorship)
        except ConcernError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "HR now sees that you raised it, and may contact you.")
        return redirect("concerns:mine")
    return render(request, "concerns/reveal.html", {"row": authorship, "form": form})


# HR ------------------------------------------------------------------------------------------


@require_GET
@hr_required
def hr_list(request: AuthenticatedRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("status", "open")
    concerns = selectors.hr_concerns().filter(programs_in_scope(request.user, "program"))
    filters = ConcernFilter(data, queryset=concerns)
    shown = filters.qs if filters.is_valid() else concerns.none()
    page = Paginator(shown, HR_PAGE_SIZE).get_page(request.GET.get("page"))
    data.pop("page", None)
    context = {"page": page, "filter": filters, "filters": data.urlencode()}
    return render(request, "concerns/hr_list.html", context)


def _hr_page(
    request: AuthenticatedRequest, pk: int, **forms: NoteForm | ResolveForm
) -> HttpResponse:
    concern = get_concern_for_hr(request.user, pk)
    context = {
        "concern": concern,
        "notes": concern.notes.select_related("author"),
        "note_form": forms.get("note_form") or NoteForm(),
        "resolve_form": forms.get("resolve_form") or ResolveForm(),
    }
    return render(request, "concerns/hr_detail.html", context)


@require_GET
@hr_required
def hr_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _hr_page(request, pk)


@require_POST
@hr_required
def hr_acknowledge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = get_concern_for_hr(request.user, pk)
    try:
        concern_acknowledge(concern=concern, by=request.user)
    except ConcernError as error:
        messages.error(request, str(error))
    else:
        told = " The person who raised it is told." if concern.named else ""
        messages.success(request, "Acknowledged." + told)
    return redirect("concerns:hr_detail", pk=pk)


@require_POST
@hr_required
def hr_note(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = get_concern_for_hr(request.user, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _hr_page(request, pk, note_form=form)
    try:
        concern_note_add(concern=concern, by=request.user, text=form.cleaned_data["text"])
    except ConcernError as error:
        form.add_error("text", str(error))
        return _hr_page(request, pk, note_form=form)
    messages.success(request, "Your note is saved (HR only).")
    return redirect("concerns:hr_detail", pk=pk)


@require_POST
@hr_required
def hr_resolve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = get_concern_for_hr(request.user, pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _hr_page(request, pk, resolve_form=form)
    try:
        concern_resolve(concern=concern, by=request.user, outcome=form.cleaned_data["outcome"])
    except ConcernError as error:
        messages.error(request, str(error))
    else:
        told = " The person who raised it is told." if concern.named else ""
        messages.success(request, "Resolved." + told)
    return redirect("concerns:hr_detail", pk=pk)
