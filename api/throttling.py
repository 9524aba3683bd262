"""Rate limits per token (per person on the signed-in site): a fixed window in the cache.

Counting with the cache's atomic increment keeps one small integer per token and window,
shared by every web process through Redis. Past the limit the answer is 429 with
Retry-After, the seconds until the window ends.
"""

import math
import re
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from .models import ApiToken

UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
RATE = re.compile(r"(\d+)/(second|minute|hour|day)")


def parse_rate(rate: str) -> tuple[int, int]:
    """'300/minute' → (300, 60): requests allowed, per that many seconds."""
    match = RATE.fullmatch(rate.strip())
    if not match or int(match[1]) < 1:
        raise ImproperlyConfigured(f"API_RATE_LIMIT must look like 300/minute, not {rate!r}")
    return int(match[1]), UNITS[match[2]]


class ApiRateThrottle(BaseThrottle):
    def __init__(self) -> None:
        self.retry_after = 0

    def allow_request(self, request: Request, view: Any) -> bool:
        limit, period = parse_rate(settings.API_RATE_LIMIT)
        now = time.time()
        window = int(now // period)
        key = f"api-rate:{self._caller(request)}:{period}:{window}"
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # the window's key expired between the two calls
            cache.add(key, 1, timeout=period + 1)
            count = 1
        if count <= limit:
            return True
        self.retry_after = max(1, math.ceil((window + 1) * period - now))
        return False

    def wait(self) -> int:
        return self.retry_after

    def _caller(self, request: Request) -> str:
        if isinstance(request.auth, ApiToken):
            return f"token-{request.auth.pk}"
        if request.user.is_authenticated:
            return f"user-{request.user.pk}"
        return f"ip-{self.get_ident(request)}"
