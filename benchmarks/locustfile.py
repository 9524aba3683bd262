"""The load test's users, run by benchmarks/load_benchmark.py (which says how to start it).

Every user logs in through the real login form with an account of the scale company (the
list comes in LOAD_ACCOUNTS, a JSON file the benchmark writes), then requests its pages in a
closed loop, without pause. The figures are reset once every user has logged in, so that the
log-ins (a deliberately slow password hash) are not counted as page views. The users speak
through locust's FastHttpUser (geventhttpclient), whose own cost per request is a fraction of
python-requests': locust shares the two cores with the server it measures. Each user sends
what the TLS proxy in front of gunicorn would: X-Forwarded-Proto and its own address in
X-Forwarded-For (the server trusts one proxy, TRUSTED_PROXY_COUNT=1).

    HealthzUser   only /healthz: the floor of the framework on this machine
    EmployeeUser  an executive or their junior mentor: home, pair page, meeting, notifications
    HRUser        an HR admin: employee list (a page of it), a program dashboard, the board
"""

import itertools
import json
import os
import random
import re
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


def _take(kind: str) -> dict:
    """The next account of a kind: every user logs in as a different person."""
    return ACCOUNTS[kind].pop(0) if len(ACCOUNTS[kind]) > 1 else ACCOUNTS[kind][0]


class LoggedIn(FastHttpUser):
    abstract = True
    wait_time = constant(0)

    def __init__(self, environment) -> None:
        self.default_headers = _proxy_headers()  # FastHttpUser hands them to its client
        super().__init__(environment)

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", name="login")
        self._plain_cookies()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        # Django checks the Referer of an HTTPS form post: the one the proxy's browser sends.
        https_host = self.host.replace("http://", "https://")
        response = self.client.post(
            "/accounts/login/",
            {"login": self.account["email"], "password": PASSWORD,
             "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": f"{https_host}/accounts/login/"},
            name="login",
        )  # fmt: skip
        self._plain_cookies()
        signed_in = any(cookie.name == "sessionid" for cookie in self.client.cookiejar)
        if not signed_in or response.status_code >= 400:
            raise RuntimeError(f"log-in failed for {self.account['email']}")
        global _logged_in
        _logged_in += 1
        if _logged_in == self.environment.runner.target_user_count:
            self.environment.runner.stats.reset_all()
            print(f"all {_logged_in} users logged in: figures reset", flush=True)

    def _plain_cookies(self) -> None:
        """The site sets Secure cookies (HTTPS in production); the benchmark speaks plain
        HTTP on loopback, so the client keeps them as ordinary cookies."""
        for cookie in self.client.cookiejar:
            cookie.secure = False


class HealthzUser(FastHttpUser):
    wait_time = constant(0)

    def __init__(self, environment) -> None:
        self.default_headers = _proxy_headers()
        super().__init__(environment)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="/healthz")


class EmployeeUser(LoggedIn):
    weight = 40

    def on_start(self) -> None:
        self.account = _take("employees")
        super().on_start()

    @task
    def home(self) -> None:
        self.client.get("/", name="home")

    @task
    def pair(self) -> None:
        self.client.get(f"/pairs/{self.account['pair']}/", name="pair page")

    @task
    def meeting(self) -> None:
        self.client.get(f"/meetings/{self.account['meeting']}/", name="meeting")

    @task
    def notifications(self) -> None:
        self.client.get("/notifications/", name="notifications")


class HRUser(LoggedIn):
    weight = 10

    def on_start(self) -> None:
        self.account = _take("hr")
        super().on_start()

    @task
    def employees(self) -> None:
        page = random.randint(1, ACCOUNTS["employee_pages"])
        self.client.get(f"/hr/employees/?page={page}", name="HR employees")

    @task
    def dashboard(self) -> None:
        self.client.get(f"/hr/programs/{ACCOUNTS['program']}/", name="HR dashboard")

    @task
    def board(self) -> None:
        page = random.randint(1, ACCOUNTS["board_pages"])
        url = f"/hr/programs/{ACCOUNTS['program']}/pairing/?published={page}"
        self.client.get(url, name="HR pairing board")
