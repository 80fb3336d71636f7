"""Notifications as each person chose (at once, the Monday summary, or no e-mail), the
Monday summary sent once, and the "For you" list and its header count."""

import pytest
from django.urls import reverse

from core import for_you
from core.models import Delivery, Email, NotificationPreference, SummaryItem
from core.notifications import (
    notification_kinds,
    notification_preferences_save,
    notify,
    register_kind,
)
from core.tasks import send_notification_summaries
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "tests.something_happened"
register_kind(KIND, "Something happened")


def _notify(users):
    return notify(
        users=users,
        kind=KIND,
        subject="Something happened",
        template="core/emails/summary.txt",
        context={"items": []},
        reason="You are in a test.",
        link="/for-you/",
    )


def test_each_person_is_told_as_they_chose(od_lead_a, viewer_a, sponsor_a):
    notification_preferences_save(user=viewer_a, choices={KIND: Delivery.WEEKLY})
    notification_preferences_save(user=sponsor_a, choices={KIND: Delivery.OFF})
    assert _notify([od_lead_a, viewer_a, sponsor_a, od_lead_a]) == 1
    assert list(Email.objects.values_list("to_email", flat=True)) == [od_lead_a.email]
    assert list(SummaryItem.objects.values_list("user_id", flat=True)) == [viewer_a.pk]


def test_a_closed_account_is_told_nothing(od_lead_a):
    od_lead_a.is_active = False
    assert _notify([od_lead_a]) == 0
    assert not Email.objects.exists() and not SummaryItem.objects.exists()


def test_an_unknown_kind_is_a_mistake(od_lead_a):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify(users=[od_lead_a], kind="nope", subject="", template="", context={}, reason="")


def test_the_monday_summary_goes_once_with_every_item(viewer_a):
    notification_preferences_save(user=viewer_a, choices={KIND: Delivery.WEEKLY})
    _notify([viewer_a])
    _notify([viewer_a])
    assert send_notification_summaries.delay().get() == 1
    assert send_notification_summaries.delay().get() == 0
    [email] = Email.objects.all()
    assert email.to_email == viewer_a.email
    assert email.subject == "Your culture portal summary: 2 things"
    assert email.body.count("Something happened") == 2
    assert reverse("accounts:notifications") in email.body
    assert not SummaryItem.objects.exists()


def test_the_preferences_page_saves_a_choice_per_kind(client_as, viewer_a):
    client = client_as(viewer_a)
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert "Something happened" in page
    # As the page posts it: a choice for every kind the apps registered.
    every_kind = {kind.key: Delivery.AT_ONCE for kind in notification_kinds()}
    response = client.post(reverse("accounts:notifications"), {**every_kind, KIND: Delivery.OFF})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=viewer_a, kind=KIND).delivery == "off"
    bad = client.post(reverse("accounts:notifications"), {**every_kind, KIND: "sometimes"})
    assert bad.status_code == 200
    assert NotificationPreference.objects.get(user=viewer_a, kind=KIND).delivery == "off"


class TestForYou:
    @pytest.fixture(autouse=True)
    def provider(self):
        def waiting(user):
            return [
                for_you.Item(text=f"Do thing {n}", url=f"/thing/{n}/", group="Things")
                for n in range(user.things)
            ]

        for_you.register(waiting)
        yield
        for_you._providers.remove(waiting)

    def test_the_list_and_the_header_count(self, client_as, od_lead_a):
        od_lead_a.things = 2
        user = UserFactory()
        user.things = 0
        assert [item.text for item in for_you.items_for(od_lead_a)] == ["Do thing 0", "Do thing 1"]
        assert for_you.count_for(od_lead_a) == 2
        assert for_you.count_for(user) == 0

    def test_the_page_groups_what_is_waiting(self, client, od_lead_a, monkeypatch):
        monkeypatch.setattr(type(od_lead_a), "things", 3, raising=False)
        client.force_login(od_lead_a)
        page = client.get(reverse("core:for-you")).content.decode()
        # The page's h1 heads the list, so the groups are h2s; every item is shown.
        assert '<h2 class="nhsuk-heading-s">Things</h2>' in page
        assert "Do thing 2" in page and "See all" not in page
        assert 'For you <span class="portal-count">(3' in page

    def test_a_landing_page_shows_a_few_of_each_group_and_links_to_the_rest(
        self, client, trust_a, od_lead_a, monkeypatch
    ):
        monkeypatch.setattr(
            type(od_lead_a), "things", for_you.LANDING_PAGE_ITEMS + 2, raising=False
        )
        client.force_login(od_lead_a)
        page = client.get(reverse("accounts:trust-detail", args=[trust_a.ods_code])).content
        page = page.decode()
        assert '<h3 class="nhsuk-heading-s">Things</h3>' in page
        assert f"Do thing {for_you.LANDING_PAGE_ITEMS - 1}<" in page
        assert f"Do thing {for_you.LANDING_PAGE_ITEMS}<" not in page
        assert f"See all {for_you.LANDING_PAGE_ITEMS + 2}" in page
        assert reverse("core:for-you") in page

    def test_group_totals_count_every_item_not_only_those_shown(self):
        items = [for_you.Item(text=str(n), url="/", group="G") for n in range(8)]
        groups = for_you.grouped(items, limit=3)
        assert [(g.name, len(g.items), g.total, g.more) for g in groups] == [("G", 3, 8, 5)]
        assert for_you.group_total(groups, "G") == 8
        assert for_you.group_total(groups, "Other") == 0
        assert for_you.group_total(None, "G") is None
