from transformers import AutoModelForCausalLM, AutoTokenizer

# Pinned so that a silent upstream push cannot change what we serve.
REVISION = "a09a35458c702b33eeacc393d103063234e8bc28"

tokenizer = AutoTokenizer.from_pretrained("Qwen/Qwen2.5-7B-Instruct", revision=REVISION)
model = AutoModelForCausalLM.from_pretrained(
    "Qwen/Qwen2.5-7B-Instruct",
    revision="a09a35458c702b33eeacc393d103063234e8bc28",
    torch_dtype="auto",
)
