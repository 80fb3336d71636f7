"""What the community puts in other apps' pages (core.slots): the library's pointer to
members' good-practice stories, for people who may read them."""


def library_stories(context):
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.has_perm("community.take_part"):
        return None
    return "community/includes/library_stories.html", {"query": context.get("query", "")}


def fill_slots() -> None:
    from core import slots

    slots.fill("library-stories", library_stories)
