"""A trust's data as a ZIP of CSV files: its OD lead or a national admin downloads it;
nobody else; never individual survey answers; recorded in the audit log."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from core.models import AuditEvent
from diagnostics.constants import WaveStatus
from diagnostics.surveys.services import wave_status_change
from programmes import services as programme_services
from tests.community.factories import make_member, make_story
from tests.diagnostics.factories import WaveFactory, add_responses, build_version

pytestmark = pytest.mark.django_db

URL = reverse("accounts:trust-export", kwargs={"ods_code": "RAA"})


def tables(response) -> dict[str, list[dict]]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {
        name.removesuffix(".csv"): list(csv.DictReader(io.StringIO(archive.read(name).decode())))
        for name in archive.namelist()
        if name.endswith(".csv")
    }


@pytest.fixture
def trust_with_data(
    trust_a, programme_a, od_lead_a, national_admin, django_capture_on_commit_callbacks
):
    programme_services.finding_create(
        programme=programme_a,
        actor=od_lead_a,
        statement='=HYPERLINK("http://evil.example")',
        tool="survey",
        element="teamwork",
        kind="area",
        evidence_link="",
    )
    wave = WaveFactory(
        trust=trust_a,
        version=build_version(sections=1, items_per_section=3),
        status=WaveStatus.OPEN,
        threshold_k=5,
    )
    add_responses(wave, 12)
    with django_capture_on_commit_callbacks(execute=True):
        wave_status_change(wave=wave, to=WaveStatus.CLOSED)
    make_member(trust_a)
    make_story(trust_a, od_lead_a, publish_by=national_admin)
    return wave


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("viewer_a", 403),
        ("change_team_a", 403),
        ("sponsor_a", 403),
        ("od_lead_b", 404),
        ("od_lead_a", 200),
        ("national_admin", 200),
    ],
    indirect=["persona"],
)
def test_only_the_trusts_od_lead_and_national_admins_may_download(
    client_as, trust_a, persona, status
):
    assert client_as(persona).post(URL).status_code == status


def test_a_get_is_refused(client_as, trust_a, od_lead_a):
    assert client_as(od_lead_a).get(URL).status_code == 405


def test_the_zip_holds_every_part_of_the_trusts_data(client_as, trust_with_data, od_lead_a):
    response = client_as(od_lead_a).post(URL)
    assert response["Content-Type"] == "application/zip"
    found = tables(response)
    assert {
        "people",
        "programmes",
        "phases",
        "findings",
        "actions",
        "surveys",
        "survey_results",
        "survey_comments",
        "community_membership",
        "community_stories",
    } <= set(found)
    assert {row["email"] for row in found["people"]} >= {od_lead_a.email}
    assert len(found["survey_results"]) > 0
    assert found["community_stories"][0]["title"] == "Listening walkabouts"
    readme = zipfile.ZipFile(io.BytesIO(response.content)).read("README.txt").decode()
    assert "Individual answers are never" in readme


def test_no_individual_answer_leaves_and_formulas_stay_text(client_as, trust_with_data, od_lead_a):
    found = tables(client_as(od_lead_a).post(URL))
    assert not any("answer" in name for name in found)
    assert found["findings"][0]["statement"].startswith("'=HYPERLINK")


def test_another_trusts_data_is_not_in_the_zip(client_as, trust_with_data, programme_b, od_lead_a):
    found = tables(client_as(od_lead_a).post(URL))
    assert {row["name"] for row in found["programmes"]} == {"Trust A Together"}


def test_the_download_is_recorded(client_as, trust_a, national_admin):
    client_as(national_admin).post(URL)
    event = AuditEvent.objects.get(action="accounts.trust_export")
    assert event.actor == national_admin
    assert event.target == trust_a.name


def test_the_workforce_goes_out_only_as_a_suppressed_summary(
    client_as, national_admin, od_lead_a, programme_a
):
    """A national admin's download never holds the uploaded rows, tiny cells included."""
    from diagnostics.records.csv_import import WorkforceRow
    from diagnostics.records.services import workforce_upload_replace

    rows = [
        WorkforceRow("Medicine", "medical_dental", "Band 5", "Female", "White", "No", "30-39", 40),
        WorkforceRow("Surgery", "nursing_midwifery", "Band 6", "Male", "Asian", "No", "40-49", 30),
        WorkforceRow("Estates", "estates_ancillary", "Band 9", "Male", "Black", "Yes", "60+", 1),
    ]
    workforce_upload_replace(
        programme=programme_a, actor=od_lead_a, file_name="workforce.csv", rows=rows
    )
    for persona in (national_admin, od_lead_a):
        workforce = tables(client_as(persona).post(URL))["workforce"]
        assert set(workforce[0]) == {"programme_id", "dimension", "group", "headcount", "note"}
        estates = [r for r in workforce if r["group"] == "Estates"]
        assert estates and all(r["headcount"] == "" and r["note"] for r in estates)
        assert not any(r["headcount"] == "1" for r in workforce)
        medicine = next(r for r in workforce if r["group"] == "Medicine")
        assert medicine["headcount"] == "40"
