import vertexai
from vertexai.generative_models import GenerativeModel
from vertexai.language_models import TextEmbeddingModel

vertexai.init(project="acme-prod", location="us-central1")

model = GenerativeModel("gemini-1.5-flash-002")
embedder = TextEmbeddingModel.from_pretrained("text-embedding-004")

answer = model.generate_content("What is Vertex AI?").text
vectors = embedder.get_embeddings(["hello"])
