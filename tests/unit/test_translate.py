"""Translation of the service's nested JSON answers into result objects."""

from __future__ import annotations

import json

import pytest

from agb import _translate


def run_code_answer(**fields: object) -> str:
    doc = {"result": [], "stdout": [], "stderr": [], "executionError": None,
           "execution_count": 1, "execution_time": 0.25}  # fmt: skip
    doc.update(fields)
    return json.dumps(doc)


def test_code_result_success_with_rich_output() -> None:
    answer = run_code_answer(
        stdout=["hello\n"],
        result=[{"text/plain": "42", "text/html": "<b>42</b>", "isMainResult": True}],
    )
    result = _translate.code_result("RID", True, answer, "Code.run")
    assert result.success and result.error_message == ""
    assert result.logs.stdout == ["hello\n"]
    assert result.results[0].text == "42" and result.results[0].html == "<b>42</b>"
    assert result.result == "42"
    assert (result.execution_count, result.execution_time, result.request_id) == (1, 0.25, "RID")


def test_code_result_execution_error() -> None:
    answer = run_code_answer(executionError="NameError: name 'x' is not defined", stderr=["tb"])
    result = _translate.code_result("RID", True, answer, "Failed to run code")
    assert not result.success
    assert result.error is not None and result.error.name == "NameError"
    # the error the cell raised is the message, as the official SDK gives it
    assert result.error_message == "NameError: name 'x' is not defined"


def test_code_result_tool_error_plain_text() -> None:
    result = _translate.code_result("RID", False, "Unsupported language: cobol", "Code.run")
    assert not result.success and "Unsupported language" in result.error_message


def test_result_property_falls_back_to_stdout() -> None:
    result = _translate.code_result("", True, run_code_answer(stdout=["a", "b"]), "Code.run")
    assert result.result == "ab"


@pytest.mark.parametrize(
    ("ok", "doc", "success", "exit_code"),
    [
        (True, {"stdout": "hi\n", "stderr": "", "exit_code": 0, "traceId": ""}, True, 0),
        (False, {"stdout": "", "stderr": "boom\n", "exit_code": 2, "traceId": "t-1"}, False, 2),
    ],
)
def test_command_result(ok: bool, doc: dict[str, object], success: bool, exit_code: int) -> None:
    result = _translate.command_result("RID", ok, json.dumps(doc), "Command.execute_command")
    assert result.success is success and result.exit_code == exit_code
    assert result.output == str(doc["stdout"]) + str(doc["stderr"])
    if not success:
        assert "exit code 2" in result.error_message and "boom" in result.error_message
        assert result.trace_id == "t-1"


def test_tools_and_labels_parsing() -> None:
    raw = json.dumps(
        [
            {
                "name": "shell",
                "description": "d",
                "inputSchema": {"type": "object"},
                "server": "s",
                "tool": "t",
            },
        ]
    )
    (tool,) = _translate.tools(raw)
    assert (tool.name, tool.input_schema, tool.server) == ("shell", {"type": "object"}, "s")
    assert _translate.tools("") == []
    with pytest.raises(ValueError):
        _translate.tools('{"not": "a list"}')
    assert _translate.labels('{"a": "1"}') == {"a": "1"}
    with pytest.raises(ValueError):
        _translate.labels("[1]")
    with pytest.raises(_translate.WrongTypeError, match=r"data\[1\] is str 'junk'"):
        _translate.tools(json.dumps([{"name": "shell"}, "junk"]))
