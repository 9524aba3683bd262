"""HR's pages for the skill catalogue and the names of the levels."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from mentoring.words import counted, verb

from ..access import AuthenticatedRequest, hr_admin_required
from ..forms import LevelNamesForm, SkillForm, SkillMergeForm
from ..models import LevelName, Skill
from ..services import skill_merge, skill_set_retired


@hr_admin_required
def skill_list(request: AuthenticatedRequest) -> HttpResponse:
    skills = Skill.objects.select_related("category", "merged_into").with_usage_counts()
    form = SkillForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (skill := form.save_or_explain()):
        messages.success(request, f"“{skill.name}” is in the catalogue.")
        return redirect("accounts:skill_list")
    return render(
        request,
        "accounts/skill_list.html",
        {"skills": skills, "form": form, "merge_form": SkillMergeForm()},
    )


@hr_admin_required
def skill_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    skill = get_object_or_404(Skill, pk=pk)
    form = SkillForm(request.POST or None, instance=skill)
    if request.method == "POST" and form.is_valid() and form.save_or_explain():
        messages.success(request, f"“{skill.name}” is saved.")
        return redirect("accounts:skill_list")
    return render(request, "accounts/skill_edit.html", {"skill": skill, "form": form})


@hr_admin_required
def skill_retire(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Retiring says first whom it concerns; bringing a skill back is one click."""
    skill = get_object_or_404(Skill.objects.with_usage_counts(), pk=pk)
    retire = request.POST.get("retired") != "false"
    if request.method == "POST":
        skill_set_retired(skill=skill, retired=retire, by=request.user)
        now = "retired: people keep their entries, nobody can pick it anew" if retire else "back"
        messages.success(request, f"“{skill.name}” is {now}.")
        return redirect("accounts:skill_list")
    offered, wanted = skill.offered_count, skill.wanted_count  # type: ignore[attr-defined]
    context = {
        "heading": f"Retire “{skill.name}”",
        "problems": ["This skill is retired already."] if skill.retired else [],
        "consequences": [
            f"{counted(offered, 'person', 'people')} who {verb(offered, 'offers', 'offer')} it "
            f"and {counted(wanted, 'person', 'people')} who {verb(wanted, 'wants', 'want')} it "
            "keep it on their profile, marked retired; nobody can pick it anew.",
            "It no longer counts in the pairing: the next runs score pairs without it.",
            "You can bring it back from the catalogue at any time.",
        ],
        "button": "Retire the skill",
        "back_url": reverse("accounts:skill_list"),
        "back_label": "Skill catalogue",
    }
    return render(request, "_confirm.html", context)


@hr_admin_required
def skill_merge_view(request: AuthenticatedRequest) -> HttpResponse:
    form = SkillMergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source, target = form.cleaned_data["source"], form.cleaned_data["target"]
        moved = skill_merge(source=source, target=target, by=request.user)
        messages.success(
            request, f"“{source.name}” is merged into “{target.name}”: {moved} entries moved."
        )
        return redirect("accounts:skill_list")
    return render(request, "accounts/skill_merge.html", {"form": form})


@hr_admin_required
def level_names(request: AuthenticatedRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = LevelNamesForm(data, levels=list(LevelName.objects.all()))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The level names are saved.")
        return redirect("accounts:level_names")
    return render(request, "accounts/level_names.html", {"form": form})
