"""Staff views of registrations: listing, export, attendance, cancel and re-send.

Registrants' personal data is visible only with the dedicated permission
`events.view_registrant_data`; other editors see counts on the event's edit page.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

import django_filters

from cope_site.exports import FormulaSafeExportMixin

from . import audit, services
from .models import EventPage, Registration, RegistrationEmail, RegistrationStatus
from .notifications import notify

REGISTRANT_DATA_PERMISSION = "events.view_registrant_data"


def can_see_registrants(user):
    return user.is_active and user.has_perm(REGISTRANT_DATA_PERMISSION)


class RegistrantDataPermissionPolicy(ModelPermissionPolicy):
    """One permission opens the registrations; nobody adds or deletes them here
    (they come from the public form and leave through the erase command)."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete", "copy"):
            return False
        return can_see_registrants(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class EmailStatusColumn(Column):
    def get_value(self, instance):
        labels = dict(RegistrationEmail.Status.choices)
        return labels.get(instance.last_email_status, "—")


class RegistrationFilterSet(WagtailFilterSet):
    # Registrations are kept on each event's original page: its translations would
    # only be empty choices.
    event = django_filters.ModelChoiceFilter(
        queryset=EventPage.objects.filter(
            Exists(Registration.objects.filter(event=OuterRef("pk")))
        ).order_by("-start"),
        label=_("Event"),
    )
    language = django_filters.ChoiceFilter(choices=settings.LANGUAGES, label=_("Language"))

    class Meta:
        model = Registration
        fields = ["event", "status", "role", "language", "attended"]


class RegistrationIndexView(FormulaSafeExportMixin, IndexView):
    def get_base_queryset(self):
        last_email = RegistrationEmail.objects.filter(registration=OuterRef("pk")).order_by(
            "-created_at"
        )
        return (
            super()
            .get_base_queryset()
            .select_related("event")
            .annotate(last_email_status=Subquery(last_email.values("status")[:1]))
        )

    results_template_name = "events/admin/registration_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Counts follow the filters and search in use, so 'event X' shows X's numbers.
        totals = (
            self.get_queryset()
            .order_by()
            .aggregate(
                **{
                    status: Count("pk", filter=Q(status=status))
                    for status in RegistrationStatus.values
                }
            )
        )
        context["status_counts"] = [
            (label, totals[value]) for value, label in RegistrationStatus.choices
        ]
        return context

    def render_to_response(self, context, **response_kwargs):
        # Whoever sees or takes registrants' data is recorded (events/audit.py).
        if self.is_export:
            audit.record_listing(
                self.request, context["object_list"], export_format=self.request.GET["export"]
            )
        else:
            page = context.get("page_obj")
            audit.record_listing(
                self.request,
                context["object_list"],
                page_number=page.number if page else None,
            )
        return super().render_to_response(context, **response_kwargs)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status != RegistrationStatus.CANCELLED:
            buttons.append(
                MenuItem(
                    _("Re-send e-mail"),
                    url=self.viewset_url("resend", instance),
                    icon_name="mail",
                    priority=40,
                )
            )
            buttons.append(
                MenuItem(
                    _("Cancel registration"),
                    url=self.viewset_url("cancel", instance),
                    icon_name="cross",
                    priority=50,
                )
            )
        if not instance.erased_at:
            buttons.append(
                MenuItem(
                    _("Erase personal data"),
                    url=self.viewset_url("erase", instance),
                    icon_name="bin",
                    priority=60,
                )
            )
        return buttons

    def viewset_url(self, name, instance):
        return reverse(f"registrations:{name}", args=[instance.pk])


class RegistrationInspectView(InspectView):
    def get(self, request, *args, **kwargs):
        audit.record(self.object, audit.INSPECTED, request.user)
        return super().get(request, *args, **kwargs)


def _registration_for_staff(request, pk):
    if not can_see_registrants(request.user):
        raise PermissionDenied
    return get_object_or_404(Registration.objects.select_related("event"), pk=pk)


def _confirm(request, registration, title, explanation, button):
    return TemplateResponse(
        request,
        "events/admin/confirm_action.html",
        {
            "page_title": title,
            "header_icon": "group",
            "registration": registration,
            "explanation": explanation,
            "button_label": button,
            "back_url": reverse("registrations:index"),
        },
    )


def cancel_registration(request, pk):
    registration = _registration_for_staff(request, pk)
    if request.method != "POST":
        return _confirm(
            request,
            registration,
            _("Cancel this registration?"),
            _(
                "The registrant gets an e-mail saying so, and the place goes to the first "
                "person on the waiting list, who is told at once."
            ),
            _("Yes, cancel the registration"),
        )
    if registration.status == RegistrationStatus.CANCELLED:
        messages.info(request, _("That registration was already cancelled."))
    else:
        services.cancel(registration)
        audit.record(registration, audit.CANCELLED, request.user)
        messages.success(
            request,
            _("Registration cancelled; the place went to the first person waiting, if any."),
        )
    return redirect("registrations:index")


def resend_email(request, pk):
    registration = _registration_for_staff(request, pk)
    if request.method != "POST":
        return _confirm(
            request,
            registration,
            _("Send the e-mail again?"),
            _("The registrant gets the e-mail for their current status once more."),
            _("Yes, send it again"),
        )
    kind = "confirmation" if registration.status == RegistrationStatus.CONFIRMED else "waitlisted"
    if registration.status == RegistrationStatus.CANCELLED:
        kind = "cancelled"
    notify(registration, kind)
    audit.record(registration, audit.EMAIL_RESENT, request.user, kind=kind)
    messages.success(request, _("The e-mail is queued to be sent again."))
    return redirect("registrations:index")


def erase_registration(request, pk):
    """For a registrant who asks staff to erase their data (as the manage page lets
    them do themselves)."""
    registration = _registration_for_staff(request, pk)
    if request.method != "POST":
        return _confirm(
            request,
            registration,
            _("Erase this registrant's personal data?"),
            _(
                "Their name, e-mail address, organisation and access needs are removed for "
                "good; the registration is cancelled and its place goes to the first person "
                "waiting. Role, country and status stay for the event's counts."
            ),
            _("Yes, erase the personal data"),
        )
    if registration.erased_at:
        messages.info(request, _("That registrant's data was already erased."))
    else:
        services.erase(registration)
        audit.record(registration, audit.ERASED, request.user)
        messages.success(request, _("The registrant's personal data is erased."))
    return redirect("registrations:index")


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "group"
    menu_label = _("Registrations")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "registrations"
    name = "registrations"
    index_view_class = RegistrationIndexView
    filterset_class = RegistrationFilterSet
    search_fields = ["name", "email", "organisation"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_class = RegistrationInspectView
    copy_view_enabled = False
    form_fields = ["attended"]
    list_per_page = 50
    list_display = [
        "name",
        "email",
        "event",
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("language", label=_("Language"), accessor="language_name"),
        "created_at",
        "attended",
        EmailStatusColumn("last_email_status", label=_("Last e-mail")),
    ]
    list_export = [
        "event",
        "status",
        "name",
        "email",
        "organisation",
        "role",
        "country",
        "access_needs",
        "news_consent",
        "discreet_emails",
        "language",
        "created_at",
        "attended",
    ]
    export_headings = {
        "event": _("Event"),
        "access_needs": _("Access needs"),
        "language": _("Language"),
    }
    export_filename = "registrations"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/cancel/", cancel_registration, name="cancel"),
            path("<int:pk>/resend/", resend_email, name="resend"),
            path("<int:pk>/erase/", erase_registration, name="erase"),
        ]
