"""Load the Fernleigh District Council demo site: pages, settings, an alert, eForms, cases and
demo accounts. Development only: it refuses to run with DEBUG off, and the demo app that holds it
is installed by the dev and test settings only.

Safe to run again: a page that already exists at its place in the tree is left as it is, as are
settings an editor has filled in, an alert with the same title and existing accounts. It also
rebuilds what migrations normally create (locale, root page, home page, default site, Wagtail's
groups) when a test run has flushed the database.
"""

import logging
import re
import time
from contextlib import contextmanager
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    ReferenceIndex,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.search import index as search_index
from wagtail.search.signal_handlers import post_save_signal_handler as search_on_save
from wagtail.signal_handlers import disable_reference_index_auto_update

from demo.bookings import load_demo_bookings
from demo.cases import load_demo_cases
from demo.content import council
from demo.content.blocks import PageRef, walk
from demo.content.disclosure_log import load_demo_disclosure_log
from demo.content.pages import demo_pages
from demo.forms import load_demo_forms
from demo.statutory import load_demo_statutory_cases
from home.models import AlertBanner, AlertType, CouncilSettings, HomePage
from services.models import (
    GuidePage,
    NewsIndexPage,
    NewsPage,
    ServiceIndexPage,
    ServicePage,
    StepByStepPage,
)

PAGE_MODELS = {
    "index": (ServiceIndexPage, None),
    "service": (ServicePage, "body"),
    "guide": (GuidePage, "parts"),
    "step_by_step": (StepByStepPage, "steps"),
    "news_index": (NewsIndexPage, None),
    "news": (NewsPage, "body"),
}

PAGE_LINK = re.compile(r'id="page:([^"]+)"')

# Wagtail's own groups, as its migrations create them: recreated only if a flush removed them.
ADMIN_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtail_localize", "submit_translation"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "delete_image"),
    # The staff knowledge base and canned replies (docs/staff-knowledge-base.md).
    *[
        ("knowledge", f"{action}_{model}")
        for action in ("add", "change", "delete")
        for model in ("knowledgearticle", "cannedreply")
    ],
]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
WAGTAIL_GROUPS = {
    "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Editors": ["add_page", "change_page"],
}


class Command(BaseCommand):
    help = (
        "Load the Fernleigh District Council demo site: pages, council settings, an alert "
        "banner and demo accounts. Running it again adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-accounts",
            action="store_true",
            help="Load the content only, without the demo accounts and their public passwords.",
        )

    def handle(self, *args, without_accounts=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo_content runs only with DEBUG on (development settings): it adds demo "
                "pages, cases and accounts that a live site must never have."
            )
        with_accounts = not without_accounts
        if with_accounts and not getattr(settings, "DOORSTEP_ALLOW_DEMO_ACCOUNTS", False):
            raise CommandError(
                "Demo accounts are switched off here (DOORSTEP_ALLOW_DEMO_ACCOUNTS is False, as "
                "in production): their passwords are published, so anyone could sign in. Run "
                "with --without-accounts to load the demo content only."
            )
        started = time.monotonic()
        self.today = timezone.localdate()
        self.created: dict[str, int] = {}  # what was added, for the summary
        self.indexed: list[Page] = []  # pages to add to the search and reference indexes
        with transaction.atomic(), quiet_wagtail_log(options["verbosity"] < 2):
            locale = self.ensure_locale()
            root = self.ensure_root(locale)
            home, site = self.ensure_home_and_site(root, locale)
            self.ensure_collection()
            self.ensure_groups(root)
            accounts, author = [], None
            if with_accounts:
                accounts = self.ensure_accounts()
                # The page history shows the demo administrator publishing the pages.
                author = get_user_model().objects.get(username="admin")
            with indexing_deferred():
                ids = self.ensure_pages(home, author)
                self.ensure_home_content(home, ids, author)
            for page in self.indexed:
                search_index.insert_or_update_object(page)
                ReferenceIndex.create_or_update_for_object(page)
            self.ensure_council_settings(site, ids)
            self.ensure_alert(ids)
            # The eForms, teams and case types the service pages' "Start now" buttons lead to
            # (information requests, complaints and feedback follow the CRM's workflows).
            new_forms = load_demo_forms()
            # What the booking and payment journeys need: resources, payment services, eForms.
            new_forms |= load_demo_bookings(with_accounts=with_accounts)
            self.start_new_forms(new_forms, ids, author)
            # A few cases in different states, so the staff queues and My Account have content.
            load_demo_cases()
            load_demo_disclosure_log(home, author)  # published FOI/EIR responses
            # FOI requests, a complaint and a compliment in their workflows' states.
            self.count("workflow case", load_demo_statutory_cases(author))
        self.report(accounts, time.monotonic() - started)

    # --- What migrations create -------------------------------------------------------------

    def count(self, what: str, number: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + number

    def ensure_locale(self) -> Locale:
        code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        locale, created = Locale.objects.get_or_create(language_code=code)
        if created:
            self.count("locale")
        return locale

    def ensure_root(self, locale: Locale) -> Page:
        root = Page.get_first_root_node()
        if root is None:
            root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
            self.count("root page")
        return root

    def ensure_home_and_site(self, root: Page, locale: Locale) -> tuple[HomePage, Site]:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = site.root_page.specific if site else None
        if not isinstance(home, HomePage):
            home = HomePage.objects.child_of(root).first() or HomePage.objects.first()
        if home is None:
            home = HomePage(title="Home", slug="home", heading=council.HOME["heading"], live=False)
            home.locale = locale
            root.add_child(instance=home)
            log(instance=home, action="wagtail.create")
            home.save_revision().publish()
            self.count("home page")
        if site is None:
            site = Site.objects.create(
                hostname="localhost",
                port=80,
                is_default_site=True,
                root_page=home,
                site_name=council.COUNCIL_NAME,
            )
            self.count("site")
        return home, site

    def ensure_collection(self) -> None:
        if not Collection.objects.exists():
            Collection.add_root(instance=Collection(name="Root"))

    def permission(self, app_label: str, codename: str) -> Permission | None:
        return Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()

    def access_admin(self) -> Permission:
        content_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename="access_admin",
            defaults={"name": "Can access Wagtail admin"},
        )
        return permission

    def ensure_groups(self, root: Page) -> None:
        existing = set(
            Group.objects.filter(
                name__in=[*WAGTAIL_GROUPS, council.CUSTOMER_SERVICES_GROUP]
            ).values_list("name", flat=True)
        )
        access_admin = None
        for name, page_codenames in WAGTAIL_GROUPS.items():
            if name in existing:
                continue
            access_admin = access_admin or self.access_admin()
            group = Group.objects.create(name=name)
            model_permissions = [self.permission(app, code) for app, code in ADMIN_PERMISSIONS]
            group.permissions.add(access_admin, *[p for p in model_permissions if p])
            for codename in page_codenames:
                GroupPagePermission.objects.create(
                    group=group, page=root, permission=self.permission("wagtailcore", codename)
                )
            collection = Collection.get_first_root_node()
            for app, codename in COLLECTION_PERMISSIONS:
                permission = self.permission(app, codename)
                if permission:
                    GroupCollectionPermission.objects.create(
                        group=group, collection=collection, permission=permission
                    )
            self.count("group")
            if name == "Moderators" and not Workflow.objects.exists():
                self.create_moderation_workflow(group, root)
        if council.CUSTOMER_SERVICES_GROUP not in existing:
            group = Group.objects.create(name=council.CUSTOMER_SERVICES_GROUP)
            group.permissions.add(access_admin or self.access_admin())
            self.count("group")

    def create_moderation_workflow(self, moderators: Group, root: Page) -> None:
        """Wagtail's default "Moderators approval" workflow, gone with a flushed database."""
        workflow = Workflow.objects.create(name="Moderators approval", active=True)
        task = GroupApprovalTask.objects.create(name="Moderators approval", active=True)
        task.groups.set([moderators])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=root)

    # --- Demo accounts ----------------------------------------------------------------------

    def ensure_accounts(self) -> list[str]:
        """Create missing demo accounts; existing ones keep their password and details."""
        user_model = get_user_model()
        groups = {group.name: group for group in Group.objects.all()}
        created = []
        for username, account in council.DEMO_ACCOUNTS.items():
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_model(
                    username=username,
                    email=account["email"],
                    first_name=account["first_name"],
                    last_name=account["last_name"],
                    is_staff=account["is_staff"],
                    is_superuser=account["is_superuser"],
                    is_active=True,
                )
                user.set_password(account["password"])
                user.save()
                created.append(username)
            user.groups.add(*[groups[name] for name in account["groups"]])
            verify_email(user)
        self.count("demo account", len(created))
        return created

    # --- Pages ------------------------------------------------------------------------------

    def ensure_pages(self, home: HomePage, author) -> dict[str, int]:
        """Create the demo pages that are missing; return every demo page's id by its path.

        Pages are first added as drafts so that every page has an id, then given their content
        (with links to each other resolved) and published: one revision each, as in the admin.
        """
        tree = list(walk(demo_pages(self.today)))
        url_paths = {key: f"{home.url_path}{key}/" for key, _, _ in tree}
        existing = dict(
            Page.objects.filter(url_path__in=url_paths.values()).values_list("url_path", "pk")
        )
        ids = {key: existing[path] for key, path in url_paths.items() if path in existing}
        parents: dict[str, Page] = {"": home}
        new_pages = []
        for key, parent_key, spec in tree:
            if key in ids:
                continue
            parent = parents.get(parent_key)
            if parent is None:
                parent = parents[parent_key] = Page.objects.get(pk=ids[parent_key])
            model, _ = PAGE_MODELS[spec.kind]
            page = model(
                title=spec.title,
                slug=spec.slug,
                summary=spec.summary,
                search_description=spec.search_description,
                show_in_menus=spec.show_in_menus,
                live=False,
            )
            if spec.days_ago is not None:
                page.date = self.today - timedelta(days=spec.days_ago)
            parent.add_child(instance=page)
            log(instance=page, action="wagtail.create", user=author)
            ids[key] = page.pk
            parents[key] = page
            new_pages.append((page, spec))

        for page, spec in new_pages:
            _, content_field = PAGE_MODELS[spec.kind]
            if content_field:
                setattr(page, content_field, resolve(spec.content, ids))
            page.save_revision(user=author).publish(user=author)
        self.count("page", len(new_pages))
        self.indexed.extend(page for page, _ in new_pages)
        return ids

    def start_new_forms(self, slugs: set[str], ids: dict[str, int], author) -> None:
        """Give the service pages of newly made forms their "Start now" buttons.

        A site loaded before a form existed has its service page saying to phone instead. A page
        with one revision, the demo's own, is brought up to date with its demo content; a page
        an editor has changed since (more revisions) is left as they made it.
        """
        urls = {f"/forms/{slug}/" for slug in slugs}
        for key, _parent, spec in walk(demo_pages(self.today)):
            starts = [
                block["value"]["url"]
                for block in spec.content
                if isinstance(block, dict) and block.get("type") == "start_button"
            ]
            if spec.kind != "service" or not urls.intersection(starts) or key not in ids:
                continue
            page = ServicePage.objects.get(pk=ids[key])
            if any(block.block_type == "start_button" for block in page.body):
                continue
            if page.revisions.count() > 1:
                continue  # an editor has changed it
            page.body = resolve(spec.content, ids)
            page.save_revision(user=author).publish(user=author)
            search_index.insert_or_update_object(page)
            self.count("Start now button")

    def ensure_home_content(self, home: HomePage, ids: dict[str, int], author) -> None:
        """Fill in the home page, unless an editor has already chosen its top tasks."""
        home = HomePage.objects.get(pk=home.pk)
        if len(home.top_tasks):
            return
        home.heading = council.HOME["heading"]
        home.intro = home.intro or council.HOME["intro"]
        home.search_description = home.search_description or council.HOME["search_description"]
        home.top_tasks = [
            {"type": "task", "value": {"page": page_id(ids, key), "url": "", "label": label}}
            for key, label in council.TOP_TASKS
        ]
        home.save_revision(user=author).publish(user=author)
        self.indexed.append(home)
        self.count("the home page")

    def ensure_council_settings(self, site: Site, ids: dict[str, int]) -> None:
        """Fill in settings that are blank or still at their defaults; keep anything else."""
        council_settings = CouncilSettings.for_site(site)
        changed = []
        for name, value in council.COUNCIL_SETTINGS.items():
            current = getattr(council_settings, name)
            default = CouncilSettings._meta.get_field(name).get_default()
            if current != value and (not current or current == default):
                setattr(council_settings, name, value)
                changed.append(name)
        for field, key in council.FOOTER_PAGES.items():
            if getattr(council_settings, f"{field}_id") is None:
                setattr(council_settings, f"{field}_id", page_id(ids, key))
                changed.append(field)
        if changed:
            council_settings.full_clean()
            council_settings.save()
            self.count("the council settings")

    def ensure_alert(self, ids: dict[str, int]) -> None:
        alert = council.ALERT
        if AlertBanner.objects.filter(title=alert["title"]).exists():
            return
        now = timezone.now()
        AlertBanner.objects.create(
            title=alert["title"],
            message=resolve(alert["message"], ids),
            alert_type=AlertType.INFORMATION,
            starts_at=now,
            ends_at=now + timedelta(days=alert["days"]),
        )
        self.count("alert banner")

    # --- Summary ----------------------------------------------------------------------------

    def report(self, accounts: list[str], seconds: float) -> None:
        created = [
            f"{number} {what if number == 1 else what + 's'}"
            for what, number in sorted(self.created.items(), key=lambda item: -item[1])
            if number and what not in FILLED_IN
        ]
        filled_in = [what for what in FILLED_IN if self.created.get(what)]
        if not created and not filled_in:
            self.stdout.write("Demo content already present: nothing to add.")
            return
        summary = f"Created {join(created)}" if created else ""
        if filled_in:
            summary += ("; filled in " if summary else "Filled in ") + join(filled_in)
        self.stdout.write(self.style.SUCCESS(f"{summary} ({seconds:.1f}s)."))
        if accounts:
            self.stdout.write("Demo accounts, for development only:")
            for username in accounts:
                account = council.DEMO_ACCOUNTS[username]
                self.stdout.write(f"  {username} / {account['password']}: {account['role']}")


@contextmanager
def indexing_deferred():
    """Index each new page once, when it is done, rather than on each of its three saves."""
    models = [HomePage, *(model for model, _ in PAGE_MODELS.values())]
    for model in models:
        post_save.disconnect(search_on_save, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(search_on_save, sender=model)


@contextmanager
def quiet_wagtail_log(quiet: bool):
    """Wagtail and its tasks log lines for every page created; keep the output to the summary."""
    loggers = [logging.getLogger(name) for name in ("wagtail", "django_tasks")]
    levels = [logger.level for logger in loggers]
    if quiet:
        for logger in loggers:
            logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


FILLED_IN = ("the home page", "the council settings")


def join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def verify_email(user) -> None:
    """Residents sign in with a verified email address (django-allauth): mark the demo ones so."""
    if not apps.is_installed("allauth.account") or not user.email:
        return
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=user).exists():
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def page_id(ids: dict[str, int], key: str) -> int:
    try:
        return ids[key]
    except KeyError:
        raise CommandError(f"Demo content links to '{key}', which is not a demo page") from None


def resolve(value, ids: dict[str, int]):
    """Swap the page paths in demo content (PageRef, page_link) for the pages' ids."""
    if isinstance(value, PageRef):
        return page_id(ids, value.key)
    if isinstance(value, str):
        return PAGE_LINK.sub(lambda match: f'id="{page_id(ids, match.group(1))}"', value)
    if isinstance(value, list):
        return [resolve(item, ids) for item in value]
    if isinstance(value, dict):
        return {name: resolve(item, ids) for name, item in value.items()}
    return value
