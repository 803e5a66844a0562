from sentence_transformers import CrossEncoder, SentenceTransformer

from config import EMBEDDING_MODEL, RERANKER_MODEL, TOP_K

embedder = SentenceTransformer(EMBEDDING_MODEL)
reranker = CrossEncoder(RERANKER_MODEL)


def retrieve(query: str, corpus: list[str]) -> list[str]:
    hits = embedder.similarity(embedder.encode([query]), embedder.encode(corpus))[0]
    shortlist = [corpus[i] for i in hits.argsort(descending=True)[:TOP_K]]
    return [r["text"] for r in reranker.rank(query, shortlist, return_documents=True)]
