"""HR grants and revokes HR's roles from its own pages, after a confirmation."""

import pytest
from django.urls import reverse

from accounts.models import ManagedProgram
from accounts.roles import hr_role_holders, program_manager_grant
from accounts.tests.factories import UserFactory
from audit.models import Action, AuditEntry
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return UserFactory(email="helen@example.com", hr_admin=True)


def test_granting_the_hr_role_asks_first_then_grants_and_records(client, hr):
    sam = UserFactory(email="sam@example.com", first_name="Sam", last_name="Lee")
    client.force_login(hr)
    form = {"email": "SAM@example.com", "role": "hr_admin"}

    asked = client.post(reverse("accounts:hr_role_grant"), form)
    assert "Make Sam Lee HR admin?" in asked.content.decode()
    assert not sam.is_hr_admin

    done = client.post(reverse("accounts:hr_role_grant"), {**form, "confirmed": "yes"}, follow=True)
    assert "Sam Lee is now HR admin." in done.content.decode()
    assert sam in hr_role_holders()
    assert AuditEntry.objects.get(action=Action.ROLE_GRANTED).actor == hr


def test_making_someone_a_program_manager_scopes_them_to_that_program(client, hr):
    sam = UserFactory(email="sam@example.com")
    program = ProgramFactory(name="Cohort A")
    client.force_login(hr)
    form = {"email": sam.email, "role": str(program.pk), "confirmed": "yes"}
    client.post(reverse("accounts:hr_role_grant"), form)
    assert ManagedProgram.objects.filter(user=sam, program=program).exists()
    assert not sam.is_hr_admin
    page = client.get(reverse("accounts:hr_roles")).content.decode()
    assert "runs Cohort A" in page


def test_an_unknown_email_is_refused_with_a_message(client, hr):
    client.force_login(hr)
    answer = client.post(
        reverse("accounts:hr_role_grant"), {"email": "nobody@example.com", "role": "hr_admin"}
    )
    assert answer.status_code == 400
    assert "Nobody at the company has this e-mail address." in answer.content.decode()
    assert not AuditEntry.objects.exists()


def test_revoking_asks_first_then_revokes(client, hr):
    sam = UserFactory(email="sam@example.com", hr_admin=True)
    client.force_login(hr)
    url = reverse("accounts:hr_role_revoke", args=[sam.pk])
    assert "Take back HR admin from" in client.get(url).content.decode()
    assert sam in hr_role_holders()
    client.post(url)
    assert sam not in hr_role_holders()
    assert AuditEntry.objects.get(action=Action.ROLE_REVOKED).changes == {
        "role": ["HR admin", "Employee"]
    }


def test_the_last_hr_admin_cannot_remove_themselves(client, hr):
    client.force_login(hr)
    answer = client.post(reverse("accounts:hr_role_revoke", args=[hr.pk]), follow=True)
    assert "You are the last HR admin" in answer.content.decode()
    assert hr in hr_role_holders()
    assert not AuditEntry.objects.exists()


def test_with_another_hr_admin_one_may_step_down(client, hr):
    UserFactory(hr_admin=True)
    client.force_login(hr)
    client.post(reverse("accounts:hr_role_revoke", args=[hr.pk]))
    assert hr not in hr_role_holders()
    assert client.get(reverse("accounts:hr_roles")).status_code == 403


def test_taking_back_a_program_ends_the_managers_access(client, hr):
    sam = UserFactory(email="sam@example.com")
    program = ProgramFactory()
    program_manager_grant(user=sam, program=program, by=hr)
    client.force_login(hr)
    client.post(reverse("accounts:hr_role_revoke", args=[sam.pk]), {"program": program.pk})
    client.force_login(sam)
    assert client.get(reverse("programs:dashboard", args=[program.pk])).status_code == 403


def test_a_persons_permissions_are_read_in_one_query(django_assert_num_queries):
    """The navigation asks on every page whether the person is HR."""
    from django.contrib.auth.models import Permission

    from accounts.access import is_hr_admin, is_program_manager
    from accounts.tests.factories import UserFactory

    hr = UserFactory(hr_admin=True)
    manager = UserFactory()
    manager.user_permissions.add(
        Permission.objects.get(codename="manage_own_programs", content_type__app_label="accounts")
    )
    boss = UserFactory(is_superuser=True)
    plain = UserFactory()
    # A superuser has every permission without a query (Django answers before any backend).
    for user, admin, scoped, queries in [
        (hr, True, False, 1), (manager, False, True, 1), (boss, True, False, 0),
        (plain, False, False, 1),
    ]:  # fmt: skip
        fresh = type(user).objects.get(pk=user.pk)  # as a request loads them
        with django_assert_num_queries(queries):
            assert (is_hr_admin(fresh), is_program_manager(fresh)) == (admin, scoped)


def test_the_signed_in_person_comes_with_their_profile_in_one_query(django_assert_num_queries):
    """Nearly every page reads the profile (the time zone, the navigation)."""
    from accounts.backends import ModelBackendOneQuery
    from accounts.tests.factories import ProfileFactory, UserFactory

    person = ProfileFactory(timezone="Asia/Tokyo").user
    backend = ModelBackendOneQuery()
    with django_assert_num_queries(1):
        loaded = backend.get_user(person.pk)
        assert loaded.profile.timezone == "Asia/Tokyo"
    without = UserFactory()  # someone HR has not given a profile yet
    with django_assert_num_queries(1):
        assert getattr(backend.get_user(without.pk), "profile", None) is None
    gone = UserFactory(is_active=False)
    assert backend.get_user(gone.pk) is None and backend.get_user(10**9) is None


def test_the_signed_in_employee_costs_no_permission_query(django_assert_num_queries):
    """Read with the person: whether they are in a group or hold a permission of their own.
    Most people hold neither, and the navigation's question on every page is answered."""
    from django.contrib.auth.models import Permission

    from accounts.access import is_hr_admin, is_program_manager
    from accounts.backends import ModelBackendOneQuery
    from accounts.tests.factories import UserFactory

    manager = UserFactory()
    manager.user_permissions.add(
        Permission.objects.get(codename="manage_own_programs", content_type__app_label="accounts")
    )
    people = [(UserFactory(), False, False, 0), (UserFactory(hr_admin=True), True, False, 1),
              (manager, False, True, 1)]  # fmt: skip
    for person, admin, scoped, queries in people:
        signed_in = ModelBackendOneQuery().get_user(person.pk)
        with django_assert_num_queries(queries):
            assert (is_hr_admin(signed_in), is_program_manager(signed_in)) == (admin, scoped)
