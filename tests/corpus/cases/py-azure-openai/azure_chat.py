import os

from openai import AzureOpenAI

client = AzureOpenAI(
    azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"],
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
    api_version="2024-10-21",
)


def ask(question: str) -> str:
    # On Azure, model= names the deployment.
    completion = client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": question}]
    )
    return completion.choices[0].message.content or ""


def embed(text: str) -> list[float]:
    return client.embeddings.create(model="text-embedding-3-large", input=text).data[0].embedding
