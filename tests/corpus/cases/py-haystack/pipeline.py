from haystack import Pipeline
from haystack.components.builders import PromptBuilder
from haystack.components.embedders import (
    SentenceTransformersDocumentEmbedder,
    SentenceTransformersTextEmbedder,
)
from haystack.components.generators import OpenAIGenerator
from haystack.components.rankers import TransformersSimilarityRanker

EMBEDDER = "sentence-transformers/multi-qa-mpnet-base-dot-v1"

doc_embedder = SentenceTransformersDocumentEmbedder(model=EMBEDDER)
query_pipeline = Pipeline()
query_pipeline.add_component("text_embedder", SentenceTransformersTextEmbedder(model=EMBEDDER))
query_pipeline.add_component("ranker", TransformersSimilarityRanker(model="BAAI/bge-reranker-base", top_k=5))
query_pipeline.add_component("prompt_builder", PromptBuilder(template="{{ query }}"))
query_pipeline.add_component("llm", OpenAIGenerator(model="gpt-4o-mini"))
