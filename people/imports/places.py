"""The province and unit columns: matching the names written in a file to the stored organisation.

Names are compared accent-folded, with the ways people write a province ("Tỉnh …", "TP. …"),
a Department of Science and Technology ("Sở KH&CN …") and the provinces merged on 1/7/2025.
"""

from __future__ import annotations

import re

from lib.text import fold
from people.imports.access import ImportScope
from people.imports.preview import PreviewRow
from people.imports.problems import RowError
from people.models import Province, Unit
from people.organisation import FORMER_PROVINCES, FORMER_SPELLINGS

# "Tỉnh Quảng Trị", "Thành phố Hà Nội", "TP. Hồ Chí Minh" all name the province itself.
_PROVINCE_PREFIX = re.compile(r"^(tinh|thanh pho|tp|t p)\s+")
_PROVINCE_ALIASES = {"hcm": "ho chi minh", "tphcm": "ho chi minh"}
# Ways of writing "the Sở KH&CN of this province".
_DEPARTMENT_KEYS = ("so khoa hoc va cong nghe", "so kh cn", "so khcn")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def unit_key(value: str) -> str:
    """The comparable form of a unit or province name: accent-folded, punctuation as spaces."""
    return _NON_WORD.sub(" ", fold(value)).strip()


def province_key(value: str) -> str:
    key = _PROVINCE_PREFIX.sub("", unit_key(value))
    return _PROVINCE_ALIASES.get(key.replace(" ", ""), key)


class Organisation:
    """Provinces and units, indexed once per preview so each row is matched without a query."""

    def __init__(self) -> None:
        self.provinces: dict[str, Province] = {}
        for province in Province.objects.all():
            self.provinces[province_key(province.name)] = province
            self.provinces[province.code] = province
        current = {province_key(name): name for name in FORMER_PROVINCES.values()}
        self.former: dict[str, Province] = {}
        for spelling, name in [*FORMER_PROVINCES.items(), *FORMER_SPELLINGS.items()]:
            successor = FORMER_PROVINCES.get(name, name)
            found = self.provinces.get(province_key(successor))
            if found is not None and province_key(spelling) not in current:
                self.former[province_key(spelling)] = found
        self.by_name: dict[tuple[int | None, str], list[Unit]] = {}
        self.by_code: dict[str, Unit] = {}
        self.departments: dict[int, Unit] = {}
        for unit in Unit.objects.select_related("province"):
            self.by_name.setdefault((unit.province_id, unit_key(unit.name)), []).append(unit)
            self.by_code[unit.code] = unit
            if unit.kind == Unit.Kind.DEPARTMENT and unit.province_id is not None:
                self.departments.setdefault(unit.province_id, unit)
        self.anywhere: dict[str, list[Unit]] = {}
        for (_province_id, key), units in self.by_name.items():
            self.anywhere.setdefault(key, []).extend(units)

    def province(self, value: str) -> Province | None:
        return self.provinces.get(province_key(value)) or self.provinces.get(value.lower())

    def former_province(self, value: str) -> Province | None:
        """The province a name from before 1/7/2025 (the 63) is part of now."""
        return self.former.get(province_key(value))

    def unit_in(self, province: Province, value: str) -> list[Unit]:
        key = unit_key(value)
        department = self.departments.get(province.pk)
        if department is not None and self._names_department(key, province):
            return [department]
        found = self.by_name.get((province.pk, key), [])
        if not found:
            unit = self.by_code.get(value.lower())
            found = [unit] if unit is not None and unit.province_id == province.pk else []
        return found

    def ministry_unit(self, value: str) -> list[Unit]:
        found = self.by_name.get((None, unit_key(value)), [])
        if not found:
            unit = self.by_code.get(value.lower())
            found = [unit] if unit is not None and unit.province_id is None else []
        return found or self.anywhere.get(unit_key(value), [])

    def _names_department(self, key: str, province: Province) -> bool:
        """Whether `key` names the province's Sở, also by a former province merged into it."""
        for prefix in _DEPARTMENT_KEYS:
            if key == prefix:
                return True
            if key.startswith(prefix + " "):
                named = province_key(key[len(prefix) + 1 :])
                former = self.former.get(named)
                return named == province_key(province.name) or (
                    former is not None and former.pk == province.pk
                )
        return False


def check_place(row: PreviewRow, organisation: Organisation, scope: ImportScope) -> None:
    province_value, unit_value = row.values["province"], row.values["unit"]
    if not province_value and not unit_value:
        if scope.province_id is None:
            row.errors.append(RowError("missing_place"))
            return
        province_value = next(
            (p.name for p in organisation.provinces.values() if p.pk == scope.province_id), ""
        )
    province = None
    if province_value:
        province = organisation.province(province_value)
        if province is None:
            province = organisation.former_province(province_value)
            if province is not None:
                row.warnings.append(
                    RowError(
                        "former_province", {"value": province_value, "province": province.full_name}
                    )
                )
        if province is None:
            row.errors.append(RowError("unknown_province", {"value": province_value}))
            return
        row.province_name = province.name
        if scope.province_id is not None and province.pk != scope.province_id:
            row.errors.append(RowError("outside_province", {"value": province.full_name}))
            return
    units = _match_units(row, organisation, province, scope)
    if len(units) != 1:
        return
    unit = units[0]
    row.unit_id, row.unit_name = unit.pk, unit.name
    row.province_name = unit.province.name if unit.province else ""
    if scope.province_id is not None and unit.province_id != scope.province_id:
        row.errors.append(RowError("outside_province", {"value": unit.name}))


def _match_units(
    row: PreviewRow, organisation: Organisation, province: Province | None, scope: ImportScope
) -> list[Unit]:
    unit_value = row.values["unit"]
    if province is not None and not unit_value:
        department = organisation.departments.get(province.pk)
        if department is None:
            row.errors.append(RowError("no_department", {"province": province.full_name}))
            return []
        return [department]
    if province is not None:
        units = organisation.unit_in(province, unit_value)
        if not units:
            row.errors.append(
                RowError("unknown_unit", {"value": unit_value, "province": province.full_name})
            )
        return units
    if scope.province_id is not None:
        own = next(p for p in organisation.provinces.values() if p.pk == scope.province_id)
        units = organisation.unit_in(own, unit_value)
        if units:
            return units
    units = organisation.ministry_unit(unit_value)
    if not units:
        row.errors.append(RowError("unknown_unit_anywhere", {"value": unit_value}))
    elif len(units) > 1:
        row.errors.append(RowError("ambiguous_unit", {"value": unit_value}))
    return units
