import os

from mistralai import Mistral

client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])

embeddings = client.embeddings.create(model="mistral-embed", inputs=["What is RAG?"])
answer = client.chat.complete(
    model="mistral-large-latest",
    messages=[{"role": "user", "content": "What is retrieval-augmented generation?"}],
)
