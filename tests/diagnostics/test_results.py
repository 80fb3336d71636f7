"""Storing a wave's results: thresholds, steps of k, close, idempotence, failures, and the
refresh queued after a submit."""

import threading

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnostics.constants import WaveStatus
from diagnostics.models import ResultRow, ResultState, WaveResult
from diagnostics.services import wave_status_change
from diagnostics.services.results import (
    RefreshOutcome,
    wave_results_refresh,
    wave_results_sweep,
)
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


def test_nothing_is_shown_below_k(wave):
    add_responses(wave, 4)
    assert wave_results_refresh(wave_id=wave.pk) == RefreshOutcome.WAITING
    assert not ResultRow.objects.filter(wave=wave).exists()
    assert wave.result.state == ResultState.WAITING


def test_live_figures_move_only_in_steps_of_k(wave):
    add_responses(wave, 5)
    assert wave_results_refresh(wave_id=wave.pk) == RefreshOutcome.COMPUTED
    assert overall_n(wave) == 5
    add_responses(wave, 4, seed=2)
    assert wave_results_refresh(wave_id=wave.pk) == RefreshOutcome.UNCHANGED
    assert overall_n(wave) == 5
    add_responses(wave, 1, seed=3)
    assert wave_results_refresh(wave_id=wave.pk) == RefreshOutcome.COMPUTED
    assert overall_n(wave) == 10


def test_closing_gives_the_final_figures_whatever_the_step(
    wave, django_capture_on_commit_callbacks
):
    add_responses(wave, 7)
    wave_results_refresh(wave_id=wave.pk)
    add_responses(wave, 2, seed=2)
    with django_capture_on_commit_callbacks(execute=True):
        wave_status_change(wave=wave, to=WaveStatus.CLOSED)
    result = WaveResult.objects.get(wave=wave)
    assert (result.final, result.responses_counted, overall_n(wave)) == (True, 9, 9)


def test_refreshing_twice_gives_the_same_rows(wave):
    add_responses(wave, 23)
    wave_results_refresh(wave_id=wave.pk)
    first = snapshot(wave)
    WaveResult.objects.filter(wave=wave).update(responses_counted=0)  # force a recompute
    wave_results_refresh(wave_id=wave.pk)
    assert snapshot(wave) == first and first


def test_a_failed_refresh_keeps_the_previous_figures_and_says_so(
    wave, monkeypatch, django_capture_on_commit_callbacks
):
    from diagnostics.services import results

    add_responses(wave, 10)
    wave_results_refresh(wave_id=wave.pk)
    before = snapshot(wave)
    add_responses(wave, 10, seed=2)

    def broken(*args, **kwargs):
        raise RuntimeError("worker fault")

    monkeypatch.setattr(results, "result_rows", broken)
    with pytest.raises(RuntimeError):
        wave_results_refresh(wave_id=wave.pk)
    assert snapshot(wave) == before
    assert WaveResult.objects.get(wave=wave).state == ResultState.FAILED
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert wave_results_sweep() == 1  # it sees the failure and retries (eagerly here)
    result = WaveResult.objects.get(wave=wave)
    assert (result.state, result.responses_counted) == (ResultState.FRESH, 20)


def test_the_sweep_leaves_up_to_date_waves_alone(wave):
    add_responses(wave, 6)
    wave_results_refresh(wave_id=wave.pk)
    assert wave_results_sweep() == 0
    add_responses(wave, 5, seed=2)
    assert wave_results_sweep() == 1


def test_a_submit_queues_one_refresh_per_window(
    wave, django_capture_on_commit_callbacks, monkeypatch
):
    from diagnostics import tasks

    queued = []
    monkeypatch.setattr(
        tasks.refresh_wave_results, "apply_async", lambda *a, **kw: queued.append((a, kw))
    )
    from diagnostics.services.results import wave_results_request_refresh

    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            wave_results_request_refresh(wave_id=wave.pk)
    assert len(queued) == 1
    assert queued[0][0] == ((wave.pk,),)


def test_a_broker_that_is_down_does_not_fail_the_submit(
    wave, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    from diagnostics import tasks
    from diagnostics.services.results import wave_results_request_refresh

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.refresh_wave_results, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        wave_results_request_refresh(wave_id=wave.pk)  # logged, not raised


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_refreshes_at_once_store_one_set_of_rows(trust_a):
    require_postgresql()
    wave = WaveFactory(
        trust=trust_a,
        version=build_version(sections=1, items_per_section=3),
        status=WaveStatus.OPEN,
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
    WaveResult.objects.filter(wave=wave).update(responses_counted=0)
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

        from diagnostics.models import SectorBenchmark
        from diagnostics.services.results import sector_benchmarks_refresh
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
        from diagnostics.models import SectorBenchmark
        from diagnostics.services.results import sector_benchmarks_refresh
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


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=st.lists(st.integers(1, 9), min_size=1, max_size=12), k=st.integers(5, 11))
def test_open_wave_snapshots_never_differ_by_fewer_than_k(trust_a, batches, k):
    """Responses arrive in random batches, each followed by a refresh: every pair of
    consecutive figures an OD lead could see differs by at least k responses."""
    wave = WaveFactory(
        trust=trust_a,
        status=WaveStatus.OPEN,
        threshold_k=k,
        version=build_version(sections=1, items_per_section=1, comment_questions=0),
    )
    shown = []
    for number, batch in enumerate(batches):
        add_responses(wave, batch, seed=number)
        wave_results_refresh(wave_id=wave.pk)
        counted = WaveResult.objects.get(wave=wave).responses_counted
        if counted and (not shown or shown[-1] != counted):
            shown.append(counted)
    assert all(later - earlier >= k for earlier, later in zip(shown, shown[1:], strict=False))
    assert not shown or shown[0] >= k


def test_a_question_with_fewer_than_k_new_answers_keeps_its_shown_figures(wave):
    """The survey gains k responses but an optional question only one answer: showing its
    new figures would give that one answer away, so the old ones stay until k more."""
    from diagnostics.models import Answer

    optional = wave.version.sections.get().items.first()
    add_responses(wave, 5)
    wave_results_refresh(wave_id=wave.pk)
    shown = ResultRow.objects.get(wave=wave, breakdown="all", item=optional)
    add_responses(wave, 5, seed=2)
    newest = list(wave.responses.order_by("-pk").values_list("pk", flat=True)[:4])
    Answer.objects.filter(response_id__in=newest, item=optional).delete()  # 1 new answer
    assert wave_results_refresh(wave_id=wave.pk) == RefreshOutcome.COMPUTED
    assert overall_n(wave) == 10
    now = ResultRow.objects.get(wave=wave, breakdown="all", item=optional)
    assert (now.n, now.counts, now.score) == (shown.n, shown.counts, shown.score)
    add_responses(wave, 5, seed=3)  # 5 more answers to it: it may move now
    wave_results_refresh(wave_id=wave.pk)
    assert ResultRow.objects.get(wave=wave, breakdown="all", item=optional).n == 11


class _SerializationFailure(Exception):
    pgcode = "40001"


def _conflict() -> Exception:
    from django.db import OperationalError

    error = OperationalError("could not serialize access due to concurrent update")
    error.__cause__ = _SerializationFailure()
    return error


def test_a_refresh_that_meets_a_concurrent_update_starts_again_and_is_not_failed(wave, monkeypatch):
    """Found by `make loadtest`: a submit marks the result row while a refresh computes."""
    from diagnostics.services import results

    add_responses(wave, 5)
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

    from diagnostics.services import results

    add_responses(wave, 5)

    def always_conflicting(wave_id):
        raise _conflict()

    monkeypatch.setattr(results, "_refresh", always_conflicting)
    with pytest.raises(OperationalError):
        wave_results_refresh(wave_id=wave.pk)
    assert WaveResult.objects.get(wave=wave).state == ResultState.FAILED
