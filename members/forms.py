from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm


class CountryPageForm(WagtailAdminPageForm):
    """One country page per country under a directory: the directory and its map link
    each country to one page."""

    def clean(self):
        cleaned_data = super().clean()
        country = cleaned_data.get("country")
        parent = self.parent_page or (self.instance.pk and self.instance.get_parent())
        if country and parent:
            from .models import CountryPage

            others = CountryPage.objects.child_of(parent).filter(country=country)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("country", _("This country has its page already."))
        return cleaned_data
