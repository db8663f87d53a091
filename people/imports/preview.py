"""The outcome of checking a staff list: every row with its action, errors and warnings.

A `Preview` is kept with the import (`StaffImport.report`, as a dict) until its rows are applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from people.imports.problems import RowError


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    ERROR = "error"


@dataclass
class PreviewRow:
    number: int
    values: dict[str, str]
    errors: list[RowError] = field(default_factory=list)
    action: Action = Action.CREATE
    warnings: list[RowError] = field(default_factory=list)
    unit_id: int | None = None
    unit_name: str = ""
    province_name: str = ""

    @property
    def is_valid(self) -> bool:
        return self.action is not Action.ERROR

    @property
    def messages(self) -> list[str]:
        return [error.message for error in self.errors]

    @property
    def warning_messages(self) -> list[str]:
        return [warning.message for warning in self.warnings]

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "values": self.values,
            "errors": [{"code": e.code, "params": e.params} for e in self.errors],
            "warnings": [{"code": w.code, "params": w.params} for w in self.warnings],
            "action": self.action.value,
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "province_name": self.province_name,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PreviewRow:
        return cls(
            number=data["number"],
            values=data["values"],
            errors=[RowError(e["code"], e.get("params", {})) for e in data["errors"]],
            warnings=[RowError(w["code"], w.get("params", {})) for w in data.get("warnings", [])],
            action=Action(data["action"]),
            unit_id=data["unit_id"],
            unit_name=data["unit_name"],
            province_name=data["province_name"],
        )


@dataclass
class Preview:
    rows: list[PreviewRow]
    columns: tuple[str, ...] = ()
    province_id: int | None = None

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def valid_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.is_valid]

    def count(self, action: Action) -> int:
        return sum(1 for row in self.rows if row.action is action)

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            "province_id": self.province_id,
            "rows": [row.to_dict() for row in self.rows],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preview:
        return cls(
            rows=[PreviewRow.from_dict(row) for row in data.get("rows", [])],
            columns=tuple(data.get("columns", ())),
            province_id=data.get("province_id"),
        )
