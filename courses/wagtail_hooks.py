from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses import authoring
from courses.models import DecentralisedTask, Field


class FieldViewSet(SnippetViewSet):
    model = Field
    icon = "folder-open-inverse"
    menu_label = pgettext_lazy("S&T field", "Fields")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "short_name", "slug", "sort_order"]


class DecentralisedTaskViewSet(SnippetViewSet):
    model = DecentralisedTask
    icon = "tasks"
    menu_label = _("Decentralised tasks")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["code", "name", "field", "to_level", "kind"]
    list_filter = ["field", "to_level", "kind"]
    search_fields = ["code", "name"]


register_snippet(FieldViewSet)
register_snippet(DecentralisedTaskViewSet)


@hooks.register("after_create_page")
def record_create_form_key(request: HttpRequest, page: Page) -> None:
    authoring.record_create_form_key(request, page)
