from transformers import AutoModelForCausalLM, AutoTokenizer

REPO = "TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF"
GGUF_FILE = "tinyllama-1.1b-chat-v1.0.Q6_K.gguf"

tokenizer = AutoTokenizer.from_pretrained(REPO, gguf_file=GGUF_FILE)
model = AutoModelForCausalLM.from_pretrained(REPO, gguf_file=GGUF_FILE)
