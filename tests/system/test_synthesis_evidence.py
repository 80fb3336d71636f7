"""The synthesis board as a sponsor reads it: the themes coded in board interviews are
counted as evidence beside the findings, but their words stay with the OD lead and change
team; coded patient comments are quoted, as on the patient-experience page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from diagnostics.records import services as records
from diagnostics.records.csv_import import FeedbackRow
from diagnostics.records.models import PatientComment

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_sponsor_sees_coded_evidence_counted_and_patient_words_quoted(
    open_as, live_server, check_page, programme_a, od_lead_a, sponsor_a
):
    records.board_interview_save(
        programme=programme_a,
        actor=od_lead_a,
        held_on=datetime.date(2026, 2, 1),
        interviewer="Olu Lead",
        interviewee_role="Chief nurse",
        themes={"teamwork": ["Silo working between divisions"]},
    )
    records.focus_group_save(
        programme=programme_a,
        actor=od_lead_a,
        held_on=datetime.date(2026, 2, 3),
        title="Night shift, ED",
        staff_groups=["nursing_midwifery"],
        participants=9,
        themes={"teamwork": ["Porters and nurses do not talk", "Handovers are rushed"]},
    )
    records.patient_comments_import(
        programme=programme_a,
        actor=od_lead_a,
        file_name="feedback.csv",
        rows=[FeedbackRow(datetime.date(2026, 1, 4), "FFT", "Nobody told the ward I was coming")],
    )
    records.patient_comment_code(
        comment=PatientComment.objects.get(programme=programme_a),
        actor=od_lead_a,
        elements=["teamwork"],
    )

    page = open_as(sponsor_a)
    page.goto(f"{live_server.url}/programmes/{programme_a.pk}/synthesis/")
    board = page.get_by_role("table", name=re.compile("^Findings by element and tool"))
    teamwork = board.get_by_role("row", name=re.compile("^Teamwork"))
    expect(teamwork.get_by_role("cell").last).to_have_text(re.compile(r"0 / 0\s*4 coded"))
    section = page.locator("#element-teamwork")
    expect(section).to_contain_text("Board interviews: 1 coded theme")
    expect(section).to_contain_text("Culture focus groups: 2 coded themes")
    expect(section).to_contain_text("“Nobody told the ward I was coming”")
    expect(section).not_to_contain_text("Silo working")
    expect(section).not_to_contain_text("Porters and nurses")
    expect(section).not_to_contain_text("more weight")  # three tools say something
    check_page(page, screenshot="synthesis-evidence-sponsor")
