"""Which resources' calendars and manifests a member of staff may see: superusers see every
resource; other staff the resources of the teams they work in. A resource with no team is seen
by superusers only. Anyone else gets a 404, as for a case they may not see."""

from django.db.models import QuerySet
from django.http import Http404

from crm.cases.selectors import teams_for_staff

from ..models import BookableResource


def resources_for_staff(user) -> QuerySet[BookableResource]:
    if not (user and user.is_authenticated and user.is_active):
        return BookableResource.objects.none()
    resources = BookableResource.objects.select_related("team")
    if user.is_superuser:
        return resources.order_by("name")
    return resources.filter(team__in=teams_for_staff(user)).order_by("name")


def get_resource_for_staff(user, slug: str) -> BookableResource:
    resource = resources_for_staff(user).filter(slug=slug).first()
    if resource is None:
        raise Http404
    return resource
