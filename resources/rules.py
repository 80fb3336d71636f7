"""Who may do what in the library. National admins curate; anyone reads what is published.

A resource is approved by a curator other than its author and the person who sent it for
review: the second pair of eyes is the point of review."""

from enum import StrEnum

import rules

from accounts.rules import is_national_admin


class Permission(StrEnum):
    CURATE = "resources.curate"
    APPROVE = "resources.approve"


@rules.predicate
def is_not_its_author(user, resource) -> bool:
    return resource is not None and user.pk not in (
        resource.created_by_id,
        resource.submitted_by_id,
    )


rules.add_perm(Permission.CURATE, is_national_admin)
# Object: a resource.
rules.add_perm(Permission.APPROVE, is_national_admin & is_not_its_author)
