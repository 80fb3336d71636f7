import pytest

from diagnostics.instruments.services import instrument_version_draft_create
from tests.diagnostics.factories import WaveFactory, build_version


@pytest.fixture
def wave_a(trust_a):
    return WaveFactory(
        trust=trust_a, title="Trust A culture survey", with_directorates=["Medicine", "Surgery"]
    )


@pytest.fixture
def wave_b(trust_b):
    return WaveFactory(trust=trust_b, title="Trust B culture survey")


@pytest.fixture
def batch_a(wave_a, od_lead_a):
    from diagnostics.surveys.services import invitation_batch_create

    wave_a.access_mode = "both"
    wave_a.save()
    return invitation_batch_create(wave=wave_a, actor=od_lead_a, size=3)


@pytest.fixture
def draft_version(db):
    return instrument_version_draft_create(version=build_version())
