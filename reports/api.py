"""The province × field completion matrix as JSON, scoped like the dashboard."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest, QueryDict
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from reports import selectors
from reports.filters import read_filters
from reports.selectors import Cell

router = Router(tags=["reports"])


class CompletionQuery(Schema):
    # Strings, so that a malformed id reaches our own checks (404) instead of a 422.
    province: str | None = None
    field: str | None = None
    course: str | None = None
    session: str | None = None
    level: str | None = None


class CellOut(Schema):
    enrolled: int
    completed: int
    certified: int
    percent: int | None


class ColumnOut(Schema):
    field_id: int | None
    name: str


class RowOut(Schema):
    province_id: int | None
    province: str
    staff: int
    cells: list[CellOut]
    total: CellOut


class MatrixOut(Schema):
    updated_at: datetime | None
    columns: list[ColumnOut]
    rows: list[RowOut]
    total: RowOut


def _cell(cell: Cell) -> CellOut:
    return CellOut(
        enrolled=cell.enrolled,
        completed=cell.completed,
        certified=cell.certified,
        percent=cell.percent,
    )


def _row(row: selectors.MatrixRow) -> RowOut:
    return RowOut(
        province_id=row.province.pk if row.province else None,
        province=row.province.name if row.province else "",
        staff=row.staff,
        cells=[_cell(cell) for cell in row.cells],
        total=_cell(row.total),
    )


@router.get("/completion/", response=MatrixOut)
def completion(request: HttpRequest, query: Query[CompletionQuery]) -> MatrixOut:
    """Staff, enrolled, completed and certified per province and field."""
    if not selectors.can_view_reports(request.user):
        raise HttpError(403, "Forbidden")
    params = QueryDict(mutable=True)
    params.update({key: value for key, value in query.dict().items() if value})
    _form, filters = read_filters(params)
    province_id = None
    if query.province:
        if not query.province.isdigit():
            raise Http404
        province_id = int(query.province)
    if filters is None:
        raise Http404
    matrix = selectors.completion_matrix(request.user, filters, province_id=province_id)
    return MatrixOut(
        updated_at=selectors.last_updated(request.user),
        columns=[ColumnOut(field_id=c.field_id, name=c.name) for c in matrix.columns],
        rows=[_row(row) for row in matrix.rows],
        total=_row(matrix.total),
    )
