"""Labels Wagtail computes from Python names read in Vietnamese (see lib/wagtail_labels.py)."""

import pytest
from django.utils import translation
from wagtail.admin.forms.workflows import WorkflowPageForm
from wagtail.sites.views import IndexView as SiteIndexView
from wagtail.users.forms import PagePermissionsForm

pytestmark = pytest.mark.django_db


def test_page_permission_boxes_read_wagtails_translated_long_labels():
    with translation.override("vi"):
        labels = [label for _, label in PagePermissionsForm().fields["permissions"].choices]
        page_label = str(PagePermissionsForm().fields["page"].label)
    assert [str(label) for label in labels] == [
        "Thêm/sửa trang do bạn sở hữu",
        "Xóa trang có trang con",
        "Sửa mọi trang",
        "Khóa/mở khóa trang do bạn khóa",
        "Xuất bản mọi trang",
        "Mở khóa mọi trang",
    ]
    assert page_label == "Trang"


def test_workflow_page_field_and_site_columns_are_translated():
    with translation.override("vi"):
        assert str(WorkflowPageForm().fields["page"].label) == "Trang"
        headers = {str(column.label) for column in SiteIndexView.columns}
    assert {"Tên trang web", "Trang gốc", "Cổng"} <= headers
