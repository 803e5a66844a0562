import evaluate
from datasets import load_dataset
from huggingface_hub import snapshot_download
from transformers import AutoModelForCausalLM, AutoTokenizer

chat = load_dataset("HuggingFaceH4/ultrachat_200k", split="train_sft")
math = load_dataset("openai/gsm8k", "main")
local = load_dataset("json", data_files="data/train.jsonl")
c4_dir = snapshot_download(repo_id="allenai/c4", repo_type="dataset", allow_patterns=["en/c4-train.0000*"])
rouge = evaluate.load("rouge")

tokenizer = AutoTokenizer.from_pretrained("EleutherAI/pythia-160m")
model = AutoModelForCausalLM.from_pretrained("EleutherAI/pythia-160m")
