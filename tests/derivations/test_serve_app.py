"""The web page's app through Starlette's TestClient: the page, reading, checking, exercises, every refusal."""

from __future__ import annotations

import time

import pytest
from serving import SLOW  # tests/derivations is on sys.path (its conftest)
from starlette.testclient import TestClient

from dlmath.derivations.serve.app import Settings, make_app
from dlmath.derivations.serve.page import CSP, SCRIPT

WRONG = (r"\frac{\partial}{\partial w}\frac{1}{2}(\sigma(wx+b)-y)^2 = (\sigma(wx+b)-y)\frac{\partial}{\partial w}"
         r"\sigma(wx+b)" "\n" r"= (\sigma(wx+b)-y)x")


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(make_app(Settings(workers=2, max_bytes=4096))) as client:
        yield client


def test_the_page_is_one_document_that_loads_nothing_from_elsewhere(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert page.headers["content-security-policy"] == CSP and "default-src 'none'" in CSP
    html = page.text
    assert "<script>" in html and SCRIPT in html and "src=" not in html and "http" not in html.replace(
        "http://www.w3.org", "")  # MathML's namespace is a name, not a fetch
    assert '<option value="neuron">' in html  # the exercise topics


def test_read_shows_each_line_as_read_with_no_verdict(client: TestClient) -> None:
    answer = client.post("/api/read", json={"text": WRONG})
    assert answer.status_code == 200, answer.text
    lines = answer.json()["lines"]
    assert [line["line"] for line in lines] == [1, 2]
    assert lines[1]["read"].startswith("= ") and r"\sigma\left(w x + b\right)" in lines[1]["read"]
    assert "<math" in answer.json()["html"] and "verdict" not in answer.json()


def test_read_names_the_line_it_cannot_read(client: TestClient) -> None:
    lines = client.post("/api/read", json={"text": "x^2 = x x\n= \\foo{x}"}).json()["lines"]
    assert "read" in lines[0] and "error" in lines[1]


def test_check_gives_the_verdicts_and_the_diagnosis_of_dlmath_check_json(client: TestClient) -> None:
    answer = client.post("/api/check", json={"text": WRONG})
    assert answer.status_code == 200, answer.text
    report = answer.json()["report"]
    assert [line["verdict"] for line in report["lines"]] == ["proved", "refuted"]
    assert report["first_wrong"] == 2 and report["diagnosis"].startswith("line 2: the sigmoid's derivative")
    assert report["lines"][1]["counterexample"]["values"]
    html = answer.json()["html"]
    assert "Diagnosis." in html and "REFUTED" in html and "counterexample" in html


def test_where_conditions_are_used(client: TestClient) -> None:
    text = r"\sqrt{x^2} = x"
    assert client.post("/api/check", json={"text": text}).json()["report"]["outcome"] == "wrong"
    follows = client.post("/api/check", json={"text": text, "where": ["x > 0"]}).json()["report"]
    assert follows["outcome"] == "follows"


def test_user_text_is_escaped_everywhere(client: TestClient) -> None:
    evil = "x^2 = x x\n= \\foo{<script>alert(1)</script><img src=x onerror=alert(1)>}"
    for path in ("/api/read", "/api/check"):
        answer = client.post(path, json={"text": evil})
        html = answer.json()["html"]  # an error is JSON and the page shows it as text (textContent), never as HTML
        assert answer.status_code == 200 and "<script" not in html and "<img" not in html
        assert "&lt;script&gt;" in html


@pytest.mark.parametrize(("body", "status", "words"), [
    (b"{not json", 400, "not JSON"),
    (b'["text"]', 400, '"text" string'),
    (b'{"text": 3}', 400, '"text" string'),
    (b'{"text": "x = x", "where": [1]}', 400, '"where"'),
    (b"\xff\xfe", 400, "UTF-8"),
    (b'{"text": "no relation here"}', 422, "no line with a relation"),
])
def test_malformed_input_is_refused_with_a_message(client: TestClient, body: bytes, status: int, words: str) -> None:
    answer = client.post("/api/check", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == status and words in answer.json()["error"]


def test_a_body_over_the_limit_is_refused_with_413(client: TestClient) -> None:
    answer = client.post("/api/check", json={"text": "x = x" + " " * 5000})
    assert answer.status_code == 413 and "limit is 4,096 bytes" in answer.json()["error"]

    def chunks():  # no Content-Length: the limit is counted as the body arrives
        for _ in range(10):
            yield b" " * 1000
    streamed = client.post("/api/read", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413 and "limit of 4,096 bytes" in streamed.json()["error"]


def test_a_check_over_the_time_limit_is_stopped_with_504() -> None:
    app = make_app(Settings(limit=1.0, line_timeout=30))
    with TestClient(app) as client:
        start = time.perf_counter()
        answer = client.post("/api/check", json={"text": SLOW})
        assert answer.status_code == 504 and "time limit of 1 s" in answer.json()["error"]
        assert time.perf_counter() - start < 5
        assert not app.state.pool.running


def test_exercise_pose_hint_solution_and_grade(client: TestClient) -> None:
    ask = {"topic": "neuron", "seed": 1}
    posed = client.post("/api/exercise", json={**ask, "action": "pose"}).json()
    assert "statement" in posed["html"] and posed["hints"] >= 1
    assert "Hint 1 of" in client.post("/api/exercise", json={**ask, "action": "hint", "k": 1}).json()["html"]
    solution = client.post("/api/exercise", json={**ask, "action": "solution"}).json()["solution"]
    right = client.post("/api/exercise", json={**ask, "action": "grade", "answer": solution[-1]}).json()
    assert right["grade"]["status"] == "correct" and "CORRECT" in right["html"]
    wrong = client.post("/api/exercise", json={**ask, "action": "grade", "answer": "(a-y)"}).json()
    assert wrong["grade"]["status"] == "wrong" and "WRONG" in wrong["html"]


@pytest.mark.parametrize(("body", "status", "words"), [
    ({"topic": "nope", "seed": 0, "action": "pose"}, 422, "no exercise topic named 'nope'"),
    ({"topic": "neuron", "seed": -1, "action": "pose"}, 400, "whole numbers"),
    ({"topic": "neuron", "seed": 0, "action": "hint", "k": 99}, 422, "hints 1 to"),
    ({"topic": "neuron", "seed": 0, "action": "run"}, 400, '"action" must be one of'),
])
def test_a_bad_exercise_request_is_refused(client: TestClient, body: dict, status: int, words: str) -> None:
    answer = client.post("/api/exercise", json=body)
    assert answer.status_code == status and words in answer.json()["error"]
