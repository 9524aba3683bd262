import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import ProfileFactory
from programs.models import Enrolment, EnrolmentStatus, Phase, Program, Role


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Digital Leaders cohort {n}")
    phase = Phase.ENROLLING
    enrolment_opens = factory.LazyFunction(lambda: days(-5))
    enrolment_closes = factory.LazyFunction(lambda: days(10))
    starts_on = factory.LazyFunction(lambda: days(20))
    ends_on = factory.LazyFunction(lambda: days(200))
    default_capacity = 2


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    program = factory.SubFactory(ProgramFactory)
    user = factory.LazyAttribute(
        lambda o: ProfileFactory(level=8 if o.role == Role.MENTEE else 3).user
    )
    role = Role.MENTEE
    status = EnrolmentStatus.APPROVED
    ground_rules_accepted_at = factory.LazyFunction(timezone.now)
