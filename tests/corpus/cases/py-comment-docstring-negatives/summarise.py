"""Summarise support tickets.

Earlier versions used meta-llama/Llama-2-7b-chat-hf; see docs/models.md for the history.
"""

from transformers import pipeline

# model = AutoModelForCausalLM.from_pretrained("mistralai/Mistral-7B-v0.1")
MODEL = "microsoft/Phi-3.5-mini-instruct"  # was "microsoft/phi-2" until March


def build():
    """Return the summariser. Do not switch to google/gemma-7b: its answers were too long."""
    return pipeline("text-generation", model=MODEL, trust_remote_code=True)
