"""A real OpenID Connect provider for tests, run on loopback by the `oidc_provider` fixture.

A minimal Django project of its own (settings, urls, a `Profile` model, two management
commands) around django-oauth-toolkit with OIDC on: discovery and JWKS, the authorization
code flow (PKCE allowed, not required) with a consent page, ID tokens signed RS256 with a
key made afresh for each test run, and userinfo. Users sign in at Django's login form with
their e-mail and password. With the scopes "openid email profile" the ID token and userinfo
carry `sub`, `email`, `email_verified`, `given_name` and `family_name`.

It never runs inside the project's own process: the session-scoped fixture (defined in
`accounts/tests/conftest.py`, code in `accounts/tests/oidc.py`) migrates a fresh SQLite
database in a temporary directory, starts `runserver --noreload` on a free port of
127.0.0.1 in a subprocess, waits for the discovery document, and stops the server at the
end of the session. If it cannot start, the tests that use it skip, or fail under
REQUIRE_SERVICES=1.

A test uses it like this::

    def test_sign_in_through_the_provider(oidc_provider):
        sub = oidc_provider.create_user(
            "ada@example.com", "pass phrase", given_name="Ada", family_name="Lovelace"
        )
        oidc_provider.create_client("mentoring", "secret", ["http://localhost:8000/cb/"])
        # The relying party's settings take oidc_provider.issuer as the server URL
        # (discovery lives at oidc_provider.discovery_url). Given the authorization URL
        # the relying party redirects to, play the user at the provider:
        callback = oidc_provider.log_in_and_consent(authorize_url, "ada@example.com", "pass phrase")
        # `callback` is the redirect URI with ?code=...&state=...; hand it to the relying party.

`create_user` and `create_client` create or replace (users by e-mail, clients by client id),
each through a management command run with the provider's settings (about half a second:
create them once per module where tests can share them). A browser test can instead open
the authorization URL and fill the provider's "Email" and "Password" fields and press
"Sign in", then "Authorize". The provider's cookies have their own names, so that they
do not clash with the project's on the same host.
"""
