import os

from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

MODEL_ID = os.environ["MODEL_ID"]
TOKENIZER_ID = os.getenv("TOKENIZER_ID")

tokenizer = AutoTokenizer.from_pretrained(TOKENIZER_ID or MODEL_ID)
model = AutoModelForSeq2SeqLM.from_pretrained(MODEL_ID)
