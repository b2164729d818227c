"""The Redis cache backend with Redis away: misses and no-ops, a warning once a minute, and
rate-limit counters kept in the process's memory so limits still hold."""

import logging
import socket
import time

import pytest
import redis

from config import cache as resilient
from config.cache import ResilientRedisCache
from tests.resilience.redis_server import REDIS_SERVER, OwnRedis, spare_port


def closed_port() -> int:
    """A local port nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_cache():
    return ResilientRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {})


def test_a_read_is_a_miss(dead_cache):
    assert dead_cache.get("page", "default") == "default"
    assert dead_cache.get("page") is None
    assert dead_cache.get_many(["a", "b"]) == {}
    assert dead_cache.has_key("page") is False
    assert dead_cache.get_or_set("page", "built") == "built"


def test_writes_do_not_raise(dead_cache):
    dead_cache.set("page", "html")
    assert dead_cache.add("page", "html") is False
    assert dead_cache.delete("page") is False
    dead_cache.delete_many(["a", "b"])
    assert dead_cache.set_many({"a": 1}) == ["a"]
    assert dead_cache.touch("page") is False
    assert dead_cache.incr("counter") == 1
    dead_cache.clear()
    assert dead_cache.get("page") is None  # nothing was kept


def test_a_dead_redis_costs_milliseconds(dead_cache):
    started = time.monotonic()
    for _ in range(100):
        dead_cache.get("page")
    assert time.monotonic() - started < 0.5


def test_the_warning_is_logged_once_a_minute_not_per_call(dead_cache, caplog, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(resilient.time, "monotonic", lambda: now[0])
    caplog.set_level(logging.WARNING, logger="config.cache")

    for _ in range(20):
        dead_cache.get("page")
        now[0] += 2  # past the retry interval, so Redis is tried (and fails) each time
    assert len(caplog.records) == 1
    assert "ConnectionError" in caplog.records[0].getMessage()

    now[0] += 60
    dead_cache.get("page")
    assert len(caplog.records) == 2


def test_after_a_failure_redis_is_not_tried_again_for_a_second(dead_cache, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(resilient.time, "monotonic", lambda: now[0])
    tries = []
    original = ResilientRedisCache.__mro__[1].get

    def counting_get(self, *args, **kwargs):
        tries.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ResilientRedisCache.__mro__[1], "get", counting_get)
    dead_cache.get("page")
    dead_cache.get("page")
    now[0] += 0.5
    dead_cache.get("page")
    assert len(tries) == 1
    now[0] += 1
    dead_cache.get("page")
    assert len(tries) == 2


def test_rate_limit_counters_are_kept_in_the_process_while_redis_is_away(dead_cache):
    key = "eforms:rate:send:ip:abc:3600:1"
    assert dead_cache.add(key, 0, timeout=60) is True
    assert dead_cache.incr(key, 1) == 1
    assert dead_cache.incr(key, 1) == 2
    assert dead_cache.get(key) == 2
    # allauth's lock must be taken at once, or each sign-in would wait a second for it
    assert dead_cache.add("allauth:rl:allauth.account:login:30/m/ip:ip:1.2.3.4:lock", True)
    history_key = "allauth:rl:allauth.account:login:30/m/ip:ip:1.2.3.4"
    dead_cache.set(history_key, [1.0, 2.0])
    assert dead_cache.get(history_key) == [1.0, 2.0]
    # Other keys are not: a page is never served from one process's memory.
    dead_cache.set("wagtail_site_root_paths", ["/"])
    assert dead_cache.get("wagtail_site_root_paths") is None


def test_the_connect_timeout_is_short_unless_configured():
    default = ResilientRedisCache("redis://127.0.0.1:1/0", {})
    assert default._options["socket_connect_timeout"] <= 0.5
    configured = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 2, "RETRY_SECONDS": 5}}
    )
    assert configured._options["socket_connect_timeout"] == 2
    assert configured.retry_seconds == 5
    assert "RETRY_SECONDS" not in configured._options


def test_every_cache_object_in_the_process_shares_what_it_knows(monkeypatch, caplog):
    """Django makes one cache object per thread: they log once between them, and count
    rate limits together."""
    location = f"redis://127.0.0.1:{closed_port()}/0"
    one, other = ResilientRedisCache(location, {}), ResilientRedisCache(location, {})
    caplog.set_level(logging.WARNING, logger="config.cache")
    one.get("page")
    other.get("page")
    assert len(caplog.records) == 1
    key = "eforms:rate:send:ip:abc:3600:2"
    one.add(key, 0)
    one.incr(key)
    assert other.incr(key) == 2


@pytest.mark.skipif(not REDIS_SERVER, reason="needs redis-server installed")
def test_with_redis_up_it_caches_and_after_a_restart_it_caches_again():
    server = OwnRedis(spare_port())
    server.start()
    try:
        cache = ResilientRedisCache(server.url, {"OPTIONS": {"RETRY_SECONDS": 0.2}})
        cache.set("page", "html")
        assert cache.get("page") == "html"
        assert cache.add("counter", 0) is True
        assert cache.incr("counter", 3) == 3

        server.stop()
        assert cache.get("page") is None  # a miss, not an error
        cache.set("page", "newer")  # dropped

        server.start()  # empty: no persistence
        time.sleep(0.3)  # past RETRY_SECONDS
        assert cache.get("page") is None
        cache.set("page", "again")
        assert cache.get("page") == "again"
        client = redis.Redis.from_url(server.url)
        assert client.get(cache.make_key("page")) is not None
        client.close()
    finally:
        server.stop()
