"""The synthesis board's coded evidence (programmes/evidence.py, filled by
diagnostics/records/evidence.py): themes coded in interviews and focus groups and coded
patient comments, counted per element beside the findings, with the words shown only to
those the tools' own pages show them to."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from diagnostics.records import services as records
from diagnostics.records.csv_import import FeedbackRow
from diagnostics.records.models import PatientComment
from tests.programmes.factories import add_finding

pytestmark = pytest.mark.django_db

SECRET_THEME = "The chief executive's corridor meetings decide everything"


@pytest.fixture
def coded(programme_a, od_lead_a):
    records.board_interview_save(
        programme=programme_a,
        actor=od_lead_a,
        held_on=datetime.date(2026, 2, 1),
        interviewer="Olu Lead",
        interviewee_role="Chief nurse",
        themes={
            "teamwork": ["Silo working between divisions", "Handovers are rushed"],
            "vision_values": [SECRET_THEME],
        },
    )
    records.focus_group_save(
        programme=programme_a,
        actor=od_lead_a,
        held_on=datetime.date(2026, 2, 3),
        title="Night shift, ED",
        staff_groups=["nursing_midwifery"],
        participants=9,
        themes={"teamwork": ["Porters and nurses do not talk"]},
    )
    records.patient_comments_import(
        programme=programme_a,
        actor=od_lead_a,
        file_name="feedback.csv",
        rows=[
            FeedbackRow(datetime.date(2026, 1, day), "FFT", text)
            for day, text in (
                (4, "The nurses were kind and caring"),
                (5, "Nobody told the ward I was coming"),
                (6, "Waited four hours"),
            )
        ],
    )
    comments = list(PatientComment.objects.filter(programme=programme_a).order_by("pk"))
    records.patient_comment_code(
        comment=comments[0], actor=od_lead_a, elements=["support_compassion"]
    )
    records.patient_comment_code(
        comment=comments[1], actor=od_lead_a, elements=["teamwork", "support_compassion"]
    )
    # The third stays uncoded: it is evidence of nothing yet.
    return programme_a


def _board(client, programme):
    return client.get(reverse("programmes:synthesis", args=[programme.pk])).content.decode()


def test_the_board_counts_coded_themes_and_comments_per_tool(client_as, od_lead_a, coded):
    html = _board(client_as(od_lead_a), coded)
    # Teamwork: 2 interview themes, 1 focus-group theme, 1 patient comment.
    assert "Board interviews</strong>: <a" in html
    assert "2 coded themes<span" in html
    assert "1 coded theme<span" in html
    assert "1 coded patient comment<span" in html
    assert "2 coded patient comments<span" in html  # support and compassion
    assert "4 themes or comments coded in the records of 3 tools." in html
    assert html.count('class="portal-board__coded">4 coded<') == 1  # teamwork, all tools


def test_editors_read_the_coded_words(client_as, od_lead_a, change_team_a, coded):
    for person in (od_lead_a, change_team_a):
        html = _board(client_as(person), coded)
        assert "Silo working between divisions" in html
        assert "The nurses were kind and caring" in html
    # The uncoded comment is nowhere.
    assert "Waited four hours" not in html


@pytest.mark.parametrize("persona", ["sponsor_a", "viewer_a", "national_admin"])
def test_others_see_counts_but_not_what_board_members_said(request, client_as, coded, persona):
    html = _board(client_as(request.getfixturevalue(persona)), coded)
    assert "2 coded themes<span" in html
    # Theme words stay with the OD lead and change team, as on the interview page ...
    assert "corridor meetings" not in html
    assert "Silo working" not in html
    # ... while patient comments are shown as on the patient-experience page.
    assert "The nurses were kind and caring" in html


def test_findings_and_coded_evidence_together_count_as_more_than_one_tool(
    client_as, od_lead_a, programme_a
):
    add_finding(programme_a, od_lead_a, tool="survey", element="teamwork")
    html = _board(client_as(od_lead_a), programme_a)
    section = html.split('id="element-teamwork"')[1].split("</section>")[0]
    assert "Evidence from more than one tool carries more weight." in section
    records.focus_group_save(
        programme=programme_a,
        actor=od_lead_a,
        held_on=datetime.date(2026, 2, 3),
        title="Theatres",
        staff_groups=["nursing_midwifery"],
        participants=8,
        themes={"teamwork": ["Theatre lists change without warning"]},
    )
    html = _board(client_as(od_lead_a), programme_a)
    section = html.split('id="element-teamwork"')[1].split("</section>")[0]
    assert "more weight" not in section
    assert "Theatre lists change without warning" in section


def test_examples_are_limited_and_the_rest_counted(client_as, od_lead_a, programme_a):
    records.board_interview_save(
        programme=programme_a,
        actor=od_lead_a,
        held_on=datetime.date(2026, 2, 1),
        interviewer="Olu Lead",
        interviewee_role="Medical director",
        themes={"teamwork": [f"Theme number {n}" for n in range(1, 6)]},
    )
    html = _board(client_as(od_lead_a), programme_a)
    assert "“Theme number 3”<" in html and "Theme number 4" not in html
    assert "and 2 more on the tool's page" in html


def test_the_export_carries_the_coded_counts(client_as, od_lead_a, coded):
    response = client_as(od_lead_a).get(
        reverse("programmes:synthesis-export", args=[coded.pk, "csv"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][4] == "Coded themes or comments"
    teamwork = {row[1]: row[4] for row in rows if row and row[0] == "Teamwork"}
    assert teamwork["Board interviews"] == "2"
    assert teamwork["Culture focus groups"] == "1"
    assert teamwork["Patient experience"] == "1"
    assert teamwork["Leadership behaviours and culture surveys"] == "0"


def test_another_trusts_records_never_reach_the_board(client_as, od_lead_b, programme_b, coded):
    html = _board(client_as(od_lead_b), programme_b)
    assert "coded theme" not in html
    assert "kind and caring" not in html


def test_the_board_reads_a_fixed_number_of_queries(
    client_as, od_lead_a, coded, django_assert_max_num_queries
):
    client = client_as(od_lead_a)
    _board(client, coded)
    with django_assert_max_num_queries(13):
        _board(client, coded)


def test_a_theme_heard_in_several_interviews_is_listed_once_with_its_count(
    client_as, od_lead_a, programme_a
):
    for role in ("Chief nurse", "Medical director", "Finance director"):
        records.board_interview_save(
            programme=programme_a,
            actor=od_lead_a,
            held_on=datetime.date(2026, 2, 1),
            interviewer="Olu Lead",
            interviewee_role=role,
            themes={"teamwork": ["Divisions compete for money", "Another view"]},
        )
    records.board_interview_save(
        programme=programme_a,
        actor=od_lead_a,
        held_on=datetime.date(2026, 2, 2),
        interviewer="Olu Lead",
        interviewee_role="Chair",
        themes={"teamwork": ["divisions  compete for money"]},
    )
    html = _board(client_as(od_lead_a), programme_a)
    assert html.count("compete for money") == 1
    assert "“Divisions compete for money” (4 times)" in html
    assert "“Another view” (3 times)" in html
    assert "more on the tool's page" not in html
