"""Fixtures for the knowledge base and canned replies: two teams with an officer each (both can
use the admin), a case type per team, an editor, and factories for replies and articles."""

import factory
import pytest
from django.contrib.auth.models import Permission

from crm.knowledge.models import CannedReply, KnowledgeArticle
from tests.crm.factories import CaseTypeFactory, TeamFactory, UserFactory


def admin_user(*permissions: tuple[str, str], **kwargs):
    """A user with Wagtail's "access admin" permission, plus the (app, codename) given."""
    user = UserFactory(**kwargs)
    wanted = [("wagtailadmin", "access_admin"), *permissions]
    for app_label, codename in wanted:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


class CannedReplyFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Reply {n}")
    body = "Thank you for reporting this. Your reference is {reference}."
    is_active = True

    class Meta:
        model = CannedReply
        skip_postgeneration_save = True

    @factory.post_generation
    def case_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.case_types.set(extracted)


class KnowledgeArticleFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    summary = ""
    body = "<p>How to handle this kind of case.</p>"
    is_live = True

    class Meta:
        model = KnowledgeArticle
        skip_postgeneration_save = True

    @factory.post_generation
    def case_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.case_types.set(extracted)


@pytest.fixture
def staff_a(db):
    return admin_user(first_name="Ada", last_name="Able")


@pytest.fixture
def staff_b(db):
    return admin_user(first_name="Bea", last_name="Baker")


@pytest.fixture
def editor(db):
    actions = ("add", "change", "delete")
    return admin_user(
        *[("knowledge", f"{action}_knowledgearticle") for action in actions],
        *[("knowledge", f"{action}_cannedreply") for action in actions],
        first_name="Eddie",
        last_name="Editor",
    )


@pytest.fixture
def team_a(staff_a):
    return TeamFactory(name="Highways", members=[staff_a])


@pytest.fixture
def team_b(staff_b):
    return TeamFactory(name="Waste", members=[staff_b])


@pytest.fixture
def type_a(team_a):
    return CaseTypeFactory(name="Pothole", team=team_a)


@pytest.fixture
def type_b(team_b):
    return CaseTypeFactory(name="Missed bin", team=team_b)


@pytest.fixture
def client_a(client, staff_a):
    client.force_login(staff_a)
    return client
