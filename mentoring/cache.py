"""A Redis cache that fails soft: with Redis unreachable it behaves as an empty cache; and
figures kept a short time, with a copy in each process.

What the site keeps in the cache (allauth's sign-in rate limits, the API's throttle) is worth
less than the request: a person must be able to sign in while Redis is down. Each call waits
at most the short socket timeouts of the settings, and the failure is logged once a minute.
"""

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from redis import RedisError

T = TypeVar("T")

logger = logging.getLogger(__name__)
LOG_EVERY = 60.0
_last_logged = 0.0


def _soft(default: Callable[..., Any]) -> Callable[..., Any]:
    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        def call(self: "FailSoftRedisCache", *args: Any, **kwargs: Any) -> Any:
            global _last_logged
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                if time.monotonic() - _last_logged > LOG_EVERY:
                    _last_logged = time.monotonic()
                    logger.warning("Cache unreachable, carrying on without it: %s", error)
                return default(*args, **kwargs)

        call.__name__ = method.__name__
        return call

    return wrap


def _given_default(key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


class FailSoftRedisCache(RedisCache):
    get = _soft(_given_default)(RedisCache.get)
    set = _soft(lambda *a, **k: None)(RedisCache.set)
    add = _soft(lambda *a, **k: True)(RedisCache.add)  # an empty cache takes any key
    touch = _soft(lambda *a, **k: False)(RedisCache.touch)
    delete = _soft(lambda *a, **k: False)(RedisCache.delete)
    get_many = _soft(lambda *a, **k: {})(RedisCache.get_many)
    set_many = _soft(lambda *a, **k: [])(RedisCache.set_many)
    delete_many = _soft(lambda *a, **k: None)(RedisCache.delete_many)
    has_key = _soft(lambda *a, **k: False)(RedisCache.has_key)
    clear = _soft(lambda *a, **k: False)(RedisCache.clear)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except (RedisError, OSError):
            return delta  # as if the count started now: nobody is locked out by a broken cache


# What `kept` read in this process: key -> (read at, until, value), the latest COPIES entries.
_copies: dict[str, tuple[float, float, Any]] = {}
COPIES = 16


def kept(key: str, seconds: int, read: Callable[[], T]) -> tuple[T, float]:
    """What `read()` returns, kept `seconds` in the shared cache, and when it was read (a Unix
    time): figures a page may show a short time old, such as a program's 3,000 mentors or its
    pairs' health, read again at most once in `seconds` by the whole site.

    Each process also keeps its own copy of what it read for that time: unpickling such an
    entry from Redis cost a view 20 to 30 ms. A copy serves only while the shared entry is
    still there, so clearing the cache clears the copies too. The requests of a process share
    the copy: nothing may change what `read()` returned.
    """
    now = time.time()
    here = _copies.get(key)
    if here is not None and now < here[1] and cache.has_key(key):
        return here[2], here[0]
    stored: tuple[float, T] | None = cache.get(key)
    if stored is None:
        stored = (now, read())
        cache.set(key, stored, seconds)
    read_at, value = stored
    # Threads of a process (runserver, a threaded worker) may do this at once: list() copies
    # the entries in one step, and an entry another thread dropped first is no error.
    for old, (_, until, _) in list(_copies.items()):
        if until <= now or len(_copies) >= COPIES:
            _copies.pop(old, None)
    _copies[key] = (read_at, read_at + seconds, value)
    return value, read_at
