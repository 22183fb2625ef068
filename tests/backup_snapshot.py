"""What a restore must bring back, read the same way from the site that was backed up (in
the test) and from the restored one (`python -m tests.backup_snapshot`, another process
with its own settings, as on a fresh machine)."""

import hashlib
import json
import sys


def snapshot():
    from django.test import Client
    from django.utils.html import escape

    from wagtail.images import get_image_model
    from wagtail.models import Page

    from events.models import Registration

    client = Client()

    def answer(page):
        # Served by the site itself, with its title in the page.
        if not page.live:
            return None
        response = client.get(page.url)
        return [response.status_code, escape(page.title) in response.content.decode()]

    pages = [
        [page.pk, page.title, page.url_path, page.specific_class.__name__, answer(page)]
        for page in Page.objects.filter(depth__gt=1).order_by("path")
    ]
    registrations = list(
        Registration.objects.order_by("pk").values_list(
            "pk", "event_id", "name", "email", "status", "token"
        )
    )
    images = []
    for image in get_image_model().objects.order_by("pk"):
        with image.file.open("rb") as file:
            digest = hashlib.sha256(file.read()).hexdigest()
        renditions = sorted(
            [rendition.filter_spec, rendition.file.storage.exists(rendition.file.name)]
            for rendition in image.renditions.all()
        )
        images.append([image.pk, image.title, image.file.name, digest, renditions])
    return {
        "pages": pages,
        "registrations": [list(row) for row in registrations],
        "images": images,
    }


def regenerated_rendition_widths():
    """Renditions made afresh from the restored originals, after deleting the restored ones."""
    from wagtail.images import get_image_model

    widths = []
    for image in get_image_model().objects.order_by("pk"):
        image.renditions.all().delete()
        rendition = image.get_rendition("width-60")
        assert rendition.file.storage.exists(rendition.file.name)
        widths.append(rendition.width)
    return widths


if __name__ == "__main__":
    import django

    django.setup()
    result = snapshot()
    if "--regenerate" in sys.argv:
        result["regenerated_widths"] = regenerated_rendition_widths()
    print(json.dumps(result))
