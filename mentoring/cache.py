"""A Redis cache that fails soft: with Redis unreachable it behaves as an empty cache.

What the site keeps in the cache (allauth's sign-in rate limits, the API's throttle) is worth
less than the request: a person must be able to sign in while Redis is down. Each call waits
at most the short socket timeouts of the settings, and the failure is logged once a minute.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis import RedisError

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
