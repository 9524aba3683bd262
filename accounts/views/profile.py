from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from ..access import AuthenticatedRequest
from ..forms import ProfileForm, SkillsForm
from ..models import Profile, Skill, SkillOffered, SkillWanted
from ..selectors import completeness_for_user
from ..services import Wanted, profile_for, profile_set_skills


@login_required
def profile_edit(request: AuthenticatedRequest) -> HttpResponse:
    profile = profile_for(request.user)
    skills = list(Skill.objects.active().select_related("category"))
    offered = dict(
        SkillOffered.objects.filter(user=request.user).values_list("skill_id", "proficiency")
    )
    wanted = {
        w.skill_id: Wanted(w.priority, w.current_level)
        for w in SkillWanted.objects.filter(user=request.user)
    }
    data = request.POST if request.method == "POST" else None
    profile_form = ProfileForm(data, instance=profile, user=request.user)
    skills_form = SkillsForm(data, skills=skills, offered=offered, wanted=wanted)
    if request.method == "POST":
        if profile_form.is_valid() and skills_form.is_valid():
            profile_form.save()
            chosen_offered, chosen_wanted = skills_form.chosen()
            profile_set_skills(
                user=request.user, skills=skills, offered=chosen_offered, wanted=chosen_wanted
            )
            messages.success(request, "Your profile is saved.")
            return redirect(_next_page(request) or "accounts:profile")
        messages.error(request, "Your profile is not saved yet: please correct what is marked.")
    return render(
        request,
        "accounts/profile_edit.html",
        {
            "profile_form": profile_form,
            "skills_form": skills_form,
            "completeness": completeness_for_user(request.user),
            "departments": Profile.objects.departments()[:200],
        },
    )


def _next_page(request: AuthenticatedRequest) -> str | None:
    """Where the person was going (enrolling, say) before completing their profile."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None
