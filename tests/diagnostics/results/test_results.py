"""Publishing a wave's results: nothing while open, once at close from everything received,
never recounted; thresholds, idempotence, failures and the sweep."""

import threading

import pytest
from django.db import connection

from diagnostics.constants import WaveStatus
from diagnostics.instruments.models import Item
from diagnostics.results.models import ResultRow, ResultState, WaveResult
from diagnostics.results.services import RefreshOutcome, wave_results_refresh, wave_results_sweep
from diagnostics.surveys.services import wave_status_change
from tests.diagnostics.factories import WaveFactory, add_responses, build_version
from tests.services import require_postgresql

pytestmark = pytest.mark.django_db


def snapshot(wave):
    return sorted(
        ResultRow.objects.filter(wave=wave).values_list(
            "breakdown", "group", "kind", "item_id", "element", "suppressed", "n", "score"
        ),
        key=repr,
    )


@pytest.fixture
def wave(trust_a):
    return WaveFactory(
        trust=trust_a,
        version=build_version(sections=1, items_per_section=3),
        status=WaveStatus.OPEN,
        threshold_k=5,
    )


def overall_n(wave):
    return ResultRow.objects.get(wave=wave, breakdown="all", kind="responses").n


def close(wave):
    """Mark the wave closed without queuing anything, for refreshes run by hand."""
    wave.status = WaveStatus.CLOSED
    wave.save(update_fields=["status"])


def test_an_open_wave_has_no_figures_whatever_it_holds(wave):
    add_responses(wave, 40)
    for _ in range(2):
        assert wave_results_refresh(wave_id=wave.pk) == RefreshOutcome.OPEN
    assert not ResultRow.objects.filter(wave=wave).exists()
    assert WaveResult.objects.get(wave=wave).responses_counted == 0


def test_a_wave_closed_below_k_never_shows_anything(wave):
    add_responses(wave, 4)
    close(wave)
    assert wave_results_refresh(wave_id=wave.pk) == RefreshOutcome.WAITING
    assert not ResultRow.objects.filter(wave=wave).exists()
    result = WaveResult.objects.get(wave=wave)
    assert (result.state, result.final) == (ResultState.WAITING, True)


def test_closing_publishes_everything_received_once(wave, django_capture_on_commit_callbacks):
    add_responses(wave, 7)
    add_responses(wave, 2, seed=2)
    with django_capture_on_commit_callbacks(execute=True):
        wave_status_change(wave=wave, to=WaveStatus.CLOSED)
    result = WaveResult.objects.get(wave=wave)
    assert (result.final, result.responses_counted, overall_n(wave)) == (True, 9, 9)


def test_published_figures_are_never_recounted(wave):
    add_responses(wave, 23)
    close(wave)
    assert wave_results_refresh(wave_id=wave.pk) == RefreshOutcome.COMPUTED
    first = snapshot(wave)
    add_responses(wave, 11, seed=2)  # e.g. written straight into the database
    assert wave_results_refresh(wave_id=wave.pk) == RefreshOutcome.UNCHANGED
    assert wave_results_sweep() == 0
    assert snapshot(wave) == first and first
    assert overall_n(wave) == 23


def test_a_failed_publication_stores_nothing_and_the_sweep_tries_again(
    wave, monkeypatch, django_capture_on_commit_callbacks
):
    from diagnostics.results import services as results

    add_responses(wave, 20)
    close(wave)

    def broken(*args, **kwargs):
        raise RuntimeError("worker fault")

    monkeypatch.setattr(results, "result_rows", broken)
    with pytest.raises(RuntimeError):
        wave_results_refresh(wave_id=wave.pk)
    assert not ResultRow.objects.filter(wave=wave).exists()
    assert WaveResult.objects.get(wave=wave).state == ResultState.FAILED
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert wave_results_sweep() == 1  # it sees the failure and retries (eagerly here)
    result = WaveResult.objects.get(wave=wave)
    assert (result.state, result.responses_counted, result.final) == (ResultState.FRESH, 20, True)


def test_the_sweep_leaves_open_and_published_waves_alone(wave):
    add_responses(wave, 6)
    assert wave_results_sweep() == 0  # open: nothing to publish
    close(wave)
    assert wave_results_sweep() == 1  # closed, not yet published
    wave_results_refresh(wave_id=wave.pk)
    assert wave_results_sweep() == 0


def test_a_submit_queues_nothing_and_logs_nothing(
    trust_a, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    """No queue entry or log line is timed by a response (docs/anonymity.md)."""
    import logging

    from diagnostics import tasks
    from diagnostics.surveys.services import survey_draft_start, survey_response_submit

    queued = []
    monkeypatch.setattr(
        tasks.refresh_wave_results, "apply_async", lambda *a, **kw: queued.append((a, kw))
    )
    open_wave = WaveFactory(
        trust=trust_a,
        version=build_version(sections=1, items_per_section=2, comment_questions=0),
        status=WaveStatus.OPEN,
    )
    caplog.set_level(logging.DEBUG)
    for _ in range(3):
        draft = survey_draft_start(wave=open_wave)
        draft.answers = {
            str(i.pk): 4 for i in Item.objects.filter(section__version_id=open_wave.version_id)
        }
        draft.save()
        with django_capture_on_commit_callbacks(execute=True):
            assert survey_response_submit(token=draft.token)
    assert queued == []
    assert [r for r in caplog.records if r.name.startswith(("diagnostics", "django.db"))] == []


def test_a_broker_that_is_down_does_not_fail_the_close(
    wave, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    from diagnostics import tasks

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.refresh_wave_results, "apply_async", down)
    add_responses(wave, 6)
    with django_capture_on_commit_callbacks(execute=True):
        wave_status_change(wave=wave, to=WaveStatus.CLOSED)  # logged, not raised
    assert WaveResult.objects.filter(wave=wave, final=True).count() == 0
    assert wave_results_sweep() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_refreshes_at_once_store_one_set_of_rows(trust_a):
    require_postgresql()
    wave = WaveFactory(
        trust=trust_a,
        version=build_version(sections=1, items_per_section=3),
        status=WaveStatus.CLOSED,
        threshold_k=5,
    )
    add_responses(wave, 40)
    errors = []

    def refresh():
        try:
            wave_results_refresh(wave_id=wave.pk)
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    once = snapshot(wave)
    WaveResult.objects.filter(wave=wave).update(final=False)  # force a second computation
    wave_results_refresh(wave_id=wave.pk)
    assert snapshot(wave) == once
    assert ResultRow.objects.filter(wave=wave, breakdown="all", kind="responses").count() == 1


class TestSectorBenchmarks:
    def closed_survey(self, trust, version, responses, *, seed, closes_days_ago=10):
        from datetime import timedelta

        from django.utils import timezone

        wave = WaveFactory(
            trust=trust,
            version=version,
            status=WaveStatus.CLOSED,
            threshold_k=5,
            closes_at=timezone.now() - timedelta(days=closes_days_ago),
            opens_at=timezone.now() - timedelta(days=closes_days_ago + 20),
        )
        add_responses(wave, responses, seed=seed)
        wave_results_refresh(wave_id=wave.pk)
        return wave

    def overall_score(self, wave):
        return ResultRow.objects.get(
            wave=wave, breakdown="all", kind="element", element="teamwork"
        ).score

    def test_five_trusts_of_a_sector_make_a_benchmark_and_four_do_not(self):
        import statistics

        from diagnostics.results.models import SectorBenchmark
        from diagnostics.results.services import sector_benchmarks_refresh
        from tests.accounts.factories import TrustFactory

        version = build_version(sections=1, items_per_section=3)
        acute = [TrustFactory(sector="acute") for _ in range(5)]
        waves = [self.closed_survey(t, version, 12, seed=n) for n, t in enumerate(acute)]
        for n in range(4):
            self.closed_survey(TrustFactory(sector="community"), version, 12, seed=10 + n)
        assert sector_benchmarks_refresh() == 1 + 3  # teamwork, and its three questions
        benchmark = SectorBenchmark.objects.get(sector="acute", kind="element")
        scores = [self.overall_score(w) for w in waves]
        lower, median, upper = statistics.quantiles(scores, n=4, method="inclusive")
        assert benchmark.trusts == 5
        assert benchmark.median == pytest.approx(median)
        assert (benchmark.lower_quartile, benchmark.upper_quartile) == pytest.approx((lower, upper))
        assert not SectorBenchmark.objects.filter(sector="community").exists()
        assert sector_benchmarks_refresh() == 4  # twice: the same benchmarks

    def test_only_each_trusts_latest_closed_survey_counts(self):
        from diagnostics.results.models import SectorBenchmark
        from diagnostics.results.services import sector_benchmarks_refresh
        from tests.accounts.factories import TrustFactory

        version = build_version(sections=1, items_per_section=3)
        trusts = [TrustFactory(sector="acute") for _ in range(5)]
        for n, trust in enumerate(trusts):
            self.closed_survey(trust, version, 12, seed=n, closes_days_ago=400)
        latest = [self.closed_survey(t, version, 12, seed=50 + n) for n, t in enumerate(trusts)]
        WaveFactory(trust=trusts[0], version=version, status=WaveStatus.OPEN)  # not closed
        sector_benchmarks_refresh()
        benchmark = SectorBenchmark.objects.get(sector="acute", kind="element")
        import statistics

        assert benchmark.trusts == 5
        assert benchmark.median == pytest.approx(
            statistics.median(self.overall_score(w) for w in latest)
        )


class _SerializationFailure(Exception):
    pgcode = "40001"


def _conflict() -> Exception:
    from django.db import OperationalError

    error = OperationalError("could not serialize access due to concurrent update")
    error.__cause__ = _SerializationFailure()
    return error


def test_a_refresh_that_meets_a_concurrent_update_starts_again_and_is_not_failed(wave, monkeypatch):
    """Found by `make loadtest`: another transaction touched the result row meanwhile."""
    from diagnostics.results import services as results

    add_responses(wave, 5)
    close(wave)
    real_refresh, calls = results._refresh, []

    def conflicting_once(wave_id):
        calls.append(wave_id)
        if len(calls) == 1:
            raise _conflict()
        return real_refresh(wave_id)

    monkeypatch.setattr(results, "_refresh", conflicting_once)
    assert wave_results_refresh(wave_id=wave.pk) == RefreshOutcome.COMPUTED
    assert len(calls) == 2
    assert WaveResult.objects.get(wave=wave).state == ResultState.FRESH


def test_a_refresh_that_keeps_conflicting_is_recorded_as_failed(wave, monkeypatch):
    from django.db import OperationalError

    from diagnostics.results import services as results

    add_responses(wave, 5)

    def always_conflicting(wave_id):
        raise _conflict()

    monkeypatch.setattr(results, "_refresh", always_conflicting)
    with pytest.raises(OperationalError):
        wave_results_refresh(wave_id=wave.pk)
    assert WaveResult.objects.get(wave=wave).state == ResultState.FAILED
