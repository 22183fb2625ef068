from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .content_checks import ContentChecksItem
from .models import Topic


class PublishBulkActionLeavingOutAliases(PublishBulkAction):
    """Wagtail's bulk publish, with aliases left out and named on the confirmation page.

    An alias has no revisions of its own (it shows its original and is published with
    it), so Wagtail 8's bulk publish answers a 500 and publishes nothing when one is
    selected (docs/upstream.md). Registered after Wagtail's, under the same action
    type, it takes that action's place in the page explorer."""

    template_name = "cope_site/admin/confirm_bulk_publish.html"

    def get_actionable_objects(self):
        pages, without_access = super().get_actionable_objects()
        aliases = [page for page in pages if page.alias_of_id]
        publishable = [page for page in pages if not page.alias_of_id]
        return publishable, {**without_access, "aliases_left_out": aliases}


hooks.register("register_bulk_action", PublishBulkActionLeavingOutAliases, order=100)


@hooks.register("insert_editor_js")
def submit_after_autosave():
    return format_html(
        '<script src="{}"></script>', static("cope_site/admin/submit-after-autosave.js")
    )


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    add_to_admin_menu = False
    list_display = ["name", "slug"]
    ordering = ["name"]


register_snippet(TopicViewSet)


@hooks.register("construct_wagtail_userbar")
def content_checks_with_link_text(request, items, page=None):
    items[:] = [
        ContentChecksItem() if isinstance(item, ContentCheckerItem) else item for item in items
    ]
