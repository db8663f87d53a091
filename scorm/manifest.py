"""imsmanifest.xml read safely (no DTD, no entities, no external references) into what we play.

Covers the content-packaging parts SCORM 1.2 and 2004 (2nd, 3rd and 4th edition) share:
the schema version, organizations and their items in document order, resources with their
files and dependencies, `xml:base`, item parameters and the 1.2 mastery score.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from lib.archive import Problem, unsafe_path

XML_NS = "{http://www.w3.org/XML/1998/namespace}"
V12 = "1.2"
V2004_2 = "2004-2"
V2004_3 = "2004-3"
V2004_4 = "2004-4"
SCHEMA_VERSIONS = {
    "1.2": V12,
    "cam 1.3": V2004_2,
    "2004 2nd edition": V2004_2,
    "2004 3rd edition": V2004_3,
    "2004 4th edition": V2004_4,
}
NAMESPACE_VERSIONS = {
    "http://www.adlnet.org/xsd/adlcp_rootv1p2": V12,
    "http://www.adlnet.org/xsd/adlcp_v1p3": V2004_3,
}
MAX_ITEMS = 500


@dataclass(frozen=True)
class Resource:
    identifier: str
    scorm_type: str  # "sco" or "asset"
    href: str  # with xml:base applied; "" when the resource launches nothing
    files: tuple[str, ...]
    dependencies: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    identifier: str
    title: str
    resource: str
    parameters: str
    mastery_score: float | None


@dataclass
class Manifest:
    version: str = ""
    title: str = ""
    organization: str = ""
    items: list[Item] = field(default_factory=list)
    resources: dict[str, Resource] = field(default_factory=dict)

    @property
    def is_2004(self) -> bool:
        return self.version.startswith("2004")


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child) == name]


def _child(element: Element, name: str) -> Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _text(element: Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _attribute(element: Element, name: str) -> str:
    """An attribute by local name, whatever its namespace (adlcp:scormtype, adlcp:scormType)."""
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1].lower() == name.lower():
            return value.strip()
    return ""


def _joined(base: str, href: str) -> str:
    path = href.split("?", 1)[0].split("#", 1)[0]
    return posixpath.normpath(posixpath.join(base, path)) if base else path


def _query(href: str) -> str:
    query = href.split("#", 1)[0].partition("?")[2]
    return f"?{query}" if query else ""


def _version(root: Element) -> str:
    metadata = _child(root, "metadata")
    declared = _text(_child(metadata, "schemaversion")) if metadata is not None else ""
    if declared:
        return SCHEMA_VERSIONS.get(declared.lower(), "")
    for key in root.attrib:
        namespace = key[1:].split("}", 1)[0] if key.startswith("{") else ""
        if namespace in NAMESPACE_VERSIONS:
            return NAMESPACE_VERSIONS[namespace]
    # The adlcp prefix is declared on the root even when no attribute uses it.
    text = root.tag + "".join(str(child.tag) for child in root.iter())
    for namespace, version in NAMESPACE_VERSIONS.items():
        if namespace in text:
            return version
    return ""


def _resources(root: Element, problems: list[Problem]) -> dict[str, Resource]:
    resources: dict[str, Resource] = {}
    base = root.attrib.get(f"{XML_NS}base", "")
    container = _child(root, "resources")
    if container is None:
        return resources
    base = posixpath.join(base, container.attrib.get(f"{XML_NS}base", ""))
    for element in _children(container, "resource"):
        identifier = element.attrib.get("identifier", "").strip()
        if not identifier:
            problems.append(Problem("scorm_resource_id"))
            continue
        own_base = posixpath.join(base, element.attrib.get(f"{XML_NS}base", ""))
        href = element.attrib.get("href", "").strip()
        listed = [f.attrib.get("href", "") for f in _children(element, "file")]
        for raw in [href, own_base, *listed]:
            if raw and (unsafe_path(raw) or "://" in raw):
                problems.append(Problem("scorm_unsafe_href", {"resource": identifier, "href": raw}))
        files = tuple(
            _joined(own_base, f.attrib.get("href", "").strip())
            for f in _children(element, "file")
            if f.attrib.get("href", "").strip()
        )
        dependencies = tuple(
            d.attrib.get("identifierref", "").strip() for d in _children(element, "dependency")
        )
        resources[identifier] = Resource(
            identifier=identifier,
            scorm_type=(_attribute(element, "scormtype") or "asset").lower(),
            href=_joined(own_base, href) + _query(href) if href else "",
            files=files,
            dependencies=tuple(d for d in dependencies if d),
        )
    return resources


def _walk(element: Element, items: list[Item]) -> None:
    for child in _children(element, "item"):
        if len(items) >= MAX_ITEMS:
            return
        mastery = _text(_child(child, "masteryscore"))
        try:
            mastery_score: float | None = float(mastery) if mastery else None
        except ValueError:
            mastery_score = None
        items.append(
            Item(
                identifier=child.attrib.get("identifier", "").strip(),
                title=_text(_child(child, "title"))[:255] or child.attrib.get("identifier", ""),
                resource=child.attrib.get("identifierref", "").strip(),
                parameters=child.attrib.get("parameters", "").strip(),
                mastery_score=mastery_score,
            )
        )
        _walk(child, items)


def parse_manifest(data: bytes) -> tuple[Manifest, list[Problem]]:
    """The manifest, and what is wrong with it (nothing is resolved against the files yet)."""
    manifest = Manifest()
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        return manifest, [Problem("scorm_xml_forbidden")]
    except ParseError as exc:
        line = getattr(exc, "position", (0, 0))[0]
        return manifest, [Problem("scorm_xml_broken", {"line": line})]
    except ValueError:
        return manifest, [Problem("scorm_xml_broken", {"line": 0})]
    if _local(root) != "manifest":
        return manifest, [Problem("scorm_not_manifest")]
    problems: list[Problem] = []
    manifest.version = _version(root)
    if not manifest.version:
        metadata = _child(root, "metadata")
        declared = _text(_child(metadata, "schemaversion")) if metadata is not None else ""
        problems.append(Problem("scorm_version", {"version": declared or "?"}))
    organizations = _child(root, "organizations")
    candidates = _children(organizations, "organization") if organizations is not None else []
    default = organizations.attrib.get("default", "").strip() if organizations is not None else ""
    chosen = next((o for o in candidates if o.attrib.get("identifier") == default), None)
    if default and chosen is None:
        problems.append(Problem("scorm_default_organization", {"organization": default}))
    chosen = chosen or (candidates[0] if candidates else None)
    if chosen is not None:
        manifest.organization = chosen.attrib.get("identifier", "")
        manifest.title = _text(_child(chosen, "title"))[:255]
        _walk(chosen, manifest.items)
    manifest.resources = _resources(root, problems)
    if not manifest.title:
        metadata_title = _text(_child(root, "title"))
        manifest.title = metadata_title or manifest.organization or "SCORM"
    return manifest, problems
