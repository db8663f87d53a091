"""Q&A: ask, vote once, assign to the responsible unit, answer, and the accent-free FAQ."""

from __future__ import annotations

import pytest

from people.models import Province
from people.roles import Role
from tests.factories import (
    DepartmentFactory,
    FieldFactory,
    MinistryUnitFactory,
    ProvinceFactory,
    make_person,
)
from tests.training.factories import make_session, make_task
from training import selectors, services
from training.errors import NotAllowed, QuestionRefused
from training.models import QuestionStatus, QuestionVote, SessionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def qa():
    field = FieldFactory(name="Sở hữu trí tuệ", slug="so-huu-tri-tue")
    session = make_session()
    session.fields.add(field)
    session.save()
    unit = MinistryUnitFactory(code="cuc-shtt", name="Cục Sở hữu trí tuệ")
    answerer = make_person(Role.TRAINER, unit=unit)
    moderator = make_person(Role.MINISTRY_ADMIN)
    return session, field, unit, answerer, moderator


def _ask(session, field, text="Thẩm định hồ sơ đăng ký nhãn hiệu thuộc cấp nào?"):
    return services.ask_question(make_person(), session, field=field, text=text)


def test_the_whole_path_from_question_to_faq(qa):
    session, field, unit, answerer, moderator = qa
    question = _ask(session, field)
    services.upvote(make_person(), question)
    services.assign_question(moderator, question, unit)
    assert question.status == QuestionStatus.ASSIGNED
    assert list(selectors.questions_to_answer(answerer)) == [question]
    services.answer_question(
        answerer, question, "Sở KH&CN tiếp nhận hồ sơ;\nCục SHTT vẫn cấp văn bằng."
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answer == "Sở KH&CN tiếp nhận hồ sơ;\nCục SHTT vẫn cấp văn bằng."
    assert list(selectors.faq(field=field, query="THAM DINH nhan hieu")) == [question]
    assert list(selectors.faq(query="cuc shtt van bang")) == [question]
    assert list(selectors.faq(query="tần số")) == []


def test_one_vote_per_person_and_none_for_ones_own_question(qa):
    session, field, *_ = qa
    question = _ask(session, field)
    voter = make_person()
    services.upvote(voter, question)
    question = services.upvote(voter, question)
    assert question.vote_count == 1
    assert QuestionVote.objects.count() == 1
    with pytest.raises(QuestionRefused):
        services.upvote(question.author, question)
    question = services.withdraw_vote(voter, question)
    assert question.vote_count == 0


def test_the_host_sees_open_questions_by_votes(qa):
    session, field, unit, answerer, moderator = qa
    quiet = _ask(session, field, "Câu hỏi ít người quan tâm về sở hữu trí tuệ")
    popular = _ask(session, field, "Câu hỏi nhiều người quan tâm về nhãn hiệu")
    answered = _ask(session, field, "Câu hỏi đã được trả lời trước hội nghị")
    for _ in range(3):
        services.upvote(make_person(), popular)
    services.upvote(make_person(), quiet)
    services.assign_question(moderator, answered, unit)
    services.answer_question(answerer, answered, "Đã có hướng dẫn tại Quyết định 581/QĐ-SHTT.")
    assert list(selectors.host_questions(session)) == [popular, quiet]


def test_bad_questions_are_refused_and_nothing_is_saved(qa):
    session, field, *_ = qa
    learner = make_person()
    with pytest.raises(QuestionRefused):
        services.ask_question(learner, session, field=field, text="  Hỏi?  ")
    with pytest.raises(QuestionRefused):
        services.ask_question(learner, session, field=field, text="x" * 2001)
    other_field = FieldFactory()
    with pytest.raises(QuestionRefused):
        services.ask_question(
            learner,
            session,
            field=field,
            text="Nhiệm vụ này thuộc lĩnh vực nào?",
            task=make_task(other_field),
        )
    session.status = SessionStatus.CANCELLED
    session.save()
    with pytest.raises(QuestionRefused):
        services.ask_question(learner, session, field=field, text="Hội nghị có dời lịch không?")
    assert not session.questions.exists()


def test_only_the_assigned_unit_answers_and_only_moderators_assign(qa):
    session, field, unit, answerer, moderator = qa
    question = _ask(session, field)
    with pytest.raises(QuestionRefused):
        services.answer_question(answerer, question, "Trả lời trước khi được giao.")
    with pytest.raises(NotAllowed):
        services.assign_question(make_person(), question, unit)
    with pytest.raises(QuestionRefused):
        services.assign_question(moderator, question, DepartmentFactory())
    services.assign_question(moderator, question, unit)
    other_trainer = make_person(Role.TRAINER, unit=MinistryUnitFactory())
    with pytest.raises(NotAllowed):
        services.answer_question(other_trainer, question, "Trả lời của đơn vị khác.")
    with pytest.raises(QuestionRefused):
        services.answer_question(answerer, question, "Ngắn")
    question.refresh_from_db()
    assert question.status == QuestionStatus.ASSIGNED and question.answer == ""
    services.answer_question(moderator, question, "Quản trị Bộ cũng trả lời được.")
    assert question.status == QuestionStatus.ANSWERED


def test_a_set_aside_question_leaves_the_lists(qa):
    session, field, _, _, moderator = qa
    question = _ask(session, field)
    services.reject_question(moderator, question)
    assert list(selectors.host_questions(session)) == []
    assert list(selectors.session_questions(session, user=moderator)) == []
    with pytest.raises(QuestionRefused):
        services.upvote(make_person(), question)


def test_a_question_can_be_asked_without_a_session_and_waits_for_a_moderator(qa):
    _session, field, unit, answerer, moderator = qa
    question = services.ask_question(
        make_person(), None, field=field, text="Thủ tục cấp văn bằng bảo hộ ở cấp tỉnh?"
    )
    assert question.session is None and question.status == QuestionStatus.OPEN
    assert list(selectors.questions_to_moderate()) == [question]
    services.assign_question(moderator, question, unit)
    services.answer_question(answerer, question, "Sở KH&CN tiếp nhận hồ sơ.")
    assert list(selectors.questions_to_moderate()) == []
    assert list(selectors.faq(query="van bang")) == [question]


def test_the_faq_keeps_a_session_for_some_provinces_to_itself(qa):
    session, field, unit, answerer, moderator = qa
    private, everyone = make_session(), make_session()
    for asked_in in (None, session, private, everyone):
        question = _ask(asked_in, field, text=f"Nhãn hiệu tập thể nộp ở đâu? ({asked_in})")
        services.assign_question(moderator, question, unit)
        services.answer_question(answerer, question, "Cục Sở hữu trí tuệ.")
    private.invited_provinces.add(ProvinceFactory())
    private.save()
    everyone.invited_provinces.add(*Province.objects.all())
    everyone.save()
    listed = {q.session_id for q in selectors.faq()}
    assert listed == {None, session.pk, everyone.pk}


def test_a_faq_search_lists_the_best_match_first(qa):
    session, field, unit, answerer, moderator = qa
    # The FAQ lists the latest answer first: the better match is answered first.
    for text, answer in [
        ("Ai thẩm định đơn đăng ký nhãn hiệu?", "Sở KH&CN thẩm định đơn đăng ký nhãn hiệu."),
        ("Sở có thẩm định nhãn hiệu không?", "Có, với hồ sơ đăng ký nhãn hiệu tại tỉnh."),
    ]:
        question = _ask(session, field, text=text)
        services.assign_question(moderator, question, unit)
        services.answer_question(answerer, question, answer)
    found = selectors.search_faq(query="tham dinh dang ky nhan hieu")
    assert [q.text for q in found] == [
        "Ai thẩm định đơn đăng ký nhãn hiệu?",
        "Sở có thẩm định nhãn hiệu không?",
    ]
    # Without a query the FAQ order stays.
    assert [q.pk for q in selectors.search_faq()] == [q.pk for q in selectors.faq()]
