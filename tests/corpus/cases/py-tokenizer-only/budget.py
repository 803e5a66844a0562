"""Count tokens before sending a prompt, so requests stay under the context limit."""

from transformers import AutoTokenizer

tok = AutoTokenizer.from_pretrained(
    pretrained_model_name_or_path="mistralai/Mixtral-8x7B-Instruct-v0.1", use_fast=True
)


def fits(prompt: str, limit: int = 32_000) -> bool:
    return len(tok.encode(prompt)) <= limit
