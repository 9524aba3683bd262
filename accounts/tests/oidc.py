"""A real OpenID Connect provider on loopback for tests: see `oidc_provider/__init__.py`."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PROVIDER_SETTINGS = "accounts.tests.oidc_provider.settings"
REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30  # seconds; it usually answers within two
COMMAND_TIMEOUT = 60


class ProviderDidNotStart(Exception):
    pass


class ProviderLoginFailed(AssertionError):
    pass


class CommandFailed(Exception):
    pass


@dataclass(frozen=True)
class OIDCProvider:
    """A running provider: its addresses, and helpers that write to its database."""

    url: str  # http://127.0.0.1:PORT
    env: dict[str, str]  # the provider's environment, for more management commands
    log: Path  # what the server printed

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def create_user(
        self,
        email: str,
        password: str,
        email_verified: bool = True,
        given_name: str = "",
        family_name: str = "",
        like_entra: bool = False,
    ) -> str:
        """Create (or replace) a user who logs in with this e-mail; return its `sub`."""
        args = ["provider_user", email, "--password", password]
        args += ["--given-name", given_name, "--family-name", family_name]
        if not email_verified:
            args.append("--unverified")
        if like_entra:
            args.append("--like-entra")
        return self.manage(*args).strip()

    def create_client(
        self, client_id: str, client_secret: str, redirect_uris: list[str] | str
    ) -> None:
        """Create (or replace) a confidential client that asks its users for consent."""
        uris = [redirect_uris] if isinstance(redirect_uris, str) else redirect_uris
        args = ["provider_client", client_id, "--secret", client_secret]
        for uri in uris:
            args += ["--redirect-uri", uri]
        self.manage(*args)

    def manage(self, *args: str) -> str:
        """Run a management command with the provider's settings; return its output."""
        return _manage(self.env, *args)

    def log_in_and_consent(
        self, authorize_url: str, email: str, password: str, allow: bool = True
    ) -> str:
        """Play the user's part in a fresh browser session, return where the provider sends it.

        Opens the authorization URL, signs in at the provider's login form, then presses
        "Authorize" (or "Cancel" when `allow` is false) on the consent page. The answer is
        the provider's redirect to the client's redirect URI, with `code` and `state` (or
        `error=access_denied`); it is returned, not followed.
        """
        browser = requests.Session()
        login_page = browser.get(authorize_url, timeout=10)
        login_page.raise_for_status()
        login = _form_fields(login_page.text)
        consent_page = browser.post(
            login_page.url, data={**login, "username": email, "password": password}, timeout=10
        )
        consent_page.raise_for_status()
        consent = _form_fields(consent_page.text)
        if "password" in consent:
            raise ProviderLoginFailed(f"the provider refused {email}'s password")
        if allow:
            consent["allow"] = "Authorize"
        answer = browser.post(consent_page.url, data=consent, allow_redirects=False, timeout=10)
        if answer.status_code != 302:
            raise AssertionError(f"consent answered {answer.status_code}:\n{answer.text}")
        return answer.headers["Location"]


@contextmanager
def running_provider(workdir: Path) -> Iterator[OIDCProvider]:
    """Migrate a fresh database in `workdir`, serve the provider on a free port, stop it after."""
    url = f"http://127.0.0.1:{_free_port()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": PROVIDER_SETTINGS,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
        "OIDC_PROVIDER_DB": str(workdir / "provider.sqlite3"),
        "OIDC_PROVIDER_RSA_KEY": _new_rsa_key(),
        "OIDC_PROVIDER_ISSUER": f"{url}/o",
    }
    provider = OIDCProvider(url=url, env=env, log=workdir / "server.log")
    try:
        _manage(env, "migrate", "--noinput", "--verbosity", "0")
    except CommandFailed as error:
        raise ProviderDidNotStart(f"migrating its database failed: {error}") from error
    with provider.log.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", url.removeprefix("http://")]
            + ["--noreload", "--skip-checks"],
            env=env,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(provider, server)
        yield provider
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_up(provider: OIDCProvider, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ProviderDidNotStart(
                f"the server exited with {server.returncode}:\n{provider.log.read_text()}"
            )
        try:
            with urllib.request.urlopen(provider.discovery_url, timeout=2) as answer:
                # Our server, not another process that had the port first.
                if json.load(answer).get("issuer") == provider.issuer:
                    return
        except (OSError, ValueError):  # not listening yet, or not JSON
            pass
        time.sleep(0.1)
    raise ProviderDidNotStart(
        f"{provider.discovery_url} did not answer within {START_TIMEOUT} s:\n"
        f"{provider.log.read_text()}"
    )


def _manage(env: dict[str, str], *args: str) -> str:
    """Run `django-admin` with the provider's settings; a failure carries its output."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "django", *args],
            env=env,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=True,
        )
    except subprocess.CalledProcessError as error:
        raise CommandFailed(f"{args[0]} exited with {error.returncode}:\n{error.stderr}") from error
    except subprocess.TimeoutExpired as error:
        raise CommandFailed(f"{args[0]} took over {COMMAND_TIMEOUT} s") from error
    return done.stdout


def _free_port() -> int:
    # Another process could take the port before the server binds it; on loopback, in a
    # test run, that is rare enough.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _new_rsa_key() -> str:
    """A fresh signing key per run, so that no private key lives in the repository."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


class _FormFields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") and attributes.get("type") != "submit":
            self.fields[attributes["name"]] = attributes.get("value") or ""


def _form_fields(html: str) -> dict[str, str]:
    """The named inputs of a page (one form per page here), buttons left out."""
    parser = _FormFields()
    parser.feed(html)
    return parser.fields
