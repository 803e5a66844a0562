from openai import OpenAI
from pydantic_settings import BaseSettings, SettingsConfigDict
from sentence_transformers import SentenceTransformer


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="APP_")

    embedding_model: str = "BAAI/bge-large-en-v1.5"
    llm_model: str = "gpt-4o"
    index_path: str = "data/index.faiss"


settings = Settings()
embedder = SentenceTransformer(settings.embedding_model)
client = OpenAI()


def answer(question: str) -> str:
    completion = client.chat.completions.create(
        model=settings.llm_model, messages=[{"role": "user", "content": question}]
    )
    return completion.choices[0].message.content or ""
