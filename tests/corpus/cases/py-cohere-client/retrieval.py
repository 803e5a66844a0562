import cohere

co = cohere.ClientV2()

doc_vectors = co.embed(
    model="embed-english-v3.0", texts=["doc one", "doc two"], input_type="search_document",
    embedding_types=["float"],
)
ranked = co.rerank(model="rerank-english-v3.0", query="refund policy", documents=["doc one", "doc two"])
reply = co.chat(model="command-r-plus-08-2024", messages=[{"role": "user", "content": "Hi"}])
