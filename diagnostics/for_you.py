"""What waits for a trust's OD leads and change team in its surveys, for the "For you" list
(core/for_you.py; registered from diagnostics/apps.py): surveys opening or closing this week,
results that failed to be worked out, and results published in the last week. Read from the
person's current memberships; one query per provider, however many items."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.constants import Role
from accounts.selectors import trust_roles_for
from core.for_you import Item, week_ends
from core.presenters import datetime_label
from diagnostics.constants import WaveStatus
from diagnostics.results.models import ResultState, WaveResult
from diagnostics.surveys.models import Wave

SURVEYS_GROUP = "Surveys opening or closing this week"
RESULTS_GROUP = "Survey results"
# Results published at a survey's close stay in the list this long.
PUBLISHED_DAYS = 7


def _team_trusts(user) -> list[int]:
    return [
        trust
        for trust, role in trust_roles_for(user).items()
        if role in (Role.OD_LEAD, Role.CHANGE_TEAM)
    ]


def _when(moment: datetime.datetime) -> str:
    return datetime_label(moment, "l j M")


def surveys_this_week(user) -> list[Item]:
    trusts = _team_trusts(user)
    if not trusts:
        return []
    now = timezone.now()
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    day_starts = datetime.datetime.combine(today, datetime.time(), zone)
    week_over = datetime.datetime.combine(
        week_ends(today) + datetime.timedelta(days=1), datetime.time(), zone
    )
    waves = (
        Wave.objects.filter(trust_id__in=trusts)
        .filter(
            Q(status=WaveStatus.SCHEDULED, opens_at__gte=day_starts, opens_at__lt=week_over)
            | Q(status=WaveStatus.OPEN, closes_at__gte=day_starts, closes_at__lt=week_over)
        )
        .order_by("opens_at", "pk")
    )
    items = []
    for wave in waves:
        if wave.status == WaveStatus.SCHEDULED:
            text, when = f"Survey ‘{wave.title}’ opens {_when(wave.opens_at)}", wave.opens_at
        else:
            text, when = f"Survey ‘{wave.title}’ closes {_when(wave.closes_at)}", wave.closes_at
        url = reverse("diagnostics:wave-detail", kwargs={"pk": wave.pk})
        items.append((when, Item(text=text, url=url, group=SURVEYS_GROUP)))
    # A wave closing on Tuesday comes before one opening on Friday.
    return [item for _, item in sorted(items, key=lambda pair: pair[0] or now)]


def survey_results(user) -> list[Item]:
    trusts = _team_trusts(user)
    if not trusts:
        return []
    since = timezone.now() - datetime.timedelta(days=PUBLISHED_DAYS)
    results = (
        WaveResult.objects.filter(wave__trust_id__in=trusts)
        .filter(
            Q(state=ResultState.FAILED)
            | Q(
                state=ResultState.FRESH,
                final=True,
                wave__status=WaveStatus.CLOSED,
                computed_at__gte=since,
            )
        )
        .select_related("wave")
        .order_by("-state", "-computed_at", "pk")
    )
    return [
        Item(
            text=(
                f"Working out the results of ‘{result.wave.title}’ failed: try again"
                if result.state == ResultState.FAILED
                else f"The results of ‘{result.wave.title}’ are ready"
            ),
            url=reverse("diagnostics:results", kwargs={"pk": result.wave_id}),
            group=RESULTS_GROUP,
        )
        for result in results
    ]
