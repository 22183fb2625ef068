from django.contrib.auth.models import Permission

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import audit
from .admin_views import RegistrantDataPermissionPolicy, RegistrationViewSet
from .models import Registration

register_permission_policy(Registration, RegistrantDataPermissionPolicy(Registration))


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return RegistrationViewSet()


@hooks.register("register_permissions")
def registrant_data_permission():
    # Lets administrators give the permission to a group in Settings → Groups.
    return Permission.objects.filter(
        content_type__app_label="events", codename="view_registrant_data"
    )


@hooks.register("register_log_actions")
def registrant_log_actions(actions):
    audit.register_actions(actions)
