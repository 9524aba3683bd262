"""HR's pages for the skill catalogue and the names of the levels."""

from django.contrib import messages
from django.forms import modelformset_factory
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..access import AuthenticatedRequest, hr_admin_required
from ..forms import LevelNameForm, SkillForm, SkillMergeForm
from ..models import LevelName, Skill
from ..services import skill_merge, skill_set_retired


@hr_admin_required
def skill_list(request: AuthenticatedRequest) -> HttpResponse:
    skills = Skill.objects.select_related("category", "merged_into").with_usage_counts()
    form = SkillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        skill = form.save()
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
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"“{skill.name}” is saved.")
        return redirect("accounts:skill_list")
    return render(request, "accounts/skill_edit.html", {"skill": skill, "form": form})


@require_POST
@hr_admin_required
def skill_retire(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    skill = get_object_or_404(Skill, pk=pk)
    retire = request.POST.get("retired") != "false"
    skill_set_retired(skill=skill, retired=retire)
    verb = "retired: people keep their entries, nobody can pick it anew" if retire else "back"
    messages.success(request, f"“{skill.name}” is {verb}.")
    return redirect("accounts:skill_list")


@hr_admin_required
def skill_merge_view(request: AuthenticatedRequest) -> HttpResponse:
    form = SkillMergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source, target = form.cleaned_data["source"], form.cleaned_data["target"]
        moved = skill_merge(source=source, target=target)
        messages.success(
            request, f"“{source.name}” is merged into “{target.name}”: {moved} entries moved."
        )
        return redirect("accounts:skill_list")
    return render(request, "accounts/skill_merge.html", {"form": form})


LevelNameFormSet = modelformset_factory(LevelName, form=LevelNameForm, extra=0)


@hr_admin_required
def level_names(request: AuthenticatedRequest) -> HttpResponse:
    formset = LevelNameFormSet(request.POST or None, queryset=LevelName.objects.all())
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, "The level names are saved.")
        return redirect("accounts:level_names")
    return render(request, "accounts/level_names.html", {"formset": formset})
