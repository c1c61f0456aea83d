"""Property tests: any Unicode in labels and code travels through the mock unchanged."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agb import AGB, Config, CreateSessionParams, Session
from tests.support import API_KEY, Backend

# Any character but lone surrogates (not Unicode scalar values, refused by the SDK, see below).
TEXT = st.characters(exclude_categories=("Cs",))
KEYS = st.text(TEXT, min_size=1, max_size=40).filter(str.strip)
VALUES = st.text(TEXT, min_size=1, max_size=80).filter(str.strip)
LABELS = st.dictionaries(KEYS, VALUES, min_size=1, max_size=5)
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def session(respx_backend: Backend) -> Session:
    sdk = AGB(api_key=API_KEY, cfg=Config(endpoint=respx_backend.url))
    result = sdk.create(CreateSessionParams(image_id="agb-code-space-1"))
    assert isinstance(result.session, Session)
    return result.session


@SETTINGS
@given(labels=LABELS)
def test_labels_round_trip(
    session: Session, respx_backend: Backend, labels: dict[str, str]
) -> None:
    assert session.set_labels(labels).success
    assert session.get_labels().data == labels
    stored = {s["sessionId"]: s["labels"] for s in respx_backend.sessions()}
    assert stored[session.session_id] == labels
    listed = session.agb.list(labels=labels)
    assert listed.success and session.session_id in listed.session_ids


@SETTINGS
@given(labels=LABELS)
def test_labels_given_at_creation_round_trip(
    respx_backend: Backend, labels: dict[str, str]
) -> None:
    sdk = AGB(api_key=API_KEY, cfg=Config(endpoint=respx_backend.url))
    created = sdk.create(CreateSessionParams(image_id="agb-code-space-1", labels=labels))
    assert created.success and created.session.get_labels().data == labels  # type: ignore[union-attr]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(TEXT, max_size=60))
def test_code_text_round_trips(session: Session, text: str) -> None:
    code = f"# {text!r}\nimport sys\nsys.stdout.write({text!r})"
    result = session.code.run(code, "python")
    assert result.success, result.error_message
    assert "".join(result.logs.stdout) == text


def test_lone_surrogates_are_refused_before_sending(session: Session) -> None:
    ran = session.code.run("print('\ud800')", "python")
    assert not ran.success and "code contains a lone surrogate" in ran.error_message
    labelled = session.set_labels({"k": "\udfff"})
    assert not labelled.success and "labels contains a lone surrogate" in labelled.error_message
    shelled = session.command.execute_command("echo '\udfff'")
    assert not shelled.success and "command contains a lone surrogate" in shelled.error_message
