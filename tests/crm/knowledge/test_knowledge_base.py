"""The staff knowledge base: articles on the case page of their case type, a read view that is
not the edit form, search from the admin (the "Knowledge base" search area and the listing's
own search), and who may write."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from crm.knowledge.models import KnowledgeArticle
from tests.crm.factories import CaseFactory

from .conftest import KnowledgeArticleFactory, admin_user


def section(response, heading_id: str):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find(id=heading_id).parent


def test_case_page_lists_only_the_live_articles_of_the_case_type(client_a, type_a, type_b):
    case = CaseFactory(case_type=type_a)
    mine = KnowledgeArticleFactory(title="Pothole depths we repair", case_types=[type_a])
    KnowledgeArticleFactory(title="Bins: missed collections", case_types=[type_b])
    KnowledgeArticleFactory(title="Draft pothole guidance", case_types=[type_a], is_live=False)
    KnowledgeArticleFactory(title="General phone manner")  # no type: found by search only

    panel = section(client_a.get(f"/admin/cases/{case.uuid}/"), "case-knowledge-heading")

    links = [(a.get_text(), a["href"]) for a in panel.find_all("a")]
    assert links[:-1] == [("Pothole depths we repair", f"/admin/knowledge/articles/{mine.pk}/")]
    assert links[-1] == ("Search the knowledge base", "/admin/knowledge/")


def test_staff_read_an_article_without_its_edit_form(client_a, type_a):
    article = KnowledgeArticleFactory(
        title="Pothole depths",
        body="<p>We repair potholes <b>deeper than 40mm</b>.</p>",
        case_types=[type_a],
    )

    response = client_a.get(f"/admin/knowledge/articles/{article.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<b>deeper than 40mm</b>" in html
    assert "Pothole" in html  # its case type
    assert "<form" not in BeautifulSoup(html, "html.parser").find("main").decode()
    assert "Edit this article" not in html  # staff read; editors write


def test_an_article_that_is_not_live_is_only_for_editors(client, client_a, editor):
    draft = KnowledgeArticleFactory(title="Draft", is_live=False)

    assert client_a.get(f"/admin/knowledge/articles/{draft.pk}/").status_code == 404
    client.force_login(editor)
    response = client.get(f"/admin/knowledge/articles/{draft.pk}/")
    assert response.status_code == 200
    assert "Edit this article" in response.content.decode()


def test_admin_search_area_finds_an_article_by_a_word_in_its_body(client_a):
    found = KnowledgeArticleFactory(
        title="Road repairs", body="<p>Tarmac temperature must be checked before laying.</p>"
    )
    KnowledgeArticleFactory(title="Bins", body="<p>Collections run weekly.</p>")

    # The admin's own search (for those who may search pages) lists "Knowledge base" among its
    # areas, with the words typed; it leads to the knowledge base's search, open to all staff.
    chief = Client()
    chief.force_login(admin_user(username="chief", is_superuser=True))
    areas = chief.get("/admin/pages/search/", {"q": "tarmac"})
    assert 'href="/admin/knowledge/?q=tarmac"' in areas.content.decode()

    response = client_a.get("/admin/knowledge/", {"q": "tarmac"})

    assert [article.pk for article in response.context["articles"]] == [found.pk]
    assert "1 article found" in response.content.decode()


def test_editors_search_the_article_listing(client, editor):
    found = KnowledgeArticleFactory(title="Road repairs", body="<p>Check the tarmac.</p>")
    KnowledgeArticleFactory(title="Bins", body="<p>Collections run weekly.</p>")
    client.force_login(editor)

    response = client.get("/admin/snippets/knowledge/knowledgearticle/", {"q": "tarmac"})

    assert response.status_code == 200
    assert [article.pk for article in response.context["object_list"]] == [found.pk]


@pytest.mark.parametrize(
    "url",
    ["/admin/snippets/knowledge/knowledgearticle/add/", "/admin/snippets/knowledge/cannedreply/"],
)
def test_staff_without_editing_permission_cannot_write(client_a, url):
    response = client_a.get(url)

    assert response.status_code in (302, 403)


def test_editors_write_articles_in_the_admin(client, editor, type_a):
    client.force_login(editor)

    response = client.post(
        "/admin/snippets/knowledge/knowledgearticle/add/",
        {
            "title": "Pothole depths",
            "summary": "",
            "body": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Measure it.", '
            '"depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
            "case_types": [type_a.pk],
            "owner": editor.pk,
            "last_reviewed": "2026-11-30",
            "is_live": "on",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    article = KnowledgeArticle.objects.get(title="Pothole depths")
    assert "Measure it." in article.body
    assert list(article.case_types.all()) == [type_a]
