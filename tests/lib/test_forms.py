import pytest
from django.core.exceptions import ValidationError

from courses.models import CoursePage
from lib.forms import IdChoiceField, IdMultipleChoiceField
from people.models import Unit
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.mark.parametrize("value", [HUGE, "abc", "1.5", "-1", "1\x00"])
def test_a_choice_no_id_column_can_hold_is_an_invalid_choice(value):
    # Wagtail's pages are reached through a join, where Django does not check the range itself.
    for queryset in (Unit.objects.all(), CoursePage.objects.all()):
        with pytest.raises(ValidationError) as error:
            IdChoiceField(queryset=queryset).clean(value)
        assert error.value.code == "invalid_choice"


def test_a_known_id_is_chosen():
    unit = DepartmentFactory()
    assert IdChoiceField(queryset=Unit.objects.all()).clean(str(unit.pk)) == unit
    assert list(IdMultipleChoiceField(queryset=Unit.objects.all()).clean([unit.pk])) == [unit]


def test_one_bad_value_among_many_is_a_form_error():
    unit = DepartmentFactory()
    with pytest.raises(ValidationError) as error:
        IdMultipleChoiceField(queryset=Unit.objects.all()).clean([str(unit.pk), HUGE])
    assert error.value.code == "invalid_pk_value"
