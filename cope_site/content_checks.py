"""Wagtail's content checks (the page editor's Checks panel and the userbar's
accessibility checker, both axe-core on the page as visitors see it), with two more for
what editors write: links whose words say nothing on their own ('click here', 'read
more', in English and French) and images with no alternative text at all. Wagtail's own
check of alt texts that look like file names stays on."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.userbar import ContentCheckerItem

# Whole link texts that tell a screen-reader user, who may list a page's links out of
# context, nothing about where they lead.
VAGUE_LINK_TEXTS = [
    "click here",
    "here",
    "read more",
    "more",
    "learn more",
    "find out more",
    "more information",
    "this link",
    "link",
    "cliquez ici",
    "ici",
    "en savoir plus",
    "lire la suite",
    "plus",
    "ce lien",
]
VAGUE_LINK_PATTERN = r"^\W*(?:" + "|".join(VAGUE_LINK_TEXTS) + r")\W*$"


class ContentChecksItem(ContentCheckerItem):
    # What editors write: the header and footer are the site's, not theirs to fix.
    axe_include = ["main"]
    axe_run_only = [*ContentCheckerItem.axe_run_only, "image-alt", "link-text-quality"]
    # The check's code is in static/js/site.js (registered with the userbar): axe's
    # configuration carries data only.
    axe_custom_rules = [
        *ContentCheckerItem.axe_custom_rules,
        {
            "id": "link-text-quality",
            "impact": "serious",
            "selector": "main a[href]",
            "tags": ["best-practice"],
            "any": ["check-link-text-quality"],
            "enabled": True,
        },
    ]
    axe_custom_checks = [
        *ContentCheckerItem.axe_custom_checks,
        {"id": "check-link-text-quality", "options": {"pattern": VAGUE_LINK_PATTERN}},
    ]
    axe_messages = {
        **ContentCheckerItem.axe_messages,
        "link-text-quality": {
            "error_name": _("Link text says nothing on its own"),
            "help_text": _(
                "Say where the link leads, e.g. 'Read the 2024 annual report' rather than "
                "'click here' or 'read more'"
            ),
        },
        "image-alt": {
            "error_name": _("Image without alternative text"),
            "help_text": _("Describe the image for people who cannot see it"),
        },
    }
