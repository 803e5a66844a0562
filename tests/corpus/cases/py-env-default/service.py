import os

from sentence_transformers import SentenceTransformer
from transformers import AutoModelForCausalLM, AutoTokenizer

MODEL_ID = os.environ.get("MODEL_ID", "mistralai/Mistral-Nemo-Instruct-2407")
EMBED_MODEL = os.getenv("EMBED_MODEL", "intfloat/e5-large-v2")

tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
model = AutoModelForCausalLM.from_pretrained(MODEL_ID)
embedder = SentenceTransformer(EMBED_MODEL)
