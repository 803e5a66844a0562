from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer

BASE = "huggyllama/llama-7b"

tokenizer = AutoTokenizer.from_pretrained(BASE)
base = AutoModelForCausalLM.from_pretrained(BASE, load_in_4bit=True, device_map="auto")
model = PeftModel.from_pretrained(base, "timdettmers/guanaco-7b")
model = model.merge_and_unload()
