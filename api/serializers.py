"""The API's shapes. Input serializers check the JSON's structure only (types, required keys);
the rules are the pages' own forms and services, so that both answer alike."""

import datetime
from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.importing import COLUMNS, OPTIONAL_COLUMNS
from accounts.models import Profile, Skill, SkillCategory, User
from mentoring.ids import LARGEST_ID
from pairing.models import Pairing
from programs.models import Enrolment, EnrolmentStatus, Program, Role
from sessions_log.models import Meeting

from .errors import problem


def an_id(**kwargs: Any) -> serializers.IntegerField:
    """A row's id sent to the API: a number a table can hold (a bigint), or a field error."""
    return serializers.IntegerField(min_value=1, max_value=LARGEST_ID, **kwargs)


class OutputModelSerializer(serializers.ModelSerializer):
    """A model's fields as an answer. Their integer bounds are left out: Django draws them from
    the database in use (32767 on PostgreSQL, 2**63 - 1 on SQLite), and the schema must be the
    same on every database. The models' own rules (a capacity of at least 1) stay."""

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[Any, dict]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        for bound in ("min_value", "max_value"):
            if abs(kwargs.get(bound, 0)) > 10_000:
                kwargs.pop(bound)
        return field_class, kwargs


# Errors -----------------------------------------------------------------------------------


class ProblemSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="The field, or null for the request")
    row = serializers.IntegerField(
        allow_null=True, help_text="In a bulk request, the row's position counting from 1"
    )
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, for a person to read")
    code = serializers.CharField(help_text="What went wrong, for a program to test")
    errors = ProblemSerializer(many=True, required=False, help_text="Validation problems")


# People -----------------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    """Someone named in another object: an employee's manager, a pair's people."""

    id = serializers.IntegerField(source="pk")
    email = serializers.EmailField()
    name = serializers.CharField(source="display_name")


def _profile(user: User) -> Profile | None:
    return getattr(user, "profile", None)


class EmployeeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    is_active = serializers.BooleanField(help_text="False once someone has left")
    title = serializers.SerializerMethodField()
    level = serializers.SerializerMethodField()
    department = serializers.SerializerMethodField()
    manager = serializers.SerializerMethodField()
    timezone = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField()
    left_on = serializers.SerializerMethodField()

    def get_title(self, user: User) -> str:
        profile = _profile(user)
        return profile.title if profile else ""

    def get_level(self, user: User) -> int | None:
        profile = _profile(user)
        return profile.level if profile else None

    def get_department(self, user: User) -> str:
        profile = _profile(user)
        return profile.department if profile else ""

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_manager(self, user: User) -> dict[str, Any] | None:
        profile = _profile(user)
        manager = profile.manager if profile else None
        return PersonSerializer(manager).data if manager else None

    def get_timezone(self, user: User) -> str:
        profile = _profile(user)
        return profile.timezone if profile else ""

    def get_location(self, user: User) -> str:
        profile = _profile(user)
        return profile.location if profile else ""

    def get_left_on(self, user: User) -> datetime.date | None:
        profile = _profile(user)
        return profile.left_on if profile else None


class ImportTextField(serializers.CharField):
    """A cell of the import: text, blank or null (blank); the import itself judges it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_blank=True, allow_null=True, trim_whitespace=True, **kwargs)
        # NUL characters are the import's to report, in its own words.
        kept = [v for v in super().validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators = kept

    def run_validation(self, data: Any = serializers.empty) -> Any:
        return "" if data is None else super().run_validation(data)


@extend_schema_field(
    {
        "oneOf": [{"type": "integer"}, {"type": "string"}],
        "nullable": True,
        "description": "1 (entry level) to 10 (top executive), or a level's name",
    }
)
class LevelField(serializers.Field):
    default_error_messages = {"invalid": "A level is a number from 1 to 10 or a level's name."}

    def run_validation(self, data: Any = serializers.empty) -> Any:
        return "" if data is None else super().run_validation(data)

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("invalid")
        return str(data).strip()

    def to_representation(self, value: Any) -> Any:
        return value


class EmployeeRowSerializer(serializers.Serializer):
    """One row of the employee import, as JSON: every column of the CSV file, by name."""

    email = ImportTextField()
    first_name = ImportTextField()
    last_name = ImportTextField()
    title = ImportTextField()
    level = LevelField()
    department = ImportTextField()
    manager_email = ImportTextField(help_text="The manager's e-mail; blank for nobody")
    timezone = ImportTextField(help_text="A time zone of the tz database, e.g. Europe/London")
    location = ImportTextField()

    left_on = ImportTextField(
        required=False,
        help_text=(
            "The day they left, YYYY-MM-DD: they can no longer sign in and their pairs end; "
            "blank or null: employed again; left out: unchanged"
        ),
    )


# The import's columns, in its order, and its optional ones.
assert tuple(EmployeeRowSerializer().fields) == (*COLUMNS, *OPTIONAL_COLUMNS)


class LeavingSerializer(serializers.Serializer):
    left_on = ImportTextField(
        help_text="The day they left, YYYY-MM-DD; null or blank: employed again"
    )


class ExportRowSerializer(serializers.Serializer):
    """One row of the export: the import's columns as the CSV export writes them (text)."""

    email = serializers.CharField()
    first_name = serializers.CharField(allow_blank=True)
    last_name = serializers.CharField(allow_blank=True)
    title = serializers.CharField(allow_blank=True)
    level = serializers.CharField(allow_blank=True, help_text="1 to 10, blank when unknown")
    department = serializers.CharField(allow_blank=True)
    manager_email = serializers.CharField(allow_blank=True)
    timezone = serializers.CharField(allow_blank=True)
    location = serializers.CharField(allow_blank=True)


ROW_KEYS = (*COLUMNS, *OPTIONAL_COLUMNS)


def _plain_row(item: Any) -> dict[str, str] | None:
    """A row whose cells are all text or null (a level may be a number), as the import's text;
    None for anything else, which the row serializer then checks and explains."""
    if not isinstance(item, dict) or not all(column in item for column in COLUMNS):
        return None
    row = {}
    for column in ROW_KEYS:
        if column not in item:
            continue
        value = item[column]
        if value is None:
            row[column] = ""
        elif type(value) is str or (column == "level" and type(value) is int):
            row[column] = str(value).strip()
        else:
            return None
    return row


class EmployeeRowsField(serializers.ListField):
    """The rows of a bulk upsert. DRF's field-by-field checks take seconds for 10,000 rows:
    plain rows are read directly, and only the others go through EmployeeRowSerializer, whose
    messages the API gives."""

    child = EmployeeRowSerializer()

    def run_child_validation(self, data: list[Any]) -> list[dict[str, str]]:
        rows, errors = [], {}
        for index, item in enumerate(data):
            row = _plain_row(item)
            if row is None:
                try:
                    row = self.child.run_validation(item)
                except serializers.ValidationError as exc:
                    errors[index] = exc.detail
                    continue
            rows.append(row)
        if errors:
            raise serializers.ValidationError(errors)
        return rows


class EmployeeBulkSerializer(serializers.Serializer):
    employees = EmployeeRowsField(
        allow_empty=False,
        max_length=100_000,
        help_text="The people to create or update, found by e-mail; at most 100,000 rows",
    )
    send_invitations = serializers.BooleanField(
        default=False, help_text="E-mail the new people an invitation to set their password"
    )
    dry_run = serializers.BooleanField(
        default=False, help_text="Only say what would change, as the import's preview does"
    )


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField(allow_blank=True)
    new = serializers.CharField(allow_blank=True)


class PlannedRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(source="line", help_text="Position in `employees`, from 1")
    email = serializers.EmailField()
    changes = ChangeSerializer(many=True, required=False)


class ImportSummarySerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = serializers.IntegerField()


class EmployeeBulkResultSerializer(serializers.Serializer):
    applied = serializers.BooleanField(help_text="False for a dry run")
    summary = ImportSummarySerializer()
    created = PlannedRowSerializer(many=True)
    updated = PlannedRowSerializer(many=True)


class RowErrorSerializer(ErrorSerializer):
    summary = ImportSummarySerializer(required=False, help_text="With bad rows: the counts")


def planned_rows(rows: list[Any]) -> list[dict[str, Any]]:
    """The import's planned rows as PlannedRowSerializer writes them, without its cost per row
    (seconds for 10,000 updated rows with their changes)."""
    return [
        {
            "row": row.line,
            "email": row.email,
            "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in row.changes],
        }
        for row in rows
    ]


def row_problems(errors: list[Any]) -> list[dict[str, Any]]:
    """The import's bad rows as the API's problems: each reason with its field and row."""
    return [
        problem(p.message, field=p.column or None, row=error.line)
        for error in errors
        for p in error.problems
    ]


# Skills -----------------------------------------------------------------------------------


class SkillCategorySerializer(OutputModelSerializer):
    class Meta:
        model = SkillCategory
        fields = ["id", "name", "description"]


class SkillSerializer(OutputModelSerializer):
    category = SkillCategorySerializer()

    class Meta:
        model = Skill
        fields = ["id", "name", "description", "category", "retired", "merged_into"]


class SkillWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    category = an_id(help_text="A skill category's id")
    description = serializers.CharField(max_length=240, allow_blank=True, required=False)


class SkillPatchSerializer(SkillWriteSerializer):
    name = serializers.CharField(max_length=100, required=False)
    category = an_id(required=False)


class SkillRetireSerializer(serializers.Serializer):
    retired = serializers.BooleanField(
        default=True, help_text="True retires the skill; false brings it back"
    )


class SkillMergeSerializer(serializers.Serializer):
    source = an_id(help_text="The skill to merge (it is retired)")
    target = an_id(help_text="The skill everyone's entries move to")


class SkillMergeResultSerializer(serializers.Serializer):
    moved = serializers.IntegerField(help_text="People's entries moved to the target")
    source = SkillSerializer()
    target = SkillSerializer()


# Programs ---------------------------------------------------------------------------------


class ProgramSerializer(OutputModelSerializer):
    departments = serializers.ListField(
        child=serializers.CharField(), help_text="Who may enrol; empty for everyone"
    )

    class Meta:
        model = Program
        fields = [
            "id", "name", "description", "goals", "phase",
            "enrolment_opens", "enrolment_closes", "starts_on", "ends_on",
            "cadence_weeks", "meeting_minutes", "default_capacity", "requires_approval",
            "mentee_min_level", "mentor_max_level", "departments", "created_at",
        ]  # fmt: skip


class RoleCountsSerializer(serializers.Serializer):
    pending = serializers.IntegerField()
    approved = serializers.IntegerField()
    declined = serializers.IntegerField()
    withdrawn = serializers.IntegerField()


assert set(RoleCountsSerializer().fields) == set(EnrolmentStatus.values)


class CapacitySerializer(serializers.Serializer):
    mentor_slots = serializers.IntegerField(help_text="Mentees the active mentors can take")
    mentees = serializers.IntegerField(help_text="Active mentees")


class ProgramCountsSerializer(serializers.Serializer):
    mentee = RoleCountsSerializer()
    mentor = RoleCountsSerializer()
    capacity = CapacitySerializer()


class EnrolmentSerializer(OutputModelSerializer):
    person = PersonSerializer(source="user")
    level = serializers.SerializerMethodField()
    department = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = [
            "id", "person", "role", "status", "level", "department", "capacity",
            "created_at", "decided_at", "decision_reason",
        ]  # fmt: skip

    def get_level(self, enrolment: Enrolment) -> int | None:
        profile = _profile(enrolment.user)
        return profile.level if profile else None

    def get_department(self, enrolment: Enrolment) -> str:
        profile = _profile(enrolment.user)
        return profile.department if profile else ""


class DecisionSerializer(serializers.Serializer):
    enrolments = serializers.ListField(child=an_id(), allow_empty=False, max_length=10_000)
    decision = serializers.ChoiceField(choices=["approve", "decline"])
    reason = serializers.CharField(
        max_length=300,
        allow_blank=True,
        default="",
        help_text="Required to decline: the employee sees it",
    )


class DecisionResultSerializer(serializers.Serializer):
    decided = serializers.IntegerField(help_text="Enrolments approved or declined")
    decision = serializers.ChoiceField(choices=["approve", "decline"])


class PairingSerializer(OutputModelSerializer):
    """A published (or ended) pair: who, since when, until when. Never what they said."""

    mentee = PersonSerializer(source="mentee.user")
    mentor = PersonSerializer(source="mentor.user")

    class Meta:
        model = Pairing
        fields = ["id", "status", "mentee", "mentor", "published_at", "ended_at"]


# Me ---------------------------------------------------------------------------------------


class SkillEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="skill.pk")
    name = serializers.CharField(source="skill.name")


class OfferedSerializer(SkillEntrySerializer):
    proficiency = serializers.IntegerField(help_text="1 (the basics) to 5 (could teach a course)")


class WantedSerializer(SkillEntrySerializer):
    priority = serializers.IntegerField(help_text="1 (nice to have) to 3 (top priority)")
    current_level = serializers.IntegerField(help_text="1 (new to me) to 5 (already strong)")


class MeSerializer(EmployeeSerializer):
    is_hr_admin = serializers.BooleanField()
    bio = serializers.SerializerMethodField()
    skills_offered = OfferedSerializer(many=True)
    skills_wanted = WantedSerializer(many=True)
    missing = serializers.SerializerMethodField(
        help_text="What the pairing still needs to know about you"
    )

    def get_missing(self, user: User) -> list[str]:
        return list(self.context["completeness"].missing)

    def get_bio(self, user: User) -> str:
        profile = _profile(user)
        return profile.bio if profile else ""


class ProgramRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class MyPairSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    program = ProgramRefSerializer()
    status = serializers.ChoiceField(choices=Pairing.Status.choices)
    role = serializers.SerializerMethodField()
    partner = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.ChoiceField(choices=Role.choices))
    def get_role(self, pairing: Pairing) -> str | None:
        return pairing.role_of(self.context["request"].user)

    @extend_schema_field(PersonSerializer)
    def get_partner(self, pairing: Pairing) -> dict[str, Any]:
        return dict(PersonSerializer(pairing.partner_of(self.context["request"].user).user).data)


class MeetingSerializer(OutputModelSerializer):
    """When, where and with whom: what a calendar entry carries, never the agenda."""

    pair = serializers.IntegerField(source="pairing_id")
    partner = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "pair", "starts_at", "ends_at", "place", "video_url", "partner"]

    @extend_schema_field(PersonSerializer)
    def get_partner(self, meeting: Meeting) -> dict[str, Any]:
        user = self.context["request"].user
        return dict(PersonSerializer(meeting.pairing.partner_of(user).user).data)


# Outcomes ---------------------------------------------------------------------------------
# HR's outcomes page as numbers. A figure from answers is null unless at least MIN_ANSWERS
# people gave it (`shown`), exactly where the page says "too few answers to show".


class FortnightSerializer(serializers.Serializer):
    starts = serializers.DateField()
    held = serializers.IntegerField()
    missed = serializers.IntegerField()
    cancelled = serializers.IntegerField()


class CadenceSerializer(serializers.Serializer):
    pairs = serializers.IntegerField(help_text="Pairs that took part")
    expected = serializers.IntegerField(help_text="Meetings the rhythm asks of them so far")
    held = serializers.IntegerField(help_text="Held, each pair counted up to what is asked")
    on_rhythm = serializers.IntegerField(help_text="Pairs that held all the rhythm asks")
    adherence = serializers.FloatField(allow_null=True, help_text="held / expected")


class GoalsSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["mentee", "mentor"], help_text="Who learns")
    total = serializers.IntegerField()
    achieved = serializers.IntegerField()
    progress = serializers.FloatField(allow_null=True, help_text="Average progress, 0-100")
    achieved_share = serializers.FloatField(allow_null=True)


class GrowthSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, help_text="Who learns the skill")
    skill = serializers.CharField()
    shown = serializers.BooleanField(help_text="False: too few answers, every figure null")
    answered = serializers.IntegerField(allow_null=True)
    start = serializers.FloatField(allow_null=True, help_text="Average level 1-5 at the start")
    now = serializers.FloatField(allow_null=True, help_text="At the end, or the midpoint")
    change = serializers.FloatField(allow_null=True)
    improved = serializers.FloatField(allow_null=True, help_text="Share whose level went up")


class ResponseRateSerializer(serializers.Serializer):
    moment = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)
    answered = serializers.IntegerField()
    asked = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class QuestionResultSerializer(serializers.Serializer):
    moment = serializers.CharField(help_text="midpoint, end, or fit (the early fit check)")
    question = serializers.CharField()
    kind = serializers.ChoiceField(choices=["scale", "text"])
    audience = serializers.CharField()
    low_label = serializers.CharField(allow_blank=True)
    high_label = serializers.CharField(allow_blank=True)
    shown = serializers.BooleanField(help_text="False: too few answers, every figure null")
    answered = serializers.IntegerField(allow_null=True)
    counts = serializers.ListField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text="How many answered 1, 2, 3, 4 and 5 (scale questions)",
    )
    average = serializers.FloatField(allow_null=True)
    favourable = serializers.FloatField(allow_null=True, help_text="Share who answered 4 or 5")


class RetentionSerializer(serializers.Serializer):
    months = serializers.IntegerField()
    on = serializers.DateField()
    due = serializers.BooleanField(help_text="False until the day has come")
    shown = serializers.BooleanField(help_text="Due, and both groups of at least MIN_ANSWERS")
    mentors = serializers.IntegerField(help_text="Junior mentors with people to compare with")
    comparison = serializers.IntegerField()
    unmatched = serializers.IntegerField(help_text="Mentors with nobody to compare with")
    mentors_rate = serializers.FloatField(allow_null=True, help_text="Share still employed")
    comparison_rate = serializers.FloatField(allow_null=True)


class OutcomesSerializer(serializers.Serializer):
    program = ProgramRefSerializer()
    min_answers = serializers.IntegerField(help_text="The smallest group whose answers show")
    cadence = CadenceSerializer()
    goals = GoalsSerializer(many=True)
    meetings_by_fortnight = FortnightSerializer(many=True)
    skill_growth = GrowthSerializer(many=True)
    check_in_responses = ResponseRateSerializer(many=True)
    survey = QuestionResultSerializer(many=True, help_text="Written answers are not included")
    fit = QuestionResultSerializer(many=True)
    retention = RetentionSerializer(many=True)
