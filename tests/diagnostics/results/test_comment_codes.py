"""Coding released survey comments to cultural elements, and the comments page's filter by
element: who may code, what is stored (nothing that could tie a comment to anyone), and the
k rule, tested as an insider would attack it (docs/anonymity.md)."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.exceptions import ApplicationError
from core.models import AuditEvent
from diagnostics.constants import WaveStatus
from diagnostics.results import selectors
from diagnostics.results.comments import ALL, UNCODED, comment_page
from diagnostics.results.models import CommentCode
from diagnostics.results.services import survey_comment_code, wave_results_refresh
from diagnostics.surveys.models import Comment, PendingComment
from diagnostics.surveys.services import wave_status_change
from programmes.constants import FRAMEWORK_ELEMENTS, Element, Framework
from programmes.selectors import framework_for_trust
from programmes.services import programme_close
from tests.diagnostics.factories import WaveFactory, add_responses, build_version
from tests.programmes.factories import start_programme

pytestmark = pytest.mark.django_db

K = 5
TEXTS = [
    "The team pulls together when the ward is short.",
    "Nobody listens when we raise concerns about staffing.",
    "Training for new starters has got much better.",
    "Rotas are published late and it is hard to plan.",
    "Leaders are visible on the wards now.",
    "Handovers are calmer since the huddle moved.",
    "We rarely hear what happened after an incident report.",
]
SECRET = "As the only porter on nights in the east wing I feel invisible."


def released(wave, texts, question=None):
    question = question or wave.version.comment_questions.first()
    return Comment.objects.bulk_create(
        Comment(wave=wave, question=question, text=text) for text in texts
    )


def closed_wave(trust, *, texts=(*TEXTS, SECRET), title="Culture survey with comments"):
    """A closed survey of `trust` with figures (k of 5) and these comments released."""
    wave = WaveFactory(
        trust=trust,
        title=title,
        status=WaveStatus.CLOSED,
        threshold_k=K,
        version=build_version(sections=1, items_per_section=2),
    )
    add_responses(wave, 12)
    wave_results_refresh(wave_id=wave.pk)
    released(wave, texts)
    return wave


@pytest.fixture
def wave(trust_a):
    return closed_wave(trust_a)


def read(response) -> str:
    """The page's HTML with its runs of white space made one space, to read sentences."""
    return " ".join(response.content.decode().split())


def by_text(wave, text):
    return Comment.objects.get(wave=wave, text=text)


def comments_url(wave, **query):
    url = reverse("diagnostics:results-comments", args=[wave.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def code_url(wave, comment):
    return reverse("diagnostics:results-comment-code", args=[wave.pk, comment.pk])


class TestWhatIsStored:
    def test_codes_and_comments_hold_no_time_and_no_coder(self):
        # Anything added here must be weighed against docs/anonymity.md first.
        assert {f.name for f in CommentCode._meta.get_fields()} == {"id", "comment", "element"}
        assert {f.name for f in Comment._meta.concrete_fields} == {
            "id",
            "wave",
            "question",
            "text",
            "elements_decided",
        }
        assert CommentCode._meta.pk.get_internal_type() == "UUIDField"


class TestSurveyCommentCode:
    def test_codes_a_comment_and_audits_the_act_without_its_text(self, wave, od_lead_a):
        comment = by_text(wave, SECRET)
        changed = survey_comment_code(
            comment=comment,
            actor=od_lead_a,
            elements=[Element.TEAMWORK, Element.SUPPORT_COMPASSION],
        )
        comment.refresh_from_db()
        assert changed and comment.elements_decided
        assert set(comment.codes.values_list("element", flat=True)) == {
            Element.TEAMWORK,
            Element.SUPPORT_COMPASSION,
        }
        event = AuditEvent.objects.get(action="diagnostics.survey_comment_coded")
        assert event.actor == od_lead_a
        assert event.detail == {"wave": wave.pk}
        assert "porter" not in f"{event.target} {event.detail}"
        assert str(comment.pk) not in f"{event.target} {event.detail}"

    def test_a_change_replaces_the_codes_and_none_is_a_coding_too(self, wave, od_lead_a):
        comment = by_text(wave, TEXTS[0])
        survey_comment_code(comment=comment, actor=od_lead_a, elements=[Element.TEAMWORK])
        survey_comment_code(comment=comment, actor=od_lead_a, elements=[Element.VISION_VALUES])
        assert list(comment.codes.values_list("element", flat=True)) == [Element.VISION_VALUES]
        survey_comment_code(comment=comment, actor=od_lead_a, elements=[])
        comment.refresh_from_db()
        assert comment.elements_decided and not comment.codes.exists()
        assert selectors.survey_comment_next_uncoded(wave) != comment

    def test_coding_twice_the_same_stores_each_code_once(self, wave, od_lead_a):
        comment = by_text(wave, TEXTS[0])
        elements = [Element.TEAMWORK, Element.TEAMWORK, Element.GOALS_PERFORMANCE]
        assert survey_comment_code(comment=comment, actor=od_lead_a, elements=elements)
        assert not survey_comment_code(comment=comment, actor=od_lead_a, elements=elements)
        assert CommentCode.objects.filter(comment=comment).count() == 2
        assert AuditEvent.objects.filter(action="diagnostics.survey_comment_coded").count() == 1

    def test_only_elements_of_the_trusts_framework(self, wave, od_lead_a):
        start_programme(wave.trust, od_lead_a, framework=Framework.CLP_2016)
        with pytest.raises(ValidationError) as refused:
            survey_comment_code(
                comment=by_text(wave, TEXTS[0]),
                actor=od_lead_a,
                elements=[Element.EQUITY_INCLUSION],
            )
        assert refused.value.message_dict == {
            "elements": ["Choose elements from your programme's framework"]
        }
        assert not CommentCode.objects.exists()

    def test_a_comment_of_a_survey_not_closed_cannot_be_coded(self, trust_a, od_lead_a):
        wave = WaveFactory(trust=trust_a, status=WaveStatus.OPEN)
        [comment] = released(wave, ["Made up: only a close releases comments"])
        with pytest.raises(ApplicationError):
            survey_comment_code(comment=comment, actor=od_lead_a, elements=[Element.TEAMWORK])
        assert not CommentCode.objects.exists()


class TestSelectors:
    def test_the_framework_is_the_running_programmes_else_the_latest_else_every_element(
        self, trust_a, od_lead_a
    ):
        assert framework_for_trust(trust=trust_a) == Framework.REVISED
        old = start_programme(trust_a, od_lead_a, framework=Framework.CLP_2016)
        assert framework_for_trust(trust=trust_a) == Framework.CLP_2016
        programme_close(programme=old, actor=od_lead_a)
        assert framework_for_trust(trust=trust_a) == Framework.CLP_2016
        start_programme(trust_a, od_lead_a, framework=Framework.REVISED, name="Second")
        assert framework_for_trust(trust=trust_a) == Framework.REVISED

    def test_next_uncoded_goes_through_every_comment_once(self, wave, od_lead_a):
        seen = []
        while (comment := selectors.survey_comment_next_uncoded(wave)) is not None:
            assert comment not in seen
            seen.append(comment)
            survey_comment_code(comment=comment, actor=od_lead_a, elements=[])
            assert selectors.survey_comments_uncoded_count(wave) == len(TEXTS) + 1 - len(seen)
        assert len(seen) == len(TEXTS) + 1

    def test_a_comment_is_found_only_through_its_own_wave(self, wave, trust_a):
        other = closed_wave(trust_a, texts=["Another survey's comment"], title="Other")
        comment = Comment.objects.get(wave=other)
        assert selectors.survey_comment_get(other, pk=comment.pk) == comment
        assert selectors.survey_comment_get(wave, pk=comment.pk) is None


class FakeCode:
    def __init__(self, element):
        self.element = element


class FakeCodes(list):
    def all(self):
        return self


class FakeComment:
    def __init__(self, n, elements=None, question_id=1):
        self.pk = f"c{n}"
        self.text = f"comment {n}"
        self.question_id = question_id
        self.elements_decided = elements is not None
        self.codes = FakeCodes(FakeCode(e) for e in elements or [])


class FakeQuestion:
    def __init__(self, pk, text):
        self.pk = pk
        self.text = text


REVISED = FRAMEWORK_ELEMENTS[Framework.REVISED]


class TestCommentPage:
    """The presenter alone: counts, the k rule, numbering."""

    def page(self, comments, chosen, k=K, framework=REVISED, questions=None):
        return comment_page(
            questions=questions or [FakeQuestion(1, "Any comments?")],
            comments=comments,
            framework_elements=framework,
            chosen=chosen,
            k=k,
        )

    def test_a_filter_under_k_shows_no_comment_but_says_how_many(self):
        comments = [FakeComment(n, [Element.TEAMWORK] if n < 4 else None) for n in range(10)]
        page = self.page(comments, Element.TEAMWORK)
        assert (page.matching, page.hidden, page.questions) == (4, True, [])
        page = self.page(comments, UNCODED)
        assert (page.matching, page.hidden) == (6, False)
        assert [c.text for c in page.questions[0].comments] == [
            f"comment {n}" for n in range(4, 10)
        ]

    def test_exactly_k_is_shown(self):
        comments = [FakeComment(n, [Element.TEAMWORK]) for n in range(K)]
        page = self.page(comments, Element.TEAMWORK)
        assert not page.hidden and len(page.questions[0].comments) == K

    def test_counts_and_options_in_the_frameworks_order(self):
        comments = [
            FakeComment(0, [Element.TEAMWORK, Element.VISION_VALUES]),
            FakeComment(1, []),
            FakeComment(2),
            # Coded under an earlier programme's framework: still offered, after the rest.
            FakeComment(3, [Element.EQUITY_INCLUSION]),
        ]
        page = self.page(comments, ALL, framework=FRAMEWORK_ELEMENTS[Framework.CLP_2016])
        assert page.options == [
            (ALL, "All comments (4)"),
            (Element.VISION_VALUES, "Vision and values (1)"),
            (Element.GOALS_PERFORMANCE, "Goals and performance (0)"),
            (Element.SUPPORT_COMPASSION, "Support and compassion (0)"),
            (Element.LEARNING_INNOVATION, "Learning and innovation (0)"),
            (Element.TEAMWORK, "Teamwork (1)"),
            (Element.EQUITY_INCLUSION, "Equity and inclusion (1)"),
            (UNCODED, "Not coded yet (1)"),
        ]
        first = page.questions[0].comments[0]
        assert first.elements == ["Vision and values", "Teamwork"]

    def test_an_unknown_filter_shows_all_and_numbers_stay_put(self):
        comments = [FakeComment(n, [Element.TEAMWORK] if n % 2 else []) for n in range(12)]
        assert self.page(comments, "shoe_size").chosen == ALL
        shown = self.page(comments, Element.TEAMWORK).questions[0].comments
        assert [c.number for c in shown] == [2, 4, 6, 8, 10, 12]

    def test_all_comments_lists_every_question_and_marks_the_withheld(self):
        questions = [FakeQuestion(1, "First?"), FakeQuestion(2, "Second?")]
        page = self.page([FakeComment(n) for n in range(K)], ALL, questions=questions)
        assert [(q.question, q.withheld) for q in page.questions] == [
            ("First?", False),
            ("Second?", True),
        ]
        filtered = self.page([FakeComment(n) for n in range(K)], UNCODED, questions=questions)
        assert [q.question for q in filtered.questions] == ["First?"]


class TestCommentsPage:
    def test_the_programme_team_sees_codes_and_the_coding_links(self, client_as, wave, od_lead_a):
        survey_comment_code(
            comment=by_text(wave, TEXTS[0]), actor=od_lead_a, elements=[Element.TEAMWORK]
        )
        page = read(client_as(od_lead_a).get(comments_url(wave)))
        assert "Coded to: Teamwork" in page
        assert "Not coded yet" in page
        assert ">Code comments</a>" in page
        assert code_url(wave, by_text(wave, TEXTS[0])) in page  # to change its codes
        assert "Change codes" in page

    @pytest.mark.parametrize("persona", ["sponsor_a", "national_admin"], indirect=True)
    def test_sponsors_and_national_admins_read_codes_but_cannot_code(
        self, client_as, wave, od_lead_a, persona
    ):
        survey_comment_code(
            comment=by_text(wave, TEXTS[0]), actor=od_lead_a, elements=[Element.TEAMWORK]
        )
        client = client_as(persona)
        page = read(client.get(comments_url(wave)))
        assert "Coded to: Teamwork" in page
        assert "Code comments" not in page and "/code/" not in page
        comment = by_text(wave, TEXTS[1])
        assert client.get(code_url(wave, comment)).status_code == 403
        response = client.post(code_url(wave, comment), {"elements": ["teamwork"]})
        assert response.status_code == 403
        assert not CommentCode.objects.filter(comment=comment).exists()

    def test_viewers_see_neither_comments_nor_codes(self, client_as, wave, viewer_a, od_lead_a):
        survey_comment_code(
            comment=by_text(wave, SECRET), actor=od_lead_a, elements=[Element.TEAMWORK]
        )
        client = client_as(viewer_a)
        assert client.get(comments_url(wave, element="teamwork")).status_code == 403
        survey_page = client.get(reverse("diagnostics:wave-detail", args=[wave.pk]))
        assert survey_page.status_code == 200
        assert b"Teamwork (" not in survey_page.content and b"Coded to" not in survey_page.content

    def test_the_comments_page_queries_do_not_grow_with_codes(
        self, client_as, wave, od_lead_a, django_assert_max_num_queries
    ):
        client = client_as(od_lead_a)
        client.get(comments_url(wave))  # warm the session
        with django_assert_max_num_queries(14) as few:
            client.get(comments_url(wave, element="teamwork"))
        released(wave, [f"Another comment, number {n}" for n in range(60)])
        for comment in Comment.objects.filter(wave=wave):
            survey_comment_code(
                comment=comment,
                actor=od_lead_a,
                elements=[Element.TEAMWORK, Element.VISION_VALUES],
            )
        with django_assert_max_num_queries(len(few.captured_queries)):
            page = client.get(comments_url(wave, element="teamwork"))
        assert page.content.count(b"Coded to: Vision and values, Teamwork") == len(TEXTS) + 61


class TestTheKRule:
    """An insider who codes one comment and filters by its element must not read it alone."""

    def test_one_comment_coded_and_filtered_is_not_shown(self, client_as, wave, od_lead_a):
        client = client_as(od_lead_a)
        secret = by_text(wave, SECRET)
        response = client.post(code_url(wave, secret), {"elements": ["equity_inclusion"]})
        assert response.status_code == 302
        page = read(client.get(comments_url(wave, element="equity_inclusion")))
        assert SECRET not in page
        assert "porter" not in page
        assert "1 comment is coded to Equity and inclusion." in page
        assert f"That is fewer than {K}, so it is not shown on its own" in page
        # The whole list still holds it, among the others, with its code.
        everything = read(client.get(comments_url(wave)))
        assert SECRET in everything and "Coded to: Equity and inclusion" in everything

    def test_k_minus_one_coded_comments_stay_hidden_and_k_are_shown(
        self, client_as, wave, od_lead_a
    ):
        client = client_as(od_lead_a)
        texts = [*TEXTS, SECRET]
        for text in texts[: K - 1]:
            survey_comment_code(
                comment=by_text(wave, text), actor=od_lead_a, elements=[Element.TEAMWORK]
            )
        page = read(client.get(comments_url(wave, element="teamwork")))
        assert not any(text in page for text in texts)
        assert f"{K - 1} comments are coded to Teamwork." in page
        survey_comment_code(
            comment=by_text(wave, texts[K - 1]), actor=od_lead_a, elements=[Element.TEAMWORK]
        )
        page = read(client.get(comments_url(wave, element="teamwork")))
        assert all(text in page for text in texts[:K])
        assert not any(text in page for text in texts[K:])

    def test_not_coded_yet_under_k_is_hidden_too(self, client_as, wave, od_lead_a):
        for comment in Comment.objects.filter(wave=wave).exclude(text=SECRET):
            survey_comment_code(comment=comment, actor=od_lead_a, elements=[Element.TEAMWORK])
        page = read(client_as(od_lead_a).get(comments_url(wave, element=UNCODED)))
        assert SECRET not in page
        assert "1 comment is not coded yet." in page

    def test_an_element_nothing_is_coded_to_says_so(self, client_as, wave, od_lead_a):
        page = read(client_as(od_lead_a).get(comments_url(wave, element="teamwork")))
        assert "No comment is coded to Teamwork." in page
        assert not any(text in page for text in TEXTS)


class TestCodingPages:
    def test_suggestions_are_ticked_and_saving_moves_to_the_next(self, client_as, wave, od_lead_a):
        client = client_as(od_lead_a)
        first = selectors.survey_comment_next_uncoded(wave)
        comment = by_text(wave, TEXTS[0])
        page = client.get(code_url(wave, comment))
        assert page.status_code == 200
        assert "Suggested from the words used: Teamwork" in read(page)
        assert page.context["form"].initial == {"elements": [Element.TEAMWORK]}
        assert f"{len(TEXTS) + 1} comments still to code" in read(page)
        response = client.post(code_url(wave, first), {"elements": ["teamwork"]})
        following = selectors.survey_comment_next_uncoded(wave)
        assert response.url == code_url(wave, following)
        assert following != first

    def test_the_last_comment_goes_back_to_the_comments_page(self, client_as, wave, od_lead_a):
        client = client_as(od_lead_a)
        for comment in Comment.objects.filter(wave=wave).exclude(text=SECRET):
            survey_comment_code(comment=comment, actor=od_lead_a, elements=[])
        response = client.post(code_url(wave, by_text(wave, SECRET)), {}, follow=True)
        assert response.redirect_chain[-1][0] == comments_url(wave)
        assert "Saved. Every comment is coded" in read(response)
        assert "Every comment is coded. To change" in read(response)

    def test_changing_codes_shows_them_ticked_and_returns_to_the_comment(
        self, client_as, wave, od_lead_a
    ):
        client = client_as(od_lead_a)
        comment = by_text(wave, TEXTS[0])
        survey_comment_code(comment=comment, actor=od_lead_a, elements=[Element.VISION_VALUES])
        page = client.get(code_url(wave, comment))
        assert page.context["form"].initial == {"elements": [Element.VISION_VALUES]}
        assert "Change a comment&#x27;s codes" in read(page)
        response = client.post(
            code_url(wave, comment), {"elements": ["teamwork", "goals_performance"]}
        )
        assert response.url == f"{comments_url(wave)}#comment-{comment.pk}"
        assert set(comment.codes.values_list("element", flat=True)) == {
            Element.TEAMWORK,
            Element.GOALS_PERFORMANCE,
        }

    def test_a_change_made_from_a_filtered_list_returns_to_that_filter(
        self, client_as, wave, od_lead_a
    ):
        client = client_as(od_lead_a)
        for comment in Comment.objects.filter(wave=wave):
            survey_comment_code(comment=comment, actor=od_lead_a, elements=[Element.TEAMWORK])
        comment = by_text(wave, TEXTS[2])
        link = f"{code_url(wave, comment)}?from=teamwork"
        assert link in read(client.get(comments_url(wave, element="teamwork")))
        page = read(client.get(link))
        assert f'href="{comments_url(wave)}?element=teamwork">Stop coding' in page
        response = client.post(link, {"elements": ["teamwork", "learning_innovation"]})
        assert response.url == f"{comments_url(wave)}?element=teamwork#comment-{comment.pk}"
        # Anything else is not a filter: back to all comments, never somewhere else.
        response = client.post(f"{code_url(wave, comment)}?from=//elsewhere.example", {})
        assert response.url == f"{comments_url(wave)}#comment-{comment.pk}"

    def test_a_double_submit_stores_each_code_once(self, client_as, wave, change_team_a):
        client = client_as(change_team_a)
        comment = by_text(wave, TEXTS[1])
        for _ in range(2):
            response = client.post(code_url(wave, comment), {"elements": ["support_compassion"]})
            assert response.status_code == 302
        assert list(comment.codes.values_list("element", flat=True)) == ["support_compassion"]

    def test_an_element_not_offered_is_refused_in_plain_english(self, client_as, wave, od_lead_a):
        start_programme(wave.trust, od_lead_a, framework=Framework.CLP_2016)
        comment = by_text(wave, TEXTS[0])
        response = client_as(od_lead_a).post(
            code_url(wave, comment), {"elements": ["equity_inclusion"]}
        )
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "elements": ["Choose only elements from the list"]
        }
        assert read(response).count("Choose only elements from the list") >= 1
        comment.refresh_from_db()
        assert not comment.elements_decided and not comment.codes.exists()

    def test_another_trusts_comment_is_not_found(self, client_as, wave, trust_b, od_lead_a):
        theirs = closed_wave(trust_b, texts=["Trust B comment"], title="Trust B survey")
        comment = Comment.objects.get(wave=theirs)
        client = client_as(od_lead_a)
        assert client.get(code_url(theirs, comment)).status_code == 404
        assert client.post(code_url(theirs, comment), {"elements": []}).status_code == 404
        # Nor through one of its own surveys' addresses.
        wrong = reverse("diagnostics:results-comment-code", args=[wave.pk, comment.pk])
        assert client.get(wrong).status_code == 404
        assert client.post(wrong, {"elements": []}).status_code == 404
        assert not Comment.objects.get(pk=comment.pk).elements_decided


class TestWithheldComments:
    def test_a_survey_whose_comments_were_withheld_has_nothing_to_code(
        self, client_as, trust_a, od_lead_a
    ):
        wave = WaveFactory(
            trust=trust_a,
            status=WaveStatus.OPEN,
            threshold_k=K,
            version=build_version(sections=1, items_per_section=2),
        )
        add_responses(wave, 12)
        question = wave.version.comment_questions.first()
        pending = PendingComment.objects.create(wave=wave, question=question, text=SECRET)
        wave_status_change(wave=wave, to=WaveStatus.CLOSED)
        wave_results_refresh(wave_id=wave.pk)
        assert not Comment.objects.filter(wave=wave).exists()
        client = client_as(od_lead_a)
        page = read(client.get(comments_url(wave)))
        assert "Fewer than 5 people answered this question" in page
        assert "Code comments" not in page and "/code/" not in page
        for pk in (pending.pk, uuid.uuid4()):
            url = reverse("diagnostics:results-comment-code", args=[wave.pk, pk])
            assert client.get(url).status_code == 404
            assert client.post(url, {"elements": ["teamwork"]}).status_code == 404
        assert not CommentCode.objects.exists()


class TestTrustExport:
    def test_the_trust_export_lists_every_comment_with_its_codes(
        self, client_as, wave, od_lead_a, national_admin
    ):
        import csv
        import io
        import zipfile

        survey_comment_code(
            comment=by_text(wave, SECRET),
            actor=od_lead_a,
            elements=[Element.TEAMWORK, Element.SUPPORT_COMPASSION],
        )
        url = reverse("accounts:trust-export", args=[wave.trust.ods_code])
        for persona in (od_lead_a, national_admin):  # both read codes on the comments page
            archive = zipfile.ZipFile(io.BytesIO(client_as(persona).post(url).content))
            rows = list(csv.DictReader(io.StringIO(archive.read("survey_comments.csv").decode())))
            assert len(rows) == len(TEXTS) + 1  # every comment, never a part picked by element
            assert {row["text"]: row["elements"] for row in rows}[SECRET] == (
                "support_compassion; teamwork"
            )
            assert {row["elements"] for row in rows if row["text"] != SECRET} == {""}


class TestWhoMayCode:
    @pytest.mark.parametrize(
        ("persona", "may_code", "may_read"),
        [
            ("viewer_a", False, False),
            ("change_team_a", True, True),
            ("od_lead_a", True, True),
            ("od_lead_b", False, False),
            ("sponsor_a", False, True),
            ("national_admin", False, True),
        ],
        indirect=["persona"],
    )
    def test_the_programme_team_codes_and_those_who_read_comments_read_codes(
        self, wave, persona, may_code, may_read
    ):
        from diagnostics.rules import Permission

        assert persona.has_perm(Permission.CODE_COMMENTS, wave) is may_code
        assert persona.has_perm(Permission.VIEW_RESULTS, wave) is may_read

    def test_nobody_codes_before_the_close(self, trust_a, od_lead_a, change_team_a):
        from diagnostics.rules import Permission

        wave = WaveFactory(trust=trust_a, status=WaveStatus.OPEN)
        assert not od_lead_a.has_perm(Permission.CODE_COMMENTS, wave)
        assert not change_team_a.has_perm(Permission.CODE_COMMENTS, wave)
