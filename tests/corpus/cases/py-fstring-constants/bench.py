from transformers import AutoModelForCausalLM, AutoTokenizer

ORG = "Qwen"
SIZE = "1.5B"
MODEL_ID = f"{ORG}/Qwen2.5-{SIZE}-Instruct"

tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
model = AutoModelForCausalLM.from_pretrained(MODEL_ID)
print(f"loaded {MODEL_ID}")
