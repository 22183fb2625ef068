"""Registrants' self-service, reached through the private link in their e-mails."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("<str:token>/", views.manage, name="manage"),
    path("<str:token>/cancel/", views.cancel, name="cancel"),
    path("<str:token>/my-data.json", views.export, name="export"),
    path("<str:token>/erase/", views.erase, name="erase"),
]
