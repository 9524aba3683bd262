"""The API's test helpers: people with tokens, and a client that sends a token."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import ProfileFactory, UserFactory
from api.models import ApiToken
from api.services import token_create


def make_token(user, *, scope: str = ApiToken.Scope.WRITE, days: int = 30) -> str:
    return token_create(user=user, name="test", scope=scope, days=days)[1]


class ApiClient:
    """Django's test client with a token in the Authorization header, JSON in and out."""

    def __init__(self, secret: str | None = None, **headers: str) -> None:
        self.client = Client()
        self.headers = dict(headers)
        if secret:
            self.headers["Authorization"] = f"Bearer {secret}"

    def get(self, path: str, params: dict | None = None, **headers: str):
        return self.client.get(path, params or {}, headers={**self.headers, **headers})

    def post(self, path: str, body: object = None, **headers: str):
        return self.client.post(
            path, body if body is not None else {}, content_type="application/json",
            headers={**self.headers, **headers},
        )  # fmt: skip

    def patch(self, path: str, body: object = None, **headers: str):
        return self.client.patch(
            path, body if body is not None else {}, content_type="application/json",
            headers={**self.headers, **headers},
        )  # fmt: skip


@pytest.fixture
def hr(db):
    return ProfileFactory(user=UserFactory(hr_admin=True), level=6, department="HR").user


@pytest.fixture
def employee(db):
    return ProfileFactory().user


@pytest.fixture
def hr_api(hr) -> ApiClient:
    return ApiClient(make_token(hr))


@pytest.fixture
def employee_api(employee) -> ApiClient:
    return ApiClient(make_token(employee))


@pytest.fixture
def anonymous_api() -> ApiClient:
    return ApiClient()


def expire(secret: str) -> None:
    from api.selectors import token_for_secret

    token = token_for_secret(secret)
    token.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    token.save(update_fields=["expires_at"])
