"""The board's approval of the strategy is the sponsor's action in the portal: the date of
the board meeting and the strategy as approved, recorded once; afterwards the commitment,
vision and document stand as approved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.audit import AuditEvent
from core.exceptions import ApplicationError
from programmes import services
from programmes.models import ActivityEntry
from tests.programmes.factories import pdf_upload

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def written(programme, lead, document=True):
    return services.strategy_update(
        strategy=programme.strategy,
        actor=lead,
        commitment="Leadership of all, by all",
        vision="Compassionate care",
        document=pdf_upload("strategy.pdf") if document else None,
    )


class TestTheService:
    def test_the_sponsor_records_the_date_and_the_approved_document(
        self, programme_a, od_lead_a, sponsor_a
    ):
        written(programme_a, od_lead_a, document=False)
        with pytest.raises(ValidationError, match="Attach the strategy"):
            services.strategy_board_approve(
                strategy=programme_a.strategy, actor=sponsor_a, approved_on=YESTERDAY
            )
        strategy = services.strategy_board_approve(
            strategy=programme_a.strategy,
            actor=sponsor_a,
            approved_on=YESTERDAY,
            document=pdf_upload("approved.pdf"),
        )
        assert strategy.board_approved_on == YESTERDAY
        assert strategy.board_approved_by == sponsor_a
        assert strategy.board_approved_by_name == "Sam Sponsor"
        assert strategy.document_name == "approved.pdf"
        assert AuditEvent.objects.filter(action="programmes.strategy_approved").count() == 1
        assert ActivityEntry.objects.filter(
            summary=f"Recorded the board's approval of the strategy on {YESTERDAY:%-d %B %Y}"
        ).exists()

    def test_refused_without_a_commitment_and_vision_for_a_future_date_and_twice(
        self, programme_a, od_lead_a, sponsor_a
    ):
        with pytest.raises(ApplicationError, match="no commitment or vision yet"):
            services.strategy_board_approve(
                strategy=programme_a.strategy, actor=sponsor_a, approved_on=YESTERDAY
            )
        written(programme_a, od_lead_a)
        with pytest.raises(ValidationError, match="cannot be in the future"):
            services.strategy_board_approve(
                strategy=programme_a.strategy,
                actor=sponsor_a,
                approved_on=timezone.localdate() + datetime.timedelta(days=1),
            )
        services.strategy_board_approve(
            strategy=programme_a.strategy, actor=sponsor_a, approved_on=YESTERDAY
        )
        with pytest.raises(ApplicationError, match="already recorded"):
            services.strategy_board_approve(
                strategy=programme_a.strategy, actor=sponsor_a, approved_on=YESTERDAY
            )

    def test_an_approved_strategy_stands_as_approved(self, programme_a, od_lead_a, sponsor_a):
        written(programme_a, od_lead_a)
        services.strategy_board_approve(
            strategy=programme_a.strategy, actor=sponsor_a, approved_on=YESTERDAY
        )
        with pytest.raises(ApplicationError, match="stand as approved"):
            written(programme_a, od_lead_a)
        programme_a.strategy.refresh_from_db()
        assert programme_a.strategy.document_name == "strategy.pdf"


class TestThePages:
    def test_the_sponsor_records_it_from_the_strategy_page(
        self, client_as, programme_a, od_lead_a, sponsor_a
    ):
        written(programme_a, od_lead_a)
        strategy_url = reverse("programmes:strategy", args=[programme_a.pk])
        approval_url = reverse("programmes:strategy-approval", args=[programme_a.pk])
        client = client_as(sponsor_a)
        assert approval_url in client.get(strategy_url).content.decode()
        response = client.post(approval_url, {})
        assert "Enter the date the board approved the strategy" in response.content.decode()
        data = {
            "approved_on_day": YESTERDAY.day,
            "approved_on_month": YESTERDAY.month,
            "approved_on_year": YESTERDAY.year,
        }
        assert client.post(approval_url, data).url == strategy_url
        page = client.get(strategy_url).content.decode()
        assert f"The board approved this strategy on {YESTERDAY:%-d %B %Y}" in page
        assert "as recorded by Sam Sponsor" in page
        assert approval_url not in page
        lead_page = client_as(od_lead_a).get(strategy_url).content.decode()
        assert reverse("programmes:strategy-edit", args=[programme_a.pk]) not in lead_page

    def test_the_od_lead_types_no_approval_date_and_is_told_who_records_it(
        self, client_as, programme_a, od_lead_a
    ):
        page = client_as(od_lead_a).get(reverse("programmes:strategy-edit", args=[programme_a.pk]))
        assert "board_approved_on" not in page.content.decode()
        page = client_as(od_lead_a).get(reverse("programmes:strategy", args=[programme_a.pk]))
        assert "The board sponsor records the board's approval here" in page.content.decode()
