"""The load test's users, run by benchmarks/load_benchmark.py (which says how to start it).

Every user logs in through the real login form with an account of the scale company (the
list comes in LOAD_ACCOUNTS, a JSON file the benchmark writes), then requests its pages in a
closed loop, without pause. The figures are reset once every user has logged in, so that the
log-ins (a deliberately slow password hash) are not counted as page views. The users speak
through locust's FastHttpUser (geventhttpclient), whose own cost per request is a fraction of
python-requests': locust shares the two cores with the server it measures. Each user sends
what the TLS proxy in front of gunicorn would: X-Forwarded-Proto and its own address in
X-Forwarded-For (the server trusts one proxy, TRUSTED_PROXY_COUNT=1). HR admins then give
their authenticator app's code, as HR_REQUIRE_MFA asks in production: without it every HR page
answered with a redirect to setting up an authenticator.

    HealthzUser   only /healthz: the floor of the framework on this machine
    EmployeeUser  an executive or their junior mentor: home, pair page, meeting, notifications
    HRUser        an HR admin: employee list (a page of it), a program dashboard, the board
"""

import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from pathlib import Path

from locust import FastHttpUser, constant, task

ACCOUNTS = (
    json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text())
    if os.environ.get("LOAD_ACCOUNTS")
    else {}
)
PASSWORD = ACCOUNTS.get("password", "")
_logged_in = 0
_addresses = itertools.count(1)


def _proxy_headers() -> dict[str, str]:
    """What the TLS proxy adds: the scheme, and the address of this user's own machine."""
    n = next(_addresses)
    return {"X-Forwarded-Proto": "https", "X-Forwarded-For": f"10.1.{n // 250}.{n % 250 + 1}"}


def _authenticator_code(secret: str) -> str:
    """What the HR admin's authenticator app shows now (RFC 6238: HMAC-SHA1, 30 s, 6 digits).

    A code in its last seconds is waited out, as a person would: under the log-in storm the
    server may check it a few seconds later, when the site (which allows no drift) no longer
    takes it."""
    left = 30 - time.time() % 30
    if left < 10:
        time.sleep(left)  # gevent's sleep under locust: the other users go on meanwhile
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def _csrf_token(html: str) -> str:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html or "")
    return token.group(1) if token else ""


def _take(kind: str) -> dict:
    """The next account of a kind: every user logs in as a different person."""
    return ACCOUNTS[kind].pop(0) if len(ACCOUNTS[kind]) > 1 else ACCOUNTS[kind][0]


class BehindTheProxy(FastHttpUser):
    """A user in a closed loop, each with its own address, as the TLS proxy passes it on."""

    abstract = True
    wait_time = constant(0)

    def __init__(self, environment) -> None:
        self.default_headers = _proxy_headers()  # FastHttpUser hands them to its client
        super().__init__(environment)


class LoggedIn(BehindTheProxy):
    abstract = True
    signed_in_page = "/"

    def on_start(self) -> None:
        # Django checks the Referer of an HTTPS form post: the one the proxy's browser sends.
        https_host = self.host.replace("http://", "https://")
        # A log-in that failed left a half-signed-in session: locust starts the user again,
        # and the retry must begin as a stranger.
        self.client.cookiejar.clear()

        def post(path: str, fields: dict[str, str], form: str) -> str:
            """A form post, and where it leads (redirects followed by hand: the cookies they
            set must become plain before the next request sends them)."""
            answer = self.client.post(
                path,
                {**fields, "csrfmiddlewaretoken": _csrf_token(form)},
                headers={"Referer": f"{https_host}{path}"},
                name="login",
                allow_redirects=False,
            )
            self._plain_cookies()
            return answer.headers.get("Location", "")

        form = self.client.get("/accounts/login/", name="login").text
        self._plain_cookies()
        fields = {"login": self.account["email"], "password": PASSWORD}
        after = post("/accounts/login/", fields, form)
        if after.startswith("/accounts/2fa/authenticate/"):  # HR: the second factor
            form = self.client.get(after, name="login").text
            self._plain_cookies()
            code = _authenticator_code(ACCOUNTS["totp_secret"])
            post("/accounts/2fa/authenticate/", {"code": code}, form)
        # Signed in means a page of theirs answers, not a redirect to the login or to MFA.
        check = self.client.get(self.signed_in_page, name="login", allow_redirects=False)
        if check.status_code != 200:
            raise RuntimeError(f"log-in failed for {self.account['email']}")
        global _logged_in
        _logged_in += 1
        if _logged_in == self.environment.runner.target_user_count:
            self.environment.runner.stats.reset_all()
            print(f"all {_logged_in} users logged in: figures reset", flush=True)

    def page(self, url: str, name: str) -> None:
        """A page counts when it is the page itself: a redirect (to log in, or to set up a
        second factor) is a failure, not a fast answer."""
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code} instead of the page")

    def _plain_cookies(self) -> None:
        """The site sets Secure cookies (HTTPS in production); the benchmark speaks plain
        HTTP on loopback, so the client keeps them as ordinary cookies."""
        for cookie in self.client.cookiejar:
            cookie.secure = False


class HealthzUser(BehindTheProxy):
    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="/healthz")


class EmployeeUser(LoggedIn):
    weight = 40
    signed_in_page = "/notifications/"

    def on_start(self) -> None:
        self.account = _take("employees")
        super().on_start()

    @task
    def home(self) -> None:
        self.page("/", name="home")

    @task
    def pair(self) -> None:
        self.page(f"/pairs/{self.account['pair']}/", name="pair page")

    @task
    def meeting(self) -> None:
        self.page(f"/meetings/{self.account['meeting']}/", name="meeting")

    @task
    def notifications(self) -> None:
        self.page("/notifications/", name="notifications")


class HRUser(LoggedIn):
    weight = 10
    signed_in_page = "/hr/"

    def on_start(self) -> None:
        self.account = _take("hr")
        super().on_start()

    @task
    def employees(self) -> None:
        page = random.randint(1, ACCOUNTS["employee_pages"])
        self.page(f"/hr/employees/?page={page}", name="HR employees")

    @task
    def dashboard(self) -> None:
        self.page(f"/hr/programs/{ACCOUNTS['program']}/", name="HR dashboard")

    @task
    def board(self) -> None:
        page = random.randint(1, ACCOUNTS["board_pages"])
        url = f"/hr/programs/{ACCOUNTS['program']}/pairing/?published={page}"
        self.page(url, name="HR pairing board")
