"""The Discover tool pages (interviews, focus groups, workforce, patient experience, metrics)
and the evaluation view: every persona, and every bad upload."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diagnostics.constants import WaveStatus
from diagnostics.records import services as records
from diagnostics.records.csv_import import FeedbackRow, MetricRow
from diagnostics.records.models import (
    BoardInterview,
    CodedTheme,
    FocusGroup,
    Metric,
    MetricPoint,
    PatientComment,
    WorkforceRecord,
)
from diagnostics.results.services import wave_results_refresh
from tests.diagnostics.factories import WaveFactory, add_responses, build_version
from tests.programmes.test_views import EDITORS_OF_A, EDITORS_POST, READERS_OF_A
from tests.url_matrix import POST_ONLY, matrix_tests

pytestmark = pytest.mark.django_db

P = lambda o: {"pk": o["programme"].pk}  # noqa: E731

MATRIX = {
    "diagnostics:tools": (P, READERS_OF_A),
    "diagnostics:interviews": (P, READERS_OF_A),
    "diagnostics:interview-add": (P, EDITORS_OF_A),
    "diagnostics:interview-edit": (lambda o: {"pk": o["interview"].pk}, EDITORS_OF_A),
    "diagnostics:interview-delete": (lambda o: {"pk": o["interview"].pk}, POST_ONLY),
    "diagnostics:focus-groups": (P, READERS_OF_A),
    "diagnostics:focus-group-add": (P, EDITORS_OF_A),
    "diagnostics:focus-group-edit": (lambda o: {"pk": o["focus_group"].pk}, EDITORS_OF_A),
    "diagnostics:focus-group-delete": (lambda o: {"pk": o["focus_group"].pk}, POST_ONLY),
    "diagnostics:workforce": (P, READERS_OF_A),
    "diagnostics:workforce-example": (P, EDITORS_OF_A),
    "diagnostics:patient-experience": (P, READERS_OF_A),
    "diagnostics:patient-experience-example": (P, EDITORS_OF_A),
    "diagnostics:patient-comment-code": (lambda o: {"pk": o["comment"].pk}, EDITORS_OF_A),
    "diagnostics:metrics": (P, READERS_OF_A),
    "diagnostics:metrics-example": (P, EDITORS_OF_A),
    "diagnostics:metric": (lambda o: {"pk": o["metric"].pk}, READERS_OF_A),
    "diagnostics:metric-edit": (lambda o: {"pk": o["metric"].pk}, EDITORS_OF_A),
    "diagnostics:metric-rebaseline-remove": (lambda o: {"pk": o["rebaseline"].pk}, EDITORS_OF_A),
    "diagnostics:metric-delete": (lambda o: {"pk": o["metric"].pk}, POST_ONLY),
    "diagnostics:evaluation": (P, READERS_OF_A),
}
POST_MATRIX = {
    "diagnostics:interview-delete": ({}, EDITORS_POST),
    "diagnostics:focus-group-delete": ({}, EDITORS_POST),
    "diagnostics:metric-delete": ({}, EDITORS_POST),
    "diagnostics:metric": ({"from_month": "2025-07", "reason": "A new rota started"}, EDITORS_POST),
    "diagnostics:metric-rebaseline-remove": ({}, EDITORS_POST),
}

MONTHS = [datetime.date(2025, month, 1) for month in range(1, 13)] + [
    datetime.date(2026, month, 1) for month in range(1, 7)
]


@pytest.fixture
def objects(programme_a, programme_b, od_lead_a):
    interview = records.board_interview_save(
        programme=programme_a,
        actor=od_lead_a,
        held_on=datetime.date(2026, 2, 1),
        interviewer="Olu Lead",
        interviewee_role="Chief nurse",
        notes="",
        themes={"teamwork": ["Silo working between divisions"]},
    )
    group = records.focus_group_save(
        programme=programme_a,
        actor=od_lead_a,
        held_on=datetime.date(2026, 2, 3),
        title="Night shift, ED",
        staff_groups=["nursing_midwifery"],
        participants=9,
        themes={"support_compassion": ["Breaks are skipped"]},
    )
    records.patient_comments_import(
        programme=programme_a,
        actor=od_lead_a,
        file_name="feedback.csv",
        rows=[FeedbackRow(datetime.date(2026, 1, 4), "FFT", "The nurses were kind and caring")],
    )
    records.metric_points_import(
        programme=programme_a,
        actor=od_lead_a,
        rows=[
            MetricRow("Sickness absence", month, 4.0 + (i % 3) / 10)
            for i, month in enumerate(MONTHS)
        ],
    )
    metric = Metric.objects.get(programme=programme_a)
    rebaseline = records.metric_rebaseline_add(
        metric=metric,
        actor=od_lead_a,
        from_month=datetime.date(2026, 1, 1),
        reason="The new e-rostering system went live on every ward",
    )
    return {
        "programme": programme_a,
        "interview": interview,
        "focus_group": group,
        "comment": PatientComment.objects.get(programme=programme_a),
        "metric": metric,
        "rebaseline": rebaseline,
    }


(
    test_get_answers_each_persona_as_the_matrix_says,
    test_post_answers_each_persona_as_the_matrix_says,
) = matrix_tests(MATRIX, POST_MATRIX)


@pytest.mark.parametrize(
    "url_name", ["diagnostics:workforce", "diagnostics:patient-experience", "diagnostics:metrics"]
)
@pytest.mark.parametrize("persona", ["viewer_a", "sponsor_a"], indirect=True)
def test_readers_cannot_upload(client_as, objects, url_name, persona):
    upload = SimpleUploadedFile("x.csv", b"metric,month,value\nTurnover,2026-01,3\n")
    response = client_as(persona).post(
        reverse(url_name, args=[objects["programme"].pk]), {"file": upload}
    )
    assert response.status_code == 403


EXAMPLES = [  # the upload page, its example's URL and file name
    ("diagnostics:workforce", "diagnostics:workforce-example", "workforce-example.csv"),
    (
        "diagnostics:patient-experience",
        "diagnostics:patient-experience-example",
        "patient-comments-example.csv",
    ),
    ("diagnostics:metrics", "diagnostics:metrics-example", "metrics-example.csv"),
]


class TestExampleCsvs:
    @pytest.mark.parametrize(("page", "example", "file_name"), EXAMPLES)
    @pytest.mark.parametrize(
        ("persona", "offered"),
        [("od_lead_a", True), ("change_team_a", True), ("viewer_a", False), ("sponsor_a", False)],
        indirect=["persona"],
    )
    def test_the_upload_page_offers_the_example_to_those_who_may_upload(
        self, client_as, programme_a, page, example, file_name, persona, offered
    ):
        html = client_as(persona).get(reverse(page, args=[programme_a.pk])).content.decode()
        link = f'href="{reverse(example, args=[programme_a.pk])}"'
        assert (link in html) is offered
        assert ("Download an example CSV" in html) is offered

    @pytest.mark.parametrize(("page", "example", "file_name"), EXAMPLES)
    def test_the_example_downloads_as_a_csv_that_uploads_cleanly(
        self, client_as, od_lead_a, programme_a, page, example, file_name
    ):
        client = client_as(od_lead_a)
        response = client.get(reverse(example, args=[programme_a.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{file_name}"'
        # Uploaded as it is, it imports.
        uploaded = upload(client, page, programme_a, response.content, name=file_name)
        assert uploaded.status_code == 302, uploaded.content.decode()


def upload(client, url_name, programme, content: bytes, name="data.csv"):
    return client.post(
        reverse(url_name, args=[programme.pk]), {"file": SimpleUploadedFile(name, content)}
    )


WORKFORCE_HEAD = b"directorate,staff_group,band,sex,ethnicity,disability,age_band,headcount\n"
BAD_UPLOADS = [
    ("wrong columns", b"name,when,amount\nTurnover,2026-01,3\n", "Missing: ‘metric’"),
    ("bad month", b"metric,month,value\nTurnover,Smarch 2026,3\n", "Row 2: month must be"),
    ("non-number", b"metric,month,value\nTurnover,2026-01,lots\n", "Row 2: value must be a number"),
    (
        "duplicate",
        b"metric,month,value\nTurnover,2026-01,3\nTurnover,2026-01,4\n",
        "appears twice",
    ),
    ("empty file", b"", "The file is empty"),
    ("wrong encoding", "metric,month,value\nCoût,2026-01,3\n".encode("cp1252"), "UTF-8"),
    ("huge file", b"metric,month,value\n" + b"Turnover,2026-01,3\n" * 120_000, "smaller than 2 MB"),
]


class TestMetricUploads:
    @pytest.mark.parametrize(("case", "content", "message"), BAD_UPLOADS)
    def test_bad_files_get_row_level_messages_and_import_nothing(
        self, client_as, od_lead_a, programme_a, case, content, message
    ):
        response = upload(client_as(od_lead_a), "diagnostics:metrics", programme_a, content)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not MetricPoint.objects.exists() and not Metric.objects.exists()

    def test_one_bad_row_among_good_ones_imports_nothing(self, client_as, od_lead_a, programme_a):
        content = b"metric,month,value\nTurnover,2026-01,3\nTurnover,2026-02,x\n"
        response = upload(client_as(od_lead_a), "diagnostics:metrics", programme_a, content)
        assert b"Row 3" in response.content
        assert not MetricPoint.objects.exists()

    def test_a_non_csv_is_refused(self, client_as, od_lead_a, programme_a):
        response = upload(
            client_as(od_lead_a), "diagnostics:metrics", programme_a, b"%PDF", name="data.pdf"
        )
        assert b"The file must be a CSV" in response.content

    def test_a_good_file_draws_an_spc_chart_with_its_data_table(
        self, client_as, od_lead_a, programme_a
    ):
        lines = ["metric,month,value"] + [
            f"Staff turnover,{month:%Y-%m},{value}"
            for month, value in zip(
                MONTHS,
                [10, 11, 9, 10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 25],
                strict=True,
            )
        ]
        client = client_as(od_lead_a)
        response = upload(client, "diagnostics:metrics", programme_a, "\n".join(lines).encode())
        assert response.status_code == 302
        html = client.get(response.url).content.decode()
        assert 'data-chart="chart-metric-' in html
        assert "June 2026" in html  # the data table lists the months
        assert "Special cause" in html  # the 25 is beyond the upper limit
        # Uploading a corrected month replaces its value rather than adding one.
        upload(
            client,
            "diagnostics:metrics",
            programme_a,
            b"metric,month,value\nStaff turnover,2026-06,12\n",
        )
        assert MetricPoint.objects.get(month=datetime.date(2026, 6, 1)).value == 12

    def test_a_money_target_reads_as_money(self, client_as, od_lead_a, programme_a):
        records.metric_points_import(
            programme=programme_a,
            actor=od_lead_a,
            rows=[MetricRow("Agency spend", month, 95.0 + n) for n, month in enumerate(MONTHS)],
        )
        metric = Metric.objects.get(programme=programme_a, name="Agency spend")
        records.metric_update(
            metric=metric,
            actor=od_lead_a,
            name=metric.name,
            unit="£k",
            improvement="down",
            target=100.0,
        )
        html = client_as(od_lead_a).get(reverse("diagnostics:metrics", args=[programme_a.pk]))
        page = " ".join(html.content.decode().split())
        assert "target £100k" in page and "£k" not in page.replace("(£k)", "")
        assert "100.0£k" not in page


class TestWorkforce:
    def test_small_groups_are_not_shown(self, client_as, od_lead_a, programme_a):
        content = WORKFORCE_HEAD + (
            b"Medicine,nursing_midwifery,Band 5,Female,White British,No,25-34,40\n"
            b"Medicine,nursing_midwifery,Band 6,Male,Asian,No,35-44,30\n"
            b"Surgery,medical_dental,Band 6,Female,Black,Yes,45-54,3\n"
        )
        client = client_as(od_lead_a)
        response = upload(client, "diagnostics:workforce", programme_a, content)
        assert response.status_code == 302
        html = client.get(response.url).content.decode()
        assert "Not shown" in html
        assert ">3<" not in html  # the group of 3 is never printed
        assert ">73<" in html  # the total is always shown

    def test_a_bad_row_imports_nothing_and_keeps_the_old_data(
        self, client_as, od_lead_a, programme_a
    ):
        client = client_as(od_lead_a)
        good = WORKFORCE_HEAD + b"Medicine,nursing_midwifery,Band 5,Female,White,No,25-34,40\n"
        upload(client, "diagnostics:workforce", programme_a, good)
        bad = WORKFORCE_HEAD + b"Medicine,nursing_midwifery,Band 99,Female,White,No,25-34,forty\n"
        response = upload(client, "diagnostics:workforce", programme_a, bad)
        assert b"Row 2" in response.content
        assert WorkforceRecord.objects.count() == 1


class TestPatientExperience:
    def test_import_then_code_with_suggestions(self, client_as, od_lead_a, programme_a):
        client = client_as(od_lead_a)
        content = (
            b"date,source,comment\n"
            b"2026-01-04,FFT,The nurses were kind and caring\n"
            b"05/01/2026,PALS,I waited six hours and nobody told me why\n"
        )
        response = upload(client, "diagnostics:patient-experience", programme_a, content)
        assert response.status_code == 302
        first = PatientComment.objects.order_by("received_on").first()
        page = client.get(reverse("diagnostics:patient-comment-code", args=[first.pk]))
        assert b"Suggested from the words used: Support and compassion" in page.content
        response = client.post(
            reverse("diagnostics:patient-comment-code", args=[first.pk]),
            {"elements": ["support_compassion"]},
        )
        second = PatientComment.objects.order_by("received_on").last()
        assert response.url == reverse("diagnostics:patient-comment-code", args=[second.pk])
        first.refresh_from_db()
        assert first.elements == ["support_compassion"] and first.coded_by == od_lead_a
        html = client.get(reverse("diagnostics:patient-experience", args=[programme_a.pk]))
        assert "Support and compassion: 1 comment" in html.content.decode()

    def test_a_file_imported_twice_is_refused_row_by_row(self, client_as, od_lead_a, programme_a):
        client = client_as(od_lead_a)
        content = b"date,source,comment\n2026-01-04,FFT,Lovely staff\n"
        upload(client, "diagnostics:patient-experience", programme_a, content)
        response = upload(client, "diagnostics:patient-experience", programme_a, content)
        assert b"Row 2: this comment from 4 January 2026 was imported before" in response.content
        assert PatientComment.objects.count() == 1

    def test_a_future_date_is_refused(self, client_as, od_lead_a, programme_a):
        content = b"date,source,comment\n2999-01-04,FFT,From the future\n"
        response = upload(
            client_as(od_lead_a), "diagnostics:patient-experience", programme_a, content
        )
        assert b"Row 2" in response.content
        assert not PatientComment.objects.exists()


class TestInterviewsAndFocusGroups:
    def test_an_interview_with_themes_coded_to_elements(
        self, client_as, change_team_a, programme_a
    ):
        client = client_as(change_team_a)
        response = client.post(
            reverse("diagnostics:interview-add", args=[programme_a.pk]),
            {
                "held_on_day": "2",
                "held_on_month": "2",
                "held_on_year": "2026",
                "interviewer": "Chris Change",
                "interviewee_role": "Finance director",
                "theme_teamwork": "Board works as a team\n\nTrusts each other",
                "theme_vision_values": "Values are on the wall, not in the room",
            },
        )
        assert response.status_code == 302
        interview = BoardInterview.objects.get()
        assert sorted(interview.themes.values_list("element", flat=True)) == [
            "teamwork",
            "teamwork",
            "vision_values",
        ]
        html = client.get(response.url).content.decode()
        assert "1 of 8 planned interviews recorded" in html

    def test_bad_interview_input_keeps_what_was_typed(self, client_as, change_team_a, programme_a):
        response = client_as(change_team_a).post(
            reverse("diagnostics:interview-add", args=[programme_a.pk]),
            {
                "held_on_day": "31",
                "held_on_month": "2",
                "held_on_year": "2026",
                "interviewer": "",
                "interviewee_role": "CEO",
                "theme_teamwork": "Keep me",
            },
        )
        html = response.content.decode()
        assert "The date of the interview must be a real date" in html
        assert "Enter who interviewed" in html
        assert "Keep me" in html
        assert not BoardInterview.objects.exists()

    def test_a_focus_group_needs_staff_groups_and_participants(
        self, client_as, change_team_a, programme_a
    ):
        response = client_as(change_team_a).post(
            reverse("diagnostics:focus-group-add", args=[programme_a.pk]),
            {"held_on_day": "2", "held_on_month": "2", "held_on_year": "2026", "title": "Porters"},
        )
        assert b"Choose at least one staff group" in response.content
        assert b"Enter the number of participants" in response.content
        assert not FocusGroup.objects.exists() and not CodedTheme.objects.exists()


def test_evaluation_shows_whole_survey_scores_only(client_as, od_lead_a, programme_a, trust_a):
    for title, seed in (("Autumn 2025", 1), ("Spring 2026", 2)):
        wave = WaveFactory(
            trust=trust_a,
            title=title,
            status=WaveStatus.CLOSED,
            threshold_k=5,
            version=build_version(sections=1, items_per_section=3),
        )
        add_responses(wave, 12, seed=seed)
        wave_results_refresh(wave_id=wave.pk)
    html = (
        client_as(od_lead_a)
        .get(reverse("diagnostics:evaluation", args=[programme_a.pk]))
        .content.decode()
    )
    assert "Autumn 2025" in html and "Spring 2026" in html
    assert 'data-chart="chart-evaluation-trend"' in html


def test_the_overview_shows_the_survey_headline(client_as, sponsor_a, programme_a, trust_a):
    wave = WaveFactory(
        trust=trust_a,
        title="Culture survey 2026",
        status=WaveStatus.CLOSED,
        threshold_k=5,
        version=build_version(sections=1, items_per_section=3),
    )
    add_responses(wave, 12)
    wave_results_refresh(wave_id=wave.pk)
    html = client_as(sponsor_a).get(reverse("programmes:overview", args=[programme_a.pk]))
    assert b"Culture survey 2026" in html.content
    assert b"Highest element" in html.content


def test_the_headline_stands_on_the_large_survey_not_the_newer_pulse(
    client_as, od_lead_a, programme_a, trust_a
):
    from diagnostics.surveys.services import wave_main_survey_mark
    from tests.diagnostics.factories import published_wave

    big = published_wave(trust_a, closed_days_ago=120, responses=420, title="Staff survey")
    published_wave(trust_a, closed_days_ago=10, responses=13, title="Pulse survey")
    coming = WaveFactory(trust=trust_a, title="Spring survey", status=WaveStatus.SCHEDULED)
    coming.opens_at = coming.closes_at - datetime.timedelta(days=5)
    coming.save()
    url = reverse("programmes:overview", args=[programme_a.pk])
    client = client_as(od_lead_a)
    text = " ".join(client.get(url).content.decode().split())
    assert "Staff survey</a>" in text and "420 responses in the published figures." in text
    assert "so this is the one with the most responses of those that closed then." in text
    assert "Pulse survey" not in text
    assert "Newer survey:" in text and "Spring survey</a>. This survey has not opened yet" in text

    wave_main_survey_mark(wave=big, actor=od_lead_a)
    text = " ".join(client.get(url).content.decode().split())
    assert f"It is the main survey of {big.closing_year}, as marked on its page." in text


@pytest.mark.parametrize(
    ("status", "responses", "said"),
    [
        (
            WaveStatus.OPEN,
            3,
            "The survey is still open, and fewer than 11 people have answered so far. Its "
            "figures are published once, when it closes on 30 April 2099, and only if at "
            "least 11 people have answered by then.",
        ),
        (
            WaveStatus.SCHEDULED,
            0,
            "Its figures are published once, when it closes on 30 April 2099, if at least 11 "
            "people have answered by then.",
        ),
    ],
)
def test_the_overview_says_why_the_latest_survey_has_no_figures_yet(
    client_as, viewer_a, programme_a, trust_a, status, responses, said
):
    closes = datetime.datetime(2099, 4, 30, 16, 0, tzinfo=datetime.UTC)
    wave = WaveFactory(trust=trust_a, title="Spring pulse", status=status, closes_at=closes)
    add_responses(wave, responses)
    html = client_as(viewer_a).get(reverse("programmes:overview", args=[programme_a.pk]))
    text = " ".join(html.content.decode().split())
    assert "Spring pulse" in text and said in text
    assert "Highest element" not in text


def test_the_overview_says_a_survey_closed_below_k_will_have_no_figures(
    client_as, od_lead_a, programme_a, trust_a
):
    wave = WaveFactory(trust=trust_a, status=WaveStatus.CLOSED, threshold_k=11)
    add_responses(wave, 10)
    wave_results_refresh(wave_id=wave.pk)
    html = client_as(od_lead_a).get(reverse("programmes:overview", args=[programme_a.pk]))
    text = " ".join(html.content.decode().split())
    assert "Fewer than 11 people answered this survey in total" in text
    assert "It will never have figures." in text


def test_a_survey_strength_becomes_a_finding_through_the_programme_form(
    client_as, od_lead_a, sponsor_a, programme_a, trust_a
):
    wave = WaveFactory(
        trust=trust_a,
        title="Culture survey 2026",
        status=WaveStatus.CLOSED,
        threshold_k=5,
        version=build_version(sections=1, items_per_section=3),
    )
    add_responses(wave, 12)
    wave_results_refresh(wave_id=wave.pk)
    report = reverse("diagnostics:results-report", args=[wave.pk])
    html = client_as(od_lead_a).get(report).content.decode()
    assert "Record as a finding" in html
    link = re.search(r'href="([^"]*/findings/new/\?[^"]*kind=strength[^"]*)"', html).group(1)
    form = client_as(od_lead_a).get(link.replace("&amp;", "&")).content.decode()
    statement = re.search(r"In Culture survey 2026, \d+% answered favourably to ‘([^’]+)’\.", form)
    assert statement and statement.group(1).startswith("Statement number")
    assert report in form  # the evidence link points back at the report
    # The sponsor reads the report but does not record findings.
    html = client_as(sponsor_a).get(report).content.decode()
    assert "Record as a finding" not in html


def test_evaluation_shows_only_results_the_user_may_see(
    client_as, viewer_a, national_admin, programme_a, trust_a
):
    closed = WaveFactory(
        trust=trust_a,
        title="Closed survey",
        status=WaveStatus.CLOSED,
        threshold_k=5,
        version=build_version(sections=1, items_per_section=3),
    )
    live = WaveFactory(
        trust=trust_a,
        title="Open survey",
        status=WaveStatus.OPEN,
        threshold_k=5,
        version=closed.version,
    )
    for wave in (closed, live):
        add_responses(wave, 12)
        wave_results_refresh(wave_id=wave.pk)
    url = reverse("diagnostics:evaluation", args=[programme_a.pk])
    viewer_page = client_as(viewer_a).get(url).content.decode()
    assert "Closed survey" not in viewer_page and "Open survey" not in viewer_page
    admin_page = client_as(national_admin).get(url).content.decode()
    assert "Closed survey" in admin_page and "Open survey" not in admin_page


def test_interview_notes_stay_with_the_programme_team(
    client_as, viewer_a, sponsor_a, change_team_a, objects
):
    url = reverse("diagnostics:interviews", args=[objects["programme"].pk])
    assert b"Chief nurse" in client_as(change_team_a).get(url).content
    for reader in (viewer_a, sponsor_a):
        page = client_as(reader).get(url).content.decode()
        assert "Chief nurse" not in page
        assert "Silo working" not in page


def test_a_metric_value_too_large_for_a_chart_is_refused(client_as, od_lead_a, programme_a):
    content = b"metric,month,value\nTurnover,2026-01,1e308\nTurnover,2026-02,-1e308\n"
    response = upload(client_as(od_lead_a), "diagnostics:metrics", programme_a, content)
    assert b"Row 2: value must be between -1 trillion and 1 trillion" in response.content
    assert not MetricPoint.objects.exists()


def test_missing_months_are_pointed_out(client_as, od_lead_a, programme_a):
    content = b"metric,month,value\nTurnover,2026-01,3\nTurnover,2026-02,4\nTurnover,2026-05,3\n"
    client = client_as(od_lead_a)
    upload(client, "diagnostics:metrics", programme_a, content)
    html = client.get(reverse("diagnostics:metrics", args=[programme_a.pk])).content.decode()
    assert "2 months missing" in html and "March 2026, April 2026" in html
