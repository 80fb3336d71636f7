"""diagnostics/surveys/selectors.py::draft_get_with_wave writes its SQL once and builds the
objects itself; it must give exactly what the ORM gives, on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diagnostics.constants import WaveStatus
from diagnostics.surveys.models import SurveyDraft
from diagnostics.surveys.selectors import draft_get_with_wave
from diagnostics.surveys.services import survey_draft_start
from tests.diagnostics.factories import WaveFactory

pytestmark = pytest.mark.django_db


def _fields(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
    }


def test_the_draft_wave_and_version_are_what_the_orm_reads(trust_a):
    wave = WaveFactory(trust=trust_a, status=WaveStatus.OPEN)
    draft = survey_draft_start(wave=wave)
    draft.answers = {"1": 4, "2": 2}
    draft.comments = {"9": "Breaks are skipped – “always”"}
    draft.demographics = {"band": "band_5"}
    draft.save()
    expected = SurveyDraft.objects.select_related("wave__version").get(pk=draft.pk)

    with CaptureQueriesContext(connection) as queries:
        found = draft_get_with_wave(slug=wave.slug, token=draft.token)
        assert _fields(found) == _fields(expected)
        assert _fields(found.wave) == _fields(expected.wave)
        assert _fields(found.wave.version) == _fields(expected.wave.version)
    assert len(queries) == 1
    # JSON comes back decoded and times aware, as the ORM gives them.
    assert found.answers == {"1": 4, "2": 2}
    assert found.wave.demographics_asked == expected.wave.demographics_asked
    assert found.expires_at.tzinfo is not None
    assert not found._state.adding and found._state.db == "default"
    # What is read can be saved as usual.
    found.answers["3"] = 5
    found.save(update_fields=["answers"])
    assert SurveyDraft.objects.get(pk=draft.pk).answers == {"1": 4, "2": 2, "3": 5}


def test_no_draft_for_another_survey_or_an_unknown_token(trust_a):
    wave = WaveFactory(trust=trust_a, status=WaveStatus.OPEN)
    other = WaveFactory(trust=trust_a, status=WaveStatus.OPEN)
    draft = survey_draft_start(wave=wave)
    assert draft_get_with_wave(slug=other.slug, token=draft.token) is None
    assert draft_get_with_wave(slug=wave.slug, token="not-a-token") is None
    assert draft_get_with_wave(slug=wave.slug, token="") is None
    assert draft_get_with_wave(slug=wave.slug, token=None) is None
