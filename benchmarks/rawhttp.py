"""A small asyncio HTTP/1.1 client for the load benchmarks: one request per connection
(`Connection: close`, as gunicorn's sync workers close it anyway), read to the end, no parsing
beyond the status line, the headers and a chunked body. It costs far less CPU per request than
http.client or requests in a thread per client, which matters when the client shares the
machine's cores with the server it measures."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode


class HTTPError(Exception):
    """The server answered something that is not HTTP, or not in time."""


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]  # names in lower case, in the order sent
    body: bytes

    def header(self, name: str, default: str = "") -> str:
        for key, value in self.headers:
            if key == name:
                return value
        return default

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key == name]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def _dechunk(body: bytes) -> bytes:
    out, pos = bytearray(), 0
    while True:
        end = body.index(b"\r\n", pos)
        size = int(body[pos:end].split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        out += body[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2


def parse(raw: bytes) -> Response:
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        raise HTTPError(f"no complete response ({len(raw)} bytes)")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split(" ", 2)[1])
    except (IndexError, ValueError) as exc:
        raise HTTPError(f"bad status line {lines[0][:80]!r}") from exc
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    response = Response(status, headers, body)
    if response.header("transfer-encoding").lower() == "chunked":
        response.body = _dechunk(body)
    return response


async def request(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    timeout: float = 10.0,
) -> Response:
    """One request to 127.0.0.1:port on a new connection, read to the end."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    payload = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    async def exchange() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(payload)
            return await reader.read()
        finally:
            writer.close()

    try:
        raw = await asyncio.wait_for(exchange(), timeout)
    except TimeoutError as exc:
        raise HTTPError(f"no answer within {timeout:g}s") from exc
    return parse(raw)


def form_body(fields: list[tuple[str, str]]) -> tuple[str, bytes]:
    """(content type, body) of a urlencoded form."""
    return "application/x-www-form-urlencoded", urlencode(fields).encode()


def multipart_body(fields: list[tuple[str, str]], empty_files: list[str]) -> tuple[str, bytes]:
    """(content type, body) of a multipart form, with the empty file parts a browser sends for
    a file input left empty."""
    boundary = f"----bench{secrets.token_hex(12)}"
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    for name in empty_files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename=""\r\n'
            "Content-Type: application/octet-stream\r\n\r\n\r\n"
        )
    parts.append(f"--{boundary}--\r\n")
    return f"multipart/form-data; boundary={boundary}", "".join(parts).encode()
