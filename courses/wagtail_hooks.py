from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
