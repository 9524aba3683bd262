"""The test OpenID Connect provider is a real one: discovery, JWKS, the code flow, signatures."""

import base64
import hashlib
import json
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .oidc import ProviderLoginFailed

CLIENT_ID = "mentoring"
CLIENT_SECRET = "a client secret for tests"
# Never served: the provider's redirect is read, not followed.
REDIRECT_URI = "http://127.0.0.1:9/accounts/oidc/test-provider/login/callback/"
PASSWORD = "a long pass phrase 42"


@pytest.fixture(scope="module")
def discovery(oidc_provider) -> dict:
    return requests.get(oidc_provider.discovery_url, timeout=10).json()


@pytest.fixture(scope="module")
def jwks(discovery) -> dict:
    return requests.get(discovery["jwks_uri"], timeout=10).json()


@pytest.fixture(scope="module")
def oidc_client(oidc_provider) -> None:
    oidc_provider.create_client(CLIENT_ID, CLIENT_SECRET, [REDIRECT_URI])


@pytest.fixture(scope="module")
def ada(oidc_provider) -> str:
    """A provider user with a verified e-mail; the value is her `sub`."""
    return oidc_provider.create_user(
        "ada@example.com", PASSWORD, given_name="Ada", family_name="Lovelace"
    )


def authorize_url(discovery: dict, **params: str) -> str:
    query = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid email profile",
        "state": "the-state",
        "nonce": "the-nonce",
        **params,
    }
    return f"{discovery['authorization_endpoint']}?{urlencode(query)}"


def code_from(location: str) -> str:
    redirect = urlsplit(location)
    assert f"{redirect.scheme}://{redirect.netloc}{redirect.path}" == REDIRECT_URI
    params = parse_qs(redirect.query)
    assert params["state"] == ["the-state"]
    return params["code"][0]


def exchange(discovery: dict, code: str, **params: str) -> requests.Response:
    """Trade a code for tokens, authenticating the client with HTTP Basic."""
    return requests.post(
        discovery["token_endpoint"],
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
        | params,
        auth=(CLIENT_ID, CLIENT_SECRET),
        timeout=10,
    )


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verified_claims(token: str, jwks: dict) -> dict:
    """The claims of an RS256 JWT, once its signature checks out with the JWKS key it names."""
    header, payload, signature = token.split(".")
    fields = json.loads(b64decode(header))
    assert fields["alg"] == "RS256"
    jwk = next(key for key in jwks["keys"] if key["kid"] == fields["kid"])
    public_key = rsa.RSAPublicNumbers(
        e=int.from_bytes(b64decode(jwk["e"])), n=int.from_bytes(b64decode(jwk["n"]))
    ).public_key()
    public_key.verify(
        b64decode(signature), f"{header}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    return json.loads(b64decode(payload))


def test_discovery_names_the_issuer_jwks_and_claims(oidc_provider, discovery):
    assert discovery["issuer"] == oidc_provider.issuer == f"{oidc_provider.url}/o"
    assert discovery["jwks_uri"] == f"{oidc_provider.issuer}/.well-known/jwks.json"
    assert "RS256" in discovery["id_token_signing_alg_values_supported"]
    assert {"sub", "email", "email_verified", "given_name", "family_name"} <= set(
        discovery["claims_supported"]
    )


def test_jwks_publishes_an_rsa_signing_key(jwks):
    [key] = jwks["keys"]
    assert key["kty"] == "RSA"
    assert key["alg"] == "RS256"
    assert {"kid", "n", "e"} <= key.keys()
    assert "d" not in key  # the public half only


def test_code_flow_gives_a_signed_id_token_with_the_users_claims(
    oidc_provider, discovery, jwks, oidc_client, ada
):
    location = oidc_provider.log_in_and_consent(
        authorize_url(discovery), "ada@example.com", PASSWORD
    )
    answer = exchange(discovery, code_from(location))

    assert answer.status_code == 200, answer.text
    id_token = answer.json()["id_token"]
    claims = verified_claims(id_token, jwks)
    assert claims["iss"] == oidc_provider.issuer
    assert claims["aud"] == CLIENT_ID
    assert claims["nonce"] == "the-nonce"
    assert claims["exp"] > time.time()
    assert claims["sub"] == ada
    assert claims["email"] == "ada@example.com"
    assert claims["email_verified"] is True
    assert (claims["given_name"], claims["family_name"]) == ("Ada", "Lovelace")
    header, _, signature = id_token.split(".")
    forged = b64encode(json.dumps(claims | {"email": "eve@example.com"}).encode())
    with pytest.raises(InvalidSignature):
        verified_claims(f"{header}.{forged}.{signature}", jwks)


def test_userinfo_gives_the_same_claims(oidc_provider, discovery, oidc_client, ada):
    location = oidc_provider.log_in_and_consent(
        authorize_url(discovery), "ada@example.com", PASSWORD
    )
    access_token = exchange(discovery, code_from(location)).json()["access_token"]

    userinfo = requests.get(
        discovery["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {access_token}"},
        timeout=10,
    ).json()

    assert userinfo == {
        "sub": ada,
        "email": "ada@example.com",
        "email_verified": True,
        "given_name": "Ada",
        "family_name": "Lovelace",
    }


def test_an_unverified_email_is_reported_unverified(oidc_provider, discovery, jwks, oidc_client):
    oidc_provider.create_user("bob@example.com", PASSWORD, email_verified=False)
    location = oidc_provider.log_in_and_consent(
        authorize_url(discovery), "bob@example.com", PASSWORD
    )

    id_token = exchange(discovery, code_from(location)).json()["id_token"]

    assert verified_claims(id_token, jwks)["email_verified"] is False


def test_pkce_is_checked_when_the_client_sends_it(oidc_provider, discovery, oidc_client, ada):
    verifier = "a-code-verifier-of-at-least-forty-three-characters-long"
    challenge = b64encode(hashlib.sha256(verifier.encode()).digest())
    url = authorize_url(discovery, code_challenge=challenge, code_challenge_method="S256")

    wrong = exchange(
        discovery,
        code_from(oidc_provider.log_in_and_consent(url, "ada@example.com", PASSWORD)),
        code_verifier="x" * 43,
    )
    right = exchange(
        discovery,
        code_from(oidc_provider.log_in_and_consent(url, "ada@example.com", PASSWORD)),
        code_verifier=verifier,
    )

    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    assert right.status_code == 200, right.text
    assert "id_token" in right.json()


def test_cancelling_consent_sends_access_denied(oidc_provider, discovery, oidc_client, ada):
    location = oidc_provider.log_in_and_consent(
        authorize_url(discovery), "ada@example.com", PASSWORD, allow=False
    )

    assert parse_qs(urlsplit(location).query)["error"] == ["access_denied"]


def test_a_wrong_password_does_not_reach_consent(oidc_provider, discovery, oidc_client, ada):
    with pytest.raises(ProviderLoginFailed):
        oidc_provider.log_in_and_consent(authorize_url(discovery), "ada@example.com", "wrong")
