"""aibom: an SBOM for the AI models a code base depends on, and their license terms."""

__version__ = "0.1.0"
