"""A Redis cache that a stopped Redis cannot turn into an outage.

Django's RedisCache raises on every call when Redis is away, and Wagtail reads its site root paths
from the cache on every request, so every public page would answer 500. The cache is an
accelerator, never a dependency: here a connection error is a miss (`get` returns the default,
`get_many` nothing) and a write is dropped, so pages are built from the database and nothing is
cached until Redis is back (the page cache is bypassed, never served stale from one process).

After a failure the backend does not try Redis again for `RETRY_SECONDS` (one second by default),
so a Redis that is down, or a host that does not answer, costs each request nothing rather than a
connect timeout per cache call. The connect timeout itself is short (`socket_connect_timeout`).

Counters that protect the site (rate limits, one-time code attempts) must not simply vanish: keys
that start with one of `LOCAL_FALLBACK_PREFIXES` are kept in this process's memory while Redis is
away, so limits hold per process (an attacker spread over N web processes gets N times the
allowance) rather than not at all. docs/scaling.md, "When Redis fails", says which way each fails.

A warning goes to the log at most once a minute per process, naming the error's class only.
Django makes a cache object per thread, so that state (when Redis failed, when it was last logged,
the local counters) is kept per process and server, not per object.
"""

import logging
import threading
import time
from dataclasses import dataclass, field

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)
LOG_EVERY_SECONDS = 60.0
DEFAULT_RETRY_SECONDS = 1.0
DEFAULT_CONNECT_TIMEOUT = 0.25  # seconds: a dead Redis host costs a quarter second, once
DEFAULT_SOCKET_TIMEOUT = 1.0
DEFAULT_LOCAL_FALLBACK_PREFIXES = (
    "allauth:rl:",  # allauth's sign-in, sign-up and reset limits (and their locks)
    "eforms:rate:",  # forms/throttles.py
    "doorstep:tracking-code:",  # crm/cases/services/tracking_codes.py
)


@dataclass
class _Health:
    """What this process knows about one Redis server."""

    down_until: float = 0.0
    last_logged: float = float("-inf")
    lock: threading.Lock = field(default_factory=threading.Lock)


_health: dict[str, _Health] = {}
_health_lock = threading.Lock()


def _health_of(location: str) -> _Health:
    with _health_lock:
        return _health.setdefault(location, _Health())


class ResilientRedisCache(RedisCache):
    """RedisCache whose operations treat Redis being unreachable as a miss or a no-op.

    OPTIONS, besides RedisCache's own (passed to the connection pool):
    RETRY_SECONDS, LOCAL_FALLBACK_PREFIXES."""

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
        self.local_prefixes = tuple(
            options.pop("LOCAL_FALLBACK_PREFIXES", DEFAULT_LOCAL_FALLBACK_PREFIXES)
        )
        options.setdefault("socket_connect_timeout", DEFAULT_CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        params["OPTIONS"] = options
        super().__init__(server, params)
        location = ",".join(self._servers)
        self._health = _health_of(location)
        # Local-memory caches with one name share their storage within the process.
        self._local = LocMemCache(f"doorstep-redis-fallback:{location}", {"TIMEOUT": None})

    # --- State -----------------------------------------------------------------------------------

    def is_available(self) -> bool:
        """False while a recent connection error says Redis is away (no connection is tried)."""
        return time.monotonic() >= self._health.down_until

    def _failed(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        health = self._health
        with health.lock:
            health.down_until = now + self.retry_seconds
            log = now - health.last_logged >= LOG_EVERY_SECONDS
            if log:
                health.last_logged = now
        if log:
            logger.warning(
                "Redis cache unavailable (%s on %s): treating the cache as empty; "
                "this is logged at most once a minute",
                type(error).__name__,
                operation,
            )

    def _is_local(self, key) -> bool:
        return isinstance(key, str) and key.startswith(self.local_prefixes)

    def _call(self, operation: str, key, on_failure, *args, **kwargs):
        """Run RedisCache's `operation`; on a connection error (or while Redis is known to be
        away) run `on_failure` instead: the local copy for protecting counters, else a miss."""
        if self.is_available():
            try:
                return getattr(super(), operation)(*args, **kwargs)
            except UNAVAILABLE as error:
                self._failed(operation, error)
        if self._is_local(key):
            return getattr(self._local, operation)(*args, **kwargs)
        return on_failure()

    # --- Operations ------------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, lambda: False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, lambda: default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, lambda: False, key, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        # Without Redis a counter that is not kept locally starts again from nothing.
        return self._call("incr", key, lambda: delta, key, delta, version)

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)

    def get_many(self, keys, version=None):
        keys = list(keys)
        if self.is_available():
            try:
                return super().get_many(keys, version)
            except UNAVAILABLE as error:
                self._failed("get_many", error)
        local = [key for key in keys if self._is_local(key)]
        return self._local.get_many(local, version) if local else {}

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if self.is_available():
            try:
                return super().set_many(data, timeout, version)
            except UNAVAILABLE as error:
                self._failed("set_many", error)
        local = {key: value for key, value in data.items() if self._is_local(key)}
        if local:
            self._local.set_many(local, timeout, version)
        # Django's contract: the keys that failed to be set.
        return [key for key in data if key not in local]

    def delete_many(self, keys, version=None):
        keys = list(keys)
        if self.is_available():
            try:
                return super().delete_many(keys, version)
            except UNAVAILABLE as error:
                self._failed("delete_many", error)
        self._local.delete_many([key for key in keys if self._is_local(key)], version)
        return None

    def clear(self):
        self._local.clear()
        if self.is_available():
            try:
                return super().clear()
            except UNAVAILABLE as error:
                self._failed("clear", error)
        return False
