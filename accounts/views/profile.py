from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render

from mentoring.redirects import local_path

from ..access import AuthenticatedRequest
from ..forms import ProfileForm, SkillsForm
from ..models import Skill, SkillOffered, SkillWanted
from ..selectors import completeness_for_user
from ..selectors import departments as company_departments
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
    if data is not None and data.get("form") != "profile":
        # An empty POST, a JSON body or a forged one: nothing says what to write, so nothing
        # is written (an empty form would have erased the profile and skills).
        messages.error(request, "Nothing was saved: the form arrived empty. Please try again.")
        data = None
    profile_form = ProfileForm(data, instance=profile, user=request.user)
    skills_form = SkillsForm(data, skills=skills, offered=offered, wanted=wanted)
    if data is not None:
        if profile_form.is_valid() and skills_form.is_valid():
            profile_form.save()
            chosen_offered, chosen_wanted = skills_form.chosen()
            profile_set_skills(
                user=request.user, skills=skills, offered=chosen_offered, wanted=chosen_wanted
            )
            messages.success(request, "Your profile is saved.")
            back = local_path(request, request.GET.get("next", ""))
            return HttpResponseRedirect(back) if back else redirect("accounts:profile")
        messages.error(request, "Your profile is not saved yet: please correct what is marked.")
    return render(
        request,
        "accounts/profile_edit.html",
        {
            "profile_form": profile_form,
            "skills_form": skills_form,
            "completeness": completeness_for_user(request.user),
            "departments": company_departments()[:200],
        },
    )
