"""The privacy notice a public form links to, and the version a visitor agrees to.

The registration form and the contact and membership forms store that version with what
the visitor sent, so staff can say which text each person accepted.
"""

from cope_site.languages import localize_pages
from cope_site.models import SiteSettings


def privacy_context(request):
    """The privacy page the form links to and the version a visitor agrees to."""
    privacy_page = SiteSettings.for_request(request).privacy_policy_page
    if privacy_page is None:
        return None, "none"
    # The notice in the language of the form; its own revision is the text they read.
    privacy_page = localize_pages([privacy_page])[privacy_page.pk]
    # The live revision identifies exactly the text the visitor was shown.
    return privacy_page, f"page-{privacy_page.pk}-revision-{privacy_page.live_revision_id}"
