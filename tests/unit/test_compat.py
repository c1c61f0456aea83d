"""The official SDK's import paths keep working (drop-in for code written against it)."""

from __future__ import annotations


def test_official_import_paths() -> None:
    import agb
    from agb.agb import AGB
    from agb.config import Config
    from agb.exceptions import AGBError
    from agb.model import OperationResult, SessionResult
    from agb.model.response import SessionListResult, SessionStatusResult
    from agb.session import Session
    from agb.session_params import CreateSessionParams

    assert AGB is agb.AGB and Session is agb.Session and Config is agb.Config
    assert CreateSessionParams is agb.CreateSessionParams and AGBError is agb.AGBError
    assert {SessionResult, OperationResult, SessionListResult, SessionStatusResult} <= {
        getattr(agb, name) for name in agb.__all__
    }


def test_results_default_like_the_official_sdk() -> None:
    from agb import CommandResult, OperationResult, SessionListResult

    assert OperationResult().error_message == "" and OperationResult().success is False
    assert SessionListResult().session_ids == [] and SessionListResult().max_results == 0
    assert CommandResult("rid", True, "out").output == "out"
    assert OperationResult("r", True, {"a": 1}) == OperationResult("r", True, {"a": 1})
