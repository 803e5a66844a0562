"""What the CycloneDX library does not write: the ``modelCard``, safe text, a finished document."""

from __future__ import annotations

from typing import Any, TypeAlias
from xml.etree import ElementTree

from aibom.core.model import Component
from aibom.core.text import xml_safe

CardValue: TypeAlias = str | list["CardValue"] | dict[str, "CardValue"]
Card: TypeAlias = dict[str, CardValue]

# A JSON array is, in the XSD, a wrapper element holding one element per item under this name.
_XML_ITEM = {"datasets": "dataset"}


def model_card(component: Component) -> Card | None:
    """The modelCard (CycloneDX 1.5+ ``modelCardType``) holding what the model's own files state.

    Only facts read from the files go in: the task (card ``pipeline_tag``), the architecture
    (config ``architectures``) and the datasets the card names. ``considerations`` would need
    prose that a card's YAML front matter does not hold, so it is never written. None when nothing
    is known. Keys are in the XSD's sequence order, which the XML rendering relies on.
    """
    local = component.local
    if local is None:
        return None
    parameters: Card = {}
    card = local.card
    if card is not None and card.pipeline_tag:
        parameters["task"] = xml_safe(card.pipeline_tag)
    if local.architectures:
        parameters["modelArchitecture"] = xml_safe(", ".join(local.architectures))
    if card is not None and card.datasets:
        # An inline componentData: `type` is required; a Hub dataset id is its name.
        names = sorted({xml_safe(name) for name in card.datasets})
        parameters["datasets"] = [{"type": "dataset", "name": name} for name in names]
    return {"modelParameters": parameters} if parameters else None


def finish_json(document: dict[str, Any], cards: dict[str, Card], *, timestamp: bool) -> None:
    """Add the model cards, sort occurrences and drop the timestamp unless one was asked for."""
    if not timestamp:
        del document["metadata"]["timestamp"]
    for component in document.get("components", []):
        card = cards.get(component["bom-ref"])
        if card is not None:
            component["modelCard"] = card
        component.get("evidence", {}).get("occurrences", []).sort(key=_json_place)


def finish_xml(text: str, cards: dict[str, Card], *, timestamp: bool) -> str:
    """:func:`finish_json` for the library's XML, indented, with an XML declaration."""
    # The library's own serialisation of plain strings: it holds no DTD and no entity declaration.
    root = _unqualified(ElementTree.fromstring(text))  # noqa: S314
    for metadata in root.iterfind("metadata") if not timestamp else ():
        for stamp in metadata.findall("timestamp"):
            metadata.remove(stamp)
    for element in root.iterfind("components/component"):
        card = cards.get(element.get("bom-ref", ""))
        if card is not None:
            # modelCard follows evidence in the XSD sequence; what may come after it (data,
            # cryptoProperties, tags) is never written for a model, so appending keeps the order.
            element.append(_element("modelCard", card))
    for occurrences in root.iter("occurrences"):
        occurrences[:] = sorted(occurrences, key=_xml_place)
    ElementTree.indent(root, space="  ")
    body = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _unqualified(root: ElementTree.Element) -> ElementTree.Element:
    """The tree with the CycloneDX namespace declared once on the root and dropped from every tag.

    ElementTree cannot write unprefixed attributes under a default namespace, so the namespace
    becomes a plain ``xmlns`` attribute: the same document, and paths stay short.
    """
    namespace = root.tag.partition("}")[0] + "}"
    for element in root.iter():
        element.tag = element.tag.removeprefix(namespace)
    root.attrib = {"xmlns": namespace[1:-1], **root.attrib}
    return root


def _element(name: str, value: CardValue) -> ElementTree.Element:
    element = ElementTree.Element(name)
    if isinstance(value, str):
        element.text = value
    elif isinstance(value, list):
        element.extend(_element(_XML_ITEM[name], item) for item in value)
    else:
        element.extend(_element(key, child) for key, child in value.items())
    return element


# The library cannot order occurrences that have no bom-ref (its comparison finds none smaller),
# so both renderings sort them by place once it has written them.
def _json_place(occurrence: dict[str, Any]) -> tuple[str, int, int]:
    return occurrence["location"], occurrence.get("line", 0), occurrence.get("offset", 0)


def _xml_place(occurrence: ElementTree.Element) -> tuple[str, int, int]:
    line, offset = occurrence.findtext("line") or "0", occurrence.findtext("offset") or "0"
    return occurrence.findtext("location") or "", int(line), int(offset)
