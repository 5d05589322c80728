"""A studied profile's history as xAPI statements: what each record becomes, stable ids,
voiding, and the way back (``histories_from_statements``). Real profiles, no mocks."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.xapi.conftest import HOSTILE, Studied, study_later
from trainer.cli import main
from trainer.progress.models import History
from trainer.progress.store import ProgressStore
from trainer.xapi.profile import course_id_of, read_profile_record
from trainer.xapi.reverse import histories_from_statements
from trainer.xapi.sent import SENT_FILE, SentState, SentTo, read_sent, record_sent, resume_position
from trainer.xapi.statements import iso_duration, response_text
from trainer.xapi.vocabulary import (
    ANSWER_EXT,
    ANSWERED,
    ATTEMPT_EXT,
    COMPLETED,
    EXPERIENCED,
    HOME_PAGE,
    KIND_EXT,
    NAMESPACE,
    QUESTIONS_EXT,
    VOIDED,
    parse_activity,
    question_activity,
    statement_id,
)

COURSE = "test-course"
VERB = {"answered": ANSWERED, "voided": VOIDED, "completed": COMPLETED}


def statements_of(studied: Studied, **learner: Any) -> list[dict[str, Any]]:
    record = read_profile_record(studied.data_dir, studied.profile)
    return record.statements(record.learner(**learner), course_id_of(studied.course_root))


def verbs(statements: list[dict[str, Any]]) -> Counter[str]:
    return Counter(s["verb"]["id"].rsplit("/", 1)[-1] for s in statements)


def test_every_answer_attempt_result_and_lesson_read_becomes_a_statement(studied):
    statements = statements_of(studied)
    # 5 answers + 1 taken back in the full attempt, 1 in the abandoned one, 2 in the retake.
    assert verbs(statements) == {
        "answered": 9,
        "voided": 1,
        "completed": 2,  # the full attempt and the retake; not the abandoned one
        "failed": 1,  # full attempts only: 3 of 5 right does not pass
        "experienced": 1,
    }
    record = read_profile_record(studied.data_dir, "anna")
    for statement in statements:
        assert statement["actor"] == {
            "objectType": "Agent",
            "name": "anna",
            "account": {"homePage": HOME_PAGE, "name": record.identity.id},
        }
        assert uuid.UUID(statement["id"]).version == 5
        # Nothing an LRS sets, nothing of the moment of sending.
        assert not {"stored", "authority", "version"} & set(statement)
        assert statement["timestamp"].endswith("+00:00")


def test_the_same_history_gives_the_same_statements_byte_for_byte(studied):
    first = json.dumps(statements_of(studied))
    again = json.dumps(statements_of(studied))
    assert first == again


def test_statements_already_made_keep_their_ids_and_places_as_study_goes_on(studied):
    before = statements_of(studied)
    study_later(studied.course_root, studied.data_dir)
    after = statements_of(studied)
    assert len(after) > len(before)
    assert after[: len(before)] == before
    ids = [s["id"] for s in after]
    state = SentState(
        lrs=[SentTo(url="u", sent=len(before), last_id=before[-1]["id"], at=datetime.now(UTC))]
    )
    assert resume_position(state, "u", ids).position == len(before)
    # A state that no longer matches starts from the first, and says why.
    moved = SentState(lrs=[SentTo(url="u", sent=3, last_id=ids[0], at=datetime.now(UTC))])
    resume = resume_position(moved, "u", ids)
    assert resume.position == 0 and resume.notice


def test_an_answer_taken_back_is_sent_and_then_voided(studied):
    statements = statements_of(studied)
    [void] = [s for s in statements if s["verb"]["id"] == VOIDED]
    target = void["object"]
    assert target["objectType"] == "StatementRef"
    [undone] = [s for s in statements if s["id"] == target["id"]]
    assert undone["verb"]["id"] == ANSWERED
    assert undone["result"]["response"] == "C"
    assert undone["object"]["id"] == question_activity(COURSE, "basics/b4")
    assert void["timestamp"] >= undone["timestamp"]
    assert statements.index(void) > statements.index(undone)
    # The record the app shows has no trace of it: the statements' way back neither.
    [student] = histories_from_statements(statements).values()
    answers = [a.answer for _, a in student.history.answers() if a.question == "basics/b4"]
    assert answers == ["A"]


def test_an_answer_carries_its_score_time_response_and_attempt(studied):
    statements = statements_of(studied)
    with ProgressStore.open(studied.data_dir, "anna") as store:
        history, _ = store.read_history()
    full = history.attempts[0]
    answered = {
        s["object"]["id"]: s
        for s in statements
        if s["verb"]["id"] == ANSWERED and s["context"]["extensions"][ATTEMPT_EXT] == full.attempt
    }
    for answer in full.answers:
        statement = answered[question_activity(COURSE, answer.question)]
        assert statement["timestamp"] == answer.answered_at.isoformat()
        result = statement["result"]
        assert result["success"] is answer.correct
        assert result["score"] == {
            "scaled": int(answer.correct),
            "raw": int(answer.correct),
            "min": 0,
            "max": 1,
        }
        assert result["duration"] == "PT12.5S"
        assert result["extensions"][ANSWER_EXT] == answer.answer
        context = statement["context"]
        assert context["extensions"][KIND_EXT] == "full"
        assert context["registration"] == str(
            uuid.uuid5(NAMESPACE, f"{_id(studied)}|{full.attempt}")
        )
        assert [a["id"] for a in context["contextActivities"]["parent"]] == [
            f"urn:massage-trainer:course:{COURSE}/quiz/basics"
        ]
        assert [a["id"] for a in context["contextActivities"]["grouping"]] == [
            f"urn:massage-trainer:course:{COURSE}"
        ]
    responses = {parse_activity(k).id: s["result"]["response"] for k, s in answered.items()}
    assert responses == {
        "basics/b1": "B",
        "basics/b2": "true",
        "basics/b3": HOSTILE,
        "basics/b4": "A",
        "basics/b5": "a[.]1[,]b[.]2",
    }


def _id(studied: Studied) -> str:
    return read_profile_record(studied.data_dir, "anna").identity.id


def test_a_finished_attempt_is_completed_with_its_questions_and_a_full_one_passes_or_fails(
    studied,
):
    statements = statements_of(studied)
    with ProgressStore.open(studied.data_dir, "anna") as store:
        history, _ = store.read_history()
    full, _abandoned, retake = history.attempts
    by_attempt: dict[str, list[dict[str, Any]]] = {}
    for s in statements:
        if s["verb"]["id"] != ANSWERED and "extensions" in s.get("context", {}):
            by_attempt.setdefault(s["context"]["extensions"][ATTEMPT_EXT], []).append(s)
    completed, failed = by_attempt[full.attempt]
    assert completed["verb"]["id"] == COMPLETED
    assert completed["timestamp"] == full.ended_at.isoformat() == failed["timestamp"]
    assert completed["result"]["score"] == {"scaled": 0.6, "raw": 60.0, "min": 0, "max": 100}
    assert completed["result"]["completion"] is True
    assert completed["result"]["success"] is False
    seconds = (full.ended_at - full.started_at).total_seconds()
    assert completed["result"]["duration"] == iso_duration(seconds)
    assert completed["context"]["extensions"][QUESTIONS_EXT] == full.questions
    assert failed["verb"]["id"].endswith("/failed")
    assert failed["result"] == {"success": False, "score": completed["result"]["score"]}
    [retake_completed] = by_attempt[retake.attempt]  # practice: no pass or fail
    assert retake_completed["verb"]["id"] == COMPLETED
    assert retake_completed["context"]["extensions"][KIND_EXT] == "retake"


def test_a_lesson_read_to_the_end_is_experienced_once_at_that_moment(studied):
    statements = statements_of(studied)
    [read] = [s for s in statements if s["verb"]["id"] == EXPERIENCED]
    with ProgressStore.open(studied.data_dir, "anna") as store:
        status = store.lesson_status("basics")
    assert read["object"]["id"] == f"urn:massage-trainer:course:{COURSE}/lesson/basics"
    assert read["timestamp"] == status.read_at.isoformat()
    assert read["result"] == {"completion": True}


def test_statements_hold_no_course_text(studied):
    text = json.dumps(statements_of(studied))
    for words in ("Basics quiz", "First [b]question", "Strokes", "E.", "Test course"):
        assert words not in text


def test_the_way_back_gives_the_attempts_answers_and_lessons_of_the_record(studied):
    statements = statements_of(studied)
    problems: list[str] = []
    students = histories_from_statements(reversed(statements), problems=problems)
    assert problems == []
    [(profile_id, student)] = students.items()
    assert (profile_id, student.id, student.name) == (_id(studied), _id(studied), "anna")
    with ProgressStore.open(studied.data_dir, "anna") as store:
        history, _ = store.read_history()
    assert _comparable(student.history) == _comparable(history)


def _comparable(history: History) -> dict[str, Any]:
    """What the statements carry of a history: of an attempt not finished (no statement
    of its own), only its answers, its quiz, kind, mode and start."""
    attempts = []
    for a in history.attempts:
        finished = a.outcome == "finished"
        left_out = {"seed", "fingerprints", "answers", "outcome"}
        attempts.append(
            {
                **a.model_dump(
                    exclude=left_out if finished else left_out | {"questions", "ended_at"}
                ),
                "finished": finished,
                "answers": [b.model_dump(exclude={"card"}) for b in a.answers],
            }
        )
    return {
        "lessons": [(r.lesson, r.read_at) for r in history.lessons if r.read_at is not None],
        "attempts": attempts,
    }


def test_hostile_answers_survive_as_data_through_a_file(studied, tmp_path, capsys):
    out = tmp_path / "anna.xapi.json"
    argv = ["records", "export", "--format", "xapi", "--data-dir", str(studied.data_dir)]
    code = main([*argv, "--profile", "anna", "--course", str(studied.course_root), "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    raw = out.read_text(encoding="utf-8")
    assert "\x1b" not in raw and "\x07" not in raw  # escaped as JSON \u001b
    statements = json.loads(raw)
    assert statements == statements_of(studied)
    [student] = histories_from_statements(statements).values()
    given = [a.answer for _, a in student.history.answers() if a.question == "basics/b3"]
    assert given[0] == HOSTILE


def test_anonymous_statements_show_the_pseudonym_and_never_the_profile_name(studied, capsys):
    statements = statements_of(studied, anonymous=True)
    record = read_profile_record(studied.data_dir, "anna")
    assert {s["actor"]["name"] for s in statements} == {record.identity.pseudonym()}
    assert '"anna"' not in json.dumps(statements)
    # Same ids as with the name: the name is not part of what a statement is.
    assert [s["id"] for s in statements] == [s["id"] for s in statements_of(studied)]
    named = statements_of(studied, name="  Anna K. ")
    assert {s["actor"]["name"] for s in named} == {"Anna K."}


def test_the_course_id_comes_from_course_toml_else_from_the_title(tmp_path, studied):
    assert course_id_of(studied.course_root) == "test-course"
    toml = studied.course_root / "course.toml"
    toml.write_text('id = "massage-101"\ntitle = "Renamed"\n', encoding="utf-8")
    assert course_id_of(studied.course_root) == "massage-101"
    toml.write_text('id = "not an id!"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"course\.toml:1: .*fix it first"):
        course_id_of(studied.course_root)


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        (True, "true"),
        (False, "false"),
        ("B", "B"),
        ("", ""),
        (["A", "C"], "A[,]C"),
        (["third", "first", "second"], "third[,]first[,]second"),
        ([["a", "1"], ["b", "2"]], "a[.]1[,]b[.]2"),
        ([], ""),
    ],
)
def test_responses_follow_the_xapi_interaction_conventions(answer, text):
    assert response_text(answer) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "PT0S"),
        (4, "PT4S"),
        (12.5, "PT12.5S"),
        (1.25, "PT1.25S"),
        (0.004, "PT0S"),
        (3725.1, "PT3725.1S"),
    ],
)
def test_durations_are_iso_8601_to_the_hundredth(seconds, text):
    assert iso_duration(seconds) == text


def _statement(**changes: Any) -> dict[str, Any]:
    made: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": {"name": "x", "account": {"homePage": HOME_PAGE, "name": "a" * 32}},
        "verb": {"id": EXPERIENCED},
        "object": {"id": f"urn:massage-trainer:course:{COURSE}/lesson/basics"},
        "timestamp": "2026-01-02T03:04:05+00:00",
    }
    made.update(changes)
    return made


def test_the_way_back_passes_over_what_is_not_ours_and_names_what_cannot_be_read():
    problems: list[str] = []
    students = histories_from_statements(
        [
            _statement(),  # ours: a lesson read
            _statement(actor={"mbox": "mailto:someone@example.org"}),  # another system's
            _statement(actor={"account": {"homePage": "https://other.example", "name": "a"}}),
            _statement(verb={"id": "http://adlnet.gov/expapi/verbs/launched"}),  # not sent
            _statement(object={"id": "https://other.example/activity"}),
            _statement(object={"id": "urn:massage-trainer:course:other-course/lesson/x"}),
            _statement(timestamp="yesterday"),  # ours, unreadable
            _statement(verb={"id": ANSWERED}, context={"extensions": {}}),  # no attempt
            "not a statement",
            {"verb": "odd"},
        ],
        course_id=COURSE,
        problems=problems,
    )
    [student] = students.values()
    assert [lesson.lesson for lesson in student.history.lessons] == ["basics"]
    assert len(problems) == 2
    assert "not an ISO 8601 date" in problems[0]
    assert "attempt" in problems[1]


def test_a_profile_id_that_is_not_ours_is_no_student():
    assert (
        histories_from_statements(
            [_statement(actor={"account": {"homePage": HOME_PAGE, "name": "../x"}})]
        )
        == {}
    )


def test_an_export_to_a_file_needs_the_course_toml_to_be_right(studied, tmp_path, capsys):
    (studied.course_root / "course.toml").write_text("id = 5\n", encoding="utf-8")
    argv = ["records", "export", "--format", "xapi", "--data-dir", str(studied.data_dir)]
    code = main([*argv, "--course", str(studied.course_root), "--profile", "anna"])
    assert code == 1
    assert "course.toml:1" in capsys.readouterr().err


def test_export_xapi_refuses_for_class_and_both_names(studied, capsys):
    argv = ["records", "export", "--data-dir", str(studied.data_dir), "--profile", "anna"]
    assert main([*argv, "--format", "xapi", "--anonymous", "--name", "X"]) == 2
    assert "not both" in capsys.readouterr().err


def test_statements_json_is_one_statement_a_line(studied, tmp_path):
    out: Path = tmp_path / "x.json"
    argv = ["records", "export", "--format", "xapi", "--data-dir", str(studied.data_dir)]
    assert (
        main([*argv, "--course", str(studied.course_root), "-o", str(out), "--profile", "anna"])
        == 0
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert len(lines) == len(statements_of(studied)) + 2


@pytest.mark.parametrize("key", ["", "answer|x|y", "ü \u202e \x00", "k" * 5000])
def test_statement_ids_are_uuid5_under_our_namespace(key):
    assert statement_id(key) == str(uuid.uuid5(NAMESPACE, key))


def test_an_unreadable_send_state_is_set_aside_and_sending_starts_over(tmp_path):
    path = tmp_path / SENT_FILE
    path.write_text('schema_version = 1\n[[lrs]]\nurl = "u"\nsent = "many"\n', encoding="utf-8")
    # A dry run says so and leaves it.
    state, notice = read_sent(tmp_path, repair=False)
    assert state.lrs == [] and notice and "left where it is" in notice
    assert path.exists()
    state, notice = read_sent(tmp_path)
    assert state.lrs == [] and notice and "kept as lrs-sent.toml.corrupt-" in notice
    assert not path.exists()
    assert len(list(tmp_path.glob("lrs-sent.toml.corrupt-*"))) == 1
    # Written anew, it reads back.
    record_sent(tmp_path, state, "u", 5, "id-5", datetime(2026, 1, 1, tzinfo=UTC))
    again, notice = read_sent(tmp_path)
    assert notice is None
    assert again.entry("u") == SentTo(
        url="u", sent=5, last_id="id-5", at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    # A newer version is not ours to read.
    path.write_text("schema_version = 2\n", encoding="utf-8")
    assert read_sent(tmp_path)[1] is not None


@pytest.mark.parametrize(
    ("title", "made"),
    [
        ("Swedish Massage Foundations", "swedish-massage-foundations"),
        ("Åsa's  Massage: Part 2!", "asa-s-massage-part-2"),
        ("[b]Markup[/b] \x1b]0;x\x07", "b-markup-b-0-x"),
        ("指圧", "course"),
    ],
)
def test_a_course_without_an_id_gets_one_made_from_its_title_and_new_courses_write_it(title, made):
    import tomllib

    from trainer.course.models import CourseInfo
    from trainer.course.templates import course_template

    assert CourseInfo(title=title).course_id() == made
    written = tomllib.loads(course_template(title))
    assert CourseInfo.model_validate(written).course_id() == made == written["id"]
