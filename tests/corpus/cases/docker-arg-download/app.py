import os

from fastapi import FastAPI
from sentence_transformers import SentenceTransformer

app = FastAPI()
model = SentenceTransformer(os.environ.get("MODEL_PATH", "/models/embedder"))


@app.post("/embed")
def embed(texts: list[str]) -> list[list[float]]:
    return model.encode(texts).tolist()
