"""Stories: reading, writing and sending good-practice stories for moderation."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Trust
from accounts.selectors import trust_current_for
from community import selectors, services
from community.constants import StoryStatus
from community.forms import StoryForm
from community.rules import Permission
from community.views.common import TAKE_PART, page_context
from core.form_flow import action_flow, form_flow
from core.forms import form_data
from core.pagination import query_without_page
from programmes.constants import Element, PhaseKind


@TAKE_PART
def story_list(request):
    query = request.GET.get("q", "").strip()[:100]
    phase = request.GET.get("phase", "")
    phase = phase if phase in PhaseKind.values else ""
    element = request.GET.get("element", "")
    element = element if element in Element.values else ""
    tag = request.GET.get("tag", "").strip()[:40]
    stories = selectors.story_search(query=query, phase=phase, element=element, tag=tag)
    page = Paginator(stories, 20).get_page(request.GET.get("page"))
    trust = trust_current_for(request.user, request.session)
    context = {
        "page": page,
        "page_query": query_without_page(request.GET),
        "query": query,
        "phase": phase,
        "element": element,
        "tag": tag,
        "phases": PhaseKind.choices,
        "elements": Element.choices,
        "can_write": trust is not None and request.user.has_perm(Permission.WRITE_STORY, trust),
    }
    return render(request, "community/stories.html", context)


@TAKE_PART
def story_detail(request, pk):
    story = selectors.story_get_readable(request.user, pk=pk)
    if story is None:
        raise Http404("story")
    context = {
        "story": story,
        "elements": [Element(code).label for code in story.element_list],
        "can_edit": request.user.has_perm(Permission.EDIT_STORY, story)
        and story.status in (StoryStatus.DRAFT, StoryStatus.RETURNED),
        "can_moderate": request.user.has_perm(Permission.RUN)
        and story.status == StoryStatus.SUBMITTED,
    }
    return render(request, "community/story.html", context)


def _writing_trust(request) -> Trust:
    trust = trust_current_for(request.user, request.session)
    if trust is None or not request.user.has_perm(Permission.WRITE_STORY, trust):
        raise PermissionDenied
    return trust


@require_http_methods(["GET", "POST"])
def story_create(request):
    trust = _writing_trust(request)
    return form_flow(
        request,
        StoryForm(form_data(request)),
        save=lambda data: services.story_create(trust=trust, author=request.user, **data),
        success="Your story is saved as a draft",
        redirect_to=lambda story: reverse("community:story", kwargs={"pk": story.pk}),
        context=page_context(
            title="Share a good-practice story",
            back=reverse("community:stories-mine"),
            caption=trust.name,
            intro="A national admin reads each story before it is published to the "
            "community's members.",
        ),
    )


def story_mine(request):
    trust = _writing_trust(request)
    stories = selectors.stories_for_trusts([trust.pk]).order_by("-updated_at")
    return render(request, "community/stories_mine.html", {"trust": trust, "stories": stories})


def _editable_story(request, pk):
    story = selectors.story_get_readable(request.user, pk=pk)
    if story is None:
        raise Http404("story")
    if not request.user.has_perm(Permission.EDIT_STORY, story):
        raise PermissionDenied
    return story


@require_http_methods(["GET", "POST"])
def story_edit(request, pk):
    story = _editable_story(request, pk)
    initial = {
        "title": story.title,
        "summary": story.summary,
        "what_we_did": story.what_we_did,
        "result": story.result,
        "phase": story.phase,
        "elements": story.element_list,
        "tags": story.tags,
    }
    story_url = reverse("community:story", kwargs={"pk": story.pk})
    return form_flow(
        request,
        StoryForm(form_data(request), initial=initial),
        save=lambda data: services.story_update(story=story, actor=request.user, **data),
        success="Your story is saved",
        redirect_to=story_url,
        context=page_context(
            title=f"Change the story: {story.title}", back=story_url, caption=story.trust.name
        ),
    )


@require_POST
def story_submit(request, pk):
    story = _editable_story(request, pk)
    return action_flow(
        request,
        lambda: services.story_submit(story=story, actor=request.user),
        success="Your story is sent to the moderators",
        redirect_to=reverse("community:story", kwargs={"pk": story.pk}),
    )
