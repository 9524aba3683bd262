"""Who may call what: the access matrix of every endpoint of the schema.

Anonymous callers and revoked or expired tokens get 401; employees get 403 on HR's
endpoints; a read-only token gets 403 on every write; HR gets through.
"""

import pytest
from django.contrib.auth.models import Group

from accounts.models import HR_ADMINS_GROUP, Skill
from accounts.roles import program_manager_grant
from accounts.tests.factories import UserFactory
from api.models import ApiToken
from api.services import token_revoke
from programs.tests.factories import ProgramFactory

from .conftest import ApiClient, expire, make_token

pytestmark = pytest.mark.django_db

# (method, path, who may call it): every operation of the API once.
ENDPOINTS = [
    ("get", "/api/v1/employees/", "hr"),
    ("post", "/api/v1/employees/bulk/", "hr"),
    ("get", "/api/v1/employees/export/", "hr"),
    ("get", "/api/v1/employees/{id}/", "hr"),
    ("post", "/api/v1/employees/{id}/leaving/", "hr"),
    ("get", "/api/v1/skills/", "anyone"),
    ("post", "/api/v1/skills/", "hr"),
    ("get", "/api/v1/skills/{id}/", "anyone"),
    ("patch", "/api/v1/skills/{id}/", "hr"),
    ("post", "/api/v1/skills/{id}/retire/", "hr"),
    ("post", "/api/v1/skills/merge/", "hr"),
    ("get", "/api/v1/skill-categories/", "anyone"),
    ("get", "/api/v1/programs/", "hr"),
    ("get", "/api/v1/programs/{id}/", "hr"),
    ("get", "/api/v1/programs/{id}/counts/", "hr"),
    ("get", "/api/v1/programs/{id}/enrolments/", "hr"),
    ("post", "/api/v1/programs/{id}/decisions/", "hr"),
    ("get", "/api/v1/programs/{id}/pairings/", "hr"),
    ("get", "/api/v1/programs/{id}/outcomes/", "hr"),
    ("get", "/api/v1/me/", "anyone"),
    ("get", "/api/v1/me/pairs/", "anyone"),
    ("get", "/api/v1/me/pairs/{id}/", "pair"),
    ("get", "/api/v1/me/meetings/", "anyone"),
]
WRITES = [(m, p, who) for m, p, who in ENDPOINTS if m != "get"]


def call(api: ApiClient, method: str, path: str, obj_id: int = 1):
    return getattr(api, method)(path.format(id=obj_id))


def test_the_matrix_covers_every_operation_of_the_schema(hr_api):
    schema = hr_api.get("/api/schema/", {"format": "json"}).json()
    operations = {(m, p) for p, item in schema["paths"].items() for m in item}
    assert operations == {(m, p) for m, p, _ in ENDPOINTS}


@pytest.mark.parametrize(("method", "path", "who"), ENDPOINTS)
def test_anonymous_callers_get_401_and_are_told_how_to_authenticate(
    anonymous_api, method, path, who
):
    response = call(anonymous_api, method, path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(("method", "path", "who"), ENDPOINTS)
@pytest.mark.parametrize("state", ["revoked", "expired", "unknown", "owner left"])
def test_a_dead_token_gets_401_everywhere(hr, method, path, who, state):
    secret = make_token(hr)
    if state == "revoked":
        token_revoke(token=ApiToken.objects.get(), by=hr)
    elif state == "expired":
        expire(secret)
    elif state == "unknown":
        secret = secret[:-4] + "abcd"
    else:
        hr.is_active = False
        hr.save()
    response = call(ApiClient(secret), method, path)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize(("method", "path", "who"), [e for e in ENDPOINTS if e[2] == "hr"])
def test_employees_get_403_on_hr_endpoints(employee_api, method, path, who):
    program = ProgramFactory()
    response = call(employee_api, method, path, program.pk)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only HR admins can use this endpoint.",
        "code": "permission_denied",
    }


@pytest.mark.parametrize(("method", "path", "who"), WRITES)
def test_a_read_only_token_gets_403_on_every_write(hr, method, path, who):
    api = ApiClient(make_token(hr, scope=ApiToken.Scope.READ))
    response = call(api, method, path, Skill.objects.first().pk)
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_a_read_only_token_reads(hr):
    api = ApiClient(make_token(hr, scope=ApiToken.Scope.READ))
    assert api.get("/api/v1/employees/").status_code == 200


def test_a_token_follows_its_owners_role_as_it_is_now(hr):
    api = ApiClient(make_token(hr))
    assert api.get("/api/v1/employees/").status_code == 200
    hr.groups.remove(Group.objects.get(name=HR_ADMINS_GROUP))
    assert api.get("/api/v1/employees/").status_code == 403
    assert api.get("/api/v1/me/").json()["is_hr_admin"] is False


def test_an_employee_reads_what_is_theirs_and_the_catalogue(employee_api):
    for path in ["/api/v1/me/", "/api/v1/me/pairs/", "/api/v1/me/meetings/", "/api/v1/skills/"]:
        assert employee_api.get(path).status_code == 200, path


def test_a_malformed_authorization_header_says_how_to_send_the_token(anonymous_api):
    api = ApiClient(**{"Authorization": "Bearer two words"})
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert "Authorization: Bearer <token>" in response.json()["detail"]


def test_the_schema_and_the_documentation_are_public(anonymous_api):
    assert anonymous_api.get("/api/schema/").status_code == 200
    docs = anonymous_api.get("/api/docs/")
    assert docs.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.content  # no CDN
    assert b"cdn" not in docs.content.lower()
    assert b'"validatorUrl": null' in docs.content  # Swagger UI would ask a public validator


@pytest.mark.parametrize(("method", "path", "who"), [e for e in ENDPOINTS if e[2] == "hr"])
def test_a_program_manager_is_refused_on_hr_endpoints(method, path, who):
    """The API serves company-wide integrations: a role scoped to some programs is refused,
    even for the program it runs (accounts/access.py decides, as for HR's pages)."""
    program = ProgramFactory()
    manager = UserFactory()
    program_manager_grant(user=manager, program=program, by=UserFactory(hr_admin=True))
    response = call(ApiClient(make_token(manager)), method, path, program.pk)
    assert response.status_code == 403
    assert response.json()["detail"] == "Only HR admins can use this endpoint."
