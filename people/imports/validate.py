"""Checking each row of a staff list against the organisation and the people already stored.

The result is a `Preview`: for every row its number in the file, the cleaned values, whether it
would create or update a person, and the reasons it cannot be imported. Nothing is written.
"""

from __future__ import annotations

from people.imports.access import ImportScope
from people.imports.fields import check_fields, check_numbers, clean_values
from people.imports.identity import StoredPeople, check_duplicates, check_person
from people.imports.places import Organisation, check_place
from people.imports.preview import Action, Preview, PreviewRow
from people.imports.read import SourceTable


def preview_table(table: SourceTable, scope: ImportScope) -> Preview:
    """Check every row of `table` for an import limited to `scope`."""
    organisation = Organisation()
    cleaned = [(row.number, clean_values(row.values)) for row in table.rows]
    source_numeric = {row.number: row.numeric for row in table.rows}
    people = StoredPeople((v["staff_code"] for _, v in cleaned), (v["email"] for _, v in cleaned))
    seen_codes: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    rows = []
    for number, values in cleaned:
        row = PreviewRow(number=number, values=values)
        check_fields(row)
        check_numbers(row, source_numeric[number])
        check_place(row, organisation, scope)
        check_duplicates(row, seen_codes, seen_emails)
        check_person(row, people, scope)
        if row.errors:
            row.action = Action.ERROR
        rows.append(row)
    return Preview(rows=rows, columns=table.columns, province_id=scope.province_id)
