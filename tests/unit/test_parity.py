"""Names, defaults and language aliases of the official SDK (agbcloud-sdk 0.12.0) exist in ours.

Each assertion pins something code written for the official SDK imports or relies on: module
paths, constructor arguments and defaults, client and session attributes, exception classes,
``agb.logger`` and the languages ``code.run`` accepts.
"""

from __future__ import annotations

import inspect
import logging
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

from agb import AGB, AsyncAGB, Config, Session

BASE = "http://agb.test"
KEY = "akm-parity-key-00001234"


@pytest.fixture
def sdk() -> AGB:
    return AGB(api_key=KEY, cfg=Config(endpoint=BASE, timeout_ms=30000))


def params_of(cls: type) -> list[tuple[str, Any]]:
    signature = inspect.signature(cls.__init__)  # type: ignore[misc]
    return [(p.name, p.default) for p in signature.parameters.values() if p.name != "self"]


# (class, its constructor's leading arguments and defaults, as in the official SDK)
RESULTS: list[tuple[str, list[tuple[str, Any]]]] = [
    ("ApiResponse", [("request_id", "")]),
    ("SessionResult", [("request_id", ""), ("success", False), ("error_message", ""),
                       ("session", None)]),
    ("DeleteResult", [("request_id", ""), ("success", False), ("error_message", "")]),
    ("OperationResult", [("request_id", ""), ("success", False), ("data", None),
                         ("error_message", "")]),
    ("BoolResult", [("request_id", ""), ("success", False), ("data", None),
                    ("error_message", "")]),
    ("GetSessionData", [("app_instance_id", ""), ("resource_id", ""), ("session_id", ""),
                        ("success", False), ("resource_url", ""), ("status", ""),
                        ("link_url", ""), ("ws_url", ""), ("token", ""), ("tool_list", "")]),
    ("GetSessionResult", [("request_id", ""), ("http_status_code", 0), ("code", ""),
                          ("success", False), ("data", None), ("error_message", "")]),
    ("SessionListResult", [("request_id", ""), ("success", False), ("error_message", ""),
                           ("session_ids", None), ("next_token", ""), ("max_results", 0),
                           ("total_count", 0)]),
    ("ExecutionResult", [("text", None), ("html", None), ("markdown", None), ("png", None),
                         ("jpeg", None), ("svg", None), ("json", None), ("latex", None),
                         ("chart", None), ("is_main_result", False)]),
    ("ExecutionLogs", [("stdout", None), ("stderr", None)]),
    ("ExecutionError", [("name", ""), ("value", ""), ("traceback", "")]),
    ("EnhancedCodeExecutionResult", [("request_id", ""), ("execution_count", None),
                                     ("execution_time", 0.0), ("logs", None), ("results", None),
                                     ("error", None), ("error_message", ""), ("success", True)]),
    ("SessionStatusResult", [("request_id", ""), ("http_status_code", 0), ("code", ""),
                             ("success", False), ("status", ""), ("error_message", "")]),
    ("McpTool", [("name", ""), ("description", ""), ("input_schema", None), ("server", ""),
                 ("tool", "")]),
    ("McpToolResult", [("request_id", ""), ("success", False), ("data", None),
                       ("error_message", "")]),
    ("McpToolsResult", [("request_id", ""), ("success", False), ("tools", None),
                        ("error_message", "")]),
    ("SessionMetrics", [("cpu_count", 0), ("cpu_used_pct", 0.0), ("disk_total", 0),
                        ("disk_used", 0), ("mem_total", 0), ("mem_used", 0),
                        ("rx_rate_kbyte_per_s", 0.0), ("tx_rate_kbyte_per_s", 0.0),
                        ("rx_used_kbyte", 0.0), ("tx_used_kbyte", 0.0), ("timestamp", ""),
                        ("rx_rate_kbps", None), ("tx_rate_kbps", None), ("rx_used_kb", None),
                        ("tx_used_kb", None)]),
    ("SessionMetricsResult", [("request_id", ""), ("success", False), ("metrics", None),
                              ("error_message", ""), ("raw", None)]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "expected"), RESULTS, ids=[r[0] for r in RESULTS])
def test_result_classes_take_the_official_arguments(name: str, expected: list[Any]) -> None:
    import agb.model.response as response

    cls = getattr(response, name)
    assert params_of(cls)[: len(expected)] == expected


def test_result_defaults_and_request_id() -> None:
    from agb.model.response import (
        ApiResponse,
        EnhancedCodeExecutionResult,
        McpToolsResult,
        SessionListResult,
    )

    assert ApiResponse("req-1").get_request_id() == "req-1"
    listed = SessionListResult()
    assert (listed.session_ids, listed.max_results, listed.next_token) == ([], 0, "")
    ran = EnhancedCodeExecutionResult()
    assert ran.success is True and ran.logs.stdout == [] and ran.results == [] and ran.result == ""
    assert McpToolsResult().tools == []


def test_command_result_from_the_official_module_path() -> None:
    from agb.modules.code import Code
    from agb.modules.command import Command, CommandResult

    assert params_of(CommandResult) == [
        ("request_id", ""), ("success", False), ("output", ""), ("error_message", ""),
        ("exit_code", None), ("stdout", ""), ("stderr", ""), ("trace_id", ""),
    ]  # fmt: skip
    assert Code.__name__ == "Code" and Command.__name__ == "Command"


EXCEPTIONS = [
    ("AuthenticationError", "Authentication failed"),
    ("APIError", "API error"),
    ("FileError", "File operation error"),
    ("CommandError", "Command execution error"),
    ("SessionError", "Session error"),
    ("ApplicationError", "Application operation error"),
    ("BrowserError", "Browser operation error"),
    ("ScreenError", "Screen operation error"),
    ("ClearanceTimeoutError", "Clearance task timed out"),
]


@pytest.mark.parametrize(("name", "default"), EXCEPTIONS, ids=[e[0] for e in EXCEPTIONS])
def test_official_exceptions(name: str, default: str) -> None:
    import agb.exceptions as exceptions

    cls = getattr(exceptions, name)
    assert issubclass(cls, exceptions.AGBError)
    assert str(cls()) == default
    assert str(cls("custom")) == "custom"
    assert str(cls(None)) == name
    assert cls("x", hint="h").extra == {"hint": "h"}


def test_agb_error_and_api_error_arguments() -> None:
    from agb.exceptions import AGBError, APIError, ListSessionsError, SessionError

    err = AGBError(None, foo="bar")
    assert str(err) == "AGBError" and err.extra == {"foo": "bar"}
    assert APIError("nope", status_code=401).status_code == 401
    assert APIError().status_code is None
    assert issubclass(ListSessionsError, SessionError)


def test_client_attributes(sdk: AGB) -> None:
    assert sdk.api_key == KEY
    assert sdk.endpoint == BASE
    assert sdk.timeout_ms == 30000
    assert (sdk.config.endpoint, sdk.config.timeout_ms) == (BASE, 30000)
    assert isinstance(sdk.client, httpx.Client)
    assert KEY not in repr(sdk)


def test_async_client_attributes() -> None:
    sdk = AsyncAGB(api_key=KEY, cfg=Config(endpoint=BASE))
    assert isinstance(sdk.client, httpx.AsyncClient) and sdk.timeout_ms == 60000


def test_session_accessors(sdk: AGB) -> None:
    session = Session(sdk, "session-1", "agb-code-space-1")
    session.token, session.link_url = "tok", "http://link"
    assert session.get_session_id() == "session-1"
    assert session.get_api_key() == KEY
    assert session.get_client() is sdk.client
    assert (session.get_token(), session.get_link_url()) == ("tok", "http://link")
    assert Session(sdk, "session-2").get_token() == ""


def test_get_session_data_has_the_official_fields(sdk: AGB) -> None:
    # getSession's wire carries no tool list: the field exists, empty
    data = {"sessionId": "s-1", "resourceUrl": "u", "status": "RUNNING", "linkUrl": "l",
            "wsUrl": "w", "appInstanceId": "a", "resourceId": "r", "token": "t"}  # fmt: skip
    with respx.mock(base_url=BASE) as router:
        router.post("/mcp/getSession").mock(
            return_value=httpx.Response(
                200, json={"success": True, "requestId": "R", "code": "ok", "data": data}
            )
        )
        found = sdk.get_session("s-1")
    assert found.success and found.data is not None
    assert (found.data.link_url, found.data.ws_url, found.data.resource_id) == ("l", "w", "r")
    assert (found.data.token, found.data.tool_list) == ("t", "")


def test_config_functions(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from agb.config import Config, default_config, load_config

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AGB_ENDPOINT", raising=False)
    monkeypatch.delenv("AGB_TIMEOUT_MS", raising=False)
    assert (default_config().endpoint, default_config().timeout_ms) == ("sdk-api.agb.cloud", 60000)
    given = Config("example.test", 1000)
    assert load_config(given) is given
    monkeypatch.setenv("AGB_TIMEOUT_MS", "2500")
    assert load_config().timeout_ms == 2500


LANGUAGES = [
    ("python", "python"), ("Python", "python"), ("PYTHON", "python"), (" python ", "python"),
    ("python3", "python"), ("py", "python"), ("javascript", "javascript"),
    ("JavaScript", "javascript"), ("js", "javascript"), ("node", "javascript"),
    ("NodeJS", "javascript"), ("java", "java"), ("JAVA", "java"), ("r", "r"), ("R", "r"),
]  # fmt: skip


@pytest.mark.parametrize(("given", "sent"), LANGUAGES)
def test_language_names_and_aliases(sdk: AGB, given: str, sent: str) -> None:
    answer = '{"stdout": ["ok\\n"], "stderr": [], "result": []}'
    with respx.mock(base_url=BASE) as router:
        route = router.post("/mcp").mock(
            return_value=httpx.Response(
                200,
                json={
                    "success": True,
                    "requestId": "R",
                    "data": {"content": [{"type": "text", "text": answer}], "isError": False},
                },
            )
        )
        result = Session(sdk, "session-1").code.run("x", given)
    assert result.success, result.error_message
    args = __import__("json").loads(route.calls.last.request.read())["args"]
    assert __import__("json").loads(args)["language"] == sent


@pytest.mark.parametrize("given", ["ruby", "Ruby", "cobol", "", None, 3])
def test_unsupported_languages_answer_a_failed_result(sdk: AGB, given: Any) -> None:
    with respx.mock(base_url=BASE) as router:
        result = Session(sdk, "session-1").code.run("x", given)
        assert router.calls.call_count == 0
    assert not result.success and result.request_id == ""
    shown = "" if given is None else str(given)
    assert result.error_message == (
        f"Unsupported language: {shown}. Supported languages are java, javascript, python, r"
    )


def test_logger_names() -> None:
    from agb.logger import (
        AGBLogger,
        get_logger,
        log,
        log_operation_error,
        log_operation_start,
        log_operation_success,
        log_warning,
        mask_sensitive_data,
    )

    assert get_logger().name == "agb" and log is logging.getLogger("agb")
    assert get_logger("tests").name == "agb.tests"
    assert get_logger("agb.session").name == "agb.session"
    assert AGBLogger.get_logger("x") is get_logger("x")
    masked = mask_sensitive_data(
        {"api_key": "sk_live_1234567890abcdef", "user": "u", "nested": [{"password": "p"}]}
    )
    assert masked == {"api_key": "sk****ef", "user": "u", "nested": [{"password": "****"}]}
    assert mask_sensitive_data({"ssn": "123-45-6789"}, fields=["ssn"]) == {"ssn": "12****89"}
    for helper in (log_operation_start, log_operation_success, log_warning):
        helper("op", "details")
    log_operation_error("op", "boom")


@pytest.fixture
def agb_logger_restored() -> Iterator[None]:
    from agb.logger import AGBLogger

    root = logging.getLogger("agb")
    level = root.level
    yield
    AGBLogger.setup(enable_console=False, enable_file=False)
    root.setLevel(level)


def test_logger_setup_installs_handlers_only_when_asked(
    agb_logger_restored: None, tmp_path: Any
) -> None:
    from agb.logger import AGBLogger, get_logger

    root = logging.getLogger("agb")
    before = list(root.handlers)
    log_file = tmp_path / "agb.log"
    AGBLogger.setup(level="DEBUG", log_file=str(log_file), enable_console=False)
    get_logger("app").debug("written to the file")
    assert root.level == logging.DEBUG and len(root.handlers) == len(before) + 1
    AGBLogger.setup(level="INFO", log_file=str(log_file), enable_console=False)
    assert len(root.handlers) == len(before) + 1  # replaced, not added
    AGBLogger.set_level("WARNING")
    assert root.level == logging.WARNING
    assert "written to the file" in log_file.read_text()


def test_importing_agb_logger_configures_nothing() -> None:
    code = (
        "import logging, agb.logger; r = logging.getLogger('agb');"
        "print(len(r.handlers), r.level, len(logging.getLogger().handlers))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0", "0"]


def tool_reply(text: str, is_error: bool = False) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "success": True,
            "requestId": "R",
            "data": {"content": [{"type": "text", "text": text}], "isError": is_error},
        },
    )


def test_get_metrics_reads_the_tool_answer_and_older_names(sdk: AGB) -> None:
    answer = (
        '{"cpu_count": 4, "cpu_used_pct": 12.5, "mem_total": 8192, "mem_used": 1024,'
        ' "disk_total": 100, "disk_used": 10, "rx_rate_kbps": 3.5, "tx_rate_kbyte_per_s": 1,'
        ' "rx_used_KB": 7, "timestamp": "2026-01-01T00:00:00Z"}'
    )
    with respx.mock(base_url=BASE) as router:
        route = router.post("/mcp").mock(return_value=tool_reply(answer))
        result = Session(sdk, "session-1").get_metrics(read_timeout=5000)
    assert __import__("json").loads(route.calls.last.request.read())["name"] == "get_metrics"
    assert result.success and result.request_id == "R" and result.raw["cpu_count"] == 4
    found = result.metrics
    assert found is not None
    assert (found.cpu_count, found.cpu_used_pct, found.mem_used) == (4, 12.5, 1024)
    assert (found.rx_rate_kbyte_per_s, found.rx_rate_kbps, found.tx_rate_kbps) == (3.5, 3.5, 1.0)
    assert (found.rx_used_kb, found.tx_used_kb, found.timestamp) == (
        7.0,
        0.0,
        "2026-01-01T00:00:00Z",
    )


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (tool_reply("no such tool", is_error=True), "Failed to get metrics: "),
        (tool_reply("[1, 2]"), "Failed to parse get_metrics response: "),
    ],
)
def test_get_metrics_failures(sdk: AGB, reply: httpx.Response, words: str) -> None:
    with respx.mock(base_url=BASE) as router:
        router.post("/mcp").mock(return_value=reply)
        result = Session(sdk, "session-1").get_metrics()
    assert not result.success and result.metrics is None and result.raw == {}
    assert result.error_message.startswith(words), result.error_message
