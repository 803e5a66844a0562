"""Route a request to the model the caller names."""
from langchain_openai import ChatOpenAI
from langchain_anthropic import ChatAnthropic
from transformers import AutoModel

ENCODERS = {"small": "BAAI/bge-small-en-v1.5", "large": "BAAI/bge-large-en-v1.5"}


def chat_model(name: str):
    if name in ("gpt-4o", "gpt-4o-mini"):
        return ChatOpenAI(model=name)
    if name == "claude-3-5-haiku-latest":
        return ChatAnthropic(model=name)
    raise ValueError(f"unknown model {name}")


def encoder(size: str):
    return AutoModel.from_pretrained(ENCODERS[size])


def warm_up():
    for label, repo in ENCODERS.items():
        AutoModel.from_pretrained(repo)
