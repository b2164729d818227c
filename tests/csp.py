"""Checks that a response's Content-Security-Policy allows everything its page runs, and no more:
every inline script and style by its hash (no nonce, no 'unsafe-inline'), every script file from
our own origin or a host the policy names."""

import base64
import hashlib
from urllib.parse import urlsplit

from bs4 import BeautifulSoup


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def _hash(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def assert_policy_allows_page(response) -> None:
    directives = policy(response)
    html = BeautifulSoup(response.content, "html.parser")
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[directive]
        assert not any(source.startswith("'nonce-") for source in directives[directive])
    for script in html.find_all("script"):
        assert not script.get("nonce")
        if script.get("type") == "application/json":
            continue
        if script.get("src"):
            host = urlsplit(script["src"]).netloc
            assert not host or any(
                host.endswith(s.split("*.")[-1]) for s in directives["script-src"]
            )
        else:
            assert _hash(script.string) in directives["script-src"], script
    for style in html.find_all("style"):
        assert _hash(style.string) in directives["style-src"], style
    assert not html.find(style=True)
