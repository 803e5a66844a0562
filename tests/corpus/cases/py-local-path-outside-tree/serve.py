from transformers import AutoModelForCausalLM, AutoTokenizer

# Mounted read-only into the container by the platform team.
MODEL_DIR = "/mnt/models/llama-3-8b"

tokenizer = AutoTokenizer.from_pretrained(MODEL_DIR)
model = AutoModelForCausalLM.from_pretrained(MODEL_DIR)

draft = AutoModelForCausalLM.from_pretrained("path/to/model")
