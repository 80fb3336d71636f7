"""When file storage fails (a full disk, an unreachable bucket), an upload is refused with a
plain message and nothing is half-saved: no record points at a missing file."""

import pytest
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.storage import STORAGE_DOWN
from programmes.models import Step
from resources.models import Resource

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 a tiny test document\n%%EOF\n"


@pytest.fixture
def storage_down(monkeypatch):
    def refuse(self, name, content):
        raise OSError(28, "No space left on device")

    # The tests store files in memory (settings.test); the same failure as a full disk.
    monkeypatch.setattr(InMemoryStorage, "_save", refuse)


def test_a_library_upload_when_storage_fails_saves_nothing(client_as, national_admin, storage_down):
    response = client_as(national_admin).post(
        reverse("resources:curate-new"),
        {
            "title": "Reading an SPC chart",
            "summary": "What the lines mean.",
            "kind": "guide",
            "phases": ["discover"],
            "file": SimpleUploadedFile("spc.pdf", PDF),
        },
    )
    assert response.status_code == 200
    assert STORAGE_DOWN in response.content.decode()
    # What was typed is kept for another try.
    assert "Reading an SPC chart" in response.content.decode()
    assert not Resource.objects.exists()


def test_step_evidence_when_storage_fails_leaves_the_step_open(
    client_as, change_team_a, programme_a, storage_down
):
    step = Step.objects.filter(phase__programme=programme_a).first()
    response = client_as(change_team_a).post(
        reverse("programmes:step-complete", kwargs={"pk": step.pk}),
        {
            "evidence_note": "",
            "evidence_link": "",
            "evidence_file": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    assert STORAGE_DOWN in response.content.decode()
    step.refresh_from_db()
    assert step.completed_on is None
    assert not step.evidence_file
