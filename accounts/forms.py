import re
import zoneinfo
from typing import Any, cast

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .models import (
    CURRENT_LEVEL_WORDS,
    PRIORITY_WORDS,
    PROFICIENCY_WORDS,
    LevelName,
    ManagedProgram,
    Profile,
    Skill,
    SkillCategory,
    User,
)
from .selectors import manager_chain_contains
from .services import Wanted

HR_RECORDS_HELP = "From HR's records: ask HR to change it."
# The profile fields HR owns: what the import writes and HR edits on the employee's page.
HR_FIELDS = ("title", "level", "department", "manager_email", "timezone", "location")

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: the name people see on their pairing."""

    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name")

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


def level_choices() -> list[tuple[str, str]]:
    return [("", "Choose your level")] + [
        (str(level.number), f"{level.number} · {level.name}") for level in LevelName.objects.all()
    ]


class PlainSelect(forms.Select):
    """A select whose options are written in Python: the time zones' 600 options through the
    option template took 100 ms of the profile page's time."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", text)
                for key, text in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class ProfileForm(forms.ModelForm):
    level = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    timezone = forms.ChoiceField(
        label="Time zone",
        required=False,
        widget=PlainSelect,
        help_text="Meetings are shown in this time zone.",
    )
    manager_email = forms.EmailField(
        label="Your manager's e-mail",
        required=False,
        help_text="So that you are never paired with someone in your own reporting line.",
    )

    class Meta:
        model = Profile
        fields = ["title", "level", "department", "manager_email", "timezone", "location", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        cast(forms.ChoiceField, self.fields["level"]).choices = level_choices()
        cast(forms.ChoiceField, self.fields["timezone"]).choices = [
            ("", "Choose your time zone")
        ] + [(name, name.replace("_", " ")) for name in TIME_ZONES]
        self.fields["department"].widget.attrs["list"] = "departments"
        if self.instance.manager_id:
            self.fields["manager_email"].initial = self.instance.manager.email

        self._lock_hr_fields()

    def _lock_hr_fields(self) -> None:
        """What HR's records say is shown, not edited; the level, once set, too: the level
        decides who may enrol as a mentee, so only HR changes it."""
        locked = set(self.instance.hr_fields)
        if self.instance.level is not None:
            locked.add("level")
        for name in locked & set(self.fields):
            self.fields[name].disabled = True
            self.fields[name].help_text = HR_RECORDS_HELP

    def clean_manager_email(self) -> User | None:
        email = self.cleaned_data["manager_email"].strip().lower()
        if not email:
            return None
        manager = User.objects.filter(email=email).first()
        if manager is None:
            raise forms.ValidationError("Nobody with this e-mail works here yet.")
        if manager_chain_contains(manager_id=manager.pk, person_id=self.user.pk):
            raise forms.ValidationError("This would make you your own manager up the line.")
        return manager

    def save(self, commit: bool = True) -> Profile:
        self.instance.manager = self.cleaned_data["manager_email"]
        return super().save(commit=commit)


class HREmployeeForm(ProfileForm):
    """HR edits the fields of its records; they become HR's (read-only to the employee)."""

    class Meta(ProfileForm.Meta):
        fields = [name for name in HR_FIELDS if name != "manager_email"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["manager_email"].label = "Manager's e-mail"
        self.fields["manager_email"].help_text = ""
        self.fields["level"].choices = [("", "Not known"), *level_choices()[1:]]  # type: ignore[attr-defined]
        self.order_fields(HR_FIELDS)

    def _lock_hr_fields(self) -> None:
        """HR changes every field of its records."""

    def save(self, commit: bool = True) -> Profile:
        changed = set(self.changed_data) & set(HR_FIELDS)
        self.instance.hr_fields = sorted(set(self.instance.hr_fields) | changed)
        return super().save(commit=commit)


MODE_CHOICES = [("", "Not for me"), ("offer", "I can teach it"), ("want", "I want to learn it")]


class SkillsForm(forms.Form):
    """Each skill of the catalogue: offered (with proficiency), wanted (priority, level) or not."""

    def __init__(self, *args, skills: list[Skill], offered: dict, wanted: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.skills = skills
        for skill in skills:
            mode = "offer" if skill.pk in offered else "want" if skill.pk in wanted else ""
            self.fields[f"mode_{skill.pk}"] = forms.ChoiceField(
                label=skill.name,
                choices=MODE_CHOICES,
                required=False,
                initial=mode,
                widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
            )
            self.fields[f"proficiency_{skill.pk}"] = self._choice(
                PROFICIENCY_WORDS, "How well do you know it?", offered.get(skill.pk)
            )
            want = wanted.get(skill.pk)
            self.fields[f"priority_{skill.pk}"] = self._choice(
                PRIORITY_WORDS, "How important is it to you?", want and want.priority
            )
            self.fields[f"current_{skill.pk}"] = self._choice(
                CURRENT_LEVEL_WORDS, "Where are you now?", want and want.current_level
            )

    @staticmethod
    def _choice(words: dict[int, str], prompt: str, initial) -> forms.TypedChoiceField:
        return forms.TypedChoiceField(
            label=prompt,
            choices=[("", "Choose…")] + [(str(k), f"{k} · {v}") for k, v in words.items()],
            coerce=int,
            empty_value=None,
            required=False,
            initial=initial,
        )

    def clean(self):
        data = super().clean()
        needed = {
            "offer": [("proficiency", "say how well you know it")],
            "want": [("priority", "say how important it is"), ("current", "say where you are now")],
        }
        for skill in self.skills:
            for prefix, message in needed.get(data.get(f"mode_{skill.pk}"), []):
                if not data.get(f"{prefix}_{skill.pk}"):
                    self.add_error(f"{prefix}_{skill.pk}", f"{skill.name}: {message}.")
        return data

    def chosen(self) -> tuple[dict[int, int], dict[int, Wanted]]:
        data = self.cleaned_data
        offered, wanted = {}, {}
        for skill in self.skills:
            mode = data.get(f"mode_{skill.pk}")
            if mode == "offer":
                offered[skill.pk] = data[f"proficiency_{skill.pk}"]
            elif mode == "want":
                wanted[skill.pk] = Wanted(data[f"priority_{skill.pk}"], data[f"current_{skill.pk}"])
        return offered, wanted

    def rows_by_category(self) -> list[tuple[SkillCategory, list[dict]]]:
        """Each skill's controls as HTML, grouped by category, for the template. Written here,
        not by the form renderer: a catalogue of skills is a few hundred controls, and
        rendering each through widget and crispy templates took most of a second."""
        groups: dict[int, tuple[SkillCategory, list[dict]]] = {}
        for skill in self.skills:
            row = {
                "skill": skill,
                "mode": self._radios(self[f"mode_{skill.pk}"]),
                "proficiency": self._select(self[f"proficiency_{skill.pk}"]),
                "priority": self._select(self[f"priority_{skill.pk}"]),
                "current": self._select(self[f"current_{skill.pk}"]),
            }
            groups.setdefault(skill.category_id, (skill.category, []))[1].append(row)
        return list(groups.values())

    @staticmethod
    def _chosen(field: forms.BoundField) -> str:
        value = field.value()
        return "" if value is None else str(value)

    def _radios(self, field: forms.BoundField) -> SafeString:
        """The three buttons of "not for me / teach / learn", as Django's RadioSelect names them."""
        chosen = self._chosen(field)
        return format_html_join(
            "\n",
            '<input type="radio" name="{}" value="{}" class="btn-check" autocomplete="off" '
            'id="{}"{}><label class="btn btn-outline-primary" for="{}">{}</label>',
            (
                (
                    field.html_name,
                    value,
                    f"{field.auto_id}_{i}",
                    checked,
                    f"{field.auto_id}_{i}",
                    text,
                )
                for i, (value, text) in enumerate(MODE_CHOICES)
                for checked in [mark_safe(" checked") if value == chosen else ""]
            ),
        )

    def _select(self, field: forms.BoundField) -> SafeString:
        """A labelled select with its error, as the Bootstrap 5 crispy template lays it out."""
        select = PlainSelect(
            attrs={"class": "form-select is-invalid" if field.errors else "form-select"},
            choices=field.field.choices,  # type: ignore[attr-defined]
        ).render(field.html_name, self._chosen(field), attrs={"id": field.auto_id})
        errors = format_html_join(
            "",
            '<div class="invalid-feedback"><strong>{}</strong></div>',
            ((e,) for e in field.errors),
        )
        return format_html(
            '<div class="mb-3"><label for="{}" class="form-label">{}</label>{}{}</div>',
            field.auto_id,
            field.label,
            select,
            errors,
        )


class SkillForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = ["name", "category", "description"]

    def clean_name(self) -> str:
        """One skill per name, whatever its capitals and spaces: "chatgpt" is "ChatGPT"."""
        name = " ".join(self.cleaned_data["name"].split())
        same = self._same_name(name)
        if same is not None:
            raise forms.ValidationError(self._taken(same))
        return name

    def save_or_explain(self) -> Skill | None:
        """The skill saved; or None with the name's error, when another HR admin saved the
        same name since this form was checked (the database's constraint refused it)."""
        try:
            with transaction.atomic():
                return self.save()
        except IntegrityError:
            same = self._same_name(self.instance.name)
            if same is None:
                raise  # not the name: a real fault, for the error page and the logs
            self.add_error("name", self._taken(same))
            return None

    def _same_name(self, name: str) -> Skill | None:
        """Compared as the database's constraint compares (its LOWER(), not Python's)."""
        same = Skill.objects.alias(key=Lower("name")).filter(key=Lower(Value(name)))
        return same.exclude(pk=self.instance.pk).first()

    @staticmethod
    def _taken(same: Skill) -> str:
        state = " (retired: bring it back instead)" if same.retired else ""
        return f"The catalogue already has “{same.name}”{state}."


class SkillMergeForm(forms.Form):
    source = forms.ModelChoiceField(
        Skill.objects.active(), label="Merge this skill", help_text="It will be retired."
    )
    target = forms.ModelChoiceField(
        Skill.objects.active(), label="into this one", help_text="Everyone's entries move here."
    )

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("source") == data.get("target"):
            self.add_error("target", "Choose a different skill to merge into.")
        return data


class LevelNamesForm(forms.Form):
    """One field per level, named by its number: nothing to forge (no formset management
    data), and each label keeps its number whatever else is wrong."""

    def __init__(self, *args: Any, levels: list[LevelName], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels = levels
        max_length = LevelName._meta.get_field("name").max_length
        for level in levels:
            self.fields[f"level_{level.number}"] = forms.CharField(
                label=str(level.number), max_length=max_length, initial=level.name
            )

    def rows(self) -> list[tuple[LevelName, forms.BoundField]]:
        return [(level, self[f"level_{level.number}"]) for level in self.levels]

    def save(self) -> int:
        changed = []
        for level in self.levels:
            name = self.cleaned_data[f"level_{level.number}"]
            if name != level.name:
                level.name = name
                changed.append(level)
        LevelName.objects.bulk_update(changed, ["name"])
        return len(changed)


# HR roles --------------------------------------------------------------------------------------

HR_ADMIN_CHOICE = "hr_admin"


def program_model() -> Any:
    """The programs app's Program, reached through the role's foreign key (accounts sits below
    programs in the stack and does not import it)."""
    return ManagedProgram._meta.get_field("program").related_model


class RoleForm(forms.Form):
    email = forms.EmailField(label="Employee's e-mail address")
    role = forms.ChoiceField(label="Role")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programs = program_model().objects.order_by("-pk").values_list("pk", "name")
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            (HR_ADMIN_CHOICE, "HR admin: every program and every HR page"),
            *((str(pk), f"Program manager of {name}") for pk, name in programs),
        ]

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].lower()
        user = User.objects.filter(email=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError("Nobody at the company has this e-mail address.")
        return user

    def program(self) -> Any:
        role = self.cleaned_data["role"]
        return None if role == HR_ADMIN_CHOICE else program_model().objects.get(pk=role)


# Sign-in settings ------------------------------------------------------------------------------

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](-*[a-z0-9])*\.)+[a-z]{2,63}$")


class ProviderForm(forms.Form):
    issuer = forms.URLField(
        assume_scheme="https",
        label="Issuer URL",
        help_text="From your identity provider, for example "
        "https://login.microsoftonline.com/your-tenant-id/v2.0 (Entra ID), "
        "https://sso.example.com/realms/example (Keycloak) or https://example.okta.com",
    )
    client_id = forms.CharField(label="Client id", max_length=191)
    secret = forms.CharField(
        label="Client secret",
        max_length=191,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Leave empty to keep the secret stored.",
    )
    label = forms.CharField(
        label="Button label",
        max_length=40,
        initial="your company account",
        help_text="The sign-in page says “Continue with …”.",
    )

    def __init__(self, *args: Any, has_secret: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_secret = has_secret

    def clean_secret(self) -> str:
        secret = self.cleaned_data["secret"]
        if not secret and not self.has_secret:
            raise forms.ValidationError("Enter the client secret your identity provider gave.")
        return secret


class SignInRulesForm(forms.Form):
    sso_only = forms.BooleanField(
        label="Single sign-on only",
        required=False,
        help_text="Hide the password form. A superuser can still sign in with a password "
        "in an emergency.",
    )
    sso_creates_people = forms.BooleanField(
        label="Let single sign-on add people HR has not imported",
        required=False,
    )
    allowed_domains = forms.CharField(
        label="Allowed e-mail domains",
        required=False,
        max_length=500,
        help_text="Comma-separated, for example example.com, example.co.uk. Empty: any domain.",
    )

    def __init__(self, *args: Any, has_provider: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_provider = has_provider

    def clean_allowed_domains(self) -> str:
        domains = [
            d.strip().lower().lstrip("@") for d in self.cleaned_data["allowed_domains"].split(",")
        ]
        wrong = [d for d in domains if d and not DOMAIN.match(d)]
        if wrong:
            raise forms.ValidationError(f"Not a domain: {', '.join(wrong)}.")
        return ", ".join(d for d in domains if d)

    def clean_sso_only(self) -> bool:
        if self.cleaned_data["sso_only"] and not self.has_provider:
            raise forms.ValidationError("Set up the identity provider first.")
        return self.cleaned_data["sso_only"]
