"""The names of every ``aibom:`` property an SBOM carries: one enum, so they cannot drift apart."""

from __future__ import annotations

from enum import StrEnum


class PropertyName(StrEnum):
    """A CycloneDX property name in the ``aibom`` namespace (kebab-case after the prefix).

    CycloneDX leaves property names free but recommends a namespace prefix per producer
    (https://cyclonedx.org/docs/1.6/json/#components_items_properties, and the
    cyclonedx-property-taxonomy). Values are always strings; a repeated fact is a repeated property.
    """

    ECOSYSTEM = "aibom:ecosystem"  # huggingface | ollama | api-service | local-file
    PROVIDER = "aibom:provider"  # the hosting API or organisation, when one is known
    REQUESTED_REVISION = "aibom:requested-revision"  # each revision the code or lockfile asks for
    CONFIDENCE = "aibom:confidence"  # the best detector confidence: high | medium | low
    DETECTOR = "aibom:detector"  # each detector that saw the model
    RAW_NAME = "aibom:raw-name"  # each spelling of the identifier that differs from the name
    OCCURRENCE = "aibom:occurrence"  # path:line:column, for services (which have no evidence)
    LOCAL_PATH = "aibom:local-path"  # the folder or file holding the weights
    WEIGHT_FORMAT = "aibom:weight-format"  # safetensors | gguf | onnx | pytorch | pickle | ...
    BASE_MODEL = "aibom:base-model"  # each model this one derives from, whether in the SBOM or not
    OUTPUT_MODEL = "aibom:output-model"  # on the project: a model the code produces
