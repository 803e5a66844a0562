from pathlib import Path

import yaml
from datasets import load_dataset
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

cfg = yaml.safe_load(Path("config.yaml").read_text())

tokenizer = AutoTokenizer.from_pretrained(cfg["model"])
model = AutoModelForSeq2SeqLM.from_pretrained(cfg["model"])
data = load_dataset(cfg["dataset"])
