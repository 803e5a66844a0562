"""A small txtai service: a semantic index, a RAG answerer and a few text pipelines."""

from txtai import RAG, Embeddings
from txtai.pipeline import HFTrainer, Summary, Transcription, Translation

INDEX_SETTINGS = {"method": "sentence-transformers", "path": "all-MiniLM-L6-v2", "content": True}


def build_index(rows):
    embeddings = Embeddings(INDEX_SETTINGS)
    embeddings.index(rows)
    return embeddings


def answerer(embeddings):
    template = "Answer from the context only.\n{context}\nQuestion: {question}"
    return RAG(embeddings, "Qwen/Qwen2.5-0.5B-Instruct", template=template)


def text_tools():
    return {
        "summary": Summary("facebook/bart-large-cnn"),
        "translate": Translation(path="Helsinki-NLP/opus-mt-en-fr", findmodels=False),
        "transcribe": Transcription("openai/whisper-base"),
    }


def fine_tune(rows):
    trainer = HFTrainer()
    return trainer("google-bert/bert-base-uncased", rows, columns=("text", "label"))
