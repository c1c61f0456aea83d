"""Property tests for session.file: any text and any bytes round-trip byte for byte, whatever the
chunk sizes cut; a chunk that fails leaves no duplicate and no partial success."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import agb.file_system as file_system
from agb import AGB, Config, CreateSessionParams, Session
from mock_server import MockService, mount_respx
from tests.support import API_KEY, RESPX_URL, Backend

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=3000)
SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def session() -> Iterator[Session]:
    with MockService(api_keys=[API_KEY]) as service, mount_respx(service, RESPX_URL):
        sdk = AGB(api_key=API_KEY, cfg=Config(endpoint=RESPX_URL, timeout_ms=120_000))
        result = sdk.create(CreateSessionParams(image_id="agb-code-space-1"))
        assert isinstance(result.session, Session)
        yield result.session


def put_bytes(session: Session, path: str, data: bytes) -> None:
    """Put bytes in the session without ``write`` (it has no binary form): base64 text + shell."""
    assert session.file.write(path + ".b64", base64.b64encode(data).decode("ascii")).success
    done = session.command.execute_command(f"base64 -d {path}.b64 > {path} && rm {path}.b64")
    assert done.exit_code == 0, done


@SETTINGS
@given(text=TEXT, read_chunk=st.integers(1, 700), write_chunk=st.integers(1, 900))
def test_any_text_round_trips_whatever_the_chunks(
    session: Session, text: str, read_chunk: int, write_chunk: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(file_system, "READ_CHUNK_SIZE", read_chunk * 7)
        patch.setattr(file_system, "WRITE_CHUNK_SIZE", write_chunk)
        assert session.file.write("/tmp/p.txt", text).success
        assert session.file.read("/tmp/p.txt").content == text
        raw = session.file.read("/tmp/p.txt", format="bytes")
        assert raw.content == text.encode("utf-8") and raw.size == len(raw.content)


@SETTINGS
@given(data=st.binary(max_size=20_000), read_chunk=st.integers(1, 5000))
def test_any_bytes_round_trip(session: Session, data: bytes, read_chunk: int) -> None:
    put_bytes(session, "/tmp/p.bin", data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(file_system, "READ_CHUNK_SIZE", read_chunk)
        result = session.file.read("/tmp/p.bin", format="bytes")
    assert result.success and result.content == data and result.size == len(data)


def test_ten_megabytes_of_bytes_and_of_non_ascii_text(session: Session) -> None:
    data = os.urandom(10 * 1024 * 1024)
    put_bytes(session, "/tmp/big.bin", data)
    assert session.file.read("/tmp/big.bin", format="bytes").content == data
    text = "".join(chr(c) for c in range(0x20, 0x3000) if not 0xD800 <= c < 0xE000) * 330
    assert len(text.encode()) > 10 * 1024 * 1024
    assert session.file.write("/tmp/big.txt", text).success
    assert session.file.read("/tmp/big.txt").content == text


@SETTINGS
@given(
    chunks=st.integers(2, 6), failing=st.integers(1, 6), append=st.booleans(),
    kind=st.sampled_from(["status", "lost_response", "envelope_error", "drop"]),
)  # fmt: skip
def test_a_failed_chunk_never_duplicates_nor_succeeds_partly(
    session: Session, chunks: int, failing: int, append: bool, kind: str
) -> None:
    failing = min(failing, chunks)
    backend = Backend(RESPX_URL)
    content = "".join(chr(0x41 + i) * 5 + "é" for i in range(chunks))  # 6 characters a chunk
    assert session.file.write("/tmp/q.txt", "base:").success
    seen = [0]

    def hook(request: httpx.Request) -> None:
        if request.url.path == "/mcp" and json.loads(request.content)["name"] == "write_file":
            seen[0] += 1
            if seen[0] == failing:
                backend.set_faults({"kind": kind, "operation": "write_file", "times": 1})

    http = session._transport.http
    http.event_hooks["request"] = [hook]
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(file_system, "WRITE_CHUNK_SIZE", 6)
            result = session.file.write("/tmp/q.txt", content, "append" if append else "overwrite")
    finally:
        http.event_hooks["request"] = []
        backend.set_faults()
    assert not result.success
    if chunks > 1:
        written = (failing - 1) * 6
        assert f"(wrote {written} of {len(content)} characters;" in result.error_message
    prefix = "base:" if append else ""
    on_disk = session.file.read("/tmp/q.txt").content
    done = (failing - 1) * 6
    allowed = {prefix + content[:done], prefix + content[: done + 6]}
    if failing == 1 and not append:  # an overwrite that never landed leaves the old file
        allowed.add("base:")
    assert on_disk in allowed
