"""The community's selectors: the directory, story search and bright spots (with the
diagnostics selectors of element scores and improvements they are built from)."""

import pytest

from accounts.constants import Region, Role, Sector
from accounts.models import TrustMembership, User
from community import selectors, services
from community.constants import MembershipStatus, StoryStatus
from diagnostics.results.selectors import element_improvements, element_scores_headline
from programmes.constants import Element, PhaseKind, PhaseStatus
from programmes.selectors import current_phase_by_trust
from programmes.services import programme_close
from tests.accounts.factories import TrustFactory, TrustMembershipFactory
from tests.community.support import (
    SUPPORT,
    TEAMWORK,
    VISION,
    closed_wave,
    make_member,
    make_story,
    publish,
    update_settings,
)
from tests.diagnostics.factories import InstrumentVersionFactory, WaveFactory

pytestmark = pytest.mark.django_db


# --- directory -----------------------------------------------------------------------------


class TestDirectory:
    @pytest.fixture
    def named(self, member_a, od_lead_a, change_team_a):
        """Trust A names its change team member as contact (not yet agreed)."""
        return update_settings(member_a, od_lead_a, contact=change_team_a)

    def entry(self, trust, **kwargs):
        [entry] = [e for e in selectors.directory_entries(**kwargs) if e.trust == trust]
        return entry

    def test_a_contact_is_shown_only_once_they_agree(self, named, trust_a, change_team_a):
        assert self.entry(trust_a, with_contacts=True).contact is None
        services.contact_consent_set(membership=named, user=change_team_a, consent=True)
        assert self.entry(trust_a, with_contacts=True).contact == change_team_a

    def test_a_contact_is_never_shown_without_with_contacts(self, named, trust_a, change_team_a):
        services.contact_consent_set(membership=named, user=change_team_a, consent=True)
        assert self.entry(trust_a).contact is None
        assert self.entry(trust_a, with_contacts=False).contact is None

    def test_a_deactivated_contact_is_hidden(self, named, trust_a, change_team_a):
        services.contact_consent_set(membership=named, user=change_team_a, consent=True)
        User.objects.filter(pk=change_team_a.pk).update(is_active=False)
        assert self.entry(trust_a, with_contacts=True).contact is None

    def test_a_contact_who_left_the_trust_is_hidden(self, named, trust_a, change_team_a, trust_b):
        services.contact_consent_set(membership=named, user=change_team_a, consent=True)
        TrustMembership.objects.filter(user=change_team_a, trust=trust_a).delete()
        # Working at another trust does not count for this one.
        TrustMembershipFactory(user=change_team_a, trust=trust_b, role=Role.VIEWER)
        assert self.entry(trust_a, with_contacts=True).contact is None

    def test_deleting_a_consented_contact_removes_them_from_the_directory(
        self, named, trust_a, change_team_a
    ):
        services.contact_consent_set(membership=named, user=change_team_a, consent=True)
        User.objects.get(pk=change_team_a.pk).delete()
        named.refresh_from_db()
        assert named.contact is None
        assert self.entry(trust_a, with_contacts=True).contact is None

    def test_unlisted_and_former_members_are_absent(self, trust_a, trust_b):
        listed = make_member(trust_a)
        make_member(trust_b, listed=False)
        left = make_member(TrustFactory(), status=MembershipStatus.LEFT)
        lapsed = make_member(TrustFactory(), status=MembershipStatus.LAPSED)
        trusts = [e.trust for e in selectors.directory_entries(with_contacts=True)]
        assert trusts == [listed.trust]
        assert left.trust not in trusts and lapsed.trust not in trusts

    def test_the_phase_is_shown_only_when_shared(self, programme_a, programme_b, trust_a, trust_b):
        make_member(trust_a, share_phase=True)
        make_member(trust_b, share_phase=False)
        assert current_phase_by_trust([trust_a.pk, trust_b.pk]) == {
            trust_a.pk: PhaseKind.SCOPING,
            trust_b.pk: PhaseKind.SCOPING,
        }
        assert self.entry(trust_a).phase == "Scoping"
        assert self.entry(trust_b).phase == ""
        # Filtering by phase finds only trusts that share it.
        assert [e.trust for e in selectors.directory_entries(phase=PhaseKind.SCOPING)] == [trust_a]
        assert selectors.directory_entries(phase=PhaseKind.DELIVER) == []

    def test_the_current_phase_of_each_active_programme(self, programme_a, programme_b, od_lead_b):
        phases = programme_a.phases
        phases.filter(kind=PhaseKind.SCOPING).update(status=PhaseStatus.SIGNED_OFF)
        phases.filter(kind=PhaseKind.DESIGN).update(status=PhaseStatus.IN_PROGRESS)
        assert current_phase_by_trust([programme_a.trust_id]) == {
            programme_a.trust_id: PhaseKind.DESIGN
        }
        # None in progress: the first not signed off.
        phases.filter(kind=PhaseKind.DESIGN).update(status=PhaseStatus.NOT_STARTED)
        assert current_phase_by_trust([programme_a.trust_id])[programme_a.trust_id] == (
            PhaseKind.DISCOVER
        )
        # All signed off: Deliver.
        phases.update(status=PhaseStatus.SIGNED_OFF)
        assert current_phase_by_trust([programme_a.trust_id])[programme_a.trust_id] == (
            PhaseKind.DELIVER
        )
        # A closed programme has no current phase; trusts not asked about are left out.
        programme_close(programme=programme_b, actor=od_lead_b)
        assert current_phase_by_trust([programme_b.trust_id]) == {}

    def test_search_region_and_sector_filters(self, trust_a, trust_b):
        make_member(trust_a)
        make_member(trust_b)

        def found(**kwargs):
            return [e.trust for e in selectors.directory_entries(**kwargs)]

        assert found(query="foundation") == [trust_a]
        assert found(query="rbb") == [trust_b]
        assert found(region=Region.NORTH_WEST) == [trust_b]
        assert found(sector=Sector.ACUTE) == [trust_a]
        assert found() == [trust_a, trust_b]


class TestStorySearch:
    @pytest.fixture
    def stories(self, trust_a, trust_b, od_lead_a, od_lead_b, national_admin):
        walks = publish(
            make_story(trust_a, od_lead_a, tags="board, listening"), od_lead_a, national_admin
        )
        huddles = publish(
            make_story(
                trust_b,
                od_lead_b,
                title="Safety huddles",
                summary="Ten minutes every morning.",
                what_we_did="Teams met at the start of each shift.",
                result="Incidents were raised sooner.",
                phase=PhaseKind.DELIVER,
                elements=[Element.TEAMWORK, Element.LEARNING_INNOVATION],
                tags="huddles, nursing",
            ),
            od_lead_b,
            national_admin,
        )
        return walks, huddles

    @pytest.fixture
    def unpublished(self, trust_a, od_lead_a, national_admin):
        """Stories in every other state, all matching the searches below."""
        words = {
            "what_we_did": "Safety huddles and listening walkabouts every shift.",
            "phase": PhaseKind.DELIVER,
            "elements": [Element.TEAMWORK, Element.SUPPORT_COMPASSION],
            "tags": "huddles, listening, board, nursing",
        }
        make_story(trust_a, od_lead_a, title="Draft huddles", **words)
        submitted = make_story(trust_a, od_lead_a, title="Submitted huddles", **words)
        services.story_submit(story=submitted, actor=od_lead_a)
        returned = make_story(trust_a, od_lead_a, title="Returned huddles", **words)
        services.story_submit(story=returned, actor=od_lead_a)
        services.story_return(story=returned, actor=national_admin, note="Not yet")

    def test_finds_by_words_in_any_field_or_the_trusts_name(self, stories, unpublished):
        walks, huddles = stories
        assert list(selectors.story_search(query="huddles")) == [huddles]
        assert list(selectors.story_search(query="shift")) == [huddles]
        assert list(selectors.story_search(query="WALKABOUTS")) == [walks]
        assert list(selectors.story_search(query="foundation")) == [walks]
        # Every word must be found.
        assert list(selectors.story_search(query="huddles listening")) == []

    def test_finds_by_phase_element_and_tag(self, stories, unpublished):
        walks, huddles = stories
        assert list(selectors.story_search(phase=PhaseKind.DELIVER)) == [huddles]
        assert list(selectors.story_search(phase=PhaseKind.DISCOVER)) == [walks]
        assert list(selectors.story_search(element=Element.TEAMWORK)) == [huddles]
        assert list(selectors.story_search(element=Element.SUPPORT_COMPASSION)) == [walks]
        assert list(selectors.story_search(tag="nursing")) == [huddles]
        assert list(selectors.story_search(tag="board")) == [walks]

    def test_never_returns_unpublished_stories(self, stories, unpublished):
        found = set(selectors.story_search())
        assert found == set(stories)
        for query in ("Draft", "Submitted", "Returned", "every shift"):
            assert all(
                s.status == StoryStatus.PUBLISHED for s in selectors.story_search(query=query)
            )
        assert not selectors.story_search(query="Draft").exists()

    def test_the_newest_published_story_comes_first(self, stories):
        walks, huddles = stories
        assert list(selectors.story_search()) == [huddles, walks]

    def test_a_tag_matches_whole_tags_only(self, trust_a, od_lead_a, national_admin):
        publish(make_story(trust_a, od_lead_a, tags="onboarding"), od_lead_a, national_admin)
        assert list(selectors.story_search(tag="board")) == []


# --- bright spots --------------------------------------------------------------------------


class TestBrightSpots:
    @pytest.fixture
    def version(self, db):
        return InstrumentVersionFactory()

    @pytest.fixture
    def asking(self, trust_a, version):
        """Trust A's latest survey: teamwork and support lowest."""
        closed_wave(
            trust_a,
            version,
            closed_days_ago=400,
            rows={TEAMWORK: (80, 300, 8.0), SUPPORT: (80, 300, 8.0), VISION: (20, 300, 2.0)},
        )
        return closed_wave(
            trust_a,
            version,
            closed_days_ago=30,
            title="Trust A 2026",
            rows={TEAMWORK: (30, 300, 3.1), SUPPORT: (35, 300, 3.8), VISION: (70, 300, 7.2)},
        )

    def improving(self, trust, version, *, n=400, share=True, status=MembershipStatus.ACTIVE):
        make_member(trust, share_bright_spots=share, status=status)
        closed_wave(trust, version, closed_days_ago=400, rows={TEAMWORK: (40, n, 4.0)})
        closed_wave(trust, version, closed_days_ago=20, rows={TEAMWORK: (60, n, 6.0)})
        return trust

    def test_the_trusts_lowest_elements_from_its_latest_final_wave(self, trust_a, asking, version):
        # A later wave whose results are not final is not read.
        closed_wave(trust_a, version, closed_days_ago=5, final=False, rows={VISION: (1, 300, 0.1)})
        headline, scores = element_scores_headline(trust=trust_a)
        assert headline.wave == asking
        assert scores == {TEAMWORK: 3.1, SUPPORT: 3.8, VISION: 7.2}

    def test_a_suppressed_row_gives_no_score(self, trust_a, version):
        closed_wave(trust_a, version, closed_days_ago=3, rows={TEAMWORK: None, VISION: (50, 9, 5)})
        assert element_scores_headline(trust=trust_a)[1] == {VISION: 5}

    def test_a_small_pulse_survey_does_not_choose_the_elements(self, trust_a, asking, version):
        # 13 people rated vision lowest a week ago: the 300-person survey still decides.
        closed_wave(
            trust_a,
            version,
            closed_days_ago=7,
            rows={TEAMWORK: (90, 13, 9.0), SUPPORT: (90, 13, 9.0), VISION: (10, 13, 1.0)},
        )
        headline, found = selectors.bright_spots_for(trust_a)
        assert headline.wave == asking
        assert [label for label, _, _ in found] == ["Teamwork", "Support and compassion"]

    def test_the_marked_main_survey_chooses_the_elements(self, trust_a, asking, version):
        older = trust_a.waves.exclude(pk=asking.pk).get()
        older.main_of_year = older.closing_year
        older.save()
        headline, found = selectors.bright_spots_for(trust_a)
        assert headline.wave == older and headline.reason == "main"
        assert found[0][:2] == ("Vision and values", 2.0)

    def test_a_trust_without_a_closed_survey_has_no_bright_spots(self, trust_a, version):
        WaveFactory(trust=trust_a, version=version)  # still open
        assert selectors.bright_spots_for(trust_a) == (None, [])

    def test_significant_improvers_that_share_are_shown_with_their_stories(
        self, trust_a, trust_b, asking, version, od_lead_b, national_admin
    ):
        self.improving(trust_b, version)
        small = self.improving(TrustFactory(name="Small NHS Trust"), version, n=20)
        private = self.improving(TrustFactory(name="Private NHS Trust"), version, share=False)
        gone = self.improving(
            TrustFactory(name="Gone NHS Trust"), version, status=MembershipStatus.LEFT
        )
        on_teamwork = publish(
            make_story(trust_b, od_lead_b, title="Huddles", elements=[TEAMWORK]),
            od_lead_b,
            national_admin,
        )
        make_story(trust_b, od_lead_b, title="Draft on teamwork", elements=[TEAMWORK])
        publish(
            make_story(trust_b, od_lead_b, title="On vision", elements=[VISION]),
            od_lead_b,
            national_admin,
        )

        headline, found = selectors.bright_spots_for(trust_a)

        assert headline.wave == asking
        assert [(label, score) for label, score, _ in found] == [
            ("Teamwork", 3.1),
            ("Support and compassion", 3.8),
        ]
        teamwork_spots = found[0][2]
        assert [spot.trust for spot in teamwork_spots] == [trust_b]
        [spot] = teamwork_spots
        assert (spot.improvement.before_positive, spot.improvement.after_positive) == (40, 60)
        assert spot.stories == [on_teamwork]
        # Their stories on other elements too; never a draft.
        assert [story.title for story in spot.other_stories] == ["On vision"]
        assert found[1][2] == []
        shown = {spot.trust for _, _, spots in found for spot in spots}
        assert not shown & {small, private, gone}

    def test_a_bright_spot_names_its_contact_only_where_the_directory_does(
        self, trust_a, trust_b, asking, version, od_lead_b
    ):
        self.improving(trust_b, version)
        membership = trust_b.community
        sponsor_b = TrustMembershipFactory(trust=trust_b, role=Role.SPONSOR).user

        def contact():
            _, found = selectors.bright_spots_for(trust_a)
            return found[0][2][0].contact

        assert contact() is None  # nobody named
        update_settings(membership, od_lead_b, contact=sponsor_b, share_bright_spots=True)
        assert contact() is None  # named, not yet agreed
        services.contact_consent_set(membership=membership, user=sponsor_b, consent=True)
        assert contact() == sponsor_b
        # Not listed in the directory: no entry to link to, and no contact shown.
        update_settings(
            membership, od_lead_b, contact=sponsor_b, share_bright_spots=True, listed=False
        )
        assert contact() is None

    def test_bright_spots_read_a_fixed_number_of_queries(
        self, trust_a, asking, version, django_assert_max_num_queries
    ):
        for number in range(3):
            self.improving(TrustFactory(name=f"Improving {number} NHS Trust"), version)
        with django_assert_max_num_queries(8):
            _, found = selectors.bright_spots_for(trust_a)
        assert len(found[0][2]) == 3

    def test_the_asking_trust_is_never_its_own_bright_spot(self, trust_a, asking, version):
        make_member(trust_a, share_bright_spots=True)
        closed_wave(trust_a, version, closed_days_ago=2, rows={TEAMWORK: (90, 400, 9.0)})
        # Its latest wave improved teamwork from 30% to 90%: still not shown to itself.
        _, found = selectors.bright_spots_for(trust_a)
        assert all(spots == [] for _, _, spots in found)

    def test_a_suppressed_latest_row_is_never_used(self, trust_a, trust_b, asking, version):
        self.improving(trust_b, version)
        # B's newest survey hides teamwork: the rise before it is not read around the gap.
        closed_wave(
            trust_b, version, closed_days_ago=2, rows={TEAMWORK: None, VISION: (50, 400, 5.0)}
        )
        assert element_improvements(element=TEAMWORK, trust_ids=[trust_b.pk]) == []
        _, found = selectors.bright_spots_for(trust_a)
        assert found[0][2] == []


class TestElementImprovements:
    @pytest.fixture
    def version(self, db):
        return InstrumentVersionFactory()

    def test_a_significant_rise_between_the_last_two_waves(self, trust_b, version):
        closed_wave(trust_b, version, closed_days_ago=800, rows={TEAMWORK: (90, 400, 9.0)})
        closed_wave(
            trust_b, version, closed_days_ago=400, title="2025", rows={TEAMWORK: (40, 400, 4.0)}
        )
        closed_wave(
            trust_b, version, closed_days_ago=20, title="2026", rows={TEAMWORK: (60, 400, 6.0)}
        )
        [improvement] = element_improvements(element=TEAMWORK, trust_ids=[trust_b.pk])
        assert improvement.trust_id == trust_b.pk and improvement.element == TEAMWORK
        assert (improvement.before_wave, improvement.after_wave) == ("2025", "2026")
        assert (improvement.before_score, improvement.after_score) == (4.0, 6.0)

    def test_a_small_or_falling_change_is_not_an_improvement(self, trust_a, trust_b, version):
        closed_wave(trust_a, version, closed_days_ago=400, rows={TEAMWORK: (40, 20, 4.0)})
        closed_wave(trust_a, version, closed_days_ago=20, rows={TEAMWORK: (60, 20, 6.0)})
        closed_wave(trust_b, version, closed_days_ago=400, rows={TEAMWORK: (60, 400, 6.0)})
        closed_wave(trust_b, version, closed_days_ago=20, rows={TEAMWORK: (40, 400, 4.0)})
        assert element_improvements(element=TEAMWORK, trust_ids=[trust_a.pk, trust_b.pk]) == []

    def test_waves_of_different_instruments_are_not_compared(self, trust_b, version):
        other = InstrumentVersionFactory()
        closed_wave(trust_b, version, closed_days_ago=400, rows={TEAMWORK: (40, 400, 4.0)})
        closed_wave(trust_b, other, closed_days_ago=20, rows={TEAMWORK: (60, 400, 6.0)})
        assert element_improvements(element=TEAMWORK, trust_ids=[trust_b.pk]) == []

    def test_results_that_are_not_final_are_not_read(self, trust_b, version):
        closed_wave(trust_b, version, closed_days_ago=400, rows={TEAMWORK: (40, 400, 4.0)})
        closed_wave(
            trust_b, version, closed_days_ago=20, final=False, rows={TEAMWORK: (60, 400, 6.0)}
        )
        assert element_improvements(element=TEAMWORK, trust_ids=[trust_b.pk]) == []

    def test_a_suppressed_earlier_row_is_not_used(self, trust_b, version):
        closed_wave(
            trust_b, version, closed_days_ago=400, rows={TEAMWORK: None, VISION: (50, 400, 5.0)}
        )
        closed_wave(trust_b, version, closed_days_ago=20, rows={TEAMWORK: (60, 400, 6.0)})
        assert element_improvements(element=TEAMWORK, trust_ids=[trust_b.pk]) == []

    def test_only_the_trusts_asked_about(self, trust_a, trust_b, version):
        for trust in (trust_a, trust_b):
            closed_wave(trust, version, closed_days_ago=400, rows={TEAMWORK: (40, 400, 4.0)})
            closed_wave(trust, version, closed_days_ago=20, rows={TEAMWORK: (60, 400, 6.0)})
        found = element_improvements(element=TEAMWORK, trust_ids=[trust_b.pk])
        assert [i.trust_id for i in found] == [trust_b.pk]

    def test_the_biggest_rise_comes_first(self, trust_a, trust_b, version):
        closed_wave(trust_a, version, closed_days_ago=400, rows={TEAMWORK: (40, 400, 4.0)})
        closed_wave(trust_a, version, closed_days_ago=20, rows={TEAMWORK: (55, 400, 5.5)})
        closed_wave(trust_b, version, closed_days_ago=400, rows={TEAMWORK: (40, 400, 4.0)})
        closed_wave(trust_b, version, closed_days_ago=20, rows={TEAMWORK: (75, 400, 7.5)})
        found = element_improvements(element=TEAMWORK, trust_ids=[trust_a.pk, trust_b.pk])
        assert [i.trust_id for i in found] == [trust_b.pk, trust_a.pk]
