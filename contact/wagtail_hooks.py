from django.contrib.auth.models import Permission

from wagtail import hooks

from .models import SUBMISSIONS_PERMISSION, can_see_submissions


@hooks.register("filter_form_submissions_for_user")
def submissions_only_with_the_permission(user, form_pages):
    """What visitors sent is personal data: staff see a form's submissions (listing,
    export, delete) only with the dedicated permission, as well as Wagtail's own rule
    (permission to edit the form page). Without it the Forms menu is hidden and the
    submissions' addresses answer 403."""
    if can_see_submissions(user):
        return form_pages
    return form_pages.none()


@hooks.register("register_permissions")
def submissions_permission():
    # Lets administrators give the permission to a group in Settings → Groups.
    app_label, codename = SUBMISSIONS_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
