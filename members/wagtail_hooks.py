from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Member


class MemberViewSet(SnippetViewSet):
    """Snippets › Member organisations: filters by country and category, a search by
    name and city. wagtail-localize adds its Translate action (TranslatableMixin)."""

    model = Member
    icon = "group"
    menu_label = _("Member organisations")
    add_to_admin_menu = True
    menu_order = 250
    # Drafts and unpublished members show as such: only published ones are on the site.
    list_display = ["name", "country", "city", "category", UpdatedAtColumn(), LiveStatusTagColumn()]
    list_filter = ["country", "category"]
    list_export = ["name", "country", "city", "website", "category", "description"]
    search_fields = ["name", "city", "description"]
    # The database's own search (Django's QuerySet API): a few hundred rows need no
    # search index kept in step.
    search_backend_name = None
    ordering = ["name"]


register_snippet(MemberViewSet)
