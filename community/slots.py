"""What the community puts in other apps' pages (core.slots): the library's pointer to
members' good-practice stories, for people who may read them, and the national admins'
counts on the admin overview."""

from community import selectors
from community.for_you import APPLICATIONS_GROUP, STORIES_GROUP
from core import for_you


def library_stories(context):
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.has_perm("community.take_part"):
        return None
    return "community/includes/library_stories.html", {"query": context.get("query", "")}


def admin_overview_counts(context):
    """The same work as the national admin's "For you" list, counted from that list when the
    page has it (no query), else by two queries."""
    request = context.get("request")
    if request is None or not request.user.is_national_admin:
        return None
    listed = context.get("for_you")
    applications = for_you.group_total(listed, APPLICATIONS_GROUP)
    stories = for_you.group_total(listed, STORIES_GROUP)
    return "community/includes/overview_counts.html", {
        "applications_waiting": selectors.applications_waiting().count()
        if applications is None
        else applications,
        "stories_to_moderate": selectors.story_moderation_queue().count()
        if stories is None
        else stories,
    }


def fill_slots() -> None:
    from core import slots

    slots.fill("library-stories", library_stories)
    slots.fill("admin-overview-community", admin_overview_counts)
