"""Cutting a batch's PDF into one self-contained PDF per certificate (pypdf)."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

_NAME_TOKEN = re.compile(rb"/([^\s/\[\]()<>{}%]+)")
_RESOURCE_KINDS = (
    "/XObject",
    "/Font",
    "/ExtGState",
    "/Pattern",
    "/Shading",
    "/ColorSpace",
    "/Properties",
)


def _names_used(stream_data: bytes) -> set[str]:
    return {"/" + match.decode("latin-1") for match in _NAME_TOKEN.findall(stream_data)}


def _prune_resources(node: DictionaryObject, content: bytes, seen: set[int]) -> None:
    """Give `node` (a page or form) its own resources, keeping only names its content uses.

    WeasyPrint shares one resource dictionary between all the pages of a document, so a page
    copied as it is would carry every other certificate's images along.
    """
    if id(node) in seen:
        return
    seen.add(id(node))
    resources = node.get("/Resources")
    if resources is None:
        return
    used = _names_used(content)
    pruned = DictionaryObject()
    for kind, value in resources.get_object().items():
        entries = value.get_object()
        if kind in _RESOURCE_KINDS and isinstance(entries, DictionaryObject):
            kept = DictionaryObject(
                {NameObject(name): ref for name, ref in entries.items() if name in used}
            )
            pruned[NameObject(kind)] = kept
            if kind == "/XObject":
                for ref in kept.values():
                    form = ref.get_object()
                    if form.get("/Subtype") == "/Form":
                        _prune_resources(form, form.get_data(), seen)
        else:
            pruned[NameObject(kind)] = value
    node[NameObject("/Resources")] = pruned


def split_pages(pdf: bytes) -> list[bytes]:
    """One self-contained PDF per page of `pdf`."""
    reader = PdfReader(io.BytesIO(pdf))
    parts = []
    for page in reader.pages:
        contents = page.get_contents()
        _prune_resources(page, contents.get_data() if contents is not None else b"", set())
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata({"/Producer": "Tập huấn KH&CN", "/Title": "Giấy chứng nhận"})
        buffer = io.BytesIO()
        writer.write(buffer)
        parts.append(buffer.getvalue())
    return parts
