"""Staff survey pages for every persona (anonymous, wrong trust, wrong role, right role),
and what each page does with good and bad input."""

import io
import re

import pytest
from django.urls import reverse

from diagnostics.constants import STAFF_GROUPS, WaveStatus
from diagnostics.results.services import wave_results_refresh
from diagnostics.surveys.models import Comment, Headcount, InvitationCode, Wave
from tests.conftest import PERSONAS
from tests.diagnostics.factories import (
    DirectorateFactory,
    WaveFactory,
    add_responses,
    build_version,
)
from tests.url_matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    POST_ONLY,
    REDIRECT,
    matrix_tests,
)

pytestmark = pytest.mark.django_db

MEMBERS_OF_A = {
    "anonymous": LOGIN,
    "viewer_a": OK,
    "change_team_a": OK,
    "od_lead_a": OK,
    "od_lead_b": NOT_FOUND,  # wrong trust: its surveys are not revealed
    "sponsor_a": OK,
    "national_admin": OK,
}
TEAM_OF_A = {
    **MEMBERS_OF_A,
    "viewer_a": FORBIDDEN,
    "sponsor_a": FORBIDDEN,
    "national_admin": FORBIDDEN,
}
# Running a wave: its trust's programme team, and national admins (who alone may lower k).
MANAGERS_OF_A = {**TEAM_OF_A, "national_admin": OK}
ADMINS = {**dict.fromkeys(PERSONAS, FORBIDDEN), "anonymous": LOGIN, "national_admin": OK}
# Results of a closed wave: the trust's programme team and sponsor; national admins too.
# Viewers follow a wave's progress, not its results.
RESULTS_OF_A = {**MEMBERS_OF_A, "viewer_a": FORBIDDEN}

# url name -> (kwargs from the objects, {persona: outcome})
MATRIX = {
    "diagnostics:wave-list": (lambda o: {"ods_code": "RAA"}, MEMBERS_OF_A),
    "diagnostics:wave-create": (lambda o: {"ods_code": "RAA"}, MANAGERS_OF_A),
    "diagnostics:directorates": (lambda o: {"ods_code": "RAA"}, TEAM_OF_A),
    "diagnostics:wave-detail": (lambda o: {"pk": o["wave"].pk}, MEMBERS_OF_A),
    "diagnostics:wave-qr": (lambda o: {"pk": o["wave"].pk}, MEMBERS_OF_A),
    "diagnostics:wave-edit": (lambda o: {"pk": o["wave"].pk}, MANAGERS_OF_A),
    "diagnostics:wave-headcounts": (lambda o: {"pk": o["wave"].pk}, MANAGERS_OF_A),
    "diagnostics:wave-headcounts-example": (lambda o: {"pk": o["wave"].pk}, MANAGERS_OF_A),
    "diagnostics:wave-codes": (lambda o: {"pk": o["wave"].pk}, MANAGERS_OF_A),
    "diagnostics:code-batch-print": (
        lambda o: {"pk": o["wave"].pk, "batch_pk": o["batch"].pk},
        MANAGERS_OF_A,
    ),
    "diagnostics:wave-status": (lambda o: {"pk": o["wave"].pk}, POST_ONLY),
    "diagnostics:wave-main-survey": (lambda o: {"pk": o["results_wave"].pk}, POST_ONLY),
    "diagnostics:code-batch-download": (
        lambda o: {"pk": o["wave"].pk, "batch_pk": o["batch"].pk},
        POST_ONLY,
    ),
    # Nothing handed over in this session: back to the codes page, with a message.
    "diagnostics:code-batch-file": (
        lambda o: {"pk": o["wave"].pk, "batch_pk": o["batch"].pk},
        {
            **MANAGERS_OF_A,
            "change_team_a": REDIRECT,
            "od_lead_a": REDIRECT,
            "national_admin": REDIRECT,
        },
    ),
    "diagnostics:instrument-list": (lambda o: {}, ADMINS),
    "diagnostics:version-detail": (lambda o: {"pk": o["version"].pk}, ADMINS),
    "diagnostics:version-preview": (lambda o: {"pk": o["version"].pk, "number": 1}, ADMINS),
    "diagnostics:item-edit": (lambda o: {"pk": o["item"].pk}, ADMINS),
    "diagnostics:section-edit": (lambda o: {"pk": o["item"].section_id}, ADMINS),
    "diagnostics:item-add": (lambda o: {"pk": o["item"].section_id}, ADMINS),
    "diagnostics:item-delete": (lambda o: {"pk": o["item"].pk}, POST_ONLY),
    "diagnostics:item-move": (lambda o: {"pk": o["item"].pk}, POST_ONLY),
    "diagnostics:version-new-draft": (lambda o: {"pk": o["version"].pk}, POST_ONLY),
    "diagnostics:version-publish": (lambda o: {"pk": o["version"].pk}, POST_ONLY),
    "diagnostics:results": (lambda o: {"pk": o["results_wave"].pk}, RESULTS_OF_A),
    "diagnostics:results-element": (
        lambda o: {"pk": o["results_wave"].pk, "element": "teamwork"},
        RESULTS_OF_A,
    ),
    "diagnostics:results-heatmap": (lambda o: {"pk": o["results_wave"].pk}, RESULTS_OF_A),
    "diagnostics:results-comments": (lambda o: {"pk": o["results_wave"].pk}, RESULTS_OF_A),
    # Coding comments: the trust's programme team. Sponsors and national admins read the
    # codes beside the comments, but do not code.
    "diagnostics:results-comment-code": (
        lambda o: {"pk": o["results_wave"].pk, "comment": o["comment"].pk},
        TEAM_OF_A,
    ),
    "diagnostics:results-export": (
        lambda o: {"pk": o["results_wave"].pk, "file_format": "csv"},
        RESULTS_OF_A,
    ),
    "diagnostics:results-refresh": (lambda o: {"pk": o["results_wave"].pk}, POST_ONLY),
    "diagnostics:results-report": (lambda o: {"pk": o["results_wave"].pk}, RESULTS_OF_A),
    "diagnostics:benchmarks": (lambda o: {}, ADMINS),
    "diagnostics:section-add": (lambda o: {"pk": o["version"].pk}, ADMINS),
    "diagnostics:section-delete": (lambda o: {"pk": o["item"].section_id}, ADMINS),
    "diagnostics:section-move": (lambda o: {"pk": o["item"].section_id}, POST_ONLY),
    "diagnostics:comment-question-add": (lambda o: {"pk": o["version"].pk}, ADMINS),
    "diagnostics:comment-question-edit": (lambda o: {"pk": o["question"].pk}, ADMINS),
    "diagnostics:comment-question-delete": (lambda o: {"pk": o["question"].pk}, POST_ONLY),
}
# POST-only URLs: who may post (everyone else: anonymous to sign in, others 403/404).
POST_MATRIX = {
    "diagnostics:wave-status": (
        {"to": "closed"},
        {**TEAM_OF_A, "change_team_a": 302, "od_lead_a": 302, "national_admin": 302},
    ),
    "diagnostics:code-batch-download": (
        {},
        {**MANAGERS_OF_A, "change_team_a": 302, "od_lead_a": 302, "national_admin": 302},
    ),
    # The trust's OD lead alone chooses its main survey: not the change team, the sponsor,
    # a viewer, another trust's OD lead (who is not told the survey exists) or national admins.
    "diagnostics:wave-main-survey": (
        {"main": "yes"},
        {**TEAM_OF_A, "change_team_a": FORBIDDEN, "od_lead_a": 302},
    ),
    "diagnostics:version-new-draft": ({}, {**ADMINS, "national_admin": 302}),
    "diagnostics:item-move": ({"direction": "down"}, {**ADMINS, "national_admin": 302}),
    "diagnostics:item-delete": ({}, {**ADMINS, "national_admin": 302}),
    "diagnostics:version-publish": ({}, {**ADMINS, "national_admin": 302}),
    "diagnostics:section-move": ({"direction": "down"}, {**ADMINS, "national_admin": 302}),
    "diagnostics:section-delete": ({}, {**ADMINS, "national_admin": 302}),
    "diagnostics:comment-question-delete": ({}, {**ADMINS, "national_admin": 302}),
    "diagnostics:results-comment-code": (
        {"elements": ["teamwork"]},
        {**TEAM_OF_A, "change_team_a": 302, "od_lead_a": 302},
    ),
    "diagnostics:results-refresh": (
        {},
        {
            **TEAM_OF_A,
            "change_team_a": 302,
            "od_lead_a": 302,
            "national_admin": 302,
            "viewer_a": FORBIDDEN,
        },
    ),
}


@pytest.fixture
def results_wave(trust_a):
    """A closed survey of trust A with figures: k of 5 and 12 responses."""
    wave = WaveFactory(
        trust=trust_a,
        title="Trust A results survey",
        status=WaveStatus.CLOSED,
        threshold_k=5,
        version=build_version(sections=1, items_per_section=3),
    )
    add_responses(wave, 12)
    wave_results_refresh(wave_id=wave.pk)
    return wave


def released_comment(wave):
    """A released comment of the wave: its first, or (with none yet) the first of k new ones."""
    comment = Comment.objects.filter(wave=wave).order_by("pk").first()
    if comment is None:
        question = wave.version.comment_questions.first()
        Comment.objects.bulk_create(
            Comment(wave=wave, question=question, text=f"Released comment {n}")
            for n in range(wave.threshold_k)
        )
        comment = Comment.objects.filter(wave=wave).order_by("pk").first()
    return comment


@pytest.fixture
def objects(wave_a, batch_a, draft_version, od_lead_b, results_wave):
    item = draft_version.sections.first().items.first()
    return {
        "comment": released_comment(results_wave),
        "wave": wave_a,
        "batch": batch_a,
        "version": draft_version,
        "item": item,
        "question": draft_version.comment_questions.first(),
        "results_wave": results_wave,
    }


def no_trust_b_survey(url_name, expected, response):
    if expected == OK and "wave" in url_name:
        assert b"Trust B culture survey" not in response.content


(
    test_get_answers_each_persona_as_the_matrix_says,
    test_post_answers_each_persona_as_the_matrix_says,
) = matrix_tests(MATRIX, POST_MATRIX, after_get=no_trust_b_survey)


def wave_form_data(version, **overrides):
    data = {
        "version": version.pk,
        "title": "Spring culture survey",
        "opens_on_day": "1",
        "opens_on_month": "3",
        "opens_on_year": "2099",
        "opens_time": "09:00",
        "closes_on_day": "31",
        "closes_on_month": "3",
        "closes_on_year": "2099",
        "closes_time": "17:00",
        "threshold_k": "11",
        "access_mode": "open",
        "demographics": ["directorate", "staff_group", "band"],
        "intro_text": "",
    }
    data.update(overrides)
    return data


class TestCreateWave:
    def test_od_lead_creates_a_draft_wave_in_uk_time(self, client_as, od_lead_a, wave_a):
        version = wave_a.version
        response = client_as(od_lead_a).post(
            reverse("diagnostics:wave-create", args=["RAA"]), wave_form_data(version)
        )
        wave = Wave.objects.get(title="Spring culture survey")
        assert response.url == reverse("diagnostics:wave-detail", args=[wave.pk])
        assert wave.status == WaveStatus.DRAFT and wave.trust.ods_code == "RAA"
        assert wave.opens_at.isoformat() == "2099-03-01T09:00:00+00:00"  # GMT in March
        assert wave.slug.startswith("raa-") and len(wave.slug) > 8

    def test_summer_times_are_british_summer_time(self, client_as, od_lead_a, wave_a):
        data = wave_form_data(wave_a.version, opens_on_month="6", closes_on_month="7")
        client_as(od_lead_a).post(reverse("diagnostics:wave-create", args=["RAA"]), data)
        wave = Wave.objects.get(title="Spring culture survey")
        assert wave.opens_at.isoformat() == "2099-06-01T08:00:00+00:00"

    def test_bad_input_shows_every_error_and_keeps_what_was_typed(
        self, client_as, od_lead_a, wave_a
    ):
        data = wave_form_data(
            wave_a.version,
            title="",
            closes_on_day="31",
            closes_on_month="2",
            opens_time="9am",
            threshold_k="4",
            intro_text="Keep me",
        )
        response = client_as(od_lead_a).post(reverse("diagnostics:wave-create", args=["RAA"]), data)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Enter a title" in html
        assert "The closing date must be a real date" in html
        assert "Enter the opening time like 09:00 or 17:30" in html
        assert "The minimum group size cannot be below 5" in html
        assert "Keep me" in html
        assert not Wave.objects.filter(title="").exists()

    def test_closing_before_opening_is_refused(self, client_as, od_lead_a, wave_a):
        data = wave_form_data(wave_a.version, closes_on_year="2098")
        response = client_as(od_lead_a).post(reverse("diagnostics:wave-create", args=["RAA"]), data)
        assert b"The closing date must be after the opening date" in response.content

    def test_an_od_lead_may_raise_k_but_not_lower_it(self, client_as, od_lead_a, wave_a):
        url = reverse("diagnostics:wave-create", args=["RAA"])
        client = client_as(od_lead_a)
        lowered = client.post(url, wave_form_data(wave_a.version, threshold_k="8"))
        assert b"Only a national admin can set the minimum group size below 11" in lowered.content
        client.post(url, wave_form_data(wave_a.version, threshold_k="20", title="Raised"))
        assert Wave.objects.get(title="Raised").threshold_k == 20


class TestWaveStatus:
    def test_open_now_then_close_now(self, client_as, od_lead_a, wave_a):
        wave_a.status = WaveStatus.DRAFT
        wave_a.save()
        client = client_as(od_lead_a)
        url = reverse("diagnostics:wave-status", args=[wave_a.pk])
        client.post(url, {"to": "open"})
        wave_a.refresh_from_db()
        assert wave_a.status == WaveStatus.OPEN
        client.post(url, {"to": "closed"})
        wave_a.refresh_from_db()
        assert wave_a.status == WaveStatus.CLOSED

    def test_a_closed_wave_cannot_reopen(self, client_as, od_lead_a, wave_a):
        wave_a.status = WaveStatus.CLOSED
        wave_a.save()
        response = client_as(od_lead_a).post(
            reverse("diagnostics:wave-status", args=[wave_a.pk]), {"to": "open"}, follow=True
        )
        assert b"A closed survey cannot be made open" in response.content
        wave_a.refresh_from_db()
        assert wave_a.status == WaveStatus.CLOSED


class TestMainSurvey:
    def test_the_od_lead_marks_the_main_survey_on_its_page(
        self, client_as, od_lead_a, programme_a, results_wave
    ):
        from core.models import AuditEvent

        client = client_as(od_lead_a)
        page = client.get(reverse("diagnostics:wave-detail", args=[results_wave.pk]))
        year = results_wave.closing_year
        assert f"Make this the main survey of {year}".encode() in page.content
        done = client.post(
            reverse("diagnostics:wave-main-survey", args=[results_wave.pk]),
            {"main": "yes"},
            follow=True,
        )
        text = " ".join(done.content.decode().split())
        assert f"‘Trust A results survey’ is now the main survey of {year}" in text
        assert f"This is the main survey of {year}." in text
        assert f">Main survey of {year}</strong>" in text  # the tag beside its status
        results_wave.refresh_from_db()
        assert results_wave.main_of_year == year
        event = AuditEvent.objects.get(action="diagnostics.main_survey_marked")
        assert event.actor == od_lead_a and event.detail["wave"] == results_wave.pk
        overview = client.get(reverse("programmes:overview", args=[programme_a.pk]))
        assert f"Made ‘Trust A results survey’ the main survey of {year}".encode() in (
            overview.content
        )

        done = client.post(
            reverse("diagnostics:wave-main-survey", args=[results_wave.pk]),
            {"main": "no"},
            follow=True,
        )
        assert b"is no longer the main survey of its year" in done.content
        results_wave.refresh_from_db()
        assert results_wave.main_of_year is None

    @pytest.mark.parametrize(
        ("persona", "status"),
        [
            ("viewer_a", 403),
            ("change_team_a", 403),
            ("sponsor_a", 403),
            ("national_admin", 403),
            ("od_lead_b", 404),  # another trust's OD lead is not told the survey exists
        ],
        indirect=["persona"],
    )
    def test_nobody_else_marks_it_or_is_offered_the_button(
        self, client_as, persona, status, results_wave
    ):
        client = client_as(persona)
        page = client.get(reverse("diagnostics:wave-detail", args=[results_wave.pk]))
        assert b"Make this the main survey" not in page.content
        response = client.post(
            reverse("diagnostics:wave-main-survey", args=[results_wave.pk]), {"main": "yes"}
        )
        assert response.status_code == status
        results_wave.refresh_from_db()
        assert results_wave.main_of_year is None

    def test_everyone_who_follows_the_survey_sees_that_it_is_the_main_one(
        self, client_as, viewer_a, od_lead_a, results_wave
    ):
        from diagnostics.surveys.services import wave_main_survey_mark

        wave_main_survey_mark(wave=results_wave, actor=od_lead_a)
        client = client_as(viewer_a)
        page = client.get(reverse("diagnostics:wave-detail", args=[results_wave.pk]))
        assert f"Main survey of {results_wave.closing_year}".encode() in page.content
        assert b"Stop making this the main survey" not in page.content
        listed = client.get(reverse("diagnostics:wave-list", args=["RAA"]))
        assert f">Main survey of {results_wave.closing_year}</strong>".encode() in listed.content

    def test_a_survey_without_figures_cannot_be_the_main_one(self, client_as, od_lead_a, trust_a):
        wave = WaveFactory(trust=trust_a, status=WaveStatus.CLOSED, threshold_k=11)
        add_responses(wave, 10)
        wave_results_refresh(wave_id=wave.pk)  # fewer than k: no figures, ever
        client = client_as(od_lead_a)
        page = client.get(reverse("diagnostics:wave-detail", args=[wave.pk]))
        assert b"Only a survey with published figures can be the main survey" in page.content
        assert b"Make this the main survey" not in page.content
        done = client.post(
            reverse("diagnostics:wave-main-survey", args=[wave.pk]), {"main": "yes"}, follow=True
        )
        assert b"Only a closed survey with published figures can be the main" in done.content
        wave.refresh_from_db()
        assert wave.main_of_year is None


class TestHeadcounts:
    def test_typed_headcounts_are_saved(self, client_as, od_lead_a, wave_a):
        client_as(od_lead_a).post(
            reverse("diagnostics:wave-headcounts", args=[wave_a.pk]),
            {"typed": "1", "directorate__medicine": "120", "staff_group__ahp": "35"},
        )
        assert set(Headcount.objects.values_list("dimension", "group", "headcount")) == {
            ("directorate", "medicine", 120),
            ("staff_group", "ahp", 35),
        }

    def test_a_bad_csv_names_each_bad_row_and_imports_nothing(self, client_as, od_lead_a, wave_a):
        Headcount.objects.create(wave=wave_a, dimension="directorate", group="surgery", headcount=9)
        upload = io.BytesIO(
            b"dimension,group,headcount\ndirectorate,medicine,120\ndirectorate,unknown,4\n"
        )
        upload.name = "headcounts.csv"
        response = client_as(od_lead_a).post(
            reverse("diagnostics:wave-headcounts", args=[wave_a.pk]),
            {"upload": "1", "file": upload},
        )
        html = response.content.decode()
        assert "Row 3: ‘unknown’ is not a known directorate code" in html
        assert "The file has problems, so nothing was saved" in html
        assert list(Headcount.objects.values_list("group", flat=True)) == ["surgery"]

    def test_a_file_that_is_not_csv_is_refused(self, client_as, od_lead_a, wave_a):
        upload = io.BytesIO(b"%PDF-1.4")
        upload.name = "headcounts.pdf"
        response = client_as(od_lead_a).post(
            reverse("diagnostics:wave-headcounts", args=[wave_a.pk]),
            {"upload": "1", "file": upload},
        )
        assert b"The file must be a CSV" in response.content

    def test_a_good_csv_replaces_the_headcounts(self, client_as, od_lead_a, wave_a):
        upload = io.BytesIO(b"dimension,group,headcount\ndirectorate,medicine,120\n")
        upload.name = "headcounts.csv"
        client_as(od_lead_a).post(
            reverse("diagnostics:wave-headcounts", args=[wave_a.pk]),
            {"upload": "1", "file": upload},
        )
        assert list(Headcount.objects.values_list("group", "headcount")) == [("medicine", 120)]

    def test_the_example_csv_is_this_waves_and_uploads_cleanly(self, client_as, od_lead_a, wave_a):
        Headcount.objects.create(wave=wave_a, dimension="directorate", group="surgery", headcount=9)
        client = client_as(od_lead_a)
        page = client.get(reverse("diagnostics:wave-headcounts", args=[wave_a.pk]))
        example_url = reverse("diagnostics:wave-headcounts-example", args=[wave_a.pk])
        assert f'href="{example_url}"' in page.content.decode()
        assert "Download an example CSV" in page.content.decode()
        response = client.get(example_url)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert (
            response["Content-Disposition"]
            == f'attachment; filename="headcounts-{wave_a.slug}.csv"'
        )
        text = response.content.decode("utf-8-sig")
        assert "directorate,medicine," in text
        assert "directorate,surgery,9" in text  # what the wave has already
        upload = io.BytesIO(response.content)
        upload.name = "headcounts.csv"
        saved = client.post(
            reverse("diagnostics:wave-headcounts", args=[wave_a.pk]),
            {"upload": "1", "file": upload},
        )
        assert saved.status_code == 302
        assert Headcount.objects.filter(wave=wave_a, dimension="staff_group").count() == len(
            STAFF_GROUPS
        )


class TestInvitationCodes:
    def test_codes_download_once_then_only_hashes_remain(self, client_as, od_lead_a, batch_a):
        client = client_as(od_lead_a)
        url = reverse("diagnostics:code-batch-download", args=[batch_a.wave_id, batch_a.pk])
        file_url = reverse("diagnostics:code-batch-file", args=[batch_a.wave_id, batch_a.pk])
        handed = client.post(url)
        assert handed.url == reverse("diagnostics:wave-codes", args=[batch_a.wave_id])
        batch_a.refresh_from_db()
        assert batch_a.plaintext_codes == "" and batch_a.downloaded_at is not None
        first = client.get(file_url)
        assert first["Content-Type"].startswith("text/csv")
        assert first["Cache-Control"] == "no-store"
        assert first["Content-Disposition"] == (
            f'attachment; filename="codes-{batch_a.wave.slug}-{batch_a.pk}.csv"'
        )
        lines = first.content.decode().strip().splitlines()
        assert lines[0] == "code,survey_link" and len(lines) == 4
        # The file is handed over once: then the session keeps nothing of it either.
        assert not client.session.get("diagnostics.code-files")
        again = client.get(file_url, follow=True)
        assert b"downloaded already and are no longer kept" in again.content
        second = client.post(url, follow=True)
        assert b"downloaded already and are no longer kept" in second.content
        code = lines[1].split(",")[0]
        assert code not in "".join(InvitationCode.objects.values_list("code_hash", flat=True))

    def test_after_the_download_the_codes_page_says_so_and_fetches_the_file(
        self, client_as, od_lead_a, batch_a
    ):
        """Without JavaScript too: the button leads back to the page, already updated, and
        the page fetches the file itself (a download leaves the page where it is)."""
        client = client_as(od_lead_a)
        codes_url = reverse("diagnostics:wave-codes", args=[batch_a.wave_id])
        file_url = reverse("diagnostics:code-batch-file", args=[batch_a.wave_id, batch_a.pk])
        before = " ".join(client.get(codes_url).content.decode().split())
        assert "3 codes waiting" in before and "Not yet" in before
        page = client.post(
            reverse("diagnostics:code-batch-download", args=[batch_a.wave_id, batch_a.pk]),
            follow=True,
        )
        said = " ".join(page.content.decode().split())
        assert "codes waiting" not in said and "Not yet" not in said
        assert "3 codes downloaded" in said
        assert f'<meta http-equiv="refresh" content="0; url={file_url}">' in said
        assert client.get(file_url).status_code == 200
        later = " ".join(client.get(codes_url).content.decode().split())
        assert "http-equiv" not in later and "codes downloaded" not in later
        assert "codes waiting" not in later and "Not yet" not in later

    def test_codes_not_fetched_within_ten_minutes_are_dropped(
        self, client_as, od_lead_a, batch_a, monkeypatch
    ):
        from diagnostics.surveys.views import waves

        client = client_as(od_lead_a)
        client.post(reverse("diagnostics:code-batch-download", args=[batch_a.wave_id, batch_a.pk]))
        monkeypatch.setattr(waves, "CODE_FILE_SECONDS", 0)  # as if ten minutes had passed
        page = client.get(reverse("diagnostics:wave-codes", args=[batch_a.wave_id]))
        assert b"http-equiv" not in page.content
        assert not client.session.get("diagnostics.code-files")
        file_url = reverse("diagnostics:code-batch-file", args=[batch_a.wave_id, batch_a.pk])
        assert b"no longer kept" in client.get(file_url, follow=True).content

    def test_another_persons_session_cannot_fetch_the_file(
        self, client_as, od_lead_a, change_team_a, batch_a
    ):
        client_as(od_lead_a).post(
            reverse("diagnostics:code-batch-download", args=[batch_a.wave_id, batch_a.pk])
        )
        colleague = client_as(change_team_a)
        file_url = reverse("diagnostics:code-batch-file", args=[batch_a.wave_id, batch_a.pk])
        response = colleague.get(file_url)
        assert response.status_code == 302 and not response.get("Content-Disposition")

    def test_printable_sheet_shows_codes_until_downloaded(self, client_as, od_lead_a, batch_a):
        client = client_as(od_lead_a)
        codes = batch_a.plaintext_codes.split("\n")
        sheet = client.get(
            reverse("diagnostics:code-batch-print", args=[batch_a.wave_id, batch_a.pk])
        )
        assert all(code.encode() in sheet.content for code in codes)
        assert sheet["Cache-Control"] == "no-store"

    def test_generating_too_many_is_refused(self, client_as, od_lead_a, batch_a):
        response = client_as(od_lead_a).post(
            reverse("diagnostics:wave-codes", args=[batch_a.wave_id]), {"size": "999999"}
        )
        assert b"You can generate up to 5000 codes at a time" in response.content


class TestWavePage:
    def test_group_counts_show_only_at_or_above_k_and_in_steps_of_k(
        self, client_as, od_lead_a, wave_a
    ):
        from diagnostics.constants import STAFF_GROUPS
        from diagnostics.surveys.models import Response
        from diagnostics.surveys.selectors import wave_response_summary

        for directorate, count in (("medicine", 12), ("surgery", 3), ("prefer_not_to_say", 25)):
            Response.objects.bulk_create(
                Response(wave=wave_a, submitted_on="2026-11-01", directorate=directorate)
                for _ in range(count)
            )
        summary = wave_response_summary(wave_a)
        directorates = {row["group"]: row["count"] for row in summary["groups"]["directorate"]}
        # Every count is rounded down to whole steps of 11, so one more answer cannot be seen:
        # 12 shows as 11, 25 as 22, and 3 reads as "fewer than 11", like a group nobody chose.
        assert directorates == {"medicine": 11, "surgery": None, "prefer_not_to_say": 22}
        staff_groups = summary["groups"]["staff_group"]
        assert len(staff_groups) == len(STAFF_GROUPS) + 1  # every group, answered or not
        assert {row["count"] for row in staff_groups} == {None}
        assert summary["total"] == 33  # 40, in steps of 11
        html = client_as(od_lead_a).get(reverse("diagnostics:wave-detail", args=[wave_a.pk]))
        text = " ".join(html.content.decode().split())
        assert "At least 33" in text and "At least 22" in text and "At least 11" in text
        assert not re.search(r"\b(40|12|25|3)\b responses", text)
        assert ">40<" not in text and ">12<" not in text and ">25<" not in text

    def test_group_response_rates_use_the_stepped_count(self, od_lead_a, wave_a):
        from diagnostics.surveys.models import Headcount, Response
        from diagnostics.surveys.selectors import wave_response_summary

        Headcount.objects.create(
            wave=wave_a, dimension="directorate", group="medicine", headcount=50
        )
        Response.objects.bulk_create(
            Response(wave=wave_a, submitted_on="2026-11-01", directorate="medicine")
            for _ in range(25)
        )
        Response.objects.bulk_create(
            Response(wave=wave_a, submitted_on="2026-11-01", directorate="surgery")
            for _ in range(30)
        )
        rows = {r["group"]: r for r in wave_response_summary(wave_a)["groups"]["directorate"]}
        assert (rows["medicine"]["count"], rows["medicine"]["rate"]) == (22, 44)
        assert rows["surgery"]["rate"] is None  # no headcount

    def test_code_batches_show_no_count_of_used_codes(self, client_as, od_lead_a, batch_a):
        page = client_as(od_lead_a).get(reverse("diagnostics:wave-codes", args=[batch_a.wave_id]))
        assert b"Used" not in page.content

    def test_qr_code_is_an_svg_of_the_survey_link(self, client_as, od_lead_a, wave_a):
        response = client_as(od_lead_a).get(reverse("diagnostics:wave-qr", args=[wave_a.pk]))
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')


class TestSectionAndCommentEditor:
    def test_adding_a_section_without_a_title_shows_the_error(
        self, client_as, national_admin, draft_version
    ):
        client = client_as(national_admin)
        url = reverse("diagnostics:section-add", args=[draft_version.pk])
        response = client.post(url, {"title": "", "description": "Kept"})
        assert response.status_code == 200
        assert b"Enter a title" in response.content and b"Kept" in response.content
        response = client.post(url, {"title": "Wellbeing", "description": ""}, follow=True)
        assert b"Section Wellbeing added" in response.content
        assert draft_version.sections.order_by("position").last().title == "Wellbeing"

    def test_removing_a_section_is_confirmed_first_and_names_its_questions(
        self, client_as, national_admin, draft_version
    ):
        client = client_as(national_admin)
        section = draft_version.sections.first()
        url = reverse("diagnostics:section-delete", args=[section.pk])
        page = client.get(url)
        assert b"This section has 3 questions" in page.content
        assert draft_version.sections.filter(pk=section.pk).exists()
        done = client.post(url, follow=True)
        assert b"removed, with 3 question(s)" in done.content
        assert not draft_version.sections.filter(pk=section.pk).exists()

    def test_the_last_section_stays_with_a_message(self, client_as, national_admin, draft_version):
        client = client_as(national_admin)
        first, last = draft_version.sections.order_by("position")
        client.post(reverse("diagnostics:section-delete", args=[first.pk]))
        response = client.post(reverse("diagnostics:section-delete", args=[last.pk]), follow=True)
        assert b"at least one section" in response.content
        assert draft_version.sections.count() == 1

    def test_a_published_sections_removal_page_sends_back_with_a_message(
        self, client_as, national_admin, draft_version
    ):
        published = draft_version.instrument.versions.get(status="published")
        section = published.sections.first()
        response = client_as(national_admin).get(
            reverse("diagnostics:section-delete", args=[section.pk]), follow=True
        )
        assert b"published version cannot change" in response.content

    def test_a_duplicate_comment_code_is_an_inline_error_and_keeps_the_wording(
        self, client_as, national_admin, draft_version
    ):
        client = client_as(national_admin)
        taken = draft_version.comment_questions.get().code
        response = client.post(
            reverse("diagnostics:comment-question-add", args=[draft_version.pk]),
            {"code": taken, "text": "Anything else to tell us?"},
        )
        assert response.status_code == 200
        assert b"has that code" in response.content
        assert b"Anything else to tell us?" in response.content
        assert draft_version.comment_questions.count() == 1

    def test_change_and_remove_a_comment_question(self, client_as, national_admin, draft_version):
        client = client_as(national_admin)
        question = draft_version.comment_questions.get()
        edit = reverse("diagnostics:comment-question-edit", args=[question.pk])
        assert b'name="code"' not in client.get(edit).content  # codes are fixed once added
        client.post(edit, {"text": "What would make work better?"})
        question.refresh_from_db()
        assert question.text == "What would make work better?"
        client.post(reverse("diagnostics:comment-question-delete", args=[question.pk]))
        assert not draft_version.comment_questions.exists()

    def test_a_published_comment_question_cannot_be_changed(
        self, client_as, national_admin, draft_version
    ):
        published = draft_version.instrument.versions.get(status="published")
        question = published.comment_questions.get()
        client = client_as(national_admin)
        response = client.post(
            reverse("diagnostics:comment-question-edit", args=[question.pk]),
            {"text": "Sneaky change"},
            follow=True,
        )
        assert b"published version cannot change" in response.content
        question.refresh_from_db()
        assert question.text != "Sneaky change"


def test_a_question_saved_after_its_version_was_published_gets_a_message(
    client_as, national_admin, draft_version, monkeypatch
):
    """Another admin publishes between this page's load and its save: no 500, nothing saved."""
    from diagnostics.instruments import services
    from diagnostics.instruments import views as instrument_views

    item = draft_version.sections.first().items.first()
    real_update = services.item_update

    def publish_first(**kwargs):
        services.instrument_version_publish(version=draft_version)
        return real_update(**kwargs)

    monkeypatch.setattr(instrument_views.services, "item_update", publish_first)
    response = client_as(national_admin).post(
        reverse("diagnostics:item-edit", args=[item.pk]),
        {
            "text": "Changed too late",
            "element": "teamwork",
            "polarity": "positive",
            "scale": "agreement",
            "required": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert b"published version cannot change" in response.content
    item.refresh_from_db()
    assert item.text != "Changed too late"


class TestResultsPages:
    @pytest.fixture
    def small_group_wave(self, trust_a):
        """20 in medicine, 3 in estates: estates (and, to protect it, medicine) are hidden
        in the directorate breakdown; the whole survey is shown."""
        wave = WaveFactory(
            trust=trust_a,
            status=WaveStatus.CLOSED,
            threshold_k=5,
            version=build_version(sections=1, items_per_section=3),
            with_directorates=["Medicine", "Estates"],
        )
        add_responses(wave, 20, directorates=["medicine"])
        add_responses(wave, 3, seed=2, directorates=["estates"])
        wave_results_refresh(wave_id=wave.pk)
        return wave

    def test_national_admins_see_results_only_after_close(self, client_as, national_admin, trust_a):
        wave = WaveFactory(trust=trust_a, status=WaveStatus.OPEN, threshold_k=5)
        url = reverse("diagnostics:results", args=[wave.pk])
        assert client_as(national_admin).get(url).status_code == 403

    def test_an_open_survey_shows_no_figures_at_all(self, client_as, od_lead_a, trust_a):
        wave = WaveFactory(
            trust=trust_a,
            status=WaveStatus.OPEN,
            threshold_k=5,
            version=build_version(sections=1, items_per_section=3),
            with_directorates=["Medicine", "Estates"],
        )
        add_responses(wave, 30, directorates=["medicine", "estates"])
        wave_results_refresh(wave_id=wave.pk)
        from diagnostics.results.models import ResultRow

        assert not ResultRow.objects.filter(wave=wave).exists()
        client = client_as(od_lead_a)
        overview = client.get(reverse("diagnostics:results", args=[wave.pk]))
        assert b"Its figures are published once, when it closes on" in overview.content
        export = client.get(reverse("diagnostics:results-export", args=[wave.pk, "csv"]))
        assert export.status_code == 404

    @pytest.mark.parametrize(
        "url_name",
        [
            "diagnostics:results",
            "diagnostics:results-element",
            "diagnostics:results-heatmap",
            "diagnostics:results-comments",
            "diagnostics:results-report",
            "diagnostics:results-export",
        ],
    )
    def test_every_results_page_says_why_there_are_no_figures_and_until_when(
        self, client_as, od_lead_a, trust_a, url_name
    ):
        from datetime import UTC, datetime

        closes = datetime(2099, 4, 30, 16, 0, tzinfo=UTC)
        wave = WaveFactory(trust=trust_a, status=WaveStatus.OPEN, threshold_k=11, closes_at=closes)
        add_responses(wave, 12)
        kwargs = {"pk": wave.pk}
        if url_name == "diagnostics:results-element":
            kwargs["element"] = "teamwork"
        if url_name == "diagnostics:results-export":
            kwargs["file_format"] = "xlsx"
        client = client_as(od_lead_a)
        page = client.get(reverse(url_name, kwargs=kwargs))
        text = " ".join(page.content.decode().split())
        assert page.status_code == (404 if url_name.endswith("export") else 200)
        assert "The survey is still open: at least 11 people have answered so far." in text
        assert "Its figures are published once, when it closes on 30 April 2099." in text
        assert "data-chart" not in text

    def test_a_closed_survey_waiting_for_its_figures_says_they_are_being_worked_out(
        self, client_as, od_lead_a, trust_a
    ):
        wave = WaveFactory(trust=trust_a, status=WaveStatus.CLOSED, threshold_k=11)
        add_responses(wave, 12)  # the close's refresh has not run yet
        page = client_as(od_lead_a).get(reverse("diagnostics:results-heatmap", args=[wave.pk]))
        assert b"Its figures are being worked out now" in page.content
        assert b"usually ready within a minute or two" in page.content

    def test_a_small_group_shows_no_figure_anywhere(self, client_as, od_lead_a, small_group_wave):
        client = client_as(od_lead_a)
        pk = small_group_wave.pk
        heatmap = client.get(reverse("diagnostics:results-heatmap", args=[pk]) + "?by=directorate")
        # One element (the test questions are all teamwork) x every offered group, hidden
        # alike whether nobody chose it ("Prefer not to say") or a few did.
        assert heatmap.content.count(b"portal-heat--hidden") == 3
        assert b"Prefer not to say" in heatmap.content
        assert b"Not shown" in heatmap.content
        chosen = client.get(
            reverse("diagnostics:results", args=[pk]) + "?group=directorate:estates"
        )
        assert b"nothing is shown for this group" in chosen.content
        assert b'data-chart="chart-elements"' not in chosen.content
        export = client.get(reverse("diagnostics:results-export", args=[pk, "csv"]))
        text = b"".join(export.streaming_content).decode()
        estates = [line for line in text.splitlines() if line.startswith("Directorate,Estates")]
        assert estates and all(",,,,,,,,,,," in line and "not shown" in line for line in estates)

    def test_nothing_for_a_survey_closed_below_k(self, client_as, od_lead_a, trust_a):
        wave = WaveFactory(trust=trust_a, status=WaveStatus.CLOSED, threshold_k=11)
        add_responses(wave, 10)
        wave_results_refresh(wave_id=wave.pk)
        client = client_as(od_lead_a)
        page = client.get(reverse("diagnostics:results", args=[wave.pk]))
        assert b"Fewer than 11 people answered this survey in total" in page.content
        assert b"data-chart" not in page.content
        export = client.get(reverse("diagnostics:results-export", args=[wave.pk, "xlsx"]))
        assert export.status_code == 404

    def test_an_unknown_group_or_element_is_handled(self, client_as, od_lead_a, small_group_wave):
        client = client_as(od_lead_a)
        pk = small_group_wave.pk
        page = client.get(reverse("diagnostics:results", args=[pk]) + "?group=nonsense:x")
        assert page.status_code == 200 and b"Element scores" in page.content
        element = reverse("diagnostics:results-element", args=[pk, "not-an-element"])
        assert client.get(element).status_code == 404
        heatmap = reverse("diagnostics:results-heatmap", args=[pk]) + "?by=shoe_size"
        assert client.get(heatmap).status_code == 404

    def test_query_counts_do_not_grow_with_the_data(
        self, client_as, od_lead_a, small_group_wave, django_assert_max_num_queries
    ):
        client = client_as(od_lead_a)
        pk = small_group_wave.pk
        urls = [
            reverse("diagnostics:results", args=[pk]),
            reverse("diagnostics:results-element", args=[pk, "teamwork"]),
            reverse("diagnostics:results-heatmap", args=[pk]),
            reverse("diagnostics:results-comments", args=[pk]),
        ]
        for url in urls:
            client.get(url)  # warm the session and caches
            with django_assert_max_num_queries(16):
                client.get(url)
        # Ten times the responses, spread over more directorates: no more queries.
        more = [DirectorateFactory(trust=small_group_wave.trust) for _ in range(6)]
        small_group_wave.directorates.add(*more)
        add_responses(
            small_group_wave, 200, seed=3, directorates=["medicine", *(d.code for d in more)]
        )
        wave_results_refresh(wave_id=pk)
        for url in urls:
            with django_assert_max_num_queries(16):
                client.get(url)

    def test_xlsx_export_has_every_figure_row(self, client_as, od_lead_a, small_group_wave):
        from openpyxl import load_workbook

        client = client_as(od_lead_a)
        response = client.get(
            reverse("diagnostics:results-export", args=[small_group_wave.pk, "xlsx"])
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        header = rows.index(tuple(rows[4]))  # the header follows the 4-line preamble
        assert rows[header][0] == "Breakdown"
        from diagnostics.results.models import ResultRow

        assert len(rows) - header - 1 == ResultRow.objects.filter(wave=small_group_wave).count()

    def test_a_failed_refresh_is_shown_with_a_retry_for_the_team(
        self, client_as, od_lead_a, small_group_wave
    ):
        from diagnostics.results.services import wave_results_failed

        wave_results_failed(wave_id=small_group_wave.pk)
        page = client_as(od_lead_a).get(reverse("diagnostics:results", args=[small_group_wave.pk]))
        assert b"Working out the figures failed" in page.content
        assert b"Try again now" in page.content


def test_the_overview_shows_the_sectors_middle_beside_each_element(
    client_as, od_lead_a, results_wave
):
    from django.utils import timezone

    from diagnostics.results.models import SectorBenchmark

    SectorBenchmark.objects.create(
        instrument=results_wave.version.instrument,
        sector=results_wave.trust.sector,
        kind="element",
        element="teamwork",
        trusts=7,
        median=6.4,
        lower_quartile=6.0,
        upper_quartile=6.9,
        computed_at=timezone.now(),
    )
    page = client_as(od_lead_a).get(reverse("diagnostics:results", args=[results_wave.pk]))
    assert b"trusts' median (middle half)" in page.content
    assert b"6.4 (6.0 to 6.9, 7 trusts)" in page.content


def test_the_overview_and_report_say_why_there_is_no_sector_benchmark(
    client_as, od_lead_a, results_wave
):
    client = client_as(od_lead_a)
    for name in ("diagnostics:results", "diagnostics:results-report"):
        page = client.get(reverse(name, args=[results_wave.pk]))
        text = " ".join(page.content.decode().split())
        assert "There is no sector benchmark for this survey yet: fewer than 5 acute trusts" in (
            text
        )
        assert "median (middle half)" not in text
    group = client.get(reverse("diagnostics:results", args=[results_wave.pk]) + "?group=band:5")
    text = " ".join(group.content.decode().split())
    assert "benchmark is for whole surveys, so it is not shown for one group" in text


def test_a_title_that_looks_like_a_formula_is_exported_as_text(client_as, od_lead_a, results_wave):
    results_wave.title = '=HYPERLINK("http://example.com")'
    results_wave.save()
    response = client_as(od_lead_a).get(
        reverse("diagnostics:results-export", args=[results_wave.pk, "csv"])
    )
    first_line = b"".join(response.streaming_content).decode().splitlines()[0]
    assert first_line.startswith("\"'=HYPERLINK")


def test_national_admins_see_no_open_survey_in_a_trend(client_as, national_admin, trust_a):
    from datetime import timedelta

    from django.utils import timezone

    version = build_version(sections=1, items_per_section=2)
    closed = WaveFactory(
        trust=trust_a, version=version, status=WaveStatus.CLOSED, threshold_k=5, title="Closed one"
    )
    still_open = WaveFactory(
        trust=trust_a,
        version=version,
        status=WaveStatus.OPEN,
        threshold_k=5,
        title="Still open",
        opens_at=closed.opens_at - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=20),
    )
    for wave in (closed, still_open):
        add_responses(wave, 12)
        wave_results_refresh(wave_id=wave.pk)
    page = client_as(national_admin).get(reverse("diagnostics:results", args=[closed.pk]))
    assert page.status_code == 200
    assert b"Still open" not in page.content
