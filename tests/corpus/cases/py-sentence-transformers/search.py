from sentence_transformers import CrossEncoder, SentenceTransformer

bi_encoder = SentenceTransformer("all-MiniLM-L6-v2")
reranker = CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2", max_length=512)


def search(query: str, docs: list[str], top_k: int = 5) -> list[str]:
    scores = bi_encoder.similarity(bi_encoder.encode([query]), bi_encoder.encode(docs))[0]
    shortlist = [docs[i] for i in scores.argsort(descending=True)[: top_k * 4]]
    ranked = reranker.rank(query, shortlist, top_k=top_k, return_documents=True)
    return [hit["text"] for hit in ranked]
