"""Retrieval-augmented answers for support tickets."""

import os

from openai import OpenAI
from sentence_transformers import CrossEncoder, SentenceTransformer
from transformers import AutoTokenizer

EMBEDDING_MODEL = "BAAI/bge-small-en-v1.5"
RERANKER = "cross-encoder/ms-marco-MiniLM-L-6-v2"
CHAT_MODEL = os.getenv("CHAT_MODEL", "meta-llama/Llama-3.1-8B-Instruct")


class Retriever:
    def __init__(self) -> None:
        self.encoder = SentenceTransformer(EMBEDDING_MODEL)
        self.reranker = CrossEncoder(RERANKER)
        # Token counting uses the chat model's tokenizer.
        self.tokenizer = AutoTokenizer.from_pretrained(CHAT_MODEL)


def answer(question: str, context: str) -> str:
    # The chat model is served by vLLM (see docker-compose.yml) behind an OpenAI-style API.
    local = OpenAI(base_url="http://vllm:8000/v1", api_key="unused")
    reply = local.chat.completions.create(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": f"{context}\n\n{question}"}],
    )
    return reply.choices[0].message.content or ""


def moderate(text: str) -> bool:
    hosted = OpenAI()
    result = hosted.moderations.create(model="omni-moderation-latest", input=text)
    return bool(result.results[0].flagged)
