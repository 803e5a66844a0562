import torch
from transformers import AutoModel, AutoTokenizer


class Embedder:
    """Mean-pooled sentence embeddings for the search index."""

    MODEL = "BAAI/bge-small-en-v1.5"
    DIM = 384

    def __init__(self) -> None:
        self.tokenizer = AutoTokenizer.from_pretrained(self.MODEL)
        self.model = AutoModel.from_pretrained(Embedder.MODEL).eval()

    @torch.no_grad()
    def encode(self, texts: list[str]) -> torch.Tensor:
        batch = self.tokenizer(texts, padding=True, truncation=True, return_tensors="pt")
        hidden = self.model(**batch).last_hidden_state
        return hidden[:, 0]
