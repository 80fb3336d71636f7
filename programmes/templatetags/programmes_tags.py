"""Programme pages' status tags, decided in programmes.presenters and drawn by
components/tag.html: {% include "components/tag.html" with tag=step|step_tag:today only %}.
intervention_status_tag and finding_kind_tag take a status or kind; step_tag,
overdue_tag (of a due date) and action_overdue_tag take today as argument, and the overdue
ones give None (no tag) for what is not overdue. action_owner is an action's owner's name, or
why it has none."""

from django import template

from programmes import presenters

register = template.Library()

register.filter("intervention_status_tag", presenters.intervention_status_tag)
register.filter("finding_kind_tag", presenters.finding_kind_tag)
register.filter("step_tag", presenters.step_tag)
register.filter("overdue_tag", presenters.overdue_tag)
register.filter("action_overdue_tag", presenters.action_overdue_tag)
register.filter("action_owner", presenters.action_owner_label)
