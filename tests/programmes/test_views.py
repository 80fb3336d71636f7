"""Programme pages for every persona (anonymous, wrong trust, wrong role, right role), and
what the pages do with good and bad input."""

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from programmes import services
from programmes.constants import Element, PhaseKind, PhaseStatus
from programmes.models import ActivityEntry, Finding, PhaseSignOff, Programme, Step, StepTemplate
from tests.conftest import PERSONAS
from tests.programmes.factories import (
    add_action,
    add_commitment,
    add_finding,
    add_intervention,
    pdf_upload,
    phase_of,
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


READERS_OF_A = {
    "anonymous": LOGIN,
    "viewer_a": OK,
    "change_team_a": OK,
    "od_lead_a": OK,
    "od_lead_b": NOT_FOUND,  # another trust's programme is not revealed
    "sponsor_a": OK,
    "national_admin": OK,
}
EDITORS_OF_A = {
    **READERS_OF_A,
    "viewer_a": FORBIDDEN,
    "sponsor_a": FORBIDDEN,
    "national_admin": FORBIDDEN,
}
OD_LEAD_OF_A = {**EDITORS_OF_A, "change_team_a": FORBIDDEN}
SPONSOR_OF_A = {
    **READERS_OF_A,
    "viewer_a": FORBIDDEN,
    "change_team_a": FORBIDDEN,
    "od_lead_a": FORBIDDEN,
    "national_admin": FORBIDDEN,
}
ADMINS = {**dict.fromkeys(PERSONAS, FORBIDDEN), "anonymous": LOGIN, "national_admin": OK}
TRUST_A = {**READERS_OF_A}
# Trust A's page redirects to its active programme; trust B's OD lead cannot see trust A.
FOR_TRUST_A = {**READERS_OF_A, **{p: REDIRECT for p in READERS_OF_A if READERS_OF_A[p] == OK}}
START_IN_A = {**OD_LEAD_OF_A}

P = lambda o: {"pk": o["programme"].pk}  # noqa: E731
PHASE = lambda o: {"pk": o["programme"].pk, "kind": "discover"}  # noqa: E731

MATRIX = {
    "programmes:for-trust": (lambda o: {"ods_code": "RAA"}, FOR_TRUST_A),
    "programmes:start": (lambda o: {"ods_code": "RAA"}, START_IN_A),
    "programmes:overview": (P, READERS_OF_A),
    "programmes:edit": (P, OD_LEAD_OF_A),
    "programmes:close": (P, OD_LEAD_OF_A),
    "programmes:activity": (P, READERS_OF_A),
    "programmes:phase": (PHASE, READERS_OF_A),
    "programmes:phase-dates": (PHASE, EDITORS_OF_A),
    "programmes:phase-sign-off": (
        lambda o: {"pk": o["programme"].pk, "kind": "scoping"},
        SPONSOR_OF_A,
    ),
    "programmes:phase-ask-sign-off": (
        lambda o: {"pk": o["programme"].pk, "kind": "scoping"},
        OD_LEAD_OF_A,
    ),
    "programmes:phase-send-back": (
        lambda o: {"pk": o["programme"].pk, "kind": "scoping"},
        SPONSOR_OF_A,
    ),
    "programmes:step-add": (PHASE, EDITORS_OF_A),
    "programmes:step-edit": (lambda o: {"pk": o["step"].pk}, EDITORS_OF_A),
    "programmes:step-complete": (lambda o: {"pk": o["step"].pk}, EDITORS_OF_A),
    "programmes:step-reopen": (lambda o: {"pk": o["step"].pk}, POST_ONLY),
    "programmes:step-move": (lambda o: {"pk": o["step"].pk}, POST_ONLY),
    "programmes:step-delete": (lambda o: {"pk": o["step"].pk}, POST_ONLY),
    "programmes:step-evidence": (lambda o: {"pk": o["step"].pk}, READERS_OF_A),
    "programmes:template": (lambda o: {}, ADMINS),
    "programmes:template-add": (lambda o: {}, ADMINS),
    "programmes:template-edit": (lambda o: {"pk": o["template"].pk}, ADMINS),
    "programmes:template-move": (lambda o: {"pk": o["template"].pk}, POST_ONLY),
    "programmes:template-delete": (lambda o: {"pk": o["template"].pk}, POST_ONLY),
    "programmes:findings": (P, READERS_OF_A),
    "programmes:finding-add": (P, EDITORS_OF_A),
    "programmes:finding-edit": (lambda o: {"pk": o["finding"].pk}, EDITORS_OF_A),
    "programmes:finding-delete": (lambda o: {"pk": o["finding"].pk}, POST_ONLY),
    "programmes:synthesis": (P, READERS_OF_A),
    "programmes:synthesis-export": (
        lambda o: {"pk": o["programme"].pk, "file_format": "csv"},
        READERS_OF_A,
    ),
    "programmes:element-summary": (
        lambda o: {"pk": o["programme"].pk, "element": "teamwork"},
        EDITORS_OF_A,
    ),
    "programmes:interventions": (P, READERS_OF_A),
    "programmes:intervention-add": (P, EDITORS_OF_A),
    "programmes:intervention-edit": (lambda o: {"pk": o["intervention"].pk}, EDITORS_OF_A),
    "programmes:intervention-delete": (lambda o: {"pk": o["intervention"].pk}, POST_ONLY),
    "programmes:strategy": (P, READERS_OF_A),
    "programmes:strategy-edit": (P, EDITORS_OF_A),
    "programmes:strategy-approval": (P, SPONSOR_OF_A),
    "programmes:strategy-document": (P, READERS_OF_A),
    "programmes:priority-add": (P, EDITORS_OF_A),
    "programmes:priority-edit": (
        lambda o: {"pk": o["programme"].pk, "priority_pk": o["priority"].pk},
        EDITORS_OF_A,
    ),
    "programmes:priority-delete": (
        lambda o: {"pk": o["programme"].pk, "priority_pk": o["priority"].pk},
        POST_ONLY,
    ),
    "programmes:commitment-add": (P, EDITORS_OF_A),
    "programmes:commitment-delete": (
        lambda o: {"pk": o["programme"].pk, "commitment_pk": o["commitment"].pk},
        POST_ONLY,
    ),
    "programmes:actions": (P, READERS_OF_A),
    "programmes:action-add": (P, EDITORS_OF_A),
    "programmes:action-edit": (lambda o: {"pk": o["action"].pk}, EDITORS_OF_A),
    "programmes:action-delete": (lambda o: {"pk": o["action"].pk}, POST_ONLY),
    "programmes:action": (lambda o: {"pk": o["action"].pk}, READERS_OF_A),
    # The programme team, and the action's owner (here change_team_a; see test_action_notes).
    "programmes:action-note-add": (lambda o: {"pk": o["action"].pk}, EDITORS_OF_A),
    "programmes:action-note-delete": (lambda o: {"pk": o["note"].pk}, POST_ONLY),
    "programmes:action-plan-print": (P, READERS_OF_A),
    "programmes:action-plan-export": (
        lambda o: {"pk": o["programme"].pk, "file_format": "xlsx"},
        READERS_OF_A,
    ),
}
EDITORS_POST = {**EDITORS_OF_A, "change_team_a": 302, "od_lead_a": 302}
POST_MATRIX = {
    "programmes:step-reopen": ({}, EDITORS_POST),
    "programmes:step-move": ({"direction": "down"}, EDITORS_POST),
    "programmes:step-delete": ({}, EDITORS_POST),
    "programmes:template-move": ({"direction": "down"}, {**ADMINS, "national_admin": 302}),
    "programmes:template-delete": ({}, {**ADMINS, "national_admin": 302}),
    "programmes:finding-delete": ({}, EDITORS_POST),
    "programmes:intervention-delete": ({}, EDITORS_POST),
    "programmes:priority-delete": ({}, EDITORS_POST),
    "programmes:commitment-delete": ({}, EDITORS_POST),
    "programmes:action-delete": ({}, EDITORS_POST),
    "programmes:action-note-add": ({"text": "Met the ward managers"}, EDITORS_POST),
    # Only its author (change_team_a) removes a note; the OD lead may not.
    "programmes:action-note-delete": (
        {},
        {**EDITORS_OF_A, "change_team_a": 302, "od_lead_a": FORBIDDEN},
    ),
    "programmes:close": ({}, {**OD_LEAD_OF_A, "od_lead_a": 302}),
}


@pytest.fixture
def objects(programme_a, programme_b, od_lead_a, change_team_a):
    step = phase_of(programme_a, PhaseKind.DISCOVER).steps.first()
    services.step_complete(
        step=step, actor=od_lead_a, evidence_note="Report", evidence_file=pdf_upload()
    )
    finding = add_finding(programme_a, od_lead_a)
    services.strategy_update(
        strategy=programme_a.strategy,
        actor=od_lead_a,
        commitment="We commit to collective leadership",
        vision="Compassionate care for every patient",
        document=pdf_upload("strategy.pdf"),
    )
    priority = services.priority_create(
        strategy=programme_a.strategy, actor=od_lead_a, title="Listening", findings=[finding]
    )
    action = add_action(programme_a, od_lead_a, owner=change_team_a)
    return {
        "programme": programme_a,
        "step": step,
        "template": StepTemplate.objects.order_by("pk").first(),
        "finding": finding,
        "intervention": add_intervention(programme_a, od_lead_a),
        "priority": priority,
        "commitment": add_commitment(programme_a, od_lead_a),
        "action": action,
        "note": services.action_note_add(
            action=action, actor=change_team_a, text="Two of four cohorts trained"
        ),
    }


def no_trust_b_programme(url_name, expected, response):
    if expected == OK and response.get("Content-Type", "").startswith("text/html"):
        assert b"Trust B programme" not in response.content


(
    test_get_answers_each_persona_as_the_matrix_says,
    test_post_answers_each_persona_as_the_matrix_says,
) = matrix_tests(MATRIX, POST_MATRIX, after_get=no_trust_b_programme)


def test_no_persona_of_trust_b_can_change_trust_a(client_as, objects, od_lead_b):
    client = client_as(od_lead_b)
    step = objects["step"]
    response = client.post(
        reverse("programmes:step-complete", args=[step.pk]), {"evidence_note": "x"}
    )
    assert response.status_code == 404
    response = client.post(
        reverse("programmes:finding-add", args=[objects["programme"].pk]),
        {"statement": "x", "kind": "strength", "element": "teamwork", "tool": "survey"},
    )
    assert response.status_code == 404
    assert Finding.objects.filter(statement="x").count() == 0


def start_data(**overrides):
    data = {
        "name": "Advancing Culture Together",
        "framework": "revised",
        "start_date_day": "5",
        "start_date_month": "1",
        "start_date_year": "2026",
        "board_interviews_planned": "10",
    }
    data.update(overrides)
    return data


class TestStartProgramme:
    def test_an_od_lead_starts_the_programme_with_the_national_steps(
        self, client_as, od_lead_a, sponsor_a, trust_a
    ):
        client = client_as(od_lead_a)
        response = client.get(reverse("programmes:for-trust", args=["RAA"]))
        assert b"Start the programme" in response.content
        response = client.post(
            reverse("programmes:start", args=["RAA"]), start_data(sponsor=sponsor_a.pk)
        )
        programme = Programme.objects.get(trust=trust_a)
        assert response.url == reverse("programmes:overview", args=[programme.pk])
        assert programme.sponsor == sponsor_a
        assert list(programme.phases.values_list("kind", flat=True)) == list(PhaseKind)
        assert Step.objects.filter(phase__programme=programme).count() == (
            StepTemplate.objects.count()
        )
        page = client.get(response.url).content.decode()
        assert "Advancing Culture Together" in page
        assert "0 of 4 steps done" in page

    def test_bad_input_shows_every_error_and_keeps_what_was_typed(self, client_as, od_lead_a):
        response = client_as(od_lead_a).post(
            reverse("programmes:start", args=["RAA"]),
            start_data(
                name="",
                start_date_day="31",
                start_date_month="2",
                board_interviews_planned="-1",
                framework="nonsense",
            ),
        )
        html = response.content.decode()
        assert "Enter the programme&#x27;s local name" in html or "Enter the programme's" in html
        assert "The start date must be a real date" in html
        assert "The number of board interviews cannot be negative" in html
        assert "Choose one of the options given for cultural elements framework" in html
        assert "Select a valid choice" not in html
        assert Programme.objects.count() == 0

    def test_a_second_active_programme_is_refused_with_a_message(
        self, client_as, od_lead_a, programme_a
    ):
        response = client_as(od_lead_a).post(
            reverse("programmes:start", args=["RAA"]), start_data()
        )
        assert response.status_code == 200
        assert b"already has an active programme" in response.content
        assert Programme.objects.filter(trust=programme_a.trust).count() == 1

    def test_a_sponsor_from_another_trust_cannot_be_chosen(self, client_as, od_lead_a, od_lead_b):
        response = client_as(od_lead_a).post(
            reverse("programmes:start", args=["RAA"]), start_data(sponsor=od_lead_b.pk)
        )
        assert b"Choose someone from the list" in response.content
        assert Programme.objects.count() == 0


class TestSignOff:
    def test_open_required_steps_need_a_reason(self, client_as, sponsor_a, programme_a):
        url = reverse("programmes:phase-sign-off", args=[programme_a.pk, "scoping"])
        client = client_as(sponsor_a)
        page = client.get(url).content.decode()
        assert "4 required steps not done" in page
        response = client.post(url, {"comment": "Good work"})
        assert response.status_code == 200
        assert "Choose what happens to the step" in response.content.decode()
        assert "Good work" in response.content.decode()  # what was typed is kept
        assert not PhaseSignOff.objects.exists()
        choices = carry_every_open_step(programme_a, "scoping")
        response = client.post(url, {"comment": "Good work", **choices})
        assert "4 required steps are not done. Give the reason" in response.content.decode()
        response = client.post(
            url, {"comment": "Good work", "open_steps_reason": "Brand agreed verbally", **choices}
        )
        assert response.status_code == 302
        sign_off = PhaseSignOff.objects.get()
        assert sign_off.open_required_steps == 4
        assert sign_off.signed_by == sponsor_a
        assert phase_of(programme_a, PhaseKind.DISCOVER).status == PhaseStatus.IN_PROGRESS

    def test_a_double_submit_signs_off_once(self, client_as, sponsor_a, programme_a):
        url = reverse("programmes:phase-sign-off", args=[programme_a.pk, "scoping"])
        data = {"open_steps_reason": "Agreed at board"}
        data.update(carry_every_open_step(programme_a, "scoping"))
        client = client_as(sponsor_a)
        client.post(url, data)
        response = client.post(url, data)
        assert b"already signed off" in response.content
        assert PhaseSignOff.objects.count() == 1

    def test_a_phase_not_started_cannot_be_signed_off(self, client_as, sponsor_a, programme_a):
        url = reverse("programmes:phase-sign-off", args=[programme_a.pk, "design"])
        data = {"open_steps_reason": "x", **carry_every_open_step(programme_a, "design")}
        response = client_as(sponsor_a).post(url, data)
        assert b"has not started" in response.content


def carry_every_open_step(programme, kind) -> dict:
    """The sign-off form's answer for each step still open: carry it into the next phase."""
    steps = phase_of(programme, kind).steps.filter(completed_on__isnull=True)
    return {f"step_{step.pk}": "carried" for step in steps}


class TestSteps:
    def test_completing_a_step_needs_evidence(self, client_as, change_team_a, programme_a):
        step = phase_of(programme_a).steps.first()
        url = reverse("programmes:step-complete", args=[step.pk])
        response = client_as(change_team_a).post(url, {})
        assert b"Add a note, a link or a file" in response.content
        step.refresh_from_db()
        assert step.completed_on is None

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("virus.exe", b"MZ...", b"must be a PDF, Word, Excel"),
            ("fake.pdf", b"not really a pdf", b"is not a real PDF file"),
            ("empty.txt", b"", b"is empty"),
        ],
    )
    def test_bad_uploads_are_refused_and_nothing_is_saved(
        self, client_as, change_team_a, programme_a, name, content, message
    ):
        step = phase_of(programme_a).steps.first()
        response = client_as(change_team_a).post(
            reverse("programmes:step-complete", args=[step.pk]),
            {"evidence_note": "Minutes", "evidence_file": SimpleUploadedFile(name, content)},
        )
        assert message in response.content
        assert b"Minutes" in response.content
        step.refresh_from_db()
        assert step.completed_on is None and not step.evidence_file

    def test_evidence_file_is_downloaded_only_through_the_checked_view(
        self, client_as, change_team_a, viewer_a, programme_a
    ):
        step = phase_of(programme_a).steps.first()
        client_as(change_team_a).post(
            reverse("programmes:step-complete", args=[step.pk]),
            {"evidence_note": "Minutes", "evidence_file": pdf_upload("minutes.pdf")},
        )
        response = client_as(viewer_a).get(reverse("programmes:step-evidence", args=[step.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert "minutes.pdf" in response["Content-Disposition"]

    def test_moving_and_adding_steps(self, client_as, od_lead_a, programme_a, change_team_a):
        phase = phase_of(programme_a)
        first, second = list(phase.steps.order_by("position"))[:2]
        client = client_as(od_lead_a)
        client.post(reverse("programmes:step-move", args=[first.pk]), {"direction": "down"})
        assert list(phase.steps.order_by("position"))[:2] == [second, first]
        response = client.post(
            reverse("programmes:step-add", args=[programme_a.pk, "scoping"]),
            {
                "title": "Brief the staff side",
                "owner": change_team_a.pk,
                "due_on_day": "1",
                "due_on_month": "2",
                "due_on_year": "2026",
            },
        )
        assert response.status_code == 302
        step = phase.steps.get(title="Brief the staff side")
        assert step.owner == change_team_a and not step.required

    def test_a_closed_programme_is_read_only(self, client_as, od_lead_a, programme_a):
        services.programme_close(programme=programme_a, actor=od_lead_a)
        client = client_as(od_lead_a)
        page = client.get(reverse("programmes:overview", args=[programme_a.pk]))
        assert b"kept as a read-only record" in page.content
        step = phase_of(programme_a).steps.first()
        response = client.get(reverse("programmes:step-edit", args=[step.pk]))
        assert response.status_code == 403
        # And the trust may start a new one.
        assert client.get(reverse("programmes:for-trust", args=["RAA"])).status_code == 200


class TestSynthesis:
    def test_board_counts_findings_by_tool_and_element(self, client_as, od_lead_a, programme_a):
        add_finding(programme_a, od_lead_a)
        add_finding(programme_a, od_lead_a, kind="area", statement="Few feel able to speak up")
        add_finding(programme_a, od_lead_a, tool="board_interviews", element="teamwork")
        page = client_as(od_lead_a).get(reverse("programmes:synthesis", args=[programme_a.pk]))
        html = page.content.decode()
        assert "1 strength and 1 area to develop typed as findings, from 1 tool." in html
        assert "Few feel able to speak up" in html

    def test_export_is_spreadsheet_safe(self, client_as, od_lead_a, programme_a):
        add_finding(programme_a, od_lead_a, statement='=HYPERLINK("http://evil")')
        client = client_as(od_lead_a)
        response = client.get(reverse("programmes:synthesis-export", args=[programme_a.pk, "csv"]))
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == [
            "Element",
            "Source",
            "Strengths",
            "Areas to develop",
            "Coded themes or comments",
            "Element summary",
        ]
        assert [
            "Support and compassion",
            "Leadership behaviours and culture surveys",
            "1",
            "0",
            "0",
            "",
        ] in rows
        assert any(row and row[3].startswith("'=HYPERLINK") for row in rows)
        response = client.get(reverse("programmes:synthesis-export", args=[programme_a.pk, "xlsx"]))
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["A1"].value == "Element"
        assert (
            client.get(
                reverse("programmes:synthesis-export", args=[programme_a.pk, "pdf"])
            ).status_code
            == 404
        )

    def test_a_finding_must_use_the_programmes_framework(self, client_as, od_lead_a, trust_a):
        from tests.programmes.factories import start_programme

        programme = start_programme(trust_a, od_lead_a, framework="clp_2016")
        response = client_as(od_lead_a).post(
            reverse("programmes:finding-add", args=[programme.pk]),
            {"statement": "x", "kind": "strength", "element": "equity_inclusion", "tool": "survey"},
        )
        assert b"Choose one of the options given for cultural element" in response.content
        assert not Finding.objects.exists()

    def test_the_finding_form_opens_filled_in_from_another_page(
        self, client_as, od_lead_a, programme_a
    ):
        url = reverse("programmes:finding-add", args=[programme_a.pk])
        page = (
            client_as(od_lead_a)
            .get(url, {"tool": "survey", "kind": "area", "element": "teamwork", "statement": "Low"})
            .content.decode()
        )
        assert re.search(r'value="area"\s+checked', page)
        assert ">\nLow</textarea>" in page


class TestDesignAndDeliver:
    def test_intervention_map_shows_gaps(self, client_as, od_lead_a, programme_a):
        add_intervention(programme_a, od_lead_a)
        add_intervention(
            programme_a,
            od_lead_a,
            title="Reverse mentoring",
            status="planned",
            elements=[Element.EQUITY_INCLUSION],
        )
        html = (
            client_as(od_lead_a)
            .get(reverse("programmes:interventions", args=[programme_a.pk]))
            .content.decode()
        )
        assert html.count("No intervention addresses this element") == 4
        assert "Only planned interventions so far" in html

    def test_overdue_actions_are_highlighted(
        self, client_as, od_lead_a, change_team_a, programme_a
    ):
        add_action(programme_a, od_lead_a, owner=change_team_a, due_on=datetime.date(2020, 1, 1))
        client = client_as(od_lead_a)
        html = client.get(reverse("programmes:actions", args=[programme_a.pk])).content.decode()
        assert "Overdue" in html
        html = client.get(reverse("programmes:overview", args=[programme_a.pk])).content.decode()
        assert "1 overdue action" in html

    def test_an_action_owner_must_belong_to_the_trust(
        self, client_as, od_lead_a, od_lead_b, programme_a
    ):
        response = client_as(od_lead_a).post(
            reverse("programmes:action-add", args=[programme_a.pk]),
            {
                "title": "Do a thing",
                "owner": od_lead_b.pk,
                "due_on_day": "1",
                "due_on_month": "1",
                "due_on_year": "2027",
                "status": "not_started",
            },
        )
        assert b"Choose someone from the list" in response.content

    def test_action_resources_must_be_links(self, client_as, od_lead_a, change_team_a, programme_a):
        response = client_as(od_lead_a).post(
            reverse("programmes:action-add", args=[programme_a.pk]),
            {
                "title": "Do a thing",
                "owner": change_team_a.pk,
                "due_on_day": "1",
                "due_on_month": "1",
                "due_on_year": "2027",
                "status": "not_started",
                "resources": "javascript:alert(1)",
            },
        )
        assert b"Enter a link that starts with https://" in response.content


def test_every_change_is_in_the_activity_log(client_as, od_lead_a, programme_a):
    add_finding(programme_a, od_lead_a)
    html = (
        client_as(od_lead_a)
        .get(reverse("programmes:activity", args=[programme_a.pk]))
        .content.decode()
    )
    assert "Started ‘Trust A Together’" in html
    assert "Recorded a finding: strength in support and compassion" in html
    assert ActivityEntry.objects.filter(programme=programme_a, actor=od_lead_a).count() == 2


def test_overview_query_count_does_not_grow_with_records(
    client_as, od_lead_a, change_team_a, programme_a, django_assert_max_num_queries
):
    for number in range(15):
        add_action(programme_a, od_lead_a, owner=change_team_a, title=f"Action {number}")
        add_finding(programme_a, od_lead_a, statement=f"Finding {number}")
    client = client_as(od_lead_a)
    url = reverse("programmes:overview", args=[programme_a.pk])
    client.get(url)
    with django_assert_max_num_queries(22):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "link", ["/\\evil.example", "/\t/evil.example", "//evil.example", "javascript:alert(1)"]
)
def test_links_that_could_lead_off_the_portal_are_refused(client_as, od_lead_a, programme_a, link):
    response = client_as(od_lead_a).post(
        reverse("programmes:finding-add", args=[programme_a.pk]),
        {
            "statement": "x",
            "kind": "strength",
            "element": "teamwork",
            "tool": "survey",
            "evidence_link": link,
        },
    )
    assert b"Enter a link that starts with https://" in response.content
    assert not Finding.objects.exists()


def test_the_excel_download_survives_pasted_control_characters(client_as, od_lead_a, programme_a):
    add_finding(programme_a, od_lead_a, statement="Line one\x0bline two")
    response = client_as(od_lead_a).get(
        reverse("programmes:synthesis-export", args=[programme_a.pk, "xlsx"])
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert any(cell.value == "Line oneline two" for row in sheet.iter_rows() for cell in row)
