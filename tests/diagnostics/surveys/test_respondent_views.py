"""The respondent's journey through /s/<wave>/, its unhappy paths, and its anonymity."""

import logging
import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diagnostics.constants import WaveStatus
from diagnostics.instruments.models import Item
from diagnostics.surveys.models import (
    Answer,
    Comment,
    InvitationCode,
    PendingComment,
    Response,
    SubmissionReceipt,
    SurveyDraft,
)
from diagnostics.surveys.services import invitation_batch_create
from diagnostics.tasks import file_waiting_comments
from tests.conftest import PERSONAS
from tests.diagnostics.factories import WaveFactory
from tests.url_matrix import OK, POST_ONLY, assert_outcome, get_cases

pytestmark = pytest.mark.django_db

START = "/s/wave-open/"
EVERYONE = dict.fromkeys(PERSONAS, OK)
TO_START = dict.fromkeys(PERSONAS, START)
MATRIX = {
    "survey:start": ({"slug": "wave-open"}, EVERYONE),
    "survey:section": ({"slug": "wave-open", "number": 1}, TO_START),
    "survey:demographics": ({"slug": "wave-open"}, TO_START),
    "survey:check": ({"slug": "wave-open"}, TO_START),
    "survey:submit": ({"slug": "wave-open"}, POST_ONLY),
    "survey:sent": ({"slug": "wave-open"}, EVERYONE),
    "survey:resume": ({"slug": "wave-open"}, EVERYONE),
    "survey:kiosk": ({"slug": "wave-open"}, EVERYONE),
}


@pytest.fixture
def wave(trust_a):
    return WaveFactory(
        trust=trust_a,
        slug="wave-open",
        access_mode="both",
        with_directorates=["Medicine", "Surgery"],
    )


@pytest.mark.parametrize(
    ("url_name", "persona"),
    get_cases(MATRIX),
    indirect=["persona"],
)
def test_survey_pages_are_public_and_need_a_started_survey(
    client_as, wave, url_name, persona, request
):
    kwargs, outcomes = MATRIX[url_name]
    url = reverse(url_name, kwargs=kwargs)
    response = client_as(persona).get(url)
    assert_outcome(response, outcomes[request.node.callspec.params["persona"]], url)


def items_of(wave):
    return list(
        Item.objects.filter(section__version=wave.version).order_by("section__position", "position")
    )


def answer_all(client, wave, value=4, comment="Great team. Email me at a@b.nhs.uk"):
    """Go through every section and the about-you page, as a respondent would."""
    sections = list(wave.version.sections.order_by("position"))
    for number, section in enumerate(sections, start=1):
        data = {f"item_{item.pk}": value for item in section.items.all()}
        if number == len(sections):
            for question in wave.version.comment_questions.all():
                data[f"comment_{question.pk}"] = comment
        response = client.post(f"/s/{wave.slug}/section/{number}/", data)
        assert response.status_code == 302, response.content.decode()[:500]
    response = client.post(
        f"/s/{wave.slug}/about-you/",
        {"directorate": "medicine", "staff_group": "ahp", "band": "prefer_not_to_say"},
    )
    assert response.url == f"/s/{wave.slug}/check/"


def start(client, wave, **data):
    return client.post(f"/s/{wave.slug}/", data)


class TestHappyPath:
    def test_start_page_explains_anonymity_with_this_waves_k(self, client, wave):
        wave.threshold_k = 15
        wave.save()
        html = client.get(START).content.decode()
        assert "Results are only shown for groups of 15 or more people" in html
        assert "There are 6 questions" in html

    def test_a_whole_survey_stores_one_anonymous_response(self, client, wave):
        assert start(client, wave).url == f"/s/{wave.slug}/section/1/"
        page = client.get(f"/s/{wave.slug}/section/1/").content.decode()
        assert "Section 1 of 3" in page
        answer_all(client, wave)
        check = client.get(f"/s/{wave.slug}/check/").content.decode()
        assert "Send my answers" in check and "Medicine" in check
        sent = client.post(f"/s/{wave.slug}/submit/")
        assert sent.url == f"/s/{wave.slug}/sent/"
        response = Response.objects.get()
        assert (response.directorate, response.staff_group, response.band) == (
            "medicine",
            "ahp",
            "prefer_not_to_say",
        )
        assert response.submitted_on == timezone.localdate()
        assert Answer.objects.count() == len(items_of(wave))
        assert set(Answer.objects.values_list("value", flat=True)) == {4}
        # The comment is filed apart, redacted, by the minutely task; it waits for the close.
        assert not Comment.objects.exists() and not PendingComment.objects.exists()
        file_waiting_comments.delay().get()
        assert (
            PendingComment.objects.get().text == "Great team. Email me at [email address removed]"
        )
        assert not SurveyDraft.objects.exists()

    def test_skipping_the_about_you_page_counts_as_prefer_not_to_say(self, client, wave):
        """A group of its own for people who skipped it would tell that someone did."""
        start(client, wave)
        sections = list(wave.version.sections.order_by("position"))
        for number, section in enumerate(sections, start=1):
            data = {f"item_{item.pk}": 3 for item in section.items.all()}
            client.post(f"/s/{wave.slug}/section/{number}/", data)
        assert client.post(f"/s/{wave.slug}/submit/").url == f"/s/{wave.slug}/sent/"
        response = Response.objects.get()
        assert {response.directorate, response.staff_group, response.band} == {"prefer_not_to_say"}

    def test_back_keeps_answers_and_change_returns_to_check(self, client, wave):
        start(client, wave)
        answer_all(client, wave, value=2)
        first_item = items_of(wave)[0]
        page = client.get(f"/s/{wave.slug}/section/1/?change=1").content.decode()
        assert re.search(rf'name="item_{first_item.pk}"\s+type="radio"\s+value="2"\s+checked', page)
        data = {f"item_{item.pk}": 5 for item in wave.version.sections.get(position=1).items.all()}
        response = client.post(f"/s/{wave.slug}/section/1/?change=1", data)
        assert response.url == f"/s/{wave.slug}/check/"
        assert "Strongly agree" in client.get(f"/s/{wave.slug}/check/").content.decode()


class TestUnhappyPaths:
    def test_missing_required_answers_are_listed_and_nothing_is_saved(self, client, wave):
        start(client, wave)
        first, second, _ = wave.version.sections.get(position=1).items.all()
        response = client.post(f"/s/{wave.slug}/section/1/", {f"item_{first.pk}": "3"})
        html = response.content.decode()
        assert response.status_code == 200
        assert f'<a href="#id_item_{second.pk}_0">Select an answer for: {second.text}</a>' in html
        assert re.search(rf'name="item_{first.pk}" type="radio" value="3" checked', html)
        assert SurveyDraft.objects.get().answers == {}

    @pytest.mark.parametrize("bad_value", ["0", "6", "9", "x", "-1"])
    def test_out_of_range_values_are_refused_and_nothing_is_saved(self, client, wave, bad_value):
        start(client, wave)
        items = list(wave.version.sections.get(position=1).items.all())
        data = {f"item_{item.pk}": "3" for item in items}
        data[f"item_{items[0].pk}"] = bad_value
        response = client.post(f"/s/{wave.slug}/section/1/", data)
        assert b"Select one of the answers for" in response.content
        assert SurveyDraft.objects.get().answers == {}

    def test_an_item_from_another_section_or_survey_is_rejected_and_nothing_saved(
        self, client, wave
    ):
        start(client, wave)
        items = list(wave.version.sections.get(position=1).items.all())
        other = WaveFactory(slug="other").version.sections.first().items.first()
        data = {f"item_{item.pk}": "3" for item in items} | {f"item_{other.pk}": "5"}
        for action in ("continue", "save"):
            response = client.post(f"/s/{wave.slug}/section/1/", data | {"action": action})
            assert response.status_code == 200
            assert b"This page has changed since it was loaded" in response.content
        assert SurveyDraft.objects.get().answers == {}

    def test_with_codes_and_an_open_link_a_code_is_optional(self, client, wave, od_lead_a):
        code = invitation_batch_create(wave=wave, actor=od_lead_a, size=1).plaintext_codes
        assert b"Invitation code (if you have one)" in client.get(START).content
        assert start(client, wave).status_code == 302
        assert start(Client(), wave, code=code).status_code == 302
        assert InvitationCode.objects.get().used

    def test_submitting_an_incomplete_survey_goes_back_to_check(self, client, wave):
        start(client, wave)
        response = client.post(f"/s/{wave.slug}/submit/")
        assert response.url == f"/s/{wave.slug}/check/"
        assert "Some questions still need an answer" in client.get(response.url).content.decode()
        assert not Response.objects.exists()

    def test_unknown_and_draft_waves_are_not_found(self, client, wave):
        assert client.get("/s/no-such-wave/").status_code == 404
        wave.status = WaveStatus.DRAFT
        wave.save()
        assert client.get(START).status_code == 404

    def test_a_scheduled_wave_says_when_it_opens(self, client, wave):
        wave.status = WaveStatus.SCHEDULED
        wave.opens_at = timezone.now() + timedelta(days=2)
        wave.save()
        response = client.get(START)
        assert b"This survey is not open yet" in response.content
        assert start(client, wave).status_code == 200
        assert not SurveyDraft.objects.exists()

    def test_a_closed_wave_accepts_nothing(self, client, wave):
        start(client, wave)
        answer_all(client, wave)
        wave.status = WaveStatus.CLOSED
        wave.save()
        for response in (client.get(START), client.post(f"/s/{wave.slug}/submit/")):
            assert response.status_code == 410
            assert b"This survey has closed" in response.content
        assert not Response.objects.exists()

    def test_a_wave_past_its_closing_time_is_closed_even_before_beat_runs(self, client, wave):
        wave.closes_at = timezone.now() - timedelta(minutes=1)
        wave.save()
        assert client.get(START).status_code == 410


class TestDoubleSubmit:
    def test_a_second_post_stores_nothing_more(self, client, wave):
        start(client, wave)
        answer_all(client, wave)
        first = client.post(f"/s/{wave.slug}/submit/")
        second = client.post(f"/s/{wave.slug}/submit/")
        assert first.url == second.url == f"/s/{wave.slug}/sent/"
        assert Response.objects.count() == 1
        # Back on the start page, nothing offers to carry on with the sent survey.
        assert b"Carry on where you were" not in client.get(f"/s/{wave.slug}/").content

    def test_a_second_tab_shares_the_draft_and_stores_one_response(self, client, wave):
        start(client, wave)
        answer_all(client, wave)
        other_tab = Client()
        other_tab.cookies = client.cookies
        client.post(f"/s/{wave.slug}/submit/")
        other_tab.post(f"/s/{wave.slug}/submit/")
        assert Response.objects.count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_posts_with_one_submission_key_store_one_response(trust_a):
    from tests.services import require_postgresql

    require_postgresql()
    wave = WaveFactory(trust=trust_a, slug="wave-race", with_directorates=["Medicine"])
    client = Client()
    start(client, wave)
    answer_all(client, wave)
    cookies = client.cookies
    statuses, barrier = [], threading.Barrier(20)

    def post():
        tab = Client()
        tab.cookies = cookies
        barrier.wait()
        statuses.append(tab.post(f"/s/{wave.slug}/submit/").status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(statuses)) == [302]
    assert Response.objects.filter(wave=wave).count() == 1
    assert SubmissionReceipt.objects.filter(wave=wave).count() == 1


@pytest.fixture
def coded(wave, od_lead_a):
    """A wave that needs invitation codes, and two of its codes."""
    wave.access_mode = "codes"
    wave.save()
    batch = invitation_batch_create(wave=wave, actor=od_lead_a, size=2)
    return wave, batch.plaintext_codes.split("\n")


class TestInvitationCodes:
    def test_a_codes_only_wave_needs_a_code(self, client, coded):
        wave, _ = coded
        response = start(client, wave)
        assert b"Enter your invitation code" in response.content
        assert not SurveyDraft.objects.exists()

    def test_a_wrong_code_is_refused(self, client, coded):
        wave, _ = coded
        response = start(client, wave, code="ABCDE-FGHJK")
        assert b"This code cannot be used" in response.content

    def test_a_code_works_once_and_is_not_linked_to_the_response(self, client, coded):
        wave, codes = coded
        start(client, wave, code=codes[0].lower())
        answer_all(client, wave)
        client.post(f"/s/{wave.slug}/submit/")
        assert InvitationCode.objects.filter(used=True).count() == 1
        response_fields = {f.name for f in Response._meta.get_fields()}
        assert not {"code", "invitation_code", "code_hash"} & response_fields
        draft_fields = {f.name for f in SurveyDraft._meta.get_fields()}
        assert not [name for name in draft_fields if "invitation" in name]
        again = start(Client(), wave, code=codes[0])
        assert b"This code cannot be used" in again.content

    def test_a_used_code_and_an_unknown_code_read_the_same(self, client, coded):
        wave, codes = coded
        start(Client(), wave, code=codes[0])
        used = start(Client(), wave, code=codes[0])
        unknown = start(Client(), wave, code="ABCDE-FGHJK")
        assert used.status_code == unknown.status_code == 200

        def page(response, code):
            html = response.content.decode().replace(code, "")
            return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

        assert page(used, codes[0]) == page(unknown, "ABCDE-FGHJK")

    def test_a_code_typed_again_never_opens_the_draft_it_started(self, client, coded):
        """The code list's holder types a colleague's code: nothing of theirs shows."""
        wave, codes = coded
        start(client, wave, code=codes[0])
        item = wave.version.sections.get(position=1).items.first()
        client.post(f"/s/{wave.slug}/section/1/", {f"item_{item.pk}": "5"})
        other_device = Client()
        response = start(other_device, wave, code=codes[0])
        assert response.status_code == 200 and b"This code cannot be used" in response.content
        assert "survey_draft" not in other_device.cookies
        assert other_device.get(f"/s/{wave.slug}/check/").url == f"/s/{wave.slug}/"
        # The respondent carries on as before, on their own device or with a resume code.
        assert b'value="5"' in client.get(f"/s/{wave.slug}/section/1/").content

    def test_a_code_is_used_up_when_started_not_when_sent(self, client, coded):
        """So the code's row never changes in the transaction that stores the response."""
        wave, codes = coded
        start(client, wave, code=codes[0])
        assert InvitationCode.objects.filter(used=True).count() == 1
        answer_all(client, wave)
        with CaptureQueriesContext(connection) as queries:
            client.post(f"/s/{wave.slug}/submit/")
        assert not any("diagnostics_invitationcode" in q["sql"] for q in queries)
        assert Response.objects.count() == 1

    def test_kiosk_forgets_the_person_after_they_send(self, client, coded):
        wave, codes = coded
        client.get(f"/s/{wave.slug}/kiosk/")
        client.post(f"/s/{wave.slug}/kiosk/", {"code": codes[1]})
        answer_all(client, wave)
        sent = client.post(f"/s/{wave.slug}/submit/")
        assert sent.url == f"/s/{wave.slug}/kiosk/?sent=1"
        assert client.cookies["survey_draft"].value == ""  # the token is gone
        page = client.get(sent.url).content.decode()
        assert "Your answers have been sent. Thank you for taking part" in page
        assert 'name="code"' in page and 'value="' + codes[1] not in page
        assert client.get(f"/s/{wave.slug}/check/").url == f"/s/{wave.slug}/kiosk/"

    def test_guessing_codes_is_slowed(self, client, coded, one_rate_window):
        wave, _ = coded
        statuses = [start(client, wave, code="ABCDE-FGHJK").status_code for _ in range(61)]
        assert statuses[-1] == 429 and statuses[0] == 200

    def test_a_kiosk_never_offers_to_save_for_later(self, client, coded):
        wave, codes = coded
        client.get(f"/s/{wave.slug}/kiosk/")
        client.post(f"/s/{wave.slug}/kiosk/", {"code": codes[1]})
        page = client.get(f"/s/{wave.slug}/section/1/").content.decode()
        assert "Save and come back later" not in page
        item = wave.version.sections.get(position=1).items.first()
        response = client.post(
            f"/s/{wave.slug}/section/1/", {f"item_{item.pk}": "5", "action": "save"}
        )
        assert b"resume-code" not in response.content
        assert not SurveyDraft.objects.exclude(resume_code_hash=None).exists()

    def test_the_next_person_at_a_kiosk_cannot_reach_the_last_ones_answers(self, client, coded):
        wave, codes = coded
        client.get(f"/s/{wave.slug}/kiosk/")
        client.post(f"/s/{wave.slug}/kiosk/", {"code": codes[1]})
        answer_all(client, wave)  # ...and walks away without sending
        client.get(f"/s/{wave.slug}/kiosk/")  # the next person's start
        assert client.get(f"/s/{wave.slug}/check/").url == f"/s/{wave.slug}/kiosk/"

    def test_going_back_after_sending_at_a_kiosk_stays_in_kiosk_mode(self, client, coded):
        """The browser's back button after sending: every page of the survey behind the thanks
        leads to the code page for the next person, never to the survey's own start page."""
        wave, codes = coded
        client.get(f"/s/{wave.slug}/kiosk/")
        client.post(f"/s/{wave.slug}/kiosk/", {"code": codes[1]})
        answer_all(client, wave)
        client.post(f"/s/{wave.slug}/submit/")
        kiosk = f"/s/{wave.slug}/kiosk/"
        last = wave.version.sections.count()
        for url in (
            f"/s/{wave.slug}/check/",
            f"/s/{wave.slug}/section/{last}/",
            f"/s/{wave.slug}/section/1/",
        ):
            assert client.get(url).url == kiosk, url
        # Sending again (a re-POST from the history) also goes to the code page.
        assert client.post(f"/s/{wave.slug}/submit/").url == kiosk

    def test_back_from_the_first_page_at_a_kiosk_goes_to_the_code_page(self, client, coded):
        wave, codes = coded
        client.get(f"/s/{wave.slug}/kiosk/")
        client.post(f"/s/{wave.slug}/kiosk/", {"code": codes[1]})
        page = client.get(f"/s/{wave.slug}/section/1/").content.decode()
        assert f'class="nhsuk-back-link" href="/s/{wave.slug}/kiosk/"' in page

    def test_off_a_kiosk_back_goes_to_the_start_page(self, client, coded):
        wave, codes = coded
        start(client, wave, code=codes[0])
        page = client.get(f"/s/{wave.slug}/section/1/").content.decode()
        assert f'class="nhsuk-back-link" href="/s/{wave.slug}/"' in page
        answer_all(client, wave)
        client.post(f"/s/{wave.slug}/submit/")
        assert client.get(f"/s/{wave.slug}/check/").url == f"/s/{wave.slug}/"

    def test_a_kiosk_whose_survey_no_longer_takes_codes_goes_to_the_start_page(self, client, coded):
        """The code page would be a 404 once the survey is open-link only."""
        wave, _ = coded
        client.get(f"/s/{wave.slug}/kiosk/")
        wave.access_mode = "open"
        wave.save()
        assert client.get(f"/s/{wave.slug}/check/").url == f"/s/{wave.slug}/"


class TestKioskOnASignedInComputer:
    """A staff member signed in on the ward computer opens kiosk mode: the browser is signed
    out first, after saying so; kiosk pages offer no way into an account or the portal."""

    def test_kiosk_mode_asks_to_sign_the_browser_out_first(self, client, coded, od_lead_a):
        wave, codes = coded
        client.force_login(od_lead_a)
        page = client.get(f"/s/{wave.slug}/kiosk/").content.decode()
        assert "This browser is signed in as Olu Lead" in page
        assert 'name="code"' not in page  # no survey until the browser is signed out
        assert "survey_kiosk" not in client.cookies
        # A code posted meanwhile starts nothing and signs nobody out.
        client.post(f"/s/{wave.slug}/kiosk/", {"code": codes[1]})
        assert "_auth_user_id" in client.session
        assert not SurveyDraft.objects.exists()

        signed_out = client.post(f"/s/{wave.slug}/kiosk/", {"sign_out": "1"})
        assert signed_out.url == f"/s/{wave.slug}/kiosk/"
        assert "_auth_user_id" not in client.session
        page = client.get(signed_out.url).content.decode()
        assert 'name="code"' in page and "Olu Lead" not in page

    def test_kiosk_pages_have_no_account_area_menu_or_links_out(self, client, coded):
        wave, codes = coded
        kiosk = client.get(f"/s/{wave.slug}/kiosk/").content.decode()
        client.post(f"/s/{wave.slug}/kiosk/", {"code": codes[1]})
        section = client.get(f"/s/{wave.slug}/section/1/").content.decode()
        for page in (kiosk, section):
            header = page.split("<header", 1)[1].split("</header>", 1)[0]
            footer = page.split("<footer", 1)[1].split("</footer>", 1)[0]
            assert "<a " not in header and "<a " not in footer
            assert "Sign in" not in page and "Is there anything wrong with this page" not in page

    def test_a_survey_on_a_phone_keeps_the_usual_frame(self, client, wave):
        start(client, wave)
        page = client.get(f"/s/{wave.slug}/section/1/").content.decode()
        header = page.split("<header", 1)[1].split("</header>", 1)[0]
        assert "Sign in" in header


class TestSaveAndResume:
    def test_resume_code_restores_the_answers_in_a_fresh_browser(self, client, wave):
        start(client, wave)
        first_section = list(wave.version.sections.get(position=1).items.all())
        data = {f"item_{item.pk}": "2" for item in first_section} | {"action": "save"}
        saved = client.post(f"/s/{wave.slug}/section/1/", data).content.decode()
        code = re.search(r'id="resume-code">([A-Z0-9-]+)<', saved).group(1)
        fresh = Client()
        response = fresh.post(f"/s/{wave.slug}/resume/", {"code": code.lower()})
        assert response.url == f"/s/{wave.slug}/section/2/"
        page = fresh.get(f"/s/{wave.slug}/section/1/").content.decode()
        assert page.count("checked") == len(first_section)
        # The code works once, and the first device can no longer reach the draft.
        again = Client().post(f"/s/{wave.slug}/resume/", {"code": code})
        assert b"This resume code is not right, or has expired" in again.content
        assert client.get(f"/s/{wave.slug}/section/1/").url == f"/s/{wave.slug}/"

    def test_saving_keeps_answers_even_when_the_page_is_incomplete(self, client, wave):
        start(client, wave)
        item = wave.version.sections.get(position=1).items.first()
        client.post(f"/s/{wave.slug}/section/1/", {f"item_{item.pk}": "5", "action": "save"})
        assert SurveyDraft.objects.get().answers == {str(item.pk): 5}

    def test_a_wrong_resume_code_says_so(self, client, wave):
        response = client.post(f"/s/{wave.slug}/resume/", {"code": "ABCDE-FGHJK"})
        assert b"This resume code is not right, or has expired" in response.content

    def test_drafts_are_deleted_when_the_wave_closes(self, client, wave):
        from diagnostics.surveys.services import wave_status_change

        start(client, wave)
        wave_status_change(wave=wave, to="closed")
        assert not SurveyDraft.objects.exists()


class TestAnonymity:
    IDENTIFYING = re.compile(r"user|ip|address|agent|code|token|key|email|session|time|_at$")

    @pytest.mark.parametrize("model", [Response, Answer, Comment, SubmissionReceipt])
    def test_no_column_can_hold_who_or_when_finer_than_the_day(self, model):
        columns = [f.name for f in model._meta.concrete_fields]
        suspicious = [c for c in columns if self.IDENTIFYING.search(c) and c != "key_hash"]
        assert suspicious == []
        types = {f.get_internal_type() for f in model._meta.concrete_fields}
        assert "DateTimeField" not in types and "GenericIPAddressField" not in types

    def test_a_signed_in_staff_member_leaves_no_link_from_account_to_answers(
        self, client, wave, od_lead_a
    ):
        client.force_login(od_lead_a)
        start(client, wave)
        answer_all(client, wave)
        session_before = dict(client.session)
        client.post(f"/s/{wave.slug}/submit/")
        # Their sign-in session never held the draft, and nothing now points at it.
        assert all("survey" not in key for key in session_before)
        assert all("survey" not in key for key in client.session.keys())  # noqa: SIM118 - sessions iterate by index
        assert client.cookies["survey_draft"].value == ""
        assert Response.objects.count() == 1

    def test_receipts_do_not_sort_with_responses(self):
        assert SubmissionReceipt._meta.pk.get_internal_type() == "UUIDField"

    def test_comments_cannot_be_joined_to_responses(self):
        relations = {f.related_model for f in Comment._meta.get_fields() if f.is_relation}
        assert Response not in relations and Answer not in relations
        assert Comment._meta.pk.get_internal_type() == "UUIDField"

    def test_logs_during_a_submission_hold_no_code_and_no_address(self, wave, caplog, od_lead_a):
        wave.access_mode = "codes"
        wave.save()
        code = invitation_batch_create(wave=wave, actor=od_lead_a, size=1).plaintext_codes
        client = Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Agent-Orange/1.0")
        with caplog.at_level(logging.DEBUG):
            start(client, wave, code=code)
            answer_all(client, wave)
            client.post(f"/s/{wave.slug}/submit/")
            client.post(f"/s/{wave.slug}/submit/")
        assert Response.objects.count() == 1
        logged = caplog.text
        for secret in (code, code.replace("-", ""), "203.0.113.77", "Agent-Orange"):
            assert secret not in logged


def test_section_page_queries_do_not_grow_with_the_number_of_items(
    client, trust_a, django_assert_max_num_queries
):
    from tests.diagnostics.factories import build_version

    wave = WaveFactory(
        trust=trust_a, slug="big", version=build_version(sections=1, items_per_section=40)
    )
    start(client, wave)
    with django_assert_max_num_queries(8):
        response = client.get(f"/s/{wave.slug}/section/1/")
    assert response.content.decode().count('type="radio"') == 200
