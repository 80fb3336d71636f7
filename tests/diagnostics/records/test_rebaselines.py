"""Recalculating a metric's SPC limits from a month (Making Data Count's re-baselining): the
services' plain-English refusals, the activity log, a double submit, the metric's page for
those who may edit and those who may only read, removal after a confirmation, and the
dashboard and trust export that show it."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.exceptions import ApplicationError
from diagnostics.records import services as records
from diagnostics.records.csv_import import MetricRow
from diagnostics.records.models import Metric, MetricRebaseline
from programmes.models import ActivityEntry
from programmes.services import programme_close

pytestmark = pytest.mark.django_db

# January 2025 to June 2026, with no value for March 2026.
MONTHS = [datetime.date(2025, month, 1) for month in range(1, 13)] + [
    datetime.date(2026, month, 1) for month in (1, 2, 4, 5, 6)
]
VALUES = [12.1, 11.8, 12.4, 12.0, 11.7, 12.3, 11.9, 12.2, 12.0, 11.6, 12.5, 12.1]
VALUES += [10.3, 10.1, 10.4, 10.0, 10.2]
JANUARY_2026 = datetime.date(2026, 1, 1)
REASON = "Self-rostering began on every ward"


@pytest.fixture
def metric(programme_a, od_lead_a):
    records.metric_points_import(
        programme=programme_a,
        actor=od_lead_a,
        rows=[
            MetricRow("Staff turnover", month, value)
            for month, value in zip(MONTHS, VALUES, strict=True)
        ],
    )
    return Metric.objects.get(programme=programme_a)


def page_url(metric):
    return reverse("diagnostics:metric", args=[metric.pk])


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def add(metric, actor, month=JANUARY_2026, reason=REASON):
    return records.metric_rebaseline_add(
        metric=metric, actor=actor, from_month=month, reason=reason
    )


class TestServices:
    def test_a_recalculation_is_recorded_with_who_and_logged(self, metric, od_lead_a):
        rebaseline = add(metric, od_lead_a, reason="  Self-rostering   began on every ward ")
        assert rebaseline.from_month == JANUARY_2026
        assert rebaseline.reason == REASON  # spaces tidied
        assert rebaseline.recorded_by == od_lead_a
        assert rebaseline.recorded_by_name == "Olu Lead"
        assert rebaseline.created_at is not None
        entry = ActivityEntry.objects.filter(programme=metric.programme).first()
        assert entry.summary == "Recalculated the limits of ‘Staff turnover’ from January 2026"
        assert entry.actor == od_lead_a

    def test_a_metric_can_be_recalculated_more_than_once(self, metric, od_lead_a):
        add(metric, od_lead_a, month=datetime.date(2025, 7, 1), reason="A new manager")
        add(metric, od_lead_a)
        assert list(metric.rebaselines.values_list("from_month", flat=True)) == [
            datetime.date(2025, 7, 1),
            JANUARY_2026,
        ]

    @pytest.mark.parametrize(
        ("month", "message"),
        [
            (
                datetime.date(2026, 3, 1),
                "There is no value for March 2026. Choose a month that has one",
            ),
            (
                datetime.date(2025, 1, 1),
                "January 2025 is the first month with a value, so there are no limits before "
                "it to recalculate. Choose a later month",
            ),
            (
                datetime.date(2024, 6, 1),
                "June 2024 is before the first month with a value (January 2025). Choose a "
                "month from the list",
            ),
            (
                datetime.date(2026, 9, 1),
                "September 2026 is after the latest month with a value (June 2026). Choose a "
                "month from the list",
            ),
        ],
    )
    def test_a_month_that_cannot_start_new_limits_is_refused_in_words(
        self, metric, od_lead_a, month, message
    ):
        with pytest.raises(ValidationError) as refused:
            add(metric, od_lead_a, month=month)
        assert refused.value.message_dict == {"from_month": [message]}
        assert not MetricRebaseline.objects.exists()

    def test_a_month_already_recalculated_is_refused(self, metric, od_lead_a, change_team_a):
        add(metric, od_lead_a)
        with pytest.raises(ValidationError) as refused:
            add(metric, change_team_a, reason="Something else")
        assert refused.value.message_dict == {
            "from_month": [
                "The limits are already recalculated from January 2026. Choose another "
                "month, or remove that one first"
            ]
        }
        assert MetricRebaseline.objects.count() == 1

    def test_the_same_request_twice_records_it_once(self, metric, od_lead_a):
        first = add(metric, od_lead_a)
        assert add(metric, od_lead_a) == first
        assert MetricRebaseline.objects.count() == 1
        assert ActivityEntry.objects.filter(summary__startswith="Recalculated").count() == 1

    @pytest.mark.parametrize("reason", ["", "   \n "])
    def test_a_reason_is_required(self, metric, od_lead_a, reason):
        with pytest.raises(ValidationError) as refused:
            add(metric, od_lead_a, reason=reason)
        assert refused.value.message_dict == {
            "reason": ["Enter why the limits are being recalculated"]
        }

    def test_both_problems_are_given_at_once(self, metric, od_lead_a):
        with pytest.raises(ValidationError) as refused:
            add(metric, od_lead_a, month=datetime.date(2025, 1, 1), reason="")
        assert set(refused.value.message_dict) == {"from_month", "reason"}

    def test_a_metric_with_no_values_has_nothing_to_recalculate(self, programme_a, od_lead_a):
        empty = Metric.objects.create(programme=programme_a, name="Vacancy rate")
        with pytest.raises(ValidationError, match="has no values yet"):
            add(empty, od_lead_a)

    def test_removing_it_is_logged(self, metric, od_lead_a, change_team_a):
        rebaseline = add(metric, od_lead_a)
        records.metric_rebaseline_remove(rebaseline=rebaseline, actor=change_team_a)
        assert not MetricRebaseline.objects.exists()
        entry = ActivityEntry.objects.filter(programme=metric.programme).first()
        assert entry.summary == (
            "Removed the recalculated limits of ‘Staff turnover’ from January 2026"
        )

    def test_a_closed_programme_is_refused_both_ways(self, metric, od_lead_a):
        rebaseline = add(metric, od_lead_a)
        programme_close(programme=metric.programme, actor=od_lead_a)
        with pytest.raises(ApplicationError, match="programme has closed"):
            add(metric, od_lead_a, month=datetime.date(2025, 7, 1))
        with pytest.raises(ApplicationError, match="programme has closed"):
            records.metric_rebaseline_remove(rebaseline=rebaseline, actor=od_lead_a)
        assert MetricRebaseline.objects.count() == 1


class TestMetricPage:
    def test_an_editor_chooses_from_months_with_a_value_after_the_first(
        self, client_as, metric, od_lead_a
    ):
        add(metric, od_lead_a, month=datetime.date(2025, 7, 1), reason="A new manager")
        html = client_as(od_lead_a).get(page_url(metric)).content.decode()
        offered = [value for value in MONTHS[1:] if f'value="{value:%Y-%m}"' in html]
        # Not January 2025 (the first), not July 2025 (already chosen), and no March 2026.
        assert offered == [month for month in MONTHS[1:] if month != datetime.date(2025, 7, 1)]
        assert 'value="2025-01"' not in html and 'value="2026-03"' not in html
        assert "Recalculate the limits" in html

    def test_a_missing_reason_is_an_error_and_the_month_is_kept(self, client_as, metric, od_lead_a):
        response = client_as(od_lead_a).post(page_url(metric), {"from_month": "2026-01"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Error:" in html and "Enter why the limits are being recalculated" in html
        assert '<option value="2026-01" selected>' in html
        assert not MetricRebaseline.objects.exists()

    def test_no_month_chosen_is_an_error(self, client_as, metric, od_lead_a):
        response = client_as(od_lead_a).post(page_url(metric), {"reason": REASON})
        assert "Choose the month the new limits start from" in response.content.decode()
        assert REASON in response.content.decode()  # the reason typed is kept

    @pytest.mark.parametrize(
        ("month", "message"),
        [
            ("2025-01", "January 2025 is the first month with a value"),
            ("2026-03", "There is no value for March 2026"),
            ("2024-12", "December 2024 is before the first month with a value"),
            ("2027-01", "January 2027 is after the latest month with a value"),
            ("soon", "Choose a month from the list"),
        ],
    )
    def test_a_month_not_on_the_list_is_refused_in_words(
        self, client_as, metric, od_lead_a, month, message
    ):
        response = client_as(od_lead_a).post(
            page_url(metric), {"from_month": month, "reason": REASON}
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not MetricRebaseline.objects.exists()

    def test_recalculating_shows_both_periods_and_why(self, client_as, metric, change_team_a):
        client = client_as(change_team_a)
        response = client.post(page_url(metric), {"from_month": "2026-01", "reason": REASON})
        assert response.status_code == 302 and response.url == page_url(metric)
        text = text_of(client.get(response.url))
        assert "The limits are recalculated from January 2026" in text
        assert "Limits recalculated 1 time" in text
        assert "January 2025 to December 2025 (12)" in text
        assert "January 2026 to June 2026 (5)" in text
        assert "(provisional: fewer than 15 months)" in text
        assert (
            "The limits were recalculated from January 2026 because self-rostering began on "
            "every ward, so the mean and limits here are those of the 5 points since then."
        ) in text
        assert "Chris Change" in text  # who recorded it
        assert "(limits recalculated from here)" in text  # in the data table

    def test_a_double_submit_records_one(self, client_as, metric, od_lead_a):
        client = client_as(od_lead_a)
        data = {"from_month": "2026-01", "reason": REASON}
        assert client.post(page_url(metric), data).status_code == 302
        assert client.post(page_url(metric), data).status_code == 302
        assert MetricRebaseline.objects.count() == 1

    @pytest.mark.parametrize("persona", ["viewer_a", "sponsor_a", "national_admin"], indirect=True)
    def test_readers_see_the_reason_but_no_form(self, client_as, metric, od_lead_a, persona):
        rebaseline = add(metric, od_lead_a)
        text = text_of(client_as(persona).get(page_url(metric)))
        assert REASON in text and "Olu Lead" in text
        assert 'name="from_month"' not in text and 'name="reason"' not in text
        remove = reverse("diagnostics:metric-rebaseline-remove", args=[rebaseline.pk])
        assert remove not in text
        assert (
            client_as(persona).post(page_url(metric), {"from_month": "2025-07"}).status_code == 403
        )

    def test_another_trust_cannot_see_or_post(self, client_as, metric, od_lead_b):
        client = client_as(od_lead_b)
        assert client.get(page_url(metric)).status_code == 404
        response = client.post(page_url(metric), {"from_month": "2025-07", "reason": REASON})
        assert response.status_code == 404
        assert not MetricRebaseline.objects.exists()

    def test_a_closed_programme_is_read_only(self, client_as, metric, od_lead_a):
        programme_close(programme=metric.programme, actor=od_lead_a)
        client = client_as(od_lead_a)
        assert 'name="reason"' not in client.get(page_url(metric)).content.decode()
        response = client.post(page_url(metric), {"from_month": "2025-07", "reason": REASON})
        assert response.status_code == 403
        assert not MetricRebaseline.objects.exists()


class TestRemoving:
    def test_removing_asks_first_then_removes(self, client_as, metric, od_lead_a):
        rebaseline = add(metric, od_lead_a)
        url = reverse("diagnostics:metric-rebaseline-remove", args=[rebaseline.pk])
        client = client_as(od_lead_a)
        page = text_of(client.get(url))
        assert "Remove the recalculation from January 2026?" in page
        assert REASON in page and "Yes, remove it" in page
        assert MetricRebaseline.objects.count() == 1  # asking changes nothing
        response = client.post(url)
        assert response.url == page_url(metric)
        assert not MetricRebaseline.objects.exists()
        text = text_of(client.get(response.url))
        assert "The limits of Staff turnover are no longer recalculated from January 2026" in text
        assert "The limits have not been recalculated" in text

    @pytest.mark.parametrize(
        ("persona", "status"),
        [("viewer_a", 403), ("sponsor_a", 403), ("national_admin", 403), ("od_lead_b", 404)],
        indirect=["persona"],
    )
    def test_only_editors_of_the_trust_may_remove(
        self, client_as, metric, od_lead_a, persona, status
    ):
        rebaseline = add(metric, od_lead_a)
        url = reverse("diagnostics:metric-rebaseline-remove", args=[rebaseline.pk])
        assert client_as(persona).post(url).status_code == status
        assert MetricRebaseline.objects.count() == 1


class TestElsewhere:
    def test_the_dashboard_and_evaluation_show_both_periods_to_a_viewer(
        self, client_as, metric, od_lead_a, viewer_a
    ):
        add(metric, od_lead_a)
        client = client_as(viewer_a)
        for name in ("diagnostics:metrics", "diagnostics:evaluation"):
            text = text_of(client.get(reverse(name, args=[metric.programme.pk])))
            assert "Limits recalculated 1 time" in text and REASON in text
            assert "Who recalculated the limits" in text
            assert "recalculated where marked" in text  # the chart's accessible name

    def test_the_dashboard_offers_editors_the_metric_page(self, client_as, metric, od_lead_a):
        text = text_of(
            client_as(od_lead_a).get(reverse("diagnostics:metrics", args=[metric.programme.pk]))
        )
        assert f'href="{page_url(metric)}"' in text
        assert "Limits recalculated" not in text  # none yet

    def test_the_trust_export_carries_the_reasons(self, client_as, metric, od_lead_a, trust_a):
        add(metric, od_lead_a)
        response = client_as(od_lead_a).post(
            reverse("accounts:trust-export", kwargs={"ods_code": trust_a.ods_code})
        )
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        table = archive.read("metric_recalculations.csv").decode()
        assert "Staff turnover,2026-01-01,Self-rostering began on every ward,Olu Lead" in table
