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
    # The resolve stage.
    PIN_SOURCE = "aibom:pin-source"  # lockfile | hf-cache | hub | local-file | ollama-store | none
    PINNED_COMMIT = "aibom:pinned-commit"  # the Hub commit or Ollama manifest digest pinned
    UNPINNED_REASON = "aibom:unpinned-reason"  # why nothing could pin the model
    GATED = "aibom:gated"  # "true": the Hub repository is gated (access must be requested)
    LOCK_DRIFT = "aibom:lock-drift"  # each difference between aibom.lock and what is here now
    # The license stage (terms as properties: consumers that drop modelCard keep them).
    LICENSE_KEY = "aibom:license-key"  # the license_db key decided for the model
    LICENSE_SOURCE = "aibom:license-source"  # license-file | card | weights-metadata | known-model
    LICENSE_UNVERIFIED = "aibom:license-unverified"  # "true": a family fallback or changed text
    LICENSE_CONFLICT = "aibom:license-conflict"  # another source naming another license
    LICENSE_CHANGED_TEXT = "aibom:license-changed-text"  # a LICENSE file unlike the official text
    LICENSE_NAME = "aibom:license-name"  # on a LicenseRef license: its human-readable name
    MULTIMODAL = "aibom:multimodal"  # "true" where the known-models table marks it
    LINEAGE = "aibom:lineage"  # each base model followed for inherited terms, nearest first
    TERMS_COMMERCIAL_USE = "aibom:terms:commercial-use"
    TERMS_USER_THRESHOLD = "aibom:terms:user-threshold"
    TERMS_REVENUE_THRESHOLD = "aibom:terms:revenue-threshold"
    TERMS_RESTRICTS_TRAINING_OTHER_MODELS = "aibom:terms:restricts-training-other-models"
    TERMS_ATTRIBUTION = "aibom:terms:attribution"
    TERMS_ACCEPTABLE_USE_POLICY = "aibom:terms:acceptable-use-policy"
    TERMS_GEOGRAPHIC_RESTRICTIONS = "aibom:terms:geographic-restrictions"
    TERMS_EXPORT_CONTROL = "aibom:terms:export-control"
    TERMS_GOVERNING_LAW = "aibom:terms:governing-law"
    TERMS_VENUE = "aibom:terms:venue"
    TERMS_RESEARCH_ONLY = "aibom:terms:research-only"
    TERMS_NON_COMMERCIAL = "aibom:terms:non-commercial"
    TERMS_REDISTRIBUTION = "aibom:terms:redistribution"
    TERMS_DERIVATIVES_INHERIT = "aibom:terms:derivatives-inherit"
    TERMS_SHARE_ALIKE = "aibom:terms:share-alike"
    TERMS_TERMINATION = "aibom:terms:termination"

    @classmethod
    def for_term(cls, term: str) -> PropertyName:
        """The property that carries a license term (``user_threshold`` -> terms:user-threshold)."""
        return cls("aibom:terms:" + term.replace("_", "-"))
